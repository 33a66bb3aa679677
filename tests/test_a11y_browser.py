"""WCAG 2.1 AA in a real Chromium: axe-core finds nothing on any page type of the default site, and
the swimlane diagrams are legible on a 1280 px screen and reachable as a whole on a 390 px phone.

axe-core comes bundled with `axe-playwright-python`; the browser is Debian's /usr/bin/chromium
through conftest's `browser` fixture. Set QINGLIAN_SCREENSHOT_DIR to keep the screenshots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# One page of every type; every procedure is added from the built site.
PAGES = [
    "", "units/", "checklists/", "procedures/", "roles/", "handbooks/", "units/school/", "checklists/school-four-duties/",
    "roles/school-party-org/", "handbooks/school-handbook/", "glossary/", "matrix/", "sources/", "assess/school/",
    "revisions/", "about/", "editing/",
]
PHONE_PAGES = ["", "procedures/joint-case/", "assess/school/"]  # the phone layout: drawer, header, scrolling
# Rendered text sizes (px) of every `<text>` of a diagram: step names (13 px in the drawing) and the rest.
TEXT_SIZES = """() => [...document.querySelectorAll('.ql-diagram svg text')].map(text => {
  const size = Number(text.getAttribute('font-size'));
  const scale = text.getBoundingClientRect().height / text.getBBox().height;
  return [size === 13 && text.closest('[data-step]') !== null, size * scale];
})"""


@pytest.fixture(scope="module")
def procedures(default_site: Path) -> list[str]:
    return sorted(f"procedures/{path.name}/" for path in (default_site / "procedures").iterdir() if path.is_dir())


@pytest.fixture
def page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    yield context.new_page()
    context.close()


def violations(page, url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's WCAG 2.1 A/AA violations on `url`, one line per rule with the first elements."""
    from axe_playwright_python.sync_playwright import Axe

    response = page.goto(url)
    assert response is not None and response.ok, url
    found = Axe().run(page, options={**WCAG_AA, "resultTypes": ["violations"]}).response["violations"]
    return [
        f"{url}: {v['id']} ({v['impact']}, {len(v['nodes'])}×) {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in found
    ]


def test_axe_finds_no_violation_on_any_page_type(page, default_site_url: str, procedures: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert len(procedures) >= 6
    found = [line for path in PAGES + procedures for line in violations(page, default_site_url + path)]
    page.set_viewport_size(PHONE)
    found += [line for path in PHONE_PAGES for line in violations(page, default_site_url + path)]
    assert found == [], "\n".join(found)


def test_diagrams_are_legible_on_a_screen(page, default_site_url: str, procedures: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Step names at least 12 px and every other text at least 10 px, at 1280 px and on a phone."""
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for path in procedures:
            page.goto(default_site_url + path)
            sizes = page.evaluate(TEXT_SIZES)
            names = [size for is_name, size in sizes if is_name]
            assert names and min(names) >= 11.99, (viewport, path, min(names))
            assert min(size for _, size in sizes) >= 9.99, (viewport, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path


def test_a_phone_scrolls_the_diagram_and_opens_it_alone(page, default_site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size(PHONE)
    page.goto(default_site_url + "procedures/joint-case/")
    frame = page.locator(".ql-diagram")
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", frame.element_handle())
    shots = os.environ.get("QINGLIAN_SCREENSHOT_DIR")
    if shots:
        frame.screenshot(path=str(Path(shots) / "diagram-phone.png"))
    link = page.get_by_role("link", name="单独打开泳道图")
    response = page.request.get(default_site_url + "procedures/" + (link.get_attribute("href") or "").removeprefix("../"))
    assert response.ok and response.headers["content-type"] == "image/svg+xml"
    assert response.text().startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "<a " not in response.text()
