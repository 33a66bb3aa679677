"""The 自评表 workbook (its formulas evaluated by the `formulas` library) and the JSON export."""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, assessment_form
from qinglian.assessment.scoring import score
from qinglian.cli import main
from qinglian.core.corpus import Corpus
from qinglian.core.pipeline import read_corpus
from qinglian.export.corpus_json import corpus_document, corpus_json
from qinglian.export.xlsx import HEADERS, SHEET, ZIP_TIME, workbook_bytes

from .conftest import edit

SECOND_DIMENSION = """\
  - id: school-clean
    title: 廉洁文化
    points: 5
    indicators:
      - id: school-clean-edu
        title: 廉洁教育
        requirement: 开展廉洁教育活动。
        points: 3
        responsible: [school-party-org]
      - id: school-clean-culture
        title: 校园廉洁文化
        requirement: 建设校园廉洁文化阵地。
        points: 2
        responsible: [school-party-org]
"""


@pytest.fixture
def big(mini: Path) -> Path:
    """The mini project with two dimensions, three levels and two veto items."""
    unit = "standards/units/school.yaml"
    edit(mini, unit, "total: 10", "total: 15")
    edit(mini, unit, "    - {name: 达标, min: 8}\n", "    - {name: 达标, min: 8}\n    - {name: 合格, min: 6}\n")
    edit(mini, unit, "veto:\n", "veto:\n  - {id: school-veto-fund, text: 发生套取挪用经费问题}\n")
    path = mini / unit
    path.write_text(path.read_text(encoding="utf-8") + SECOND_DIMENSION, encoding="utf-8")
    return mini


@pytest.fixture
def form(big: Path) -> Form:
    return assessment_form(read_corpus(big).get("school"))  # type: ignore[arg-type]


def _find(ws, column: str, value: str, start: int = 1) -> int:  # type: ignore[no-untyped-def]
    for row in range(start, ws.max_row + 1):
        if ws[f"{column}{row}"].value == value:
            return row
    raise AssertionError(f"{value!r} not in column {column}")


