"""The built default site in a real Chromium: Chinese search, unit and role pages, phone layout,
and not one request leaving 127.0.0.1. Set QINGLIAN_SCREENSHOT_DIR to keep the screenshots."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("QINGLIAN_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page(browser, default_site_url: str) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page that records every request; the test fails if one leaves 127.0.0.1."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    yield tab
    context.close()
    outside = [url for url in requests if not url.startswith(default_site_url) and not url.startswith("data:")]
    assert requests and outside == []


def test_search_finds_the_joint_case_procedure(page, default_site_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(default_site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("室组地")
    search.press("End")  # Material searches on keyup; filling Chinese text sends none
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    page.screenshot(path=str(shots / "search-desktop.png"))
    assert "procedures/joint-case/" in hrefs[0], hrefs  # the procedure named after it comes first


def test_unit_page_on_desktop_and_phone(page, default_site_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(default_site_url + "units/school/#school-resp-study")
    heading = page.locator("#school-resp-study")
    assert "专题研究部署" in heading.inner_text()
    assert page.locator(".ql-badge", has_text="示例").first.is_visible()
    page.screenshot(path=str(shots / "unit-desktop.png"))
    page.set_viewport_size(PHONE)
    page.goto(default_site_url + "units/school/")
    page.screenshot(path=str(shots / "unit-phone.png"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page must not scroll sideways on a phone"


def test_role_page_shows_the_duty_calendar(page, default_site_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(default_site_url + "roles/school-party-org/")
    assert page.locator("#calendar").is_visible()
    assert page.locator("h3", has_text="每年").count() >= 1
    page.screenshot(path=str(shots / "role-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.reload()
    page.screenshot(path=str(shots / "role-phone.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


WIDEST_TABLE = "Math.max(0, ...[...document.querySelectorAll('article table')].map(t => t.getBoundingClientRect().right))"


@pytest.mark.parametrize("path", ["roles/", "roles/school-party-org/", "matrix/", "checklists/", "checklists/school-four-duties/"])
def test_duty_and_task_tables_read_as_cards_on_a_phone(page, default_site_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.goto(default_site_url + path)
    assert page.evaluate(WIDEST_TABLE) <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = page.locator("article tbody tr").first
    card, header = row.bounding_box(), row.locator("th[scope=row]").bounding_box()
    assert card and header and header["width"] >= card["width"] - 2  # the row's name heads its card
    for cell in row.locator("td").all():
        box = cell.bounding_box()
        assert box and card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"] + 1


def test_procedure_diagram_links_to_steps(page, default_site_url: str, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(default_site_url + "procedures/clue-handover/")
    page.screenshot(path=str(shots / "procedure-desktop.png"), full_page=True)
    links = page.locator(".ql-diagram svg a")
    assert links.count() >= 1
    target = (links.first.get_attribute("href") or links.first.get_attribute("xlink:href") or "").lstrip("#")
    assert target and page.locator(f"[id='{target}']").count() == 1
