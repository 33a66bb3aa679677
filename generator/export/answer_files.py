"""Reading answer sheets from files: the 在线自评 page's JSON and filled 自评表 workbooks.

A workbook identifies itself by defined names (QL_STANDARD, QL_EDITION, QL_UNIT_NAME, ...) and
keeps each line's id in a hidden column (`<id>` for a score, `<id>#<n>` for the n-th deduction
rule of a record, bonus and veto ids); the entries are in the 填写 column beside them. Both
kinds become the same `Submission`, with the JSON field or sheet cell of every entry, so that
problems name where they are. Cached formula results are only read for the claimed total.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from qinglian.assessment.answers import FORMAT, VERSION, AnswerSheetError, read_answer_sheet
from qinglian.assessment.checks import UNREADABLE, Problem, Submission
from qinglian.assessment.form import Form

SUFFIXES = (".json", ".xlsx")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _VALUE, _TEXT = f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}t"
_REF = re.compile(r"([A-Z]+)([0-9]+)")
ID_HEADER = "编号"
ENTRY_HEADER = "填写"
# Defined name -> (answer sheet key, unit key or None).
NAMES = {
    "QL_STANDARD": ("standard", None), "QL_EDITION": ("edition", None), "QL_STAGE": ("stage", None),
    "QL_ASSESSOR": ("assessor", None), "QL_DATE": ("date", None), "QL_UNIT_NAME": ("unit", "name"),
    "QL_UNIT_CODE": ("unit", "code"), "QL_REGION": ("unit", "region"), "QL_CATEGORY": ("unit", "category"),
}


def answer_paths(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    """(name shown, path) of every .json and .xlsx file given or inside a folder given, sorted."""
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            for inner in path.rglob("*"):
                if inner.is_file() and inner.suffix.lower() in SUFFIXES and not inner.name.startswith(("~$", ".")):
                    found[inner.as_posix()] = inner
        else:
            found[path.as_posix()] = path
    return sorted(found.items())


def _json_locations(data: dict[str, Any]) -> dict[str, str]:
    where = {name: name for name in ("standard", "edition", "stage", "assessor", "date")}
    where["unit"] = "unit.name"
    where["total"] = "result.total"
    for key in data.get("scores") or {}:
        where[f"score:{key}"] = f"scores.{key}"
    for key, values in (data.get("deductions") or {}).items():
        for index in range(len(values) if isinstance(values, list) else 0):
            where[f"deduction:{key}#{index + 1}"] = f"deductions.{key}[{index}]"
    for kind, field in (("bonus", "bonus"), ("veto", "veto")):
        for key in data.get(field) or {}:
            where[f"{kind}:{key}"] = f"{field}.{key}"
    return where


def read_json(name: str, path: Path) -> Submission:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise AnswerSheetError("文件不是 UTF-8 编码的文本") from None
    except json.JSONDecodeError as error:
        raise AnswerSheetError(f"JSON 格式错误（第 {error.lineno} 行第 {error.colno} 列）：{error.msg}") from None
    sheet = read_answer_sheet(data)
    return Submission(name, sheet, _json_locations(data) if isinstance(data, dict) else {})


def _cell_value(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        return {"是": True, "否": False}.get(text, text) if text else None
    return value


Cells = dict[tuple[int, str], object]  # (row, column letters) -> value


def _sheet_cells(xml: bytes, strings: Any) -> Cells:
    """Every cell's value in a worksheet part: text, number, or bool (errors as their text).

    Reading values only (no styles, validations or formatting) is what keeps 1,000 sheets fast;
    a date comes as its serial number and is converted where a date is expected."""
    cells: Cells = {}
    for _, element in ElementTree.iterparse(io.BytesIO(xml)):
        if element.tag != _CELL:
            continue
        match = _REF.fullmatch(element.get("r", ""))
        kind, value = element.get("t", "n"), element.findtext(_VALUE)
        found: object
        if kind == "inlineStr":
            found = "".join(text.text or "" for text in element.iter(_TEXT))
        elif not value:  # blank, or a formula without a cached value
            found = None
        elif kind == "s":
            found = str(strings[int(value)])
        elif kind in ("str", "e"):
            found = value
        elif kind == "b":
            found = value == "1"
        else:
            found = float(value) if any(c in value for c in ".eE") else int(value)
        if match and found is not None:
            cells[(int(match[2]), match[1])] = found
        element.clear()
    return cells


def read_workbook(name: str, path: Path, form: Form) -> Submission:
    """A filled 自评表: openpyxl reads the package, its shared strings and defined names; the
    sheet's cells are read as values only."""
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(str(path), read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise AnswerSheetError(f"无法作为 Excel 工作簿打开（{type(error).__name__}）") from None
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        places: dict[str, tuple[str, str]] = {}
        for key, defined in reader.parser.defined_names.by_sheet().get("global", {}).items():
            for sheet, cells in defined.destinations:
                places[key] = (sheet, cells.replace("$", "").split(":")[0])
        targets = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
        if "QL_STANDARD" not in places:
            raise AnswerSheetError("工作簿没有标准编号（QL_STANDARD），不是本系统生成的自评表")
        sheet_name = places["QL_STANDARD"][0]
        cells = _sheet_cells(reader.archive.read(targets[sheet_name].lstrip("/")), reader.shared_strings)
    except AnswerSheetError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, ElementTree.ParseError) as error:
        raise AnswerSheetError(f"无法作为 Excel 工作簿读取（{type(error).__name__}）") from None
    finally:
        reader.archive.close()
    return _workbook_submission(name, places, sheet_name, cells, form)


