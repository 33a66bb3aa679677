"""Generated tables in a real Chromium, on every generated page that has one: on a 390 px phone
each table is a stack of cards no wider than the screen, every cell under its column's name; at
1280 px and in print they are tables. No page scrolls sideways on a phone, Material's header
included, and axe-core finds nothing on a phone on one page of each kind.

Pages are found in the built site, so a new kind of page is covered without editing this file.
Set QINGLIAN_SCREENSHOT_DIR to keep a phone screenshot of the page of each kind that axe checks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

# Every table of the page with a name for messages (its number and the heading above it), and what
# a phone shows of it: widths, and the cells that are still laid out as a table (cards stack their
# cells; the matrix's counts sit side by side), unlabelled or clip their text.
PHONE_TABLES = """() => {
  const width = document.documentElement.clientWidth;
  let heading = '';
  const found = [];
  for (const el of document.querySelectorAll('.md-content h1, .md-content h2, .md-content h3, .md-content h4, .md-content table')) {
    if (el.tagName !== 'TABLE') { heading = el.textContent.replace(/[¶\\s]+$/, '').trim(); continue; }
    const card = el.closest('.ql-table');
    const cells = [...el.querySelectorAll('tbody td, tbody th')];
    const label = cell => getComputedStyle(cell, '::before').content;
    const text = cell => (cell.dataset.label || '') + '「' + cell.textContent.trim().slice(0, 20) + '」';
    found.push({
      name: `表${found.length + 1}（${heading}）`,
      generated: card !== null && cells.length > 0 && cells.every(cell => cell.hasAttribute('data-label')),
      tooWide: [el, card].filter(box => box && box.getBoundingClientRect().right > width + 0.5)
        .map(box => `${box.tagName.toLowerCase()} ${Math.round(box.getBoundingClientRect().width)} px`),
      asTable: cells.filter(cell => !['block', 'inline-block'].includes(getComputedStyle(cell).display)).map(text),
      unlabelled: cells.filter(cell => (cell.tagName === 'TD' || cell.classList.contains('ql-num')) && !/^".+"$/.test(label(cell)))
        .map(text),
      clipped: cells.filter(cell => cell.scrollWidth > cell.clientWidth + 1).map(text),
    });
  }
  const title = document.querySelector('.md-header__title');
  return {tables: found, pageWidth: document.documentElement.scrollWidth,
          titleOverflow: title.scrollWidth - title.clientWidth};
}"""
# How the tables are laid out on a wide screen or on paper: whether the table fits its column, and
# rows of cells under a visible header row (Material makes the table box an inline-block, a table inside).
TABLE_LAYOUT = """() => [...document.querySelectorAll('.md-content table')].map(table => {
  const style = (selector, pseudo) => {
    const el = table.querySelector(selector);
    return el ? getComputedStyle(el, pseudo).display + (pseudo ? ' ' + getComputedStyle(el, pseudo).content : '') : '-';
  };
  const head = table.querySelector('thead');
  const column = (table.closest('.ql-table') || table.parentElement).getBoundingClientRect();
  return [table.getBoundingClientRect().right <= column.right + 0.5, getComputedStyle(table).display, style('thead'), head ? head.getBoundingClientRect().height > 1 : false,
          style('tbody tr'), style('tbody td'), style('tbody td', '::before')];
})"""
# The header title box's content and own widths, and the page's width.
HEADER_WIDTHS = """(el => [el.scrollWidth, el.clientWidth, document.documentElement.scrollWidth])(
  document.querySelector('.md-header__title'))"""
WHOLE_TABLE = ["table-header-group", True, "table-row", "table-cell", "inline none"]


def hand_written() -> set[str]:
    """The URLs of the pages written by hand in content/ (Markdown, not generated)."""
    pages = {path.relative_to(ROOT / "content").with_suffix("").as_posix() for path in (ROOT / "content").rglob("*.md")}
    return {"" if page == "index" else page.removesuffix("/index").removesuffix("index") + "/" for page in pages}


def site_pages(site: Path) -> list[str]:
    return sorted("" if path.parent == site else path.parent.relative_to(site).as_posix() + "/" for path in site.rglob("index.html"))


def kind(page: str) -> str:
    """A page's kind: its section ('units/*' for records, 'units' for the index) or its own name."""
    parts = page.strip("/").split("/")
    return parts[0] + "/*" * (len(parts) > 1)


@pytest.fixture(scope="module")
def table_pages(default_site: Path) -> list[str]:
    """Every generated page with a table."""
    return [
        page for page in site_pages(default_site)
        if page not in hand_written() and "<table" in (default_site / page / "index.html").read_text(encoding="utf-8")
    ]


@pytest.fixture(scope="module")
def phone(browser) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    tab = context.new_page()
    tab.route("**/search/search_index.json", lambda route: route.abort())  # search's load, not layout's
    yield tab
    context.close()


