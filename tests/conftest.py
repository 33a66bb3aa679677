"""Fixtures and helpers shared by the test modules (which import them from here, never from
each other): projects, golden files, fonts, random input, the real browser."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import os
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import strategies as st
from qinglian.core.corpus import Corpus
from qinglian.core.model import Procedure
from qinglian.core.pipeline import read_corpus
from qinglian.render.handbook import fonts
from qinglian.render.settings import FontConfig

from .assess_support import (  # noqa: F401  (shared with the test modules from here)
    CELL_ENTRY,
    SOFFICE,
    TEXT_ENTRY,
    answer_sets,
    fill_workbook,
    libreoffice,
    unit_standards,
    workbook_result,
)

FIXTURES = Path(__file__).parent / "fixtures"
OFFLINE_OPTION = "      offline_zip: qinglian-offline.zip\n"  # in the repository's mkdocs.yml
ROOT = Path(__file__).parent.parent
MINI = FIXTURES / "mini"
GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = "QINGLIAN_UPDATE_GOLDEN"  # =1: golden files are rewritten instead of compared


# --- projects -------------------------------------------------------------------------------------


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small valid fixture project."""
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    return project


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default content's offline edition, built once per session by `qinglian offline`."""
    from click.testing import CliRunner
    from qinglian.cli import main

    target = tmp_path_factory.mktemp("offline") / "qinglian-offline.zip"
    result = CliRunner().invoke(main, ["offline", str(ROOT), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"离线版已生成：{target}（")
    return target


@pytest.fixture(scope="session")
def offline_folder(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline edition extracted under a path with a space and Chinese characters."""
    import zipfile

    parent = tmp_path_factory.mktemp("offline") / "U盘 备份" / "清廉 标准库"
    parent.mkdir(parents=True)
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(parent)
    return parent / "qinglian-offline"


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a project file; fail loudly if it is not there."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def site_project(folder: Path) -> Path:
    """The mini fixture with the repository's mkdocs.yml and stand-in content pages."""
    project = folder / "project"
    shutil.copytree(MINI, project)
    # Without the offline edition, which doubles a build: test_offline builds it.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert OFFLINE_OPTION in config
    (project / "mkdocs.yml").write_text(config.replace(OFFLINE_OPTION, ""), encoding="utf-8")
    (project / "content").mkdir()
    for name, title in (("index", "首页"), ("about", "关于"), ("editing", "编辑指南")):
        (project / "content" / f"{name}.md").write_text(f"# {title}\n", encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def diagram_corpus() -> Corpus:
    """The diagram fixture: long chains, loops, decisions."""
    return read_corpus(FIXTURES / "diagram")


@pytest.fixture(scope="session")
def default_corpus() -> Corpus:
    """The default content: invalid content fails the tests using it (ContentError), never skips them."""
    return read_corpus(ROOT)


SVG = "{http://www.w3.org/2000/svg}"  # the namespace of the diagrams' elements


def procedure(corpus: Corpus, procedure_id: str) -> Procedure:
    return corpus.get(procedure_id)  # type: ignore[return-value]


# --- golden files -------------------------------------------------------------------------------


Golden = Callable[[Path | str, str], None]


@pytest.fixture
def golden() -> Golden:
    """`golden(path, actual)` asserts that `actual` is the text of the golden file `path` (relative
    to tests/golden, or absolute); with QINGLIAN_UPDATE_GOLDEN=1 it rewrites the file instead.
    Update on purpose, and read the diff of every rewritten file before committing it."""

    def check(path: Path | str, actual: str) -> None:
        file = GOLDEN / path
        if os.environ.get(UPDATE_GOLDEN) == "1":
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(actual, encoding="utf-8")
        expected = file.read_text(encoding="utf-8") if file.is_file() else None
        assert actual == expected, f"与 {file} 不同；有意的改动用 {UPDATE_GOLDEN}=1 重新生成"

    return check


# --- fonts ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def machine_fonts_ignored() -> Iterator[None]:
    """Handbooks in tests use only the bundled fonts and those a test configures (`system: false`):
    page breaks and embedded fonts must not depend on whether this machine has fonts-noto-cjk,
    仿宋 or any other font installed. Session-wide, so that module-scoped builds are covered too."""
    discover = fonts.discover

    def without_system_fonts(config: FontConfig, project_dir: Path) -> fonts.FontStack:
        return discover(dataclasses.replace(config, system=False), project_dir)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fonts, "discover", without_system_fonts)
        yield


# --- random input (hypothesis) -------------------------------------------------------------------

FILES = sorted(path.relative_to(MINI).as_posix() for path in (MINI / "standards").rglob("*.yaml"))

# Pieces that make text look like YAML and reach the parser's corners.
YAMLISH = st.sampled_from(
    ["\n", "  ", "- ", ": ", "id: ", "[", "]", "{", "}", ",", "'", '"', "&a ", "*a", "!!str ", "!x ", "!!int ", "!!float ", "!!bool ", "!!binary ", "!!set ", "!!python/name:os.system ", "#", "|",
     ">", "? ", "---\n", "...\n", "%YAML 1.1\n", "\t", "\\", "<<: ", "~", "null", "yes", "1:30", "0x1F", ".inf",
     "2022-08", "学校", "“", "\u2028", "\x85", "\r\n", "\ufeff", "school", "points: ", "steps:\n  - "]
)
YAMLISH_TEXT = st.lists(st.one_of(YAMLISH, st.text(max_size=4)), max_size=40).map("".join)

def damage(raw: bytes, draw: Callable[..., Any]) -> bytes:
    """`raw` truncated, with bytes or YAML-like text spliced in, a line indented or two lines swapped."""
    action = draw(st.sampled_from(["truncate", "splice", "indent", "swap-lines"]))
    at = draw(st.integers(0, len(raw)))
    if action == "truncate":
        return raw[:at]
    if action == "splice":
        piece: bytes = draw(st.one_of(st.binary(min_size=1, max_size=8), YAMLISH_TEXT.map(str.encode)))
        return raw[:at] + piece + raw[at:]
    lines = raw.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    if action == "indent":
        lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
    else:
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    return b"\n".join(lines)


class Roles:
    """Just enough of a corpus for the diagram: a role's name."""

    def role(self, role_id: str) -> SimpleNamespace:
        return SimpleNamespace(name=f"角色{role_id}")


@st.composite
def procedures(draw: st.DrawFn) -> Procedure:
    """Random procedures: a chain (so every step is reachable) plus jumps forward and back; some
    steps have several actors, some branches lead to several steps."""
    size = draw(st.integers(1, 14))
    lanes = [f"r{i}" for i in range(draw(st.integers(1, 5)))]
    steps = []
    for i in range(size):
        targets = [i + 1] if i + 1 < size else []
        targets += draw(st.lists(st.integers(0, size - 1), max_size=2))
        if draw(st.booleans()):
            targets = list(dict.fromkeys(targets))  # else two arrows may join the same two steps
        actor: object = draw(st.sampled_from(lanes))
        if draw(st.integers(0, 3)) == 0:  # a joint step
            actor = draw(st.lists(st.sampled_from(lanes), min_size=2, max_size=3, unique=True)) if len(lanes) > 1 else [actor]
        step: dict[str, object] = {"id": f"s{i}", "title": draw(st.sampled_from(TITLES)), "actor": actor, "action": "做"}
        if len(targets) >= 2 and draw(st.booleans()):
            branches = [{"when": draw(st.sampled_from(TITLES)), "next": f"s{t}"} for t in targets]
            if len(set(targets)) == len(targets) and draw(st.booleans()):  # a branch to several steps
                branches = [{"when": branches[0]["when"], "next": [f"s{t}" for t in targets[:-1]]}, branches[-1]]
            step["decision"] = {"question": draw(st.sampled_from(TITLES)) + "？", "branches": branches}
        else:
            step["next"] = [f"s{t}" for t in targets]
        if draw(st.booleans()):
            step["time_limit"] = {"within": 5, "unit": "workday"}
        steps.append(step)
    data = {"id": "p", "title": "程序", "category": "类", "status": "draft", "summary": "概述", "lanes": lanes}
    return Procedure.model_validate({**data, "steps": steps})


TITLES = ["受理", "初步核实线索", "是否属于问题线索", "移交巡察发现的问题线索并跟踪督办", "Audit 2024 复核"]


# --- LibreOffice (tests marked `libreoffice`; helpers in assess_support.py) -------------------------


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's `soffice`; tests using it skip without it unless QINGLIAN_REQUIRE_LIBREOFFICE=1 (CI)."""
    if SOFFICE is None:
        if os.environ.get("QINGLIAN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("QINGLIAN_REQUIRE_LIBREOFFICE=1，但没有找到 soffice（apt-get install libreoffice-calc）")
        pytest.skip("未找到 soffice（apt-get install libreoffice-calc）；CI 设 QINGLIAN_REQUIRE_LIBREOFFICE=1 时必须运行")
    return SOFFICE


# --- real browser (tests marked `browser`) ------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _browser_required() -> bool:
    return os.environ.get("QINGLIAN_REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Debian's Chromium the browser tests skip, unless QINGLIAN_REQUIRE_BROWSER=1 (CI)."""
    if CHROMIUM.exists() or _browser_required():
        return
    skip = pytest.mark.skip(reason=f"未找到 {CHROMIUM}（apt-get install chromium）；CI 设 QINGLIAN_REQUIRE_BROWSER=1 时必须运行")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by Playwright (never a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        pytest.fail(f"QINGLIAN_REQUIRE_BROWSER=1，但没有 {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


SITE_CONFIG = """\
site_name: 自评测试
docs_dir: content
site_dir: site
strict: true
theme: {{name: material, language: zh, font: false, features: [navigation.instant]}}
plugins:
  - qinglian:
      project_dir: {project}
      handbooks: false
markdown_extensions: [tables, attr_list, md_in_html, admonition, toc]
"""


def build_fixture_site(root: Path, fixture: str) -> Path:
    """The fixture project `fixture` built with the qinglian plugin (no handbooks) under `root`;
    returns the site folder."""
    import json

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(FIXTURES / fixture, root / "project")
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = SITE_CONFIG.format(project=json.dumps(str(root / "project")))
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    build(load_config(str(root / "mkdocs.yml")))
    return root / "site"


def keep_screenshot(path: Path) -> None:
    """Copies a screenshot to $QINGLIAN_SCREENSHOT_DIR when set, for a look."""
    keep = os.environ.get("QINGLIAN_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on right now (tests run side by side)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serves `folder` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default content built once per test session (with handbooks), for the browser tests."""
    from qinglian.mkdocs.build import build

    return build(ROOT, tmp_path_factory.mktemp("default-site") / "site")


@pytest.fixture(scope="session")
def default_site_url(default_site: Path) -> Iterator[str]:
    """The default site served over HTTP for the session (the browser tests' base URL)."""
    with serve_folder(default_site) as url:
        yield url


# --- 评审汇总: answer sheets with planted problems (generated once per session) ------------------

TIERS = "  bonus_cap: 5\n  tiers_by_share:\n    - {name: 引领型, share: 0.25}\n    - {name: 提升型, share: 0.5}\n"


@pytest.fixture(scope="session")
def summary_inputs(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A v2 project with tiers by share and a folder `answers/` of 40 answer sheets (JSON and
    xlsx, both stages for 8 units) with planted problems; `planted` is what must be reported."""
    import random

    from qinglian.assessment.form import assessment_form

    from .answer_sheets import plant_problems, valid_sheets, write_all

    root = tmp_path_factory.mktemp("summary")
    project = root / "project"
    shutil.copytree(FIXTURES / "v2", project)
    edit(project, "standards/units/village-index.yaml", "  bonus_cap: 5\n", TIERS)
    unit = next(u for u in read_corpus(project).units if u.id == "village-index")
    form = assessment_form(unit)
    sheets, raw, planted = plant_problems(form, valid_sheets(form, 28, 8, seed=20), random.Random(20))
    write_all(root / "answers", form, sheets, raw)
    return SimpleNamespace(root=root, project=project, unit=unit, form=form, sheets=sheets, planted=planted)
