"""Record references in hand-written pages: `[](qinglian:id)` resolved by the plugin to the record's
page and anchor under either URL style, checked by `qinglian check` with file:line:col, kept by
`qinglian rename`, used by the default content."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.pagelinks import find_refs

from .conftest import MINI, ROOT, edit, site_project

PAGE = (
    "# 首页\n\n"
    "见[](qinglian:school)和[专题研究](qinglian:school-resp-study)，以及术语[](qinglian:yigang-shuangze)。\n"
    "写法示例：`[](qinglian:nowhere)`\n\n"
    "```markdown\n[](qinglian:nowhere-either)\n```\n"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def page_project(tmp_path: Path, page: str = PAGE, directory_urls: bool = True) -> Path:
    project = site_project(tmp_path)
    (project / "content" / "index.md").write_text(page, encoding="utf-8")
    edit(project, "mkdocs.yml", "baseline: ab583ea\n", "handbooks: false\n")
    if not directory_urls:
        edit(project, "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    return project


def links(html: str) -> list[tuple[str, str]]:
    article = html[html.index("<article") : html.index("</article>")]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', article)


def test_the_scanner_skips_code_and_images() -> None:
    text = (
        "a `[](qinglian:x)` b\n\n~~~\n[](qinglian:y)\n~~~\n![](qinglian:z) [文字](qinglian:w)\n"
        "1. 列表中的代码块：\n\n    ```markdown\n    [](qinglian:q)\n\n    [](qinglian:r)\n    ```\n\n[](qinglian:v)\n"
    )
    found = [(ref.line, ref.column, ref.text, ref.target) for ref in find_refs(text)]
    assert found == [(6, 31, "文字", "w"), (15, 13, "", "v")]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_references_become_links_to_the_record_with_its_title(tmp_path: Path, directory_urls: bool) -> None:
    project = page_project(tmp_path, directory_urls=directory_urls)
    code, output = run("build", str(project))
    assert code == 0, output
    html = (project / "site" / "index.html").read_text(encoding="utf-8")
    page = "units/school/" if directory_urls else "units/school.html"
    glossary = "glossary/" if directory_urls else "glossary.html"
    assert links(html) == [
        (page, "清廉学校建设标准"),
        (f"{page}#school-resp-study", "专题研究"),
        (f"{glossary}#yigang-shuangze", "一岗双责"),
    ]
    assert "<code>[](qinglian:nowhere)</code>" in html and "[](qinglian:nowhere-either)" in html


def test_a_missing_record_is_a_located_chinese_error(tmp_path: Path) -> None:
    project = page_project(tmp_path)
    assert run("rename", "school-resp-study", "school-resp-meeting", str(project))[0] == 0
    (project / "content" / "index.md").write_text("# 首页\n\n见[](qinglian:school-resp-talkk)。\n\n[空](qinglian:)\n", encoding="utf-8")
    (project / "content" / "about.md").write_text("# 关于\n\n[旧](qinglian:school-resp-study)\n", encoding="utf-8")
    expected = (
        "content/about.md:3:14: 错误: 链接指向不存在的记录 'school-resp-study'\n"
        "  提示: 已更名为 'school-resp-meeting'\n"
        "content/index.md:3:14: 错误: 链接指向不存在的记录 'school-resp-talkk'\n"
        "  提示: 是否应为 'school-resp-talk'、'school-list-talk'、'school-resp'？\n"
        "content/index.md:5:5: 错误: 链接 (qinglian:) 缺少记录 id\n"
        "  提示: 在 qinglian: 后写上要链接的记录 id，例如 [](qinglian:某个id)\n"
        "共 3 个错误，0 个警告\n"
    )
    assert run("check", str(project)) == (1, expected)
    assert run("build", str(project)) == (1, expected)
    assert not (project / "site").exists()


def test_replaced_standards_give_chinese_errors_in_the_default_content(tmp_path: Path) -> None:
    """A content repository that keeps the default pages but brings its own standards/."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    shutil.copytree(ROOT / "content", project / "content")
    code, output = run("check", str(project))
    assert code == 1
    assert "content/about.md:50:22: 错误: 链接指向不存在的记录 'joint-case'\n" in output
    assert "Doc file" not in output and "WARNING" not in output


def test_the_default_content_links_records_by_id() -> None:
    by_path = re.compile(r"\]\((?:\.\./)*(?:units|checklists|procedures|roles|handbooks)/(?!index\.md)[^)]*\)|\]\([^)]*\.md#")
    for page in sorted((ROOT / "content").glob("*.md")):
        assert not by_path.findall(page.read_text(encoding="utf-8")), page.name
    assert "](qinglian:joint-case)" in (ROOT / "content" / "about.md").read_text(encoding="utf-8")


def test_rename_updates_references(tmp_path: Path) -> None:
    project = page_project(tmp_path)
    assert run("rename", "school-resp-study", "school-resp-meeting", str(project))[0] == 0
    text = (project / "content" / "index.md").read_text(encoding="utf-8")
    assert "[专题研究](qinglian:school-resp-meeting)" in text and "`[](qinglian:nowhere)`" in text
    assert run("check", str(project)) == (0, "检查通过，未发现问题\n")
