"""Rich text is read once (`core/richtext.py`); the site and the handbook break and emphasise alike."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

from pypdf import PdfReader
from qinglian.core.pipeline import read_corpus
from qinglian.core.richtext import Run, lines, parse
from qinglian.render.handbook.compile import handbook_data, render_handbook
from qinglian.render.settings import Settings
from qinglian.render.site import pages as site
from qinglian.render.site.html import rich_block, rich_line
from qinglian.render.site.page import SitePage
from qinglian.render.site.page_refs import escape_line

from .conftest import edit

# A single line break between Latin words (the site used to join them with a space, the PDF
# with nothing), emphasis running across a line break, two paragraphs.
TEXT = "第一段 Word\n  excel 表格\n**重点\n跨行**之后\n\n  第二段 a ** b"
Tree = list[list[list[tuple[str, bool]]]]


def test_paragraphs_lines_and_runs() -> None:
    assert parse(TEXT) == (
        (
            (Run("第一段 Word"),),
            (Run("excel 表格"),),
            (Run("重点", bold=True),),
            (Run("跨行", bold=True), Run("之后")),
        ),
        ((Run("第二段 a ** b"),),),  # an unpaired ** stays literal
    )


def test_blank_lines_and_lines_of_bare_markup_are_dropped() -> None:
    assert parse("\n\n  \n甲\n \n\n\n乙\n**\n\n") == (((Run("甲"),),), ((Run("乙"), ), (Run("**"),)))
    assert parse("**甲\n**") == (((Run("甲", bold=True),),),)
    assert parse("  ") == () and lines("甲\n\n乙") == [(Run("甲"),), (Run("乙"),)]


def test_markdown_of_hand_written_pages_keeps_line_breaks() -> None:
    assert escape_line("Word\nexcel 表格\n\n**重点**") == "Word<br>excel 表格<br><strong>重点</strong>"


def test_html_keeps_line_breaks_and_paragraphs() -> None:
    assert rich_block("Word\nexcel 表格\n\n**重点**") == "<p>Word<br>\nexcel 表格</p>\n<p><strong>重点</strong></p>\n"
    assert rich_line("Word\nexcel 表格\n\n**重点**") == "Word<br>excel 表格<br><strong>重点</strong>"


def _site_tree(body: str) -> Tree:
    """The paragraphs of the rendered summary: lines at <br>, runs at <strong>."""
    paragraphs = [p for p in re.findall(r"<p>(.*?)</p>", body, flags=re.S) if p.startswith("第") and "段" in p]
    tree: Tree = []
    for paragraph in paragraphs:
        tree.append([])
        for line in re.split(r"<br>\n?", paragraph):
            parts = re.split(r"</?strong>", line)
            tree[-1].append([(html.unescape(part), index % 2 == 1) for index, part in enumerate(parts) if part])
    return tree


def test_site_and_handbook_show_the_same_paragraphs_lines_and_emphasis(mini: Path) -> None:
    indented = "\n".join("  " + line for line in TEXT.splitlines())
    edit(mini, "standards/units/school.yaml", "summary: 学校落实“四责”协同的评价标准。", f"summary: |-\n{indented}")
    corpus = read_corpus(mini)
    settings = Settings(project_dir=mini)
    page = dict(site.produce(corpus, settings))["units/school.md"]
    assert isinstance(page, SitePage)
    data = handbook_data(corpus, "school-handbook", settings)
    printed = [[[(run["t"], run["b"]) for run in line] for line in paragraph] for paragraph in data["units"][0]["summary"]]
    assert _site_tree(page.body) == printed == [
        [[("第一段 Word", False)], [("excel 表格", False)], [("重点", True)], [("跨行", True), ("之后", False)]],
        [[("第二段 a ** b", False)]],
    ]
    pdf = render_handbook(corpus, "school-handbook", settings)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "第一段 Word\nexcel 表格\n重点\n跨行之后\n" in text and "Wordexcel" not in text
