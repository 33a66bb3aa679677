"""Reading answer sheets from files: the 在线自评 page's JSON and filled 自评表 workbooks.

A workbook identifies itself by defined names (QL_STANDARD, QL_EDITION, QL_UNIT_NAME, ...) and
keeps each line's id in a hidden column (`<id>` for a score, `<id>#<n>` for the n-th deduction
rule of a record, bonus and veto ids); the entries are in the 填写 column beside them. Both
kinds become the same `Submission`, with the JSON field or sheet cell of every entry, so that
problems name where they are. Cached formula results are only read for the claimed total.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from qinglian.assessment.answers import FORMAT, VERSION, AnswerSheetError, read_answer_sheet
from qinglian.assessment.checks import UNREADABLE, Problem, Submission
from qinglian.assessment.form import Form

SUFFIXES = (".json", ".xlsx")
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


def _defined(workbook: Any) -> dict[str, tuple[str, str]]:
    """Defined name -> (sheet, cell) for the single-cell names the workbook has."""
    found = {}
    for name, defined in workbook.defined_names.items():
        for sheet, cells in defined.destinations:
            found[name] = (sheet, cells.replace("$", "").split(":")[0])
    return found


def read_workbook(name: str, path: Path, form: Form) -> Submission:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise AnswerSheetError(f"无法作为 Excel 工作簿打开（{type(error).__name__}）") from None
    try:
        return _workbook_submission(name, workbook, form)
    finally:
        workbook.close()


def _workbook_submission(name: str, workbook: Any, form: Form) -> Submission:
    names = _defined(workbook)
    if "QL_STANDARD" not in names:
        raise AnswerSheetError("工作簿没有标准编号（QL_STANDARD），不是本系统生成的自评表")
    sheet_name = names["QL_STANDARD"][0]
    ws = workbook[sheet_name]
    rows = list(ws.iter_rows(values_only=True))

    def value(cell: str) -> object:
        column = ord(cell[0]) - ord("A")
        row = int(cell[1:]) - 1
        return rows[row][column] if row < len(rows) and column < len(rows[row]) else None

    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "unit": {}, "scores": {}, "deductions": {},
                            "bonus": {}, "veto": {}}
    where: dict[str, str] = {}
    for defined, (key, unit_key) in NAMES.items():
        if defined in names:
            text = value(names[defined][1])
            text = "" if text is None else str(text.date() if hasattr(text, "date") else text).strip()
            (data["unit"] if unit_key else data)[unit_key or key] = text
            where["unit" if unit_key == "name" else key] = f"{sheet_name}!{names[defined][1]}"
    if "QL_TOTAL" in names:
        data["result"] = {"total": value(names["QL_TOTAL"][1])}
        where["total"] = f"{sheet_name}!{names['QL_TOTAL'][1]}"
    _entries(rows, sheet_name, form, data, where)
    return Submission(name, read_answer_sheet(data), where)


def _header(rows: list[tuple[object, ...]]) -> tuple[int, int, int]:
    """(header row index, id column, entry column) found by their header texts."""
    for index, row in enumerate(rows):
        if ID_HEADER in row and ENTRY_HEADER in row:
            return index, row.index(ID_HEADER), row.index(ENTRY_HEADER)
    raise AnswerSheetError(f"工作簿中找不到“{ID_HEADER}”和“{ENTRY_HEADER}”列")


def _entries(rows: list[tuple[object, ...]], sheet: str, form: Form, data: dict[str, Any], where: dict[str, str]) -> None:
    header, id_column, entry_column = _header(rows)
    bonus = {item.id for item in form.bonus}
    veto = {item.id for item in form.veto}
    letter = chr(ord("A") + entry_column)
    for index in range(header + 1, len(rows)):
        row = rows[index]
        record_id = row[id_column] if id_column < len(row) else None
        if not isinstance(record_id, str) or not record_id:
            continue
        entry = _cell_value(row[entry_column] if entry_column < len(row) else None)
        cell = f"{sheet}!{letter}{index + 1}"
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
