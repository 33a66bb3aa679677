"""Answer sheets for the 评审汇总 tests and benchmark: JSON and filled workbooks from a seed.

`write_sheets` writes valid sheets (claimed totals from the reference scorer); `plant_problems`
adds the files and mistakes the summary must report, and returns what it must report.
Workbooks are the exported 自评表 (`qinglian.export.xlsx`) filled in by openpyxl.
"""

from __future__ import annotations

import functools
import io
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from qinglian.assessment.answers import AnswerSheet, UnitInfo, answer_sheet_json
from qinglian.assessment.form import Form
from qinglian.assessment.scoring import Answer, Answers, evaluate
from qinglian.export.xlsx import workbook_bytes

SHEET = "自评表"
HEADER_ROW = 6  # 1-based
NAMES = (("QL_UNIT_NAME", "name"), ("QL_UNIT_CODE", "code"), ("QL_REGION", "region"), ("QL_CATEGORY", "category"),
         ("QL_STAGE", "stage"), ("QL_ASSESSOR", "assessor"), ("QL_DATE", "date"), ("QL_STANDARD", "standard"),
         ("QL_EDITION", "edition"))
REGIONS = ("东城镇", "西山乡", "南湖街道", "北岭镇")


@dataclass
class Sheet:
    """One answer sheet to write, with its cells (for workbooks) known before writing."""

    file: str
    sheet: AnswerSheet
    claimed: object | None = None
    raw: dict[str, object] = field(default_factory=dict)  # id (or id#n) -> entry, overriding the answers


def _cents(rng: random.Random, high: Decimal) -> Decimal:
    return Decimal(rng.randint(0, int(high * 100))) / 100


def random_answers(rng: random.Random, form: Form) -> Answers:
    records: dict[str, Answer] = {}
    for row in form.rows():
        for record in [*row.parts, row] if row.parts else [row]:
            if record is row and row.parts:
                continue
            if record.deductions and rng.random() < 0.6:
                entries: list[object] = []
                for rule in record.deductions:
                    if rule.kind == "all":
                        entries.append(rng.random() < 0.1)
                    elif rule.kind == "count":
                        entries.append(rng.choice([0, 0, 1, 2]))
                    else:
                        low, high = rule.range  # type: ignore[misc]
                        entries.append(rng.choice([None, low, high]))
                records[record.id] = Answer(deductions=tuple(entries))  # type: ignore[arg-type]
            else:
                records[record.id] = Answer(score=_cents(rng, record.points))
    bonus = {item.id: _cents(rng, item.points or Decimal(0)) for item in form.bonus if rng.random() < 0.4}
    return Answers(records, frozenset(), bonus)  # type: ignore[arg-type]


def unit_sheet(rng: random.Random, form: Form, number: int, stage: str, file: str) -> Sheet:
    unit = UnitInfo(f"第{number:03d}村", f"V{number:03d}", REGIONS[number % len(REGIONS)], "行政村")
    sheet = AnswerSheet(form.unit_id, form.edition, unit, stage, "王评审", "2024-06-01", random_answers(rng, form))
    return Sheet(file, sheet, evaluate(form, sheet.answers).total)


def sheet_json(form: Form, item: Sheet) -> str:
    data = answer_sheet_json(item.sheet, form, evaluate(form, item.sheet.answers))
    if item.claimed is not None:
        data["result"]["total"] = float(item.claimed) if isinstance(item.claimed, Decimal) else item.claimed
    for key, value in item.raw.items():
        section, record = key.split(":", 1)
        data[section][record] = value
    return json.dumps(data, ensure_ascii=False, indent=2, default=float)


def _lines(form: Form, answers: Answers) -> list[tuple[str, object]]:
    """(id, entry) per workbook line, in form order."""
    lines: list[tuple[str, object]] = []
    for row in form.rows():
        for record in [row, *row.parts]:
            answer = answers.records.get(record.id, Answer())
            lines.append((record.id, answer.score))
            for index, _ in enumerate(record.deductions):
                value = answer.deductions[index] if index < len(answer.deductions) else None
                lines.append((f"{record.id}#{index + 1}", {True: "是", False: "否"}.get(value, value)  # type: ignore[call-overload]
                              if isinstance(value, bool) else value))
    lines += [(item.id, answers.bonus.get(item.id)) for item in form.bonus]
    lines += [(item.id, "是" if item.id in answers.veto else "否") for item in form.veto]
    return lines


@functools.cache
def _blank(form: Form) -> tuple[bytes, dict[str, int], dict[str, str]]:
    """The exported 自评表 of `form`, the row of each line id (column J), the cell of each name."""
    blank = workbook_bytes(form)
    book = openpyxl.load_workbook(io.BytesIO(blank))
    ws = book[SHEET]
    rows = {ws[f"J{row}"].value: row for row in range(HEADER_ROW + 1, ws.max_row + 1) if ws[f"J{row}"].value}
    names = {name: next(iter(defined.destinations))[1].replace("$", "") for name, defined in book.defined_names.items()}
    return blank, rows, names


