"""The 自评表 workbook: it identifies itself, shows the right result before anything is entered,
scores and clamps like the online form, flags entries out of range, and prints every text whole
(row heights computed, checked in LibreOffice's PDF). Agreement on random standards:
test_assess_agreement.py."""

from __future__ import annotations

import io
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from qinglian.assessment.form import Form, assessment_form
from qinglian.assessment.scoring import Answer, Answers, evaluate
from qinglian.core.numbers import format_number
from qinglian.core.pipeline import read_corpus
from qinglian.export.xlsx import HEADER_ROW, SHEET, ZIP_TIME, workbook_bytes
from qinglian.export.xlsx_sheet import HEADERS

from .conftest import FIXTURES, ROOT, fill_workbook, libreoffice, workbook_result


@pytest.fixture(scope="module")
def form() -> Form:
    return assessment_form(read_corpus(FIXTURES / "v2").get("village-index"))  # type: ignore[arg-type]


def _sheet(data: bytes, values: bool = False):  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=values)
    return book, book[SHEET]


def _ids(ws) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {ws[f"J{row}"].value: row for row in range(HEADER_ROW + 1, ws.max_row + 1) if ws[f"J{row}"].value}


def _named(book, name: str) -> str:  # type: ignore[no-untyped-def]
    return book.defined_names[name].attr_text.split("!")[1].replace("$", "")


def _recalculate(data: bytes, tmp_path: Path) -> dict[str, object]:
    """Every single cell of the sheet after recalculation by the `formulas` library, keyed 'H12'."""
    import formulas

    path = tmp_path / "filled.xlsx"
    path.write_bytes(data)
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    return {key.split("!")[-1]: value.value[0][0] for key, value in solution.items() if "!" in key and ":" not in key.split("!")[-1]}


def test_the_workbook_identifies_itself(form: Form) -> None:
    data = workbook_bytes(form)
    book, ws = _sheet(data)
    cells = {name: _named(book, name) for name in book.defined_names}
    assert {name: ws[cell].value for name, cell in cells.items() if name in ("QL_STAGE", "QL_STANDARD", "QL_EDITION")} == {
        "QL_STAGE": "自评", "QL_STANDARD": "village-index", "QL_EDITION": "2024 版"}
    labels = {name: ws.cell(ws[cell].row, ws[cell].column - 1).value for name, cell in cells.items() if ws[cell].row <= 4}
    assert labels == {"QL_UNIT_NAME": "单位名称", "QL_UNIT_CODE": "单位代码", "QL_REGION": "地区", "QL_CATEGORY": "类别",
                      "QL_STAGE": "评价阶段", "QL_ASSESSOR": "填报人", "QL_DATE": "日期", "QL_STANDARD": "标准编号", "QL_EDITION": "版次"}
    assert [cell.value for cell in ws[HEADER_ROW]] == list(HEADERS)
    assert ws.column_dimensions["J"].hidden
    ids = _ids(ws)
    expected = [record for row in form.rows() for record in (row, *row.parts)]
    assert [key for key in ids if "#" not in key and key.startswith("village-") and "bonus" not in key and "veto" not in key] == [r.id for r in expected]
    assert ws[f"C{ids['village-gov-affairs-finance#2']}"].value == "公开内容不全，酌情扣0.5–1.5分"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = archive.read("docProps/custom.xml").decode()
    for name, value in (("qinglian_format", "qinglian-assess-xlsx"), ("qinglian_standard", "village-index"), ("qinglian_edition", "2024 版")):
        assert re.search(f'name="{name}"><vt:lpwstr>{value}</vt:lpwstr>', custom), name


def test_the_blank_workbook_shows_the_reference_result_in_every_formula(form: Form) -> None:
    book, ws = _sheet(workbook_bytes(form), values=True)
    blank = evaluate(form, Answers())
    ids = _ids(ws)
    assert {key: ws[f"H{ids[key]}"].value for key in blank.records} == {key: float(value) for key, value in blank.records.items()}
    assert [ws[_named(book, name)].value for name in ("QL_BASE", "QL_BONUS", "QL_TOTAL", "QL_LEVEL", "QL_NAMED")] == [95, 0, 95, "示范村", "是"]
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(form))) as archive:
        cells = re.findall(r"<c [^>]*>(?:(?!</c>).)*<f>(?:(?!</c>).)*</c>", archive.read("xl/worksheets/sheet1.xml").decode())
    assert len(cells) > 40 and all("<v>" in cell for cell in cells)  # a cached value for every formula


