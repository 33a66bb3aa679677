"""The 在线自评 page of a v2 standard in Chromium: items, counts, amounts and ticks, vetoes with
bars, a non-passing level; who filled it in; phones; names of controls; what is announced.

Set QINGLIAN_SCREENSHOT_DIR to keep the screenshots (1280 and 390 px) for a look.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from qinglian.assessment.answers import missing_fields, read_answer_sheet
from qinglian.assessment.form import Form, assessment_form
from qinglian.assessment.scoring import Answer, Answers, evaluate
from qinglian.core.numbers import format_number
from qinglian.core.pipeline import read_corpus

from .conftest import FIXTURES, build_fixture_site, keep_screenshot, serve_folder

pytestmark = pytest.mark.browser
UNIT = "village-index"


@pytest.fixture(scope="module")
def form() -> Form:
    return assessment_form(read_corpus(FIXTURES / "v2").get(UNIT))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_folder(build_fixture_site(tmp_path_factory.mktemp("v2-site"), "v2")) as url:
        yield url


def _open(browser, base_url: str, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    context = browser.new_context(accept_downloads=True, viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(base_url + f"assess/{UNIT}/")
    page.wait_for_selector("[data-ql-assess][data-ql-ready]")
    return page


@pytest.fixture
def page(browser, base_url: str):  # type: ignore[no-untyped-def]
    page = _open(browser, base_url)
    yield page
    errors = page.errors
    page.context.close()
    assert errors == [], errors


def _out(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'output[data-ql="{name}"]').inner_text()


def _record(page, record_id: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f'output[data-ql-record="{record_id}"]').inner_text()


def _deduct(page, record_id: str, rule: int):  # type: ignore[no-untyped-def]
    return page.locator(f'input.ql-deduct[data-id="{record_id}"][data-rule="{rule}"]')


def _enter(page, record_id: str, rule: int, value: str) -> None:  # type: ignore[no-untyped-def]
    field = _deduct(page, record_id, rule)
    field.fill(value)
    field.press("Tab")  # a committed change: the field shows the value that counts


def _shot(page, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    keep_screenshot(path)
    assert path.stat().st_size > 10_000


def test_counts_amounts_and_ticks_score_like_the_reference(page, form: Form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert (_out(page, "total"), _out(page, "level")) == ("95", "—")  # 扣分制: full marks, but no level yet
    _enter(page, "village-gov-affairs-finance", 0, "2")
    _enter(page, "village-gov-affairs-finance", 1, "0.7")
    _enter(page, "village-gov-affairs-major", 0, "7")
    _enter(page, "village-gov-assets", 0, "0.2")
    _enter(page, "village-culture-place", 0, "1.9")
    page.locator('input.ql-score[data-id="village-sup-committee-report"]').fill("4.5")
    _enter(page, "village-sup-committee-ledger", 0, "9")
    assert [_deduct(page, i, r).input_value() for i, r in (("village-gov-assets", 0), ("village-culture-place", 0), ("village-sup-committee-ledger", 0))] == ["1", "1", "6.5"]
    expected = evaluate(form, Answers({
        "village-gov-affairs-finance": Answer(deductions=(2, "0.7")),
        "village-gov-affairs-major": Answer(deductions=(7,)),
        "village-gov-assets": Answer(deductions=("0.2",)),
        "village-culture-place": Answer(deductions=("1.9",)),
        "village-sup-committee-report": Answer(score="4.5"),
        "village-sup-committee-ledger": Answer(deductions=(9,)),
    }))
    for record_id, value in expected.records.items():
        assert _record(page, record_id) == format_number(value), record_id
    assert (_out(page, "total"), _out(page, "level"), _out(page, "answered")) == ("82.8", "达标村", "4")
    page.locator('input.ql-deduct[data-id="village-gov-affairs"][data-rule="0"]').check()
    assert (_record(page, "village-gov-affairs"), _out(page, "total")) == ("0", "79.5")
    _shot(page, "assess-v2-filled-1280.png", tmp_path)


def test_a_non_passing_level_is_shown_as_not_named_and_bars_rule_out_only_their_levels(page) -> None:  # type: ignore[no-untyped-def]
    page.locator('button.ql-fill[data-id="village-sup-petition"][data-value="10"]').click()
    assert _out(page, "level") == "示范村"
    page.locator('input.ql-veto[data-id="village-veto-petition"][value="yes"]').check()
    assert _out(page, "level") == "达标村"  # barred from 示范村 only
    page.locator('input.ql-veto[data-id="village-veto-case"][value="yes"]').check()
    assert _out(page, "level") == "不予命名"
    page.locator('input.ql-veto[data-id="village-veto-case"][value="no"]').check()
    page.locator('input.ql-veto[data-id="village-veto-petition"][value="no"]').check()
    for record_id in ("village-gov-decision", "village-gov-assets"):
        page.locator(f'button.ql-fill[data-id="{record_id}"][data-value="0"]').click()
    assert (_out(page, "total"), _out(page, "level")) == ("65", "不达标（不予命名）")
    assert "ql-vetoed" in page.locator("[data-ql-assess]").get_attribute("class")


def test_the_export_says_who_filled_it_in_and_scores_alike_in_python(page, form: Form, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for key, value in (("unit.name", "东村/西组"), ("unit.code", "330100-001"), ("unit.region", "某县"),
                       ("unit.category", "行政村"), ("assessor", "王五"), ("date", "2024-07-01")):
        page.locator(f'[data-ql-meta="{key}"]').fill(value)
    page.locator('[data-ql-meta="stage"]').select_option("实地查验")
    _enter(page, "village-gov-affairs-finance", 1, "1.25")
    page.locator('input.ql-deduct[data-id="village-gov-affairs-review"][data-rule="0"]').check()
    page.locator('input.ql-bonus[data-id="village-bonus-other"]').fill("2.5")
    with page.expect_download() as download:
        page.locator('button[data-ql-action="export"]').click()
    assert download.value.suggested_filename == "东村_西组-清廉村居建设评价指标体系（示例）-2024-07-01.json"
    exported = tmp_path / "answers.json"
    download.value.save_as(str(exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["deductions"] == {"village-gov-affairs-finance": [None, 1.25], "village-gov-affairs-review": [True]}
    sheet = read_answer_sheet(data)
    assert (sheet.standard, sheet.edition, sheet.stage, sheet.assessor, sheet.date) == (UNIT, "2024 版", "实地查验", "王五", "2024-07-01")
    assert (sheet.unit.name, sheet.unit.code, sheet.unit.region, sheet.unit.category) == ("东村/西组", "330100-001", "某县", "行政村")
    assert missing_fields(sheet) == []
    result = evaluate(form, sheet.answers)
    assert data["result"] == {"base": 91.25, "bonus": 2.5, "total": 93.75, "level": "示范村", "named": True}
    assert (result.base, result.bonus, result.total, result.level) == (91.25, 2.5, 93.75, "示范村")


def test_on_a_phone_each_indicator_is_a_card_and_nothing_hides_under_the_score_bar(browser, base_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _open(browser, base_url, 390, 844)
    wide = page.locator(".md-content *").evaluate_all("els => els.filter(el => el.getBoundingClientRect().right > 390.5).length")
    assert wide == 0  # nothing of the page's content reaches past the screen's edge
    sizes = page.locator(".ql-assess input:not([type=radio]):not([type=checkbox]):not([type=file]), .ql-assess select, .ql-assess textarea").evaluate_all(
        "els => els.map(el => parseFloat(getComputedStyle(el).fontSize))")
    assert sizes and min(sizes) >= 16
    widths = page.locator(".ql-card").evaluate_all("els => els.map(el => el.getBoundingClientRect().width)")
    assert min(widths) > 300  # a card per indicator across the screen, not a squeezed table column
    covered = page.locator(".ql-assess input:not([type=file]), .ql-assess button, .ql-assess textarea").evaluate_all("""els => els.filter(el => {
        el.focus();
        const box = el.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
        const hit = document.elementFromPoint(x, y);
        return !(hit === el || el.contains(hit) || (hit && hit.control === el) || (hit && hit.closest('label') && hit.closest('label').contains(el)));
      }).map(el => el.outerHTML.slice(0, 90))""")
    assert covered == []
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "assess-v2-phone-390.png", tmp_path)
    page.context.close()


def test_every_control_is_named_with_its_indicator(page) -> None:  # type: ignore[no-untyped-def]
    names = {
        ("spinbutton", "1 村级财务收支按季度公开，公开内容完整（4.5分） 自评得分"),
        ("spinbutton", "1 村级财务收支按季度公开，公开内容完整（4.5分） 每少公开1次扣1.5分 次数"),
        ("spinbutton", "1 村级财务收支按季度公开，公开内容完整（4.5分） 公开内容不全，酌情扣0.5–1.5分 扣分"),
        ("checkbox", "（一）村务公开（10分） 公开栏半年以上未更新，本项不得分"),
        ("button", "满分 （二）“四议两公开”（15分）"),
        ("button", "0分 （二）“四议两公开”（15分）"),
        ("textbox", "（二）“四议两公开”（15分） 扣分说明"),
        ("radio", "2. 发生群体性越级上访并造成不良影响（不得评为示范村） 是"),
        ("textbox", "单位名称"),
    }
    for role, name in names:
        assert page.get_by_role(role, name=name, exact=True).count() == 1, (role, name)
    unnamed = page.locator(".ql-assess input, .ql-assess button, .ql-assess select, .ql-assess textarea").evaluate_all(
        """els => els.filter(el => {
          const ids = (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
          const text = el.tagName === 'BUTTON' && el.textContent.trim();
          return !(text || el.getAttribute('aria-label') || el.closest('label') || (ids.length && ids.every(id => document.getElementById(id))));
        }).map(el => el.outerHTML.slice(0, 90))""")
    assert unnamed == []


def test_typing_is_not_announced_a_committed_change_is(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator(".ql-summary").get_attribute("aria-live") is None
    field = page.locator('input.ql-score[data-id="village-sup-committee-report"]')
    field.press_sequentially("3.5")
    assert _out(page, "total") == "98.5"  # the numbers follow the typing
    assert page.locator(".ql-live").inner_text() == ""  # but nothing was announced
    field.press("Tab")
    assert page.locator(".ql-live").inner_text() == "总分 98.5 分，等次 示范村"


def test_the_printout_has_the_filled_in_fields_and_signature_lines_but_no_help(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.locator('[data-ql-meta="unit.name"]').fill("东村")
    page.emulate_media(media="print")
    assert page.locator('[data-ql-meta="unit.name"]').is_visible()
    assert page.locator(".ql-sign").is_visible()
    for hidden in ("text=不会上传到任何地方", ".ql-toolbar", ".ql-fill", ".md-header"):
        assert not page.locator(hidden).first.is_visible(), hidden
    pdf = tmp_path / "assess-print.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 10_000


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_on_the_filled_in_form(browser, base_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    page = _open(browser, base_url, width, 844)
    _enter(page, "village-gov-affairs-finance", 0, "1")
    page.locator('input.ql-veto[data-id="village-veto-case"][value="yes"]').check()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
    found = Axe().run(page, context={"include": [".md-content"]}, options=options).response["violations"]
    assert [(v["id"], [" ".join(n["target"]) for n in v["nodes"][:3]]) for v in found] == []
    page.context.close()
