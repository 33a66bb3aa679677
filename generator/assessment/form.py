"""The self-assessment form of a unit standard: what the 在线自评 page, the workbook and the
handbook's 自评表 share.

`assessment_form(unit)` flattens a `UnitStandard` into numbered sections and rows with their
points, items (三级指标) and deduction rules, the veto list, the bonus items and the levels.
`qinglian.assessment.scoring` computes the result of a set of answers; the page's JavaScript and
the workbook's formulas implement the same rules. All points are exact `Decimal`s.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import UsageError
from qinglian.core.labels import deduction_text, frequency_text
from qinglian.core.model import Deduction, Indicator, Item, UnitStandard
from qinglian.core.numbering import numbers
from qinglian.core.numbers import format_number, json_number

LEVEL_VETOED = "不予命名"
LEVEL_NONE = "未达到等次"
VETO_INTRO = "出现下列情形之一的，不予命名"


@dataclass(frozen=True)
class Rule:
    """A deduction rule: `points` per occurrence, an amount within `range`, or `all` (本项不得分)."""

    text: str
    points: Decimal | None = None
    range: tuple[Decimal, Decimal] | None = None
    all: bool = False

    @property
    def kind(self) -> str:
        """count (the assessor enters a count), range (an amount) or all (a tick)."""
        return "count" if self.points is not None else "range" if self.range is not None else "all"

    def describe(self) -> str:
        """The rule as the forms print it, in the site's words (labels.deduction_text)."""
        return deduction_text(self)

    @property
    def entry_label(self) -> str:
        """What the assessor enters: 次数, 扣分 (an amount), or 是否 (a tick)."""
        return {"count": "次数", "range": "扣分", "all": "是否"}[self.kind]


@dataclass(frozen=True)
class Part:
    """One 三级指标 (item) of a row, scored on its own."""

    id: str
    number: str
    text: str
    points: Decimal
    scoring: str | None = None
    evidence: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    deductions: tuple[Rule, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number} {self.text}"


@dataclass(frozen=True)
class Row:
    """One 二级指标 as the form shows it; with `parts`, its score is the sum of theirs."""

    id: str
    number: str
    title: str
    requirement: str
    frequency: str | None
    points: Decimal
    scoring: str | None
    evidence: tuple[str, ...]
    methods: tuple[str, ...]
    deductions: tuple[Rule, ...] = ()
    parts: tuple[Part, ...] = ()
    heading: str = ""  # number and title (or the start of the requirement when there is no title)
    titled: bool = True  # False: the original gives this indicator no title

    @property
    def requirement_shown(self) -> str:
        """The requirement where the heading does not already hold all of it (an untitled
        indicator whose one-line requirement is its heading)."""
        return "" if not self.titled and self.requirement.strip() in self.heading else self.requirement


@dataclass(frozen=True)
class Section:
    """One 一级指标 and its rows."""

    id: str
    number: str
    title: str
    points: Decimal
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class FormItem:
    """A veto item (points None; `bars` the levels it rules out, empty = all) or a bonus item
    (`points` its most; `discretionary` when the assessor decides 0..points, i.e. YAML `max`)."""

    id: str
    number: str
    text: str
    points: Decimal | None = None
    discretionary: bool = False
    bars: tuple[str, ...] = ()

    @property
    def bars_text(self) -> str:
        """For a veto item that rules out only some levels: 不得评为示范村 (empty otherwise)."""
        return f"不得评为{'、'.join(self.bars)}" if self.bars else ""


@dataclass(frozen=True)
class FormLevel:
    name: str
    min: Decimal
    note: str | None = None
    passes: bool = True  # False: shown, but reaching it means 不予命名

    def describe(self) -> str:
        """示范村：90分及以上（按不超过20%的比例认定） / 不达标：0分及以上，不予命名."""
        text = f"{self.name}：{format_number(self.min)}分及以上"
        if not self.passes:
            text += f"，{LEVEL_VETOED}"
        return text + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True)
class Form:
    unit_id: str
    title: str
    unit_type: str
    edition: str
    total: Decimal
    levels: tuple[FormLevel, ...]  # highest first
    bonus_limit: Decimal  # scoring.bonus_cap, or the sum of bonus limits when there is no cap
    sections: tuple[Section, ...]
    veto: tuple[FormItem, ...] = ()
    bonus: tuple[FormItem, ...] = ()
    veto_intro: str = VETO_INTRO

    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def as_json(self) -> dict[str, Any]:
        """The scoring data the page's script needs (its texts are in the page's HTML).

        v2 keys (items, deductions, level note/pass, veto bars, bonus max) appear only where the
        standard uses them, so a v1 standard gives the same data as before.
        """
        data: dict[str, Any] = {
            "id": self.unit_id,
            "title": self.title,
            "edition": self.edition,
            "total": json_number(self.total),
            "levels": [_level_json(level) for level in self.levels],
            "bonusLimit": json_number(self.bonus_limit),
            "dimensions": [
                {"id": s.id, "points": json_number(s.points), "indicators": [_row_json(r) for r in s.rows]}
                for s in self.sections
            ],
            "veto": [item.id for item in self.veto],
            "bonus": [_bonus_json(item) for item in self.bonus],
        }
        bars = {item.id: list(item.bars) for item in self.veto if item.bars}
        if bars:
            data["vetoBars"] = bars
        return data


