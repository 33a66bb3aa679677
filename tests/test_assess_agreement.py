"""One result for one set of answers: random v2 standards scored by the Python reference, by the
online form's script in Chromium and by the workbook's formulas (recalculated by the `formulas`
library and by LibreOffice) agree exactly, to the cent, with the same level and naming."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qinglian.assessment.answers import AnswerSheet, answer_sheet_json, read_answer_sheet
from qinglian.assessment.form import Form, assessment_form
from qinglian.assessment.scoring import Answers, Result, evaluate
from qinglian.core.numbers import format_number
from qinglian.export.xlsx import workbook_bytes

from .conftest import CELL_ENTRY, TEXT_ENTRY, answer_sets, fill_workbook, libreoffice, unit_standards, workbook_result


def summary(result: Result) -> dict[str, object]:
    """A result as text, exactly: every record, dimension, bonus, total, level and naming."""
    def text(value: Decimal) -> str:
        return format_number(value)

    return {
        "records": {key: text(value) for key, value in sorted(result.records.items())},
        "dimensions": {key: text(value) for key, value in sorted(result.dimensions.items())},
        "base": text(result.base), "bonus": text(result.bonus), "total": text(result.total),
        "level": result.level, "named": result.named,
    }


def sheet_json(form: Form, answers: Answers) -> dict[str, object]:
    """The answers as the page exports them, through JSON text (what a file holds)."""
    sheet = AnswerSheet(standard=form.unit_id, edition=form.edition, answers=answers)
    return json.loads(json.dumps(answer_sheet_json(sheet, form)))


@st.composite
def cases(draw: st.DrawFn, entry: st.SearchStrategy[object]) -> tuple[Form, Answers]:
    form = assessment_form(draw(unit_standards()))
    return form, draw(answer_sets(form, entry))


@settings(max_examples=60, deadline=None)
@given(cases(TEXT_ENTRY))
def test_an_answer_sheet_read_back_scores_as_the_answers(case: tuple[Form, Answers]) -> None:
    form, answers = case
    assert evaluate(form, read_answer_sheet(sheet_json(form, answers)).answers) == evaluate(form, answers)


# --- the online form's script in Chromium ---------------------------------------------------------

JS_SUMMARY = """([data, answers]) => {
  const s = window.qinglianScore, r = s.evaluate(data, answers), text = {};
  const map = (values) => Object.fromEntries(Object.keys(values).sort().map((k) => [k, s.text(values[k])]));
  return {records: map(r.records), dimensions: map(r.dimensions), base: s.text(r.base), bonus: s.text(r.bonus),
          total: s.text(r.total), level: r.level, named: r.named};
}"""


@pytest.fixture(scope="module")
def score_page(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A blank page with the form's scoring script, as the site ships it."""
    page = browser.new_page()
    page.set_content("<!doctype html><title>计分</title>")
    script = resources.files("qinglian").joinpath("assets", "qinglian", "assess-score.js").read_text(encoding="utf-8")
    page.add_script_tag(content=script)
    yield page
    page.close()


@pytest.mark.browser
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases(TEXT_ENTRY))
def test_the_online_form_scores_as_the_reference(score_page, case: tuple[Form, Answers]) -> None:  # type: ignore[no-untyped-def]
    form, answers = case
    online = score_page.evaluate(JS_SUMMARY, [form.as_json(), sheet_json(form, answers)])
    assert online == summary(evaluate(form, answers))


@pytest.mark.browser
def test_the_script_reads_entries_to_the_cent_like_the_reference(score_page) -> None:  # type: ignore[no-untyped-def]
    from qinglian.assessment.scoring import decimal

    entries = ["1.5", " 2 ", "0.125", "1.005", "-0.125", "2e0", "1.5e-1", "0.005", "0.0049", ".5", "5.", "+3",
               "", "abc", "1,5", "1_0", "１", "NaN", "Infinity", "1e400", 0.1, 2.675, -3, 1e16, True, None]
    cents = score_page.evaluate("(xs) => xs.map((x) => { const c = window.qinglianScore.cents(x); "
                                "return c === null ? null : c === Infinity ? 'huge' : window.qinglianScore.text(c); })", entries)
    expected = []
    for entry in entries:
        value = decimal(entry)  # type: ignore[arg-type]
        expected.append(None if value is None else "huge" if value >= 10**16 else format_number(value))
    assert cents == expected


# --- the workbook, recalculated -------------------------------------------------------------------


def _reader(book) -> tuple[object, dict[str, int], int]:  # type: ignore[no-untyped-def]
    """(values, ids, last row) of an openpyxl workbook loaded with its cached values."""
    sheet = book["自评表"]
    names = {name: book.defined_names[name].attr_text.split("!")[1].replace("$", "") for name in book.defined_names}
    ids = {sheet[f"J{row}"].value: row for row in range(7, sheet.max_row + 1) if sheet[f"J{row}"].value}
    return (lambda cell: sheet[names.get(cell, cell)].value), ids, sheet.max_row


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases(CELL_ENTRY))
def test_the_workbook_recalculated_by_formulas_scores_as_the_reference(case: tuple[Form, Answers], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    import formulas
    import openpyxl

    form, answers = case
    path = tmp_path_factory.mktemp("formulas") / "filled.xlsx"
    path.write_bytes(fill_workbook(workbook_bytes(form), form, answers))
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    computed = {key.split("!")[-1]: value.value[0][0] for key, value in solution.items() if "!" in key and ":" not in key.split("!")[-1]}
    book = openpyxl.load_workbook(path)
    cells, ids, last = _reader(book)

    def values(cell: str) -> object:
        name = book.defined_names.get(cell)
        address = name.attr_text.split("!")[1].replace("$", "") if name else cell
        return computed.get(address, cells(address))

    assert workbook_result(values, ids, last, form) == summary(evaluate(form, answers))


@pytest.mark.libreoffice
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(cases(CELL_ENTRY), min_size=10, max_size=10))
def test_the_workbook_recalculated_by_libreoffice_scores_as_the_reference(soffice: str, batch, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    folder = tmp_path_factory.mktemp("libreoffice")
    files = []
    for index, (form, answers) in enumerate(batch):
        files.append(folder / f"filled-{index}.xlsx")
        files[-1].write_bytes(fill_workbook(workbook_bytes(form), form, answers))
    for (form, answers), path in zip(batch, libreoffice(files, folder / "out"), strict=True):
        values, ids, last = _reader(openpyxl.load_workbook(path, data_only=True))
        assert workbook_result(values, ids, last, form) == summary(evaluate(form, answers)), path.name
