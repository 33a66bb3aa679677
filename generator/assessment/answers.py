"""The answer sheet: what the 在线自评 page exports (and imports) as JSON, read and written here.

A sheet identifies itself (standard, edition, unit, stage, assessor, date) and holds the raw
entries; scores are always recomputed from them by `qinglian.assessment.scoring`, never taken
from the file's `result`, which is informational. Format, version 2 (the README documents it):

    {"format": "qinglian-assess", "version": 2,
     "standard": "village-index", "edition": "2024 版", "title": "…",
     "unit": {"name": "…", "code": "…", "region": "…", "category": "…"},
     "stage": "自评", "assessor": "…", "date": "2024-06-01",
     "scores": {"<indicator or item id>": 8.5},
     "deductions": {"<indicator or item id>": [2, 0.5, true, null]},
     "bonus": {"<bonus id>": 1}, "veto": {"<veto id>": false},
     "notes": {"<any id>": "扣分说明"},
     "result": {"base": 80, "bonus": 1, "total": 81, "level": "…", "named": true}}

Version 1 files (the form before v2) have only standard, edition, scores, bonus, notes and veto;
they are still read, and `missing_fields` names what they lack.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from qinglian.assessment.form import Form
from qinglian.assessment.scoring import Answer, Answers, Number, Result
from qinglian.core.numbers import json_number

FORMAT = "qinglian-assess"
VERSION = 2
STAGES = ("自评", "复评", "实地查验")
UNIT_FIELDS = (("name", "单位名称"), ("code", "单位代码"), ("region", "地区"), ("category", "类别"))
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')

Entry = Number | bool | None


class AnswerSheetError(ValueError):
    """Not an answer sheet of this system; the message is for people (Chinese)."""


@dataclass(frozen=True)
class UnitInfo:
    name: str = ""
    code: str = ""
    region: str = ""
    category: str = ""


@dataclass(frozen=True)
class AnswerSheet:
    standard: str
    edition: str = ""
    unit: UnitInfo = UnitInfo()
    stage: str = ""
    assessor: str = ""
    date: str = ""
    answers: Answers = Answers()
    notes: Mapping[str, str] = field(default_factory=dict)
    version: int = VERSION
    claimed: Mapping[str, Any] | None = None  # the file's own `result`: never trusted


def _entry(value: object) -> Entry:
    """A raw entry as the scoring reads it: numbers, text and ticks kept, anything else blank."""
    return value if isinstance(value, (bool, int, float, str)) else None


def _mapping(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def read_answer_sheet(data: object) -> AnswerSheet:
    """An answer sheet from parsed JSON (version 1 or 2); `AnswerSheetError` if it is none."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AnswerSheetError("这不是本系统导出的自评答卷文件（缺少 \"format\": \"qinglian-assess\"）")
    if not isinstance(data.get("standard"), str) or not data["standard"]:
        raise AnswerSheetError("答卷没有写明所属标准（standard）")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise AnswerSheetError(f"答卷格式版本 {version!r} 无法识别，本系统支持 1 至 {VERSION}")
    scores, deductions = _mapping(data, "scores"), _mapping(data, "deductions")
    records = {
        key: Answer(
            _entry(scores.get(key)),
            tuple(_entry(v) for v in deductions[key]) if isinstance(deductions.get(key), list) else (),
        )
        for key in sorted({*scores, *deductions})
    }
    unit = _mapping(data, "unit")
    return AnswerSheet(
        standard=data["standard"],
        edition=_text(data.get("edition")),
        unit=UnitInfo(**{key: _text(unit.get(key)) for key, _ in UNIT_FIELDS}),
        stage=_text(data.get("stage")),
        assessor=_text(data.get("assessor")),
        date=_text(data.get("date")),
        answers=Answers(
            records,
            frozenset(key for key, value in _mapping(data, "veto").items() if value is True),
            {key: _entry(value) for key, value in _mapping(data, "bonus").items()},  # type: ignore[misc]
        ),
        notes={key: value for key, value in _mapping(data, "notes").items() if isinstance(value, str)},
        version=version,
        claimed=data["result"] if isinstance(data.get("result"), dict) else None,
    )


def missing_fields(sheet: AnswerSheet) -> list[str]:
    """The identifying fields a sheet lacks, by their Chinese labels (older files lack several)."""
    wanted = (("版次", sheet.edition), ("单位名称", sheet.unit.name), ("评价阶段", sheet.stage),
              ("填报人", sheet.assessor), ("日期", sheet.date))
    return [label for label, value in wanted if not value]


def _number(value: Entry) -> Entry:
    return json_number(value) if isinstance(value, Decimal) else value


def answer_sheet_json(sheet: AnswerSheet, form: Form, result: Result | None = None) -> dict[str, Any]:
    """The version 2 JSON of a sheet, as the page exports it; `result` adds the computed summary."""
    records = sheet.answers.records
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "standard": sheet.standard,
        "edition": sheet.edition,
        "title": form.title,
        "unit": {key: getattr(sheet.unit, key) for key, _ in UNIT_FIELDS},
        "stage": sheet.stage,
        "assessor": sheet.assessor,
        "date": sheet.date,
        "scores": {key: _number(a.score) for key, a in records.items() if a.score is not None},
        "deductions": {key: [_number(v) for v in a.deductions] for key, a in records.items() if a.deductions},
        "bonus": {key: _number(v) for key, v in sheet.answers.bonus.items() if v is not None},
        "veto": {item.id: item.id in sheet.answers.veto for item in form.veto},
        "notes": dict(sheet.notes),
    }
    if result is not None:
        data["result"] = {
            "base": json_number(result.base), "bonus": json_number(result.bonus), "total": json_number(result.total),
            "level": result.level, "named": result.named,
        }
    return data


def file_name(unit_name: str, title: str, date: str) -> str:
    """`<单位名称>-<标准>-<日期>.json`, as the page names its export (unsafe characters replaced)."""
    parts = (unit_name.strip() or "未填单位名称", title.strip(), date.strip() or "未填日期")
    return "-".join(_UNSAFE.sub("_", part) for part in parts) + ".json"