def _level_json(level: FormLevel) -> dict[str, Any]:
    data: dict[str, Any] = {"name": level.name, "min": json_number(level.min)}
    if not level.passes:
        data["pass"] = False
    return data


def _rules_json(rules: tuple[Rule, ...]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for rule in rules:
        if rule.points is not None:
            found.append({"points": json_number(rule.points)})
        elif rule.range is not None:
            found.append({"range": [json_number(rule.range[0]), json_number(rule.range[1])]})
        else:
            found.append({"all": True})
    return found


def _row_json(row: Row) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.id, "points": json_number(row.points)}
    if row.deductions:
        data["deductions"] = _rules_json(row.deductions)
    if row.parts:
        data["items"] = [
            {"id": p.id, "points": json_number(p.points), **({"deductions": _rules_json(p.deductions)} if p.deductions else {})}
            for p in row.parts
        ]
    return data


def _bonus_json(item: FormItem) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "points": json_number(item.points or Decimal(0))}
    if item.discretionary:
        data["max"] = True
    return data


def find_unit(corpus: Corpus, unit_id: str | None) -> UnitStandard:
    """The unit named `unit_id`, or the only unit when it is None; `UsageError` otherwise."""
    units = {unit.id: unit for unit in corpus.units}
    choices = "、".join(sorted(units)) or "（无）"
    if unit_id is None:
        if len(units) == 1:
            return next(iter(units.values()))
        raise UsageError(f"标准库中有 {len(units)} 个单元标准，请用 --unit 指定其一：{choices}")
    if unit_id not in units:
        close = difflib.get_close_matches(unit_id, list(units), n=1)
        hint = f"。是否应为 '{close[0]}'？" if close else f"。可选：{choices}"
        raise UsageError(f"没有 id 为 '{unit_id}' 的单元标准{hint}")
    return units[unit_id]


def _rules(deductions: list[Deduction]) -> tuple[Rule, ...]:
    return tuple(
        Rule(d.text, d.points, (d.range[0], d.range[1]) if d.range is not None else None, bool(d.all)) for d in deductions
    )


def _part(item: Item, number: dict[str, str]) -> Part:
    return Part(
        item.id, number[item.id], item.text, item.points, item.scoring,
        tuple(item.evidence), tuple(item.methods), _rules(item.deductions),
    )


def _heading(indicator: Indicator, number: str) -> str:
    if indicator.title:
        return f"{number}{indicator.title}"
    return indicator.label if indicator.number else f"{number} {indicator.label}"


def _row(indicator: Indicator, numbered: dict[str, str]) -> Row:
    number = numbered[indicator.id]
    return Row(
        indicator.id,
        number,
        indicator.label,
        indicator.requirement or "",
        frequency_text(indicator.frequency) if indicator.frequency else None,
        indicator.points,
        indicator.scoring,
        tuple(indicator.evidence),
        tuple(indicator.methods),
        _rules(indicator.deductions),
        tuple(_part(item, numbered) for item in indicator.items),
        _heading(indicator, number),
        indicator.title is not None,
    )


def assessment_form(unit: UnitStandard) -> Form:
    number = numbers(unit)
    sections = tuple(
        Section(
            dimension.id,
            number[dimension.id],
            dimension.title,
            dimension.points,
            tuple(_row(indicator, number) for indicator in dimension.indicators),
        )
        for dimension in unit.dimensions
    )
    bonus = tuple(
        FormItem(item.id, number[item.id], item.text, item.limit, discretionary=item.points is None) for item in unit.bonus
    )
    return Form(
        unit_id=unit.id,
        title=unit.title,
        unit_type=unit.unit_type,
        edition=str(unit.edition),
        total=unit.scoring.total,
        levels=tuple(FormLevel(level.name, level.min, level.note, level.passes) for level in unit.scoring.levels),
        bonus_limit=unit.scoring.bonus_cap or sum((item.points or Decimal(0) for item in bonus), Decimal(0)),
        sections=sections,
        veto=tuple(FormItem(item.id, number[item.id], item.text, bars=tuple(item.bars)) for item in unit.veto),
        bonus=bonus,
        veto_intro=unit.veto_intro or VETO_INTRO,
    )