def workbook(form: Form, item: Sheet) -> bytes:
    """The exported 自评表 filled in by openpyxl: who filled it in, the entries, the total typed over
    its formula (openpyxl keeps no computed values, so this is the total the file claims)."""
    blank, rows, names = _blank(form)
    book = openpyxl.load_workbook(io.BytesIO(blank))
    ws = book[SHEET]
    sheet = item.sheet
    meta = {"name": sheet.unit.name, "code": sheet.unit.code, "region": sheet.unit.region,
            "category": sheet.unit.category, "stage": sheet.stage, "assessor": sheet.assessor, "date": sheet.date,
            "standard": sheet.standard, "edition": sheet.edition}
    for name, key in NAMES:
        ws[names[name]] = meta[key]
    for line_id, entry in _lines(form, sheet.answers):
        entry = item.raw.get(line_id, entry)
        if entry is not None:
            ws[f"G{rows[line_id]}"] = float(entry) if isinstance(entry, Decimal) else entry
    if item.claimed is not None:
        ws[names["QL_TOTAL"]] = float(item.claimed)  # type: ignore[arg-type]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write(folder: Path, form: Form, item: Sheet) -> None:
    path = folder / item.file
    if path.suffix == ".xlsx":
        path.write_bytes(workbook(form, item))
    else:
        path.write_text(sheet_json(form, item), encoding="utf-8")


def valid_sheets(form: Form, units: int, reviewed: int, seed: int) -> list[Sheet]:
    """`units` 自评 sheets and 复评 sheets for the first `reviewed` units; JSON and xlsx alternate."""
    rng = random.Random(seed)
    sheets = []
    for number in range(1, units + 1):
        for stage in ("自评", "复评") if number <= reviewed else ("自评",):
            suffix = ".xlsx" if (number + len(stage) + (stage == "复评")) % 2 else ".json"
            sheets.append(unit_sheet(rng, form, number, stage, f"第{number:03d}村-{stage}{suffix}"))
    return sheets


Planted = set[tuple[str, str, str]]  # (file, where, kind)


def _cell(form: Form, item: Sheet, line_id: str) -> str:
    return f"{SHEET}!G{_blank(form)[1][line_id]}"


def _named(form: Form, name: str) -> str:
    return f"{SHEET}!{_blank(form)[2][name]}"


def _change(form: Form, item: Sheet, records: dict[str, Answer] | None = None, veto: str | None = None) -> None:
    answers = item.sheet.answers
    answers = Answers({**answers.records, **(records or {})}, answers.veto | ({veto} if veto else set()), answers.bonus)
    item.sheet = AnswerSheet(**{**item.sheet.__dict__, "answers": answers})
    item.claimed = evaluate(form, answers).total


def plant_problems(form: Form, sheets: list[Sheet], rng: random.Random) -> tuple[list[Sheet], dict[str, str], Planted]:
    """Mistakes in some valid sheets, and extra problem files; returns (sheets, raw files, planted)."""
    jsons = [s for s in sheets if s.file.endswith(".json")]
    books = [s for s in sheets if s.file.endswith(".xlsx")]
    rng.shuffle(jsons)
    rng.shuffle(books)
    planted: Planted = set()
    a, c, e, g = jsons[:4]
    b, d, f, h = books[:4]
    a.claimed = Decimal(a.claimed) + 5  # type: ignore[arg-type]
    planted.add((a.file, "result.total", "总分不符"))
    b.claimed = Decimal(0)
    planted.add((b.file, _named(form, "QL_TOTAL"), "总分不符"))
    _change(form, c, {"village-gov-decision": Answer(score=20)})
    planted.add((c.file, "scores.village-gov-decision", "超出范围"))
    _change(form, d, {"village-culture-rules": Answer(score="良好")})
    planted.add((d.file, _cell(form, d, "village-culture-rules"), "不是数"))
    _change(form, e, veto="village-veto-case")
    planted.add((e.file, "veto.village-veto-case", "负面清单"))
    _change(form, f, veto="village-veto-petition")
    planted.add((f.file, _cell(form, f, "village-veto-petition"), "负面清单"))
    _change(form, g, {"village-gov-decision": Answer(deductions=(-1,))})
    planted.add((g.file, "deductions.village-gov-decision[0]", "超出范围"))
    _change(form, h, {"village-gov-assets": Answer(deductions=(7, None))})
    planted.add((h.file, _cell(form, h, "village-gov-assets#1"), "超出范围"))
    extra = []
    number = max(int(s.sheet.unit.code[1:]) for s in sheets) + 1
    edition = unit_sheet(rng, form, number, "自评", "旧版次.xlsx")
    edition.sheet = AnswerSheet(**{**edition.sheet.__dict__, "edition": "2023 版"})
    planted.add((edition.file, _named(form, "QL_EDITION"), "版次不符"))
    other = unit_sheet(rng, form, number + 1, "自评", "其他标准.json")
    other.sheet = AnswerSheet(**{**other.sheet.__dict__, "standard": "school-index"})
    planted.add((other.file, "standard", "标准不符"))
    first = next(s for s in sheets if s.sheet.stage == "自评" and s not in (a, b, c, d, e, f, g, h))
    again = Sheet(first.file.rsplit(".", 1)[0] + "（重交）.json", first.sheet, first.claimed)
    planted.add((again.file, "", "重复提交"))
    extra += [edition, other, again]
    raw = {"损坏的答卷.json": '{"format": "qinglian-assess", "version": 2,'}
    planted.add(("损坏的答卷.json", "", "无法读取"))
    return sheets + extra, raw, planted


def write_all(folder: Path, form: Form, sheets: list[Sheet], raw: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for item in sheets:
        write(folder, form, item)
    for name, text in raw.items():
        (folder / name).write_text(text, encoding="utf-8")
