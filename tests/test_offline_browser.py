"""The offline edition in a real Chromium, opened from `file://` as on a PC without internet.

The zip is extracted under a path with a space and Chinese characters (conftest's
`offline_folder`); every request that is not for a local file is blocked and recorded, and so
is every page error: both lists must stay empty."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, offline_folder: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    blocked: list[str] = []
    errors: list[str] = []

    def only_files(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: None if request.url.startswith(("file://", "data:", "blob:", "about:")) else blocked.append(request.url))
    yield tab
    context.close()
    assert (blocked, errors) == ([], [])


def _open(page, folder: Path, path: str) -> None:  # type: ignore[no-untyped-def]
    path, _, anchor = path.partition("#")
    page.goto((folder / path).as_uri() + (f"#{anchor}" if anchor else ""))


def test_search_finds_the_joint_case_procedure(page, offline_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, offline_folder, "index.html")
    assert "离线版" in page.locator(".ql-offline-banner").inner_text()
    search = page.locator("input.md-search__input")
    search.click()
    search.fill("室组地")
    search.press("End")  # Material searches on keyup; filling Chinese text sends none
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20000)
    first = results.first.get_attribute("href") or ""
    assert "procedures/joint-case.html" in first, first
    results.first.click()
    page.wait_for_url("**/procedures/joint-case.html*")
    assert page.locator("h1").first.inner_text()


def test_a_record_page_and_its_links(page, offline_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, offline_folder, "units/school.html#school-resp-study")
    assert "专题研究部署" in page.locator("#school-resp-study").inner_text()
    page.locator('.md-content a[href$="assess/school.html"]').first.click()
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")


def test_a_procedure_diagram_links_to_its_steps(page, offline_folder: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, offline_folder, "procedures/clue-handover.html")
    links = page.locator(".ql-diagram svg a")
    assert links.count() >= 1
    target = (links.first.get_attribute("href") or links.first.get_attribute("xlink:href") or "").lstrip("#")
    assert target and page.locator(f"[id='{target}']").count() == 1


def test_self_assessment_fill_reload_export_import(page, offline_folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _open(page, offline_folder, "assess/school.html")
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    score = page.locator("input.ql-score").first
    indicator = score.get_attribute("data-id")
    score.fill("1")
    score.press("Tab")
    page.reload()
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    assert score.input_value() == "1"

    with page.expect_download() as download:
        page.locator('button[data-ql-action="export"]').click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(str(exported))
    assert json.loads(exported.read_text(encoding="utf-8"))["scores"] == {indicator: 1}

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('button[data-ql-action="clear"]').click()
    assert score.input_value() == ""
    page.locator('input[data-ql-action="import"]').set_input_files(str(exported))
    page.wait_for_function("document.querySelector('.ql-status').textContent.startsWith('已导入')")
    assert score.input_value() == "1"
    stored = page.evaluate("Object.keys(localStorage)")
    assert stored == ["qinglian-assess:qinglian.example.gov.cn:offline:school:2022 示例版"]