def _text(value: object, date: bool = False) -> str:
    if value is None:
        return ""
    if date and isinstance(value, (int, float)) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel

        return str(from_excel(value).date().isoformat())
    return str(value).strip()


def _workbook_submission(name: str, places: dict[str, tuple[str, str]], sheet_name: str, cells: Cells,
                         form: Form) -> Submission:
    def value(cell: str) -> object:
        match = _REF.fullmatch(cell)
        return cells.get((int(match[2]), match[1])) if match else None

    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "unit": {}, "scores": {}, "deductions": {},
                            "bonus": {}, "veto": {}}
    where: dict[str, str] = {}
    for defined, (key, unit_key) in NAMES.items():
        if defined in places:
            cell = places[defined][1]
            (data["unit"] if unit_key else data)[unit_key or key] = _text(value(cell), defined == "QL_DATE")
            where["unit" if unit_key == "name" else key] = f"{sheet_name}!{cell}"
    if "QL_TOTAL" in places:
        data["result"] = {"total": value(places["QL_TOTAL"][1])}
        where["total"] = f"{sheet_name}!{places['QL_TOTAL'][1]}"
    _entries(cells, sheet_name, form, data, where)
    return Submission(name, read_answer_sheet(data), where)


def _header(cells: Cells) -> tuple[int, str, str]:
    """(header row, id column, entry column) found by their header texts."""
    rows: dict[int, dict[object, str]] = {}
    for (row, column), found in cells.items():
        rows.setdefault(row, {})[found] = column
    for row in sorted(rows):
        if ID_HEADER in rows[row] and ENTRY_HEADER in rows[row]:
            return row, rows[row][ID_HEADER], rows[row][ENTRY_HEADER]
    raise AnswerSheetError(f"工作簿中找不到“{ID_HEADER}”和“{ENTRY_HEADER}”列")


def _entries(cells: Cells, sheet: str, form: Form, data: dict[str, Any], where: dict[str, str]) -> None:
    header, id_column, entry_column = _header(cells)
    bonus = {item.id for item in form.bonus}
    veto = {item.id for item in form.veto}
    for row in sorted(row for row, column in cells if column == id_column and row > header):
        record_id = cells[(row, id_column)]
        if not isinstance(record_id, str) or not record_id.strip():
            continue
        record_id = record_id.strip()
        entry = _cell_value(cells.get((row, entry_column)))
        cell = f"{sheet}!{entry_column}{row}"
        if "#" in record_id:
            base, number = record_id.rsplit("#", 1)
            entries = data["deductions"].setdefault(base, [])
            position = int(number) if number.isdigit() else 0
            entries.extend([None] * (position - len(entries)))
            if position:
                entries[position - 1] = entry
                where[f"deduction:{base}#{position}"] = cell
        elif record_id in veto:
            data["veto"][record_id] = entry is True
            where[f"veto:{record_id}"] = cell
        elif record_id in bonus:
            if entry is not None:
                data["bonus"][record_id] = entry
            where[f"bonus:{record_id}"] = cell
        elif entry is not None:
            data["scores"][record_id] = entry
            where[f"score:{record_id}"] = cell


def read_answer_files(paths: Iterable[Path], form: Form) -> tuple[list[Submission], list[Problem]]:
    """Every answer sheet under `paths`, and a problem for each file that cannot be read as one."""
    submissions, problems = [], []
    for name, path in answer_paths(paths):
        try:
            if path.suffix.lower() == ".xlsx":
                submissions.append(read_workbook(name, path, form))
            elif path.suffix.lower() == ".json":
                submissions.append(read_json(name, path))
            else:
                raise AnswerSheetError("只能读取 .json 答卷和 .xlsx 自评表")
        except AnswerSheetError as error:
            problems.append(Problem(name, "", UNREADABLE, str(error)))
        except OSError as error:
            problems.append(Problem(name, "", UNREADABLE, f"无法读取文件（{error.strerror or type(error).__name__}）"))
    return submissions, problems
