"""Self-assessment test support, shared through conftest: random v2 unit standards and answer
sets, workbooks filled in as a person does, results read back from them, LibreOffice headless."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from hypothesis import strategies as st
from qinglian.assessment.form import Form
from qinglian.assessment.scoring import Answer, Answers
from qinglian.core.model import UnitStandard
from qinglian.core.numbers import format_number

# --- random v2 standards and answer sets (self-assessment) -----------------------------------------

CENTS = st.integers(min_value=1, max_value=2000).map(lambda n: Decimal(n) / 100)


def _rule_dicts(draw: st.DrawFn, points: Decimal) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for kind in draw(st.lists(st.sampled_from(["count", "range", "all"]), max_size=3)):
        if kind == "count":
            found.append({"text": "每次", "points": min(draw(CENTS), points)})
        elif kind == "range":
            low, high = sorted(draw(st.lists(st.integers(0, int(points * 100)), min_size=2, max_size=2, unique=True)))
            found.append({"text": "酌情", "range": [Decimal(low) / 100, Decimal(high) / 100]})
        else:
            found.append({"text": "不得分", "all": True})
    return found


@st.composite
def unit_standards(draw: st.DrawFn) -> UnitStandard:
    """Random v2 unit standards: decimal points, items, deduction rules of every kind, levels with a
    non-passing lowest one, vetoes barring some levels, bonus items with points or max."""
    dimensions = []
    for d in range(draw(st.integers(1, 3))):
        indicators = []
        for i in range(draw(st.integers(1, 3))):
            key = f"d{d}-i{i}"
            items = [
                {"id": f"{key}-t{n}", "text": "细则", "points": points, "deductions": _rule_dicts(draw, points)}
                for n, points in enumerate(draw(st.lists(CENTS, max_size=3)))
            ]
            points = sum((item["points"] for item in items), Decimal(0)) if items else draw(CENTS)  # type: ignore[misc]
            indicators.append({"id": key, "title": "指标", "requirement": "要求", "points": points,
                               "items": items, "deductions": _rule_dicts(draw, points)})
        points = sum((indicator["points"] for indicator in indicators), Decimal(0))
        dimensions.append({"id": f"d{d}", "title": "维度", "points": points, "indicators": indicators})
    total = sum((dimension["points"] for dimension in dimensions), Decimal(0))
    mins = sorted(draw(st.lists(st.integers(0, int(total * 100)), min_size=1, max_size=4, unique=True)), reverse=True)
    levels = [{"name": f"等次{i}", "min": Decimal(m) / 100} for i, m in enumerate(mins)]
    if draw(st.booleans()):
        levels[-1]["pass"] = False
    names = [level["name"] for level in levels]
    veto = [{"id": f"v{i}", "text": "否决", "bars": sorted(draw(st.sets(st.sampled_from(names))))} for i in range(draw(st.integers(0, 3)))]
    bonus = [{"id": f"b{i}", "text": "加分", draw(st.sampled_from(["points", "max"])): draw(CENTS)} for i in range(draw(st.integers(0, 2)))]
    scoring: dict[str, object] = {"total": total, "levels": levels}
    if bonus and draw(st.booleans()):
        scoring["bonus_cap"] = draw(CENTS)
    return UnitStandard.model_validate({
        "id": "u", "title": "随机标准", "unit_type": "单位", "edition": "1", "status": "draft", "summary": "概述",
        "scoring": scoring, "veto": veto, "bonus": bonus, "dimensions": dimensions,
    })


# Entries as a person types them in a workbook cell: numbers (whole, cents, out of range), blanks,
# text that is no number; `TEXT_ENTRY` adds what only the answer file holds: JSON booleans and
# text the page reads as a number.
CELL_ENTRY = st.one_of(st.none(), st.integers(-3, 40), CENTS.map(float), st.just("无"))
TEXT_ENTRY = st.one_of(CELL_ENTRY, st.booleans(), st.sampled_from(["1.5", " 2 ", "0.125", "1.005", "2e0", "-0.5", ".5", "", "1,5"]))


@st.composite
def answer_sets(draw: st.DrawFn, form: Form, entry: st.SearchStrategy[object] = CELL_ENTRY) -> Answers:
    """Answers to `form`: a direct score or not, one entry per deduction rule (ticks mostly True/False)."""
    records = {}
    for row in form.rows():
        for record_id, rules, direct in [(row.id, row.deductions, not row.parts), *((p.id, p.deductions, True) for p in row.parts)]:
            score = draw(st.one_of(st.none(), entry)) if direct and draw(st.booleans()) else None
            entries = tuple(draw(st.one_of(st.booleans(), st.none()) if rule.all else entry) for rule in rules)
            records[record_id] = Answer(score, entries)  # type: ignore[arg-type]
    veto = frozenset(item.id for item in form.veto if draw(st.booleans()))
    bonus = {item.id: draw(entry) for item in form.bonus}
    return Answers(records, veto, bonus)  # type: ignore[arg-type]


# --- workbooks: filled in as a person does, recalculated by LibreOffice (tests marked `libreoffice`) --

SOFFICE = shutil.which("soffice")
# LibreOffice keeps the values cached in an xlsx unless told to recalculate on loading.
_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def fill_workbook(workbook: bytes, form: Form, answers: Answers) -> bytes:
    """The blank workbook with `answers` typed into its 填写 column (found by the ids of column J):
    ticks as 是/否, numbers as numbers, text as text. Saved by openpyxl: no cached values left."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet = book["自评表"]
    rows = {sheet[f"J{row}"].value: row for row in range(7, sheet.max_row + 1) if sheet[f"J{row}"].value}
    direct = {row.id for row in form.rows() if not row.parts} | {part.id for row in form.rows() for part in row.parts}
    rules = {row.id: row.deductions for row in form.rows()} | {p.id: p.deductions for row in form.rows() for p in row.parts}
    for record_id, answer in answers.records.items():
        if answer.score is not None and record_id in direct:
            sheet[f"G{rows[record_id]}"] = answer.score
        for index, (rule, entry) in enumerate(zip(rules[record_id], answer.deductions, strict=False)):
            value = ("是" if entry is True else "否" if entry is False else None) if rule.all else entry
            sheet[f"G{rows[f'{record_id}#{index + 1}']}"] = value
    for item in form.veto:
        sheet[f"G{rows[item.id]}"] = "是" if item.id in answers.veto else "否"
    for item_id, value in answers.bonus.items():
        sheet[f"G{rows[item_id]}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_result(values: Callable[[str], object], ids: dict[str, int], last_row: int, form: Form) -> dict[str, object]:
    """A recalculated workbook's result, read as a person reads it: each line's 得分 by the ids in
    column J, each 小计, and the named cells of the result. `values("H12")` or `values("QL_TOTAL")`
    gives a cell's value."""

    def number(value: object) -> str:
        return format_number(Decimal(repr(value)) if isinstance(value, float) else Decimal(value))  # type: ignore[arg-type]

    records = {key: number(values(f"H{row}")) for key, row in ids.items() if key in _record_ids(form)}
    subtotals = [row for row in range(7, last_row + 1) if values(f"B{row}") == "小计"]
    return {
        "records": dict(sorted(records.items())),
        "dimensions": {s.id: number(values(f"H{row}")) for s, row in sorted(zip(form.sections, subtotals, strict=True), key=lambda p: p[0].id)},
        "base": number(values("QL_BASE")), "bonus": number(values("QL_BONUS")), "total": number(values("QL_TOTAL")),
        "level": values("QL_LEVEL"), "named": values("QL_NAMED") == "是",
    }


def _record_ids(form: Form) -> set[str]:
    return {row.id for row in form.rows()} | {part.id for row in form.rows() for part in row.parts}


def libreoffice(files: list[Path], out: Path, target: str = "xlsx") -> list[Path]:
    """`files` converted by LibreOffice headless (recalculated on loading) into `out`."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="qinglian-lo-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(_RECALCULATE, encoding="utf-8")
        subprocess.run(
            [SOFFICE or "soffice", f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", target, "--outdir", str(out), *map(str, files)],
            check=True, capture_output=True, timeout=300,
        )
    return [out / f"{file.stem}.{target}" for file in files]
