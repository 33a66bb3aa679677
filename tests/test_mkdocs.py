"""The MkDocs contract: `qinglian build` and `qinglian serve` run the plugin lifecycle as MkDocs does,
so other plugins work under them; the plugin's options are typed and rejected in Chinese when
mkdocs.yml is loaded; the plugin registers its own assets; `qinglian handbook` reads mkdocs.yml
through MkDocs' loader."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.mkdocs.config import project_settings
from qinglian.render.settings import FontConfig

from .conftest import edit, free_port, site_project

# Material's privacy plugin is left out: it downloads the external scripts the theme references
# (mermaid, the offline plugin's iframe shim), and the tests run without a network.
OTHER_PLUGINS = "  - optimize: {optimize_png: false, optimize_jpg: false}\n  - tags\n  - offline\n"
QINGLIAN_OPTIONS = "      baseline: ab583ea\n"  # the last line of `- qinglian:` in mkdocs.yml


def configure(project: Path, options: str = "", plugins: str = "") -> None:
    """Adds options under `- qinglian:` and plugins after it in the project's mkdocs.yml."""
    edit(project, "mkdocs.yml", QINGLIAN_OPTIONS, QINGLIAN_OPTIONS + options + plugins)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return site_project(tmp_path)


def test_other_plugins_work_under_qinglian_build(project: Path) -> None:
    configure(project, "      handbooks: false\n", OTHER_PLUGINS)
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    site = project / "site"
    assert (site / "units" / "school.html").is_file()  # offline: no directory URLs
    assert (site / "search" / "search_index.js").is_file()  # offline: the inlined index
    assert (project / ".cache" / "plugin" / "optimize").is_dir()  # optimize ran (its pool from on_startup)


def test_other_plugins_work_under_qinglian_serve(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first build of `qinglian serve`, with the server's loop replaced by a look at the site."""
    from mkdocs.livereload import LiveReloadServer

    seen: list[set[str]] = []

    def look(server: LiveReloadServer, **options: object) -> None:
        seen.append({path.relative_to(server.root).as_posix() for path in Path(server.root).rglob("*")})

    monkeypatch.setattr(LiveReloadServer, "serve", look)
    configure(project, plugins=OTHER_PLUGINS)
    port = free_port()
    result = CliRunner().invoke(main, ["serve", str(project), "-a", f"127.0.0.1:{port}"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"预览地址：http://127.0.0.1:{port}/\n") and "Traceback" not in result.output
    [files] = seen
    assert {"units/school.html", "search/search_index.js", "handbooks/school-handbook.html"} <= files
    assert "handbooks/school-handbook.pdf" not in files  # our plugin was told it serves: no PDFs


OPTION_ERRORS = [  # (options under `- qinglian:`, the message)
    ("      fonts: {serif: 3}\n", "插件 qinglian 的选项 fonts.serif：应为字符串或字符串列表，而不是 3"),
    ("      fonts: {sans: ['']}\n", '插件 qinglian 的选项 fonts.sans：应为字符串或字符串列表，而不是 [""]'),
    ("      fonts: {system: 0}\n", "插件 qinglian 的选项 fonts.system：应为 true 或 false，而不是 0"),
    ("      fonts: {size: 12}\n", "插件 qinglian 的选项 fonts：没有“size”这一项；可用的有 paths、serif、sans、system"),
    (
        "      fonts: [Noto Serif SC]\n",
        '插件 qinglian 的选项 fonts：应为映射，可含 paths、serif、sans、system，而不是 ["Noto Serif SC"]',
    ),
    ("      handbooks: 'no'\n", '插件 qinglian 的选项 handbooks：应为 true 或 false，而不是 "no"'),
    ("      project_dir: nowhere\n", "插件 qinglian 的选项 project_dir：目录不存在：nowhere"),
    (
        "      offline_zip: ../offline.zip\n",
        '插件 qinglian 的选项 offline_zip：应为网站中以 .zip 结尾的相对路径（如 qinglian-offline.zip），而不是 "../offline.zip"',
    ),
]


@pytest.mark.parametrize("options, message", OPTION_ERRORS, ids=["serif", "sans", "system", "unknown", "list", "handbooks", "dir", "zip"])
def test_a_wrong_option_stops_build_and_handbook_in_chinese(project: Path, options: str, message: str) -> None:
    configure(project, options)
    expected = f"错误: {project / 'mkdocs.yml'} 配置有误：\n  {message}\n"
    pdf = project / "school-handbook.pdf"
    for command in (["build", str(project)], ["handbook", "school-handbook", str(project), "-o", str(pdf)]):
        result = CliRunner().invoke(main, command)
        assert (result.exit_code, result.output) == (2, expected)
    assert not (project / "site").exists() and not pdf.exists()


def test_an_unquoted_numeric_baseline_is_named(project: Path) -> None:
    edit(project, "mkdocs.yml", "baseline: ab583ea", "baseline: 2024")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.output == (
        f"错误: {project / 'mkdocs.yml'} 配置有误：\n"
        "  插件 qinglian 的选项 baseline：应为非空字符串（数字形式的标签请加引号），而不是 2024\n"
    )


def test_plain_mkdocs_reports_the_chinese_message_too(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    configure(project, "      fonts: {serif: 3}\n")
    with caplog.at_level(logging.ERROR, logger="mkdocs"), pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "Config value 'plugins': Plugin 'qinglian' option 'fonts': fonts.serif：应为字符串或字符串列表，而不是 3"
    ]


def test_fonts_are_read_typed_from_mkdocs_yml(project: Path) -> None:
    configure(project, "      fonts: {paths: fonts, serif: 仿宋, sans: [黑体, Noto Sans SC], system: false}\n")
    settings = project_settings(project)
    assert settings.fonts == FontConfig(paths=("fonts",), serif=("仿宋",), sans=("黑体", "Noto Sans SC"), system=False)
    assert settings.site_url == "https://qinglian.example.gov.cn/"
    assert project_settings(project.parent).fonts == FontConfig()  # no mkdocs.yml: the defaults


def test_the_plugin_registers_its_assets_once(project: Path) -> None:
    """mkdocs.yml need not list them; a project that still does gets each file once, in place."""
    configure(project, "      handbooks: false\n")
    edit(project, "mkdocs.yml", "\nnav:", "\nextra_javascript: [assets/qinglian/assess.js]\nextra_css: [x.css, assets/qinglian/assess.css]\n\nnav:")
    (project / "content" / "x.css").write_text("", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(project)]).exit_code == 0
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<script src="assets/qinglian/assess\.js"', page)) == 1
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page)
    assert styles[-3:] == ["x.css", "assets/qinglian/assess.css", "assets/qinglian/site.css"]
