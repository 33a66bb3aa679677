"""The 在线自评 page in a real Chromium: scoring, persistence, veto, export and import.

Builds the mini fixture site with the qinglian plugin, serves it on 127.0.0.1 and drives Debian's
/usr/bin/chromium through the `browser` fixture of conftest (never a downloaded browser). Set
QINGLIAN_SCREENSHOT_DIR to keep the screenshots for a look.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from qinglian.assessment.form import assessment_form
from qinglian.assessment.scoring import score
from qinglian.core.pipeline import read_corpus

from .conftest import FIXTURES, build_fixture_site, keep_screenshot, serve_folder

pytestmark = pytest.mark.browser

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("assess-site"), "mini")


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_folder(site) as url:
        yield url


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "assess/school/")
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    yield page
    context.close()
    assert errors == [], errors


def _shot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    keep_screenshot(path)
    assert path.stat().st_size > 10_000  # a real rendering, not a blank page
    return path


def _out(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'output[data-ql="{name}"]').inner_text()


def _score(page, indicator: str):  # type: ignore[no-untyped-def]
    return page.locator(f'input.ql-score[data-id="{indicator}"]')


def _veto(page, item: str, answer: str):  # type: ignore[no-untyped-def]
    return page.locator(f'input.ql-veto[data-id="{item}"][value="{answer}"]')


def test_scores_persist_across_a_reload_and_total_is_the_sum(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _score(page, "school-resp-study").fill("5.5")
    page.locator('button.ql-fill[data-id="school-resp-talk"][data-value="4"]').click()
    page.locator('textarea.ql-note[data-id="school-resp-study"]').fill("少开一次会，扣0.5分")
    page.locator('input.ql-bonus[data-id="school-bonus-model"]').fill("1")
    page.reload()
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    assert _score(page, "school-resp-study").input_value() == "5.5"
    assert _score(page, "school-resp-talk").input_value() == "4"
    assert page.locator('textarea.ql-note[data-id="school-resp-study"]').input_value() == "少开一次会，扣0.5分"
    form = assessment_form(read_corpus(FIXTURES / "mini").get("school"))  # type: ignore[arg-type]
    expected = score(form, {"school-resp-study": 5.5, "school-resp-talk": 4}, {"school-bonus-model": 1})
    assert page.locator('output[data-ql-dimension="school-resp"]').inner_text() == "9.5"
    assert (_out(page, "base"), _out(page, "bonus"), _out(page, "total")) == ("9.5", "1", "10.5")
    assert float(_out(page, "total")) == expected.total
    assert _out(page, "level") == expected.level == "示范"
    assert _out(page, "answered") == "2"
    _shot(page, tmp_path, "assess-filled.png")


def test_scores_are_clamped_to_points_and_bonus_to_its_cap(page) -> None:  # type: ignore[no-untyped-def]
    _score(page, "school-resp-study").fill("99")
    _score(page, "school-resp-study").press("Tab")
    assert _score(page, "school-resp-study").input_value() == "6"
    page.locator('input.ql-bonus[data-id="school-bonus-model"]').fill("5")
    page.locator('input.ql-bonus[data-id="school-bonus-model"]').press("Tab")
    assert _out(page, "bonus") == "2"
    assert _out(page, "total") == "8"
    assert _out(page, "level") == "达标"


def test_a_veto_blocks_the_level_whatever_the_score(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for indicator, points in (("school-resp-study", 6), ("school-resp-talk", 4)):
        page.locator(f'button.ql-fill[data-id="{indicator}"][data-value="{points}"]').click()
    assert (_out(page, "total"), _out(page, "level")) == ("10", "示范")
    _veto(page, "school-veto-case", "yes").check()
    assert (_out(page, "total"), _out(page, "level")) == ("10", "不予命名")
    _shot(page, tmp_path, "assess-vetoed.png")
    page.reload()
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    assert _veto(page, "school-veto-case", "yes").is_checked()
    _veto(page, "school-veto-case", "no").check()
    assert _out(page, "level") == "示范"


def test_export_then_import_round_trips(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-ql-meta="unit.name"]').fill("某某小学")
    page.locator('[data-ql-meta="stage"]').select_option("复评")
    page.locator('[data-ql-meta="assessor"]').fill("李四")
    page.locator('[data-ql-meta="date"]').fill("2024-06-30")
    _score(page, "school-resp-study").fill("3")
    page.locator('textarea.ql-note[data-id="school-resp-talk"]').fill("未见记录")
    _veto(page, "school-veto-case", "yes").check()
    with page.expect_download() as download:
        page.locator('button[data-ql-action="export"]').click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(str(exported))
    answers = json.loads(exported.read_text(encoding="utf-8"))
    assert exported.name == "某某小学-清廉学校建设标准-2024-06-30.json"
    assert (answers["format"], answers["version"], answers["standard"], answers["edition"]) == ("qinglian-assess", 2, "school", "2022 试行")
    assert (answers["unit"]["name"], answers["stage"], answers["assessor"], answers["date"]) == ("某某小学", "复评", "李四", "2024-06-30")
    assert answers["scores"] == {"school-resp-study": 3}
    assert answers["veto"] == {"school-veto-case": True}
    assert answers["result"] == {"base": 3, "bonus": 0, "total": 3, "level": "不予命名", "named": False}

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator('button[data-ql-action="clear"]').click()
    assert (_score(page, "school-resp-study").input_value(), _out(page, "total")) == ("", "0")
    assert _veto(page, "school-veto-case", "no").is_checked()

    page.locator('input[data-ql-action="import"]').set_input_files(str(exported))
    page.wait_for_function("document.querySelector('.ql-status').textContent.startsWith('已导入')")
    assert _score(page, "school-resp-study").input_value() == "3"
    assert page.locator('textarea.ql-note[data-id="school-resp-talk"]').input_value() == "未见记录"
    assert _veto(page, "school-veto-case", "yes").is_checked()
    assert page.locator('[data-ql-meta="unit.name"]').input_value() == "某某小学"
    assert page.locator('[data-ql-meta="stage"]').input_value() == "复评"
    assert (_out(page, "total"), _out(page, "level")) == ("3", "不予命名")


def test_import_refuses_another_standard(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "qinglian-assess", "standard": "hospital", "scores": {}}), encoding="utf-8")
    page.locator('input[data-ql-action="import"]').set_input_files(str(other))
    page.wait_for_function("document.querySelector('.ql-status').textContent.startsWith('导入失败')")
    assert "hospital" in page.locator(".ql-status").inner_text()


def test_print_view_hides_the_site_chrome_and_the_buttons(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _score(page, "school-resp-study").fill("4")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".ql-toolbar", ".ql-fill", "text=不会上传到任何地方"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator(".ql-card").first.is_visible()
    assert page.locator(".ql-sign").inner_text().split() == ["自评单位（盖章）：", "单位负责人（签字）：填报人（签字）：日期："]
    _shot(page, tmp_path, "assess-print.png")


def test_the_workbook_link_serves_the_xlsx(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    href = page.locator('.md-content a[href$="school.xlsx"]').evaluate("link => link.href")
    assert href == base_url + "assess/school.xlsx"
    response = page.request.get(href)
    assert response.ok
    assert response.body()[:2] == b"PK"


def test_the_form_starts_after_instant_navigation_from_the_unit_page(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url + "units/school/")
    assert page.locator("[data-ql-assess]").count() == 0
    page.locator('.md-content a[href*="assess/school/"]').first.click()
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    page.locator('button.ql-fill[data-id="school-resp-talk"][data-value="4"]').click()
    assert _out(page, "total") == "4"
    page.close()


def test_an_old_answer_sheet_is_read_and_says_what_it_lacks(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "school-自评.json"
    old.write_text(json.dumps({"format": "qinglian-assess", "version": 1, "standard": "school", "edition": "2022 试行",
                               "scores": {"school-resp-study": 5}, "bonus": {}, "notes": {}, "veto": {}}), encoding="utf-8")
    page.locator('input[data-ql-action="import"]').set_input_files(str(old))
    page.wait_for_function("document.querySelector('.ql-status').textContent.startsWith('已导入')")
    assert page.locator(".ql-status").inner_text() == "已导入答卷。答卷没有填写单位名称、填报人、日期，请补填。"
    assert (_score(page, "school-resp-study").input_value(), _out(page, "total")) == ("5", "5")
