"""Generated HTML pages handed to MkDocs without Python-Markdown: links become URLs and are validated
as MkDocs validates Markdown links; the toc and the anchors are the generator's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import Markup
from mkdocs.structure.files import File, Files
from qinglian.cli import main
from qinglian.mkdocs.html_pages import anchor_ids, resolve_links, table_of_contents
from qinglian.render.site.page import Heading, Toc

from .conftest import site_project


def files(directory_urls: bool) -> Files:
    return Files([
        File(path, "docs", "site", directory_urls)
        for path in ("index.md", "units/school.md", "roles/a.md", "assess/school.xlsx")
    ])


@pytest.mark.parametrize(("directory_urls", "expected"), [
    (True, ['href="../../units/school/#x"', 'href="../../assess/school.xlsx"', 'href="../../"', 'href="#y"']),
    (False, ['href="../units/school.html#x"', 'href="../assess/school.xlsx"', 'href="../index.html"', 'href="#y"']),
])
def test_links_become_urls_in_either_url_form(directory_urls: bool, expected: list[str]) -> None:
    site = files(directory_urls)
    page = site.get_file_from_path("roles/a.md")
    assert page is not None
    body = (
        '<a href="../units/school.md#x">1</a><a href="../assess/school.xlsx">2</a>'
        '<a href="../index.md">3</a><a href="#y">4</a><a href="https://example.org/a.md">5</a>'
    )
    resolved, links, missing = resolve_links(body, page, site)
    assert [part.split(">")[0] for part in resolved.split("<a ")[1:]] == [*expected, 'href="https://example.org/a.md"']
    school = site.get_file_from_path("units/school.md")
    assert links == {school: {"x": "../units/school.md#x"}, page: {"y": "#y"}}
    assert missing == []


def test_a_link_to_a_missing_page_is_reported_as_mkdocs_reports_it() -> None:
    site = files(True)
    page = site.get_file_from_path("roles/a.md")
    assert page is not None
    resolved, _, missing = resolve_links('<a href="../units/gone.md#x">x</a>', page, site)
    assert resolved == '<a href="../units/gone.md#x">x</a>'
    assert missing == [
        "Doc file 'roles/a.md' contains a link '../units/gone.md', but the target 'units/gone.md' "
        "is not found among documentation files."
    ]


def test_headings_nest_into_mkdocs_toc_and_slugs_are_unique() -> None:
    toc = Toc()
    for level, text, anchor in ((1, "标题 示例", None), (2, "甲", "a"), (3, "每年9项", None), (3, "每年9项", None), (2, "乙", "b")):
        toc.add(level, Markup.escape(text), anchor, search=True)
    assert [heading.anchor for heading in toc.headings] == ["标题-示例", "a", "每年9项", "每年9项_1", "b"]
    tree = table_of_contents(toc.headings)
    assert [(item.id, [child.id for child in item.children]) for item in tree.items[0].children] == [
        ("a", ["每年9项", "每年9项_1"]), ("b", []),
    ]
    assert table_of_contents([Heading(2, "x", "&lt;x&gt;")]).items[0].title == "&lt;x&gt;"


def test_a_heading_kept_out_of_search_carries_materials_attribute() -> None:
    toc = Toc()
    html, search = toc.split(str(toc.add(2, Markup("流程图"), "p--diagram", search=False)))
    assert search is not None and html == search == (
        '<h2 id="p--diagram" data-search-exclude>流程图'
        '<a class="headerlink" href="#p--diagram" title="Permanent link">&para;</a></h2>'
    )
    assert anchor_ids(str(html) + '<span id="row"></span>') == {"p--diagram", "row"}


@pytest.mark.parametrize(("anchor", "fails"), [("ch-route", False), ("no-such-step", True)])
def test_strict_build_checks_links_into_generated_pages(tmp_path: Path, anchor: str, fails: bool) -> None:
    """MkDocs' own anchor validation sees the generated page's anchors."""
    project = site_project(tmp_path)
    (project / "content" / "about.md").write_text(f"# 关于\n\n[第2步](procedures/clue-handover.md#{anchor})\n", "utf-8")
    result = CliRunner().invoke(main, ["build", str(project)])
    assert (result.exit_code != 0) is fails, result.output
    if fails:
        assert (
            "链接 'procedures/clue-handover.md#no-such-step' 指向的锚点 #no-such-step "
            "在页面 procedures/clue-handover.md 中不存在"
        ) in result.output