Layouts = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def layouts(phone: Any, default_site_url: str, table_pages: list[str]) -> Layouts:
    """Each table page on a phone, on paper (at phone width) and at 1280 px: one load a page."""
    measured = {}
    for page in table_pages:
        phone.set_viewport_size(PHONE)
        response = phone.goto(default_site_url + page)
        assert response is not None and response.ok, page
        result = phone.evaluate(PHONE_TABLES)
        phone.emulate_media(media="print")
        result["print"] = phone.evaluate(TABLE_LAYOUT)
        phone.emulate_media(media="screen")
        phone.set_viewport_size(DESKTOP)
        result["desktop"] = phone.evaluate(TABLE_LAYOUT)
        measured[page] = result
    return measured


def test_every_generated_page_with_a_table_is_found(table_pages: list[str]) -> None:
    kinds = {kind(page) for page in table_pages}
    assert {"procedures", "procedures/*", "checklists/*", "roles/*", "units/*", "matrix"} <= kinds, kinds
    assert not any(page in hand_written() for page in table_pages)


def test_every_generated_table_is_a_card_table(layouts: Layouts) -> None:
    """Each table of a generated page comes from the template macros (its cells carry data-label)."""
    plain = [f"{page} {table['name']}" for page, result in layouts.items() for table in result["tables"] if not table["generated"]]
    assert plain == [], "没有 data-label 的表格（不是 m.table/m.cell 生成的）：\n" + "\n".join(plain)


CARD_PROBLEMS = {"tooWide": "比屏幕宽", "asTable": "单元格仍按表格排列", "unlabelled": "单元格没有显示列名", "clipped": "单元格文字被截断"}


def test_tables_are_cards_on_a_phone(layouts: Layouts) -> None:
    problems = [
        f"{page} {table['name']}：{what}：{'、'.join(table[key][:3])}"
        for page, result in layouts.items()
        for table in result["tables"] if table["generated"]  # the others fail the test above
        for key, what in CARD_PROBLEMS.items() if table[key]
    ]
    assert problems == [], "\n".join(problems)


def test_no_page_with_a_table_scrolls_sideways_on_a_phone(layouts: Layouts) -> None:
    """Neither a table nor Material's header title (which used to stick out 13 px) widens the page."""
    wide = [f"{page} 页面宽 {r['pageWidth']} px" for page, r in layouts.items() if r["pageWidth"] > PHONE["width"]]
    wide += [f"{page} 标题栏溢出 {r['titleOverflow']} px" for page, r in layouts.items() if r["titleOverflow"] > 0]
    assert wide == [], "\n".join(wide)


def test_the_longest_header_titles_stay_in_the_header_on_a_phone(phone: Any, default_site_url: str, default_site: Path) -> None:
    """The pages with the longest titles, with tables or not: Material's hidden page title, 1.25rem
    right of the title box, reached over the search button."""
    def title(page: str) -> str:
        found = re.search(r"<title>(.*?)</title>", (default_site / page / "index.html").read_text(encoding="utf-8"))
        return found.group(1) if found else ""

    phone.set_viewport_size(PHONE)
    for page in sorted(site_pages(default_site), key=lambda page: -len(title(page)))[:3]:
        phone.goto(default_site_url + page)
        widths = phone.evaluate(HEADER_WIDTHS)
        assert widths[0] <= widths[1] and widths[2] <= PHONE["width"], (page, title(page), widths)


@pytest.mark.parametrize("medium", ["desktop", "print"])
def test_tables_stay_tables_on_a_wide_screen_and_in_print(layouts: Layouts, medium: str) -> None:
    """In print at phone width too: the cards are for screens only. At 1280 px every table fits its
    column (row headers that did not wrap once pushed the checklists under the table of contents)."""
    problems = [
        f"{page} {result['tables'][i]['name']}：{layout}"
        for page, result in layouts.items()
        for i, layout in enumerate(result[medium])
        if layout[1] not in ("table", "inline-table", "inline-block") or layout[2:] != WHOLE_TABLE
        or (medium == "desktop" and not layout[0])
    ]
    assert problems == [], f"{medium}：不是完整的表格（放得下、表格、表头、表头可见、行、单元格、列名）：\n" + "\n".join(problems)


def test_axe_finds_no_violation_on_a_phone(phone: Any, default_site_url: str, layouts: Layouts) -> None:
    """The first page of each kind with card tables; the labels' contrast is among the checks."""
    from axe_playwright_python.sync_playwright import Axe

    first: dict[str, str] = {}
    for page, result in layouts.items():
        if any(table["generated"] for table in result["tables"]):
            first.setdefault(kind(page), page)
    assert {"procedures", "procedures/*"} <= first.keys(), first
    phone.set_viewport_size(PHONE)
    shots = os.environ.get("QINGLIAN_SCREENSHOT_DIR")
    found = []
    for page in first.values():
        phone.goto(default_site_url + page)
        result = Axe().run(phone, options={**WCAG_AA, "resultTypes": ["violations"]}).response["violations"]
        found += [f"{page}: {v['id']} ({len(v['nodes'])}×) {v['help']}: " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3]) for v in result]
        if shots:
            phone.screenshot(path=str(Path(shots) / f"cards-{page.strip('/').replace('/', '-')}-390.png"), full_page=True)
    assert found == [], "\n".join(found)
