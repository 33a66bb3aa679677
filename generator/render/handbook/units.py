"""Handbook data for unit standards: the indicators as read, and the 自评表 as filled in by pen.

Also `rich`, shared by all handbook data: a text field as `richtext` reads it (paragraphs of lines
of plain and emphasised runs), in JSON for the templates, so that they never parse markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qinglian.assessment.answers import STAGES
from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, Part, Row, assessment_form
from qinglian.core import labels, richtext
from qinglian.core.corpus import Corpus
from qinglian.core.labels import frequency_text, status_label
from qinglian.core.model import Checklist, Deduction, Dimension, Indicator, Item, Procedure, UnitStandard
from qinglian.core.numbering import bare, numbers

Qr = Callable[[str], "str | None"]


def rich(text: str) -> list[list[list[dict[str, Any]]]]:
    """Paragraphs of lines of runs `{"t": text, "b": emphasised}`, as `richtext.parse` reads them."""
    return [
        [[{"t": run.text, "b": run.bold} for run in line] for line in paragraph] for paragraph in richtext.parse(text)
    ]


def meta(record: UnitStandard | Checklist | Procedure) -> dict[str, str]:
    """Status, edition, issuer, 文号 and date as the templates print them."""
    return {
        "status": status_label(record.status),
        "edition": str(record.edition or ""),
        "issuer": record.issuer or "",
        "doc_number": record.number or "",
        "date": str(record.date or ""),
    }


def unit_data(corpus: Corpus, unit: UnitStandard, qr: Qr) -> dict[str, Any]:
    """A unit standard for reading: meta, scoring overview, dimensions and indicators."""
    number = numbers(unit)
    return {
        "id": unit.id,
        "title": unit.title,
        "unit_type": unit.unit_type,
        **meta(unit),
        "summary": rich(unit.summary),
        "qr": qr(unit.id),
        "scoring": {
            "total": unit.scoring.total,
            "levels": labels.level_texts(unit.scoring.levels),
            "bonus_cap": unit.scoring.bonus_cap or 0,
        },
        "assessment": list(unit.assessment),
        "veto_intro": labels.veto_intro(unit),
        "veto": [{"number": number[item.id], "text": rich(item.text), "bars": labels.bars_text(item.bars)} for item in unit.veto],
        "bonus": [{"number": number[item.id], "text": rich(item.text), "points": labels.bonus_text(item)} for item in unit.bonus],
        "dimensions": [_dimension(corpus, d, number, qr) for d in unit.dimensions],
    }


def _dimension(corpus: Corpus, dimension: Dimension, number: dict[str, str], qr: Qr) -> dict[str, Any]:
    return {
        "id": dimension.id,
        "number": number[dimension.id],
        "title": dimension.title,
        "points": dimension.points,
        "summary": rich(dimension.summary) if dimension.summary else [],
        "qr": qr(dimension.id),
        "indicators": [_indicator(corpus, i, number) for i in dimension.indicators],
    }


def _indicator(corpus: Corpus, indicator: Indicator, number: dict[str, str]) -> dict[str, Any]:
    heading = labels.indicator_heading(indicator)
    requirement = indicator.requirement if indicator.requirement and indicator.requirement.strip() != heading else None
    return {
        "id": indicator.id,
        "number": number[indicator.id],
        "title": heading,
        "points": indicator.points,
        "requirement": rich(requirement) if requirement else [],
        "frequency": frequency_text(indicator.frequency) if indicator.frequency else "",
        "scoring": rich(indicator.scoring) if indicator.scoring else [],
        "deductions": _deductions(indicator.deductions),
        "items": [_item(item, bare(number[item.id])) for item in indicator.items],
        "evidence": list(indicator.evidence),
        "methods": list(indicator.methods),
        "responsible": corpus.role_names(indicator.responsible),
        "note": rich(indicator.note) if indicator.note else [],
    }


def _sheet_record(record: Row | Part) -> dict[str, Any]:
    """A row or item of the 自评表: its rules with the blank each one asks for (次数, 扣分, a tick)."""
    title = record.heading.removeprefix(record.number).strip()
    return {
        "number": record.number,
        "title": title,
        "points": record.points,
        "rules": [{"text": rule.describe(), "kind": rule.kind} for rule in record.deductions],
    }


def _veto_note(form: Form) -> str:
    if any(item.bars for item in form.veto):
        return f"负面清单事项为“是”的，不得评为其后所列等次；未列等次的，{LEVEL_VETOED}。"
    return f"负面清单中任一项为“是”的，{LEVEL_VETOED}。"


def _item(item: Item, number: str) -> dict[str, Any]:
    return {
        "number": number,
        "text": rich(item.text),
        "points": item.points,
        "deductions": _deductions(item.deductions),
        "details": [
            (label, rich(value))
            for label, value in (
                ("评分方法", item.scoring),
                ("测评方式", "、".join(item.methods)),
                ("佐证材料", "、".join(item.evidence)),
                ("备注", item.note),
            )
            if value
        ],
    }


def _deductions(rules: list[Deduction]) -> list[str]:
    return [labels.deduction_text(rule) for rule in rules]


def self_assessment(unit: UnitStandard) -> dict[str, Any]:
    """The printable 自评表, from the same form as the 在线自评 page and the workbook."""
    form = assessment_form(unit)
    return {
        "id": form.unit_id,
        "title": form.title,
        "total": form.total,
        "levels": [{"name": level.name, "min": level.min, "note": level.note or "", "passes": level.passes} for level in form.levels],
        "level_none": LEVEL_NONE,
        "level_vetoed": LEVEL_VETOED,
        "bonus_limit": form.bonus_limit,
        "stages": list(STAGES),
        "dimensions": [
            {
                "number": section.number,
                "title": section.title,
                "points": section.points,
                "rows": [
                    _sheet_record(row) | {"parts": [_sheet_record(part) for part in row.parts]} for row in section.rows
                ],
            }
            for section in form.sections
        ],
        "veto_intro": form.veto_intro,
        "veto_note": _veto_note(form),
        "veto": [{"number": bare(item.number), "text": rich(item.text), "bars": item.bars_text} for item in form.veto],
        "bonus": [
            {"number": bare(item.number), "text": rich(item.text), "points": item.points, "discretionary": item.discretionary}
            for item in form.bonus
        ],
    }
