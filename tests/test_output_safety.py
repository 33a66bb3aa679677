"""Text fields are data: hostile text is shown literally in the built site and the PDF handbook.

One project (the mini fixture with hostile text in titles, requirements, tasks and steps) is
built once through `qinglian build`; the HTML, the search index and the PDF are then inspected.
Raw HTML never gets that far: the validator refuses it.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader
from qinglian.cli import main
from qinglian.core.pipeline import check

from .conftest import edit, site_project

# Each must reach the reader exactly as written. BLOCK puts them one per paragraph, so that the
# block-level ones (a heading, a rule, an admonition, an attribute list) stand where they would act.
HOSTILE = [
    "# 不是标题",
    "[点我](javascript:alert(1))",
    "![图](javascript:alert(2))",
    "a | b",
    "---",
    "{{ 7*7 }}",
    "{% raw %}",
    '#read("/etc/passwd")',
    "#sys.inputs",
    "]",
    "$x$",
    '{: onclick="alert(3)" }',
    '!!! danger "伪造提示"',
    "&lt;i&gt;",
    "&#60;b&#62;",
    "*斜体*",
    "`代码`",
    "\\\\反斜杠",
]
BLOCK = "\n\n".join(HOSTILE)
# For one-line fields (titles), the inline ones.
LINE = '竖线 | 分隔 {{ 7*7 }} {% raw %} #read("/etc/passwd") #sys.inputs ] $x$ [点我](javascript:alert(1)) &lt;i&gt;'
PLACES = {  # file -> [(path to the field, value)]
    "standards/units/school.yaml": [
        (("dimensions", 0, "indicators", 0, "requirement"), BLOCK),
        (("dimensions", 0, "indicators", 1, "title"), LINE),
    ],
    "standards/checklists/school-four-duties.yaml": [
        (("aspects", 0, "tasks", 0, "how"), BLOCK),
        (("aspects", 0, "tasks", 0, "what"), LINE),
    ],
    "standards/procedures/clue-handover.yaml": [
        (("steps", 1, "action"), BLOCK),
        (("steps", 1, "title"), LINE),
    ],
}
PAGES = ["units/school/index.html", "checklists/school-four-duties/index.html", "procedures/clue-handover/index.html"]


def make_hostile(project: Path) -> None:
    for relative, places in PLACES.items():
        path = project / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for loc, value in places:
            node = data
            for step in loc[:-1]:
                node = node[step]
            node[loc[-1]] = value
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = site_project(tmp_path_factory.mktemp("hostile"))
    make_hostile(project)
    result = CliRunner().invoke(main, ["build", str(project)])
    assert result.exit_code == 0, result.output
    return project / "site"


class _Page(HTMLParser):
    """The visible text, inline event handlers, script URLs and script bodies of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in.append(tag)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")
            scheme = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if scheme.startswith(("javascript:", "data:text", "vbscript:")):
                self.urls.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if "script" in self._in:
            self.scripts.append(data)
        elif "style" not in self._in:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def flat(text: str) -> str:
    return " ".join(text.split())


def test_raw_html_is_rejected_by_the_validator(mini: Path) -> None:
    unit, checklist = "standards/units/school.yaml", "standards/checklists/school-four-duties.yaml"
    edit(mini, unit, "requirement: 主要负责人", "requirement: <script>alert(1)</script>主要负责人")
    edit(mini, checklist, "how: 列入年度议题。", "how: '<img src=x onerror=alert(1)>'")
    corpus, diagnostics = check(mini)
    assert corpus is None
    assert [(d.path, d.message) for d in diagnostics] == [
        ("aspects[0].tasks[0].how", "文本中不能含有 HTML 标签 <img src=x onerror=alert(1)>"),
        ("dimensions[0].indicators[1].requirement", "文本中不能含有 HTML 标签 <script>"),
    ]


def test_hostile_project_is_valid(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    make_hostile(project)
    assert check(project)[1] == []


def test_no_handlers_or_script_urls_anywhere_in_the_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page = parse(path)
        assert page.handlers == [] and page.urls == [], path
        assert not any("alert(" in script for script in page.scripts), path


@pytest.mark.parametrize("page", PAGES)
def test_hostile_text_is_shown_literally(site: Path, page: str) -> None:
    text = flat("".join(parse(site / page).text))
    missing = [item for item in HOSTILE + [LINE] if flat(item) not in text]
    assert missing == []
    assert "49" not in text  # {{ 7*7 }} was never evaluated
    assert "root:" not in text


def test_search_index_holds_no_markup_from_content(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        page = _Page()
        page.feed(doc["text"])
        assert page.handlers == [] and page.urls == [], doc["location"]
        assert "<script" not in doc["text"].lower() and "<img" not in doc["text"].lower(), doc["location"]


def test_pdf_shows_hostile_text_literally(site: Path) -> None:
    pdfs = sorted(site.rglob("*.pdf"))
    assert pdfs
    reader = PdfReader(io.BytesIO(pdfs[0].read_bytes()))
    text = "".join("".join(page.extract_text() for page in reader.pages).split())
    missing = [item for item in HOSTILE + [LINE] if "".join(item.split()) not in text]
    assert missing == []
    assert "root:" not in text and "49" not in text