def _input_rows(ws, form: Form) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The row of each indicator, bonus and veto item, found as a reader finds them: by their labels."""
    rows: dict[str, int] = {}
    start = 1
    for row in form.rows():
        start = rows[row.id] = _find(ws, "B", f"{row.number}{row.title}", start)
    for kind, items in (("加分项", form.bonus), ("负面清单", form.veto)):
        first = _find(ws, "A", kind, start)
        for offset, item in enumerate(items):
            assert ws[f"B{first + offset}"].value == item.number
            rows[item.id] = first + offset
    return rows


def _evaluate(path: Path) -> dict[str, object]:
    """Every single-cell value of the workbook after recalculation, keyed like 'G12'."""
    import formulas

    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values = {}
    for key, ranges in solution.items():
        cell = key.split("!")[-1]
        if "!" in key and ":" not in cell:
            values[cell] = ranges.value[0][0]
    return values


CASES = [
    ({"school-resp-study": 6, "school-resp-talk": 4, "school-clean-edu": 3, "school-clean-culture": 2}, {}, set()),
    ({"school-resp-study": 5.5, "school-resp-talk": 1.5, "school-clean-edu": 1}, {"school-bonus-model": 0.5}, set()),
    ({"school-resp-study": 4, "school-clean-culture": 0.5}, {"school-bonus-model": 1.5}, set()),
    ({"school-resp-study": 3}, {}, set()),
    ({"school-resp-study": 5, "school-clean-culture": 0.5}, {"school-bonus-model": 0.5}, set()),  # exactly 合格's min
    ({"school-resp-study": 6, "school-resp-talk": 4, "school-clean-edu": 3}, {"school-bonus-model": 2}, {"school-veto-case"}),
]


@pytest.mark.parametrize(("scores", "bonus", "vetoed"), CASES)
def test_workbook_formulas_give_the_same_result_as_the_site(form: Form, tmp_path: Path, scores, bonus, vetoed) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(form)))
    ws = workbook[SHEET]
    rows = _input_rows(ws, form)
    for item_id, value in {**scores, **bonus}.items():
        ws[f"G{rows[item_id]}"] = value
    for item in form.veto:
        ws[f"G{rows[item.id]}"] = "是" if item.id in vetoed else "否"
    workbook.save(tmp_path / "filled.xlsx")
    values = _evaluate(tmp_path / "filled.xlsx")
    expected = score(form, scores, bonus, vetoed)
    subtotal_rows = [_find(ws, "B", "小计", rows[section.rows[-1].id]) for section in form.sections]
    assert [values[f"G{row}"] for row in subtotal_rows] == list(expected.dimensions.values())
    assert values[f"G{_find(ws, 'B', '总分')}"] == expected.total
    assert values[f"G{_find(ws, 'B', '评定等次')}"] == expected.level


def test_the_cases_cover_every_outcome(form: Form) -> None:
    levels = {score(form, *case).level for case in CASES}
    assert levels == {"示范", "达标", "合格", LEVEL_NONE, LEVEL_VETOED}


def test_workbook_has_the_columns_validation_and_print_setup(form: Form) -> None:
    ws = openpyxl.load_workbook(io.BytesIO(workbook_bytes(form)))[SHEET]
    assert [cell.value for cell in ws[3]] == list(HEADERS)
    checks = {}
    for validation in ws.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for (cell,) in ws[cell_range.coord] if ":" in cell_range.coord else ((ws[cell_range.coord],),):
                checks[cell.coordinate] = validation
    rows = _input_rows(ws, form)
    for item in [*form.rows(), *form.bonus]:
        check = checks[f"G{rows[item.id]}"]
        operator = check.operator or "between"  # OOXML's default operator, which XlsxWriter leaves out
        assert (check.type, operator, check.formula1, check.formula2) == ("decimal", "between", "0", str(item.points))
        assert check.showErrorMessage
    for item in form.veto:
        assert checks[f"G{rows[item.id]}"].formula1 == '"是,否"'
        assert ws[f"G{rows[item.id]}"].value == "否"
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    fit_width = ws.page_setup.fitToWidth or 1  # 1 is OOXML's default, left out by XlsxWriter
    assert (fit_width, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0, True)
    assert ws.print_title_rows == "$3:$3"


def test_workbook_bytes_do_not_depend_on_the_clock(form: Form, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1_000_000_000.0)
    first = workbook_bytes(form)
    monkeypatch.setattr(time, "time", lambda: 1_800_000_000.0)
    assert workbook_bytes(form) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        assert b"2000-01-01T00:00:00Z" in archive.read("docProps/core.xml")


# --- JSON export ------------------------------------------------------------------------------


@pytest.fixture
def corpus(big: Path) -> Corpus:
    return read_corpus(big)


def _by_id(document: dict, kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
    found: dict[str, dict] = {}  # type: ignore[type-arg]

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("kind") == kind and "url" in value:
                found[value["id"]] = value
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(document)
    return found


def test_json_has_every_indicator_with_its_display_number(corpus: Corpus) -> None:
    document = json.loads(corpus_json(corpus))
    assert document["format"] == "qinglian-corpus" and document["$comment"] and document["description"]
    indicators = _by_id(document, "indicator")
    assert {key: value["number"] for key, value in indicators.items()} == {
        "school-resp-study": "（一）", "school-resp-talk": "（二）",
        "school-clean-edu": "（一）", "school-clean-culture": "（二）",
    }
    assert [d["number"] for d in document["units"][0]["dimensions"]] == ["一、", "二、"]
    assert indicators["school-resp-study"]["url"] == "units/school/#school-resp-study"
    assert indicators["school-resp-study"]["frequency"] == {"min": 4, "per": "year", "text": "每年不少于4次"}
    assert [s["number"] for s in document["procedures"][0]["steps"]][:2] == ["1.", "2."]


def test_json_links_tasks_and_indicators_both_ways_and_lists_role_duties(corpus: Corpus) -> None:
    document = corpus_document(corpus)
    indicators, tasks = _by_id(document, "indicator"), _by_id(document, "task")
    assert indicators["school-resp-study"]["linked_tasks"] == ["school-list-study"]  # declared on the task
    assert tasks["school-list-talk"]["linked_indicators"] == ["school-resp-talk"]  # declared on the indicator
    roles = {role["id"]: role for role in document["roles"]}
    assert roles["school-secretary"]["duties"]["indicators"] == ["school-resp-talk"]
    assert roles["school-secretary"]["duties"]["tasks_lead"] == ["school-list-talk"]
    assert roles["school-party-org"]["duties"]["tasks_assist"] == ["school-list-talk"]
    assert roles["commission"]["duties"]["steps"] and roles["commission"]["duties"]["procedures"] == ["clue-handover"]
    term = next(t for t in document["terms"] if t["id"] == "sizhe-xietong")
    assert {"id": "school-resp-study", "kind": "indicator", "field": "terms"} in term["referenced_by"]


def test_json_is_deterministic(corpus: Corpus) -> None:
    assert corpus_json(corpus) == corpus_json(corpus)
    assert corpus_json(corpus).endswith("}\n")


# --- the commands -----------------------------------------------------------------------------


def test_export_json_writes_the_file(big: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "corpus.json"
    result = CliRunner().invoke(main, ["export", "json", str(big), "-o", str(target)])
    assert (result.exit_code, result.output) == (0, f"已写入 {target}\n")
    assert json.loads(target.read_text(encoding="utf-8"))["units"][0]["id"] == "school"


def test_export_xlsx_defaults_to_the_only_unit(big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "xlsx", str(big)])
    assert (result.exit_code, result.output) == (0, "已写入 school.xlsx\n")
    assert openpyxl.load_workbook(tmp_path / "school.xlsx")[SHEET]["A1"].value == "清廉学校建设标准自评表"


def test_export_xlsx_names_a_mistyped_unit(big: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "xlsx", "--unit", "schol", str(big), "-o", str(tmp_path / "x.xlsx")])
    assert (result.exit_code, result.output) == (2, "错误: 没有 id 为 'schol' 的单元标准。是否应为 'school'？\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_export_xlsx_asks_which_unit_when_there_are_several(big: Path) -> None:
    unit = (big / "standards/units/school.yaml").read_text(encoding="utf-8")
    copy = unit.replace("id: school\n", "id: college\n", 1).replace("school-", "college-")
    (big / "standards/units/college.yaml").write_text(copy.replace("college-party-org", "school-party-org").replace("college-secretary", "school-secretary").replace("college-list-talk", "school-list-talk"), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "xlsx", str(big)])
    assert (result.exit_code, result.output) == (2, "错误: 标准库中有 2 个单元标准，请用 --unit 指定其一：college、school\n")


def test_compact_site_copy_holds_the_same_document(corpus: Corpus) -> None:
    assert json.loads(corpus_json(corpus, compact=True)) == json.loads(corpus_json(corpus))
    assert "\n " not in corpus_json(corpus, compact=True)