def _result(data: bytes, form: Form, tmp_path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """(every recalculated cell, the result as read from the sheet) of a filled workbook."""
    values = _recalculate(data, tmp_path)
    book, ws = _sheet(data)

    def value(cell: str) -> object:
        address = _named(book, cell) if cell in book.defined_names else cell
        return values.get(address, ws[address].value)

    return values, workbook_result(value, _ids(ws), ws.max_row, form)


def test_entries_out_of_range_are_clamped_like_the_online_form_and_flagged(form: Form, tmp_path: Path) -> None:
    answers = Answers({
        "village-sup-committee-report": Answer(score=7),  # 5 points: counts as 5, as the page caps it
        "village-gov-assets": Answer(deductions=(0.2, 1.5)),  # below the range: 1; a count of 1.5 counts once
        "village-sup-petition": Answer(deductions=("无",)),  # text: blank
    }, frozenset({"village-veto-petition"}), {"village-bonus-other": 9})
    data = fill_workbook(workbook_bytes(form), form, answers)
    values, result = _result(data, form, tmp_path)
    reference = evaluate(form, answers)
    assert (result["total"], result["level"]) == (format_number(reference.total), reference.level) == ("97", "达标村")
    _, ws = _sheet(data)
    ids = _ids(ws)
    assert (values[f"H{ids['village-sup-committee-report']}"], values[f"H{ids['village-gov-assets#1']}"]) == (5, 1)
    flags = {str(rule.sqref): rule.rules[0].formula[0] for rule in ws.conditional_formatting}
    row = ids["village-sup-committee-report"]
    assert flags[f"G{row}"] == f'IF(ISNUMBER(G{row}),OR(G{row}<0,G{row}>D{row}),G{row}<>"")'
    row = ids["village-gov-assets#1"]
    assert flags[f"G{row}"] == f'IF(ISNUMBER(G{row}),OR(G{row}<0,G{row}>5,AND(G{row}>0,G{row}<1)),G{row}<>"")'
    scored_by_items = {row.id for row in form.rows() if row.parts}
    assert set(flags) == {f"G{row}" for key, row in ids.items() if key not in scored_by_items}  # every entry cell


def test_rows_are_as_high_as_their_text(form: Form) -> None:
    _, ws = _sheet(workbook_bytes(form))
    ids = _ids(ws)
    decision = ids["village-gov-decision"]  # a requirement of five lines
    assert ws.row_dimensions[decision].height >= 5 * 15
    assert ws.row_dimensions[ids["village-gov-affairs-finance#1"]].height < 2 * 15
    heights = [ws.row_dimensions[row].height for row in range(2, ws.max_row + 1)]
    assert None not in heights and min(heights) >= 18


def test_workbook_bytes_do_not_depend_on_the_clock(form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_000_000_000.0)
    first = workbook_bytes(form)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    assert workbook_bytes(form) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_print_setup_is_a4_landscape_one_page_wide_without_the_id_column(form: Form) -> None:
    _, ws = _sheet(workbook_bytes(form))
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    fit_width = ws.page_setup.fitToWidth or 1  # 1 is OOXML's default, left out by XlsxWriter
    assert (fit_width, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.print_area == f"'{SHEET}'!$A$1:$I${ws.max_row}"


@pytest.mark.libreoffice
def test_libreoffice_prints_every_text_whole(soffice: str, tmp_path: Path) -> None:
    """In LibreOffice's PDF of each workbook (v2 fixture and default content) every indicator,
    requirement, rule and level text appears in full: nothing is cut off by a row too low."""
    from pypdf import PdfReader

    forms = [assessment_form(read_corpus(FIXTURES / "v2").get("village-index")),  # type: ignore[arg-type]
             *(assessment_form(unit) for unit in read_corpus(ROOT).units)]
    files = []
    for form in forms:
        files.append(tmp_path / f"{form.unit_id}.xlsx")
        files[-1].write_bytes(workbook_bytes(form))
    for form, pdf in zip(forms, libreoffice(files, tmp_path / "pdf", "pdf"), strict=True):
        text = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(pdf).pages))
        _, ws = _sheet((tmp_path / f"{form.unit_id}.xlsx").read_bytes())
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_col=9):
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    assert re.sub(r"\s+", "", cell.value) in text, (form.unit_id, cell.coordinate, cell.value)


def test_amounts_are_exact_decimals(form: Form, tmp_path: Path) -> None:
    answers = Answers({"village-gov-affairs-finance": Answer(deductions=(1, 1.1)),  # 4.5 - 1.5 - 1.1 is 1.9000000000000004 in floats
                       "village-sup-committee-report": Answer(score=0.3)})
    data = fill_workbook(workbook_bytes(form), form, answers)
    values, result = _result(data, form, tmp_path)
    _, ws = _sheet(data)
    assert result["total"] == format_number(evaluate(form, answers).total) == "92.7"
    assert Decimal(repr(values[f"H{_ids(ws)['village-gov-affairs-finance']}"])) == Decimal("1.9")
