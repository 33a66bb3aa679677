"""The self-assessment form of a unit standard: what the 在线自评 page and the workbook share.

`assessment_form(unit)` flattens a `UnitStandard` into numbered rows with their points, the veto
list, the bonus items and the levels. `score(form, answers)` is the reference computation of the
result; the page's JavaScript and the workbook's formulas implement the same rules:

- an indicator or bonus score is clamped to [0, its points]; a blank counts as 0;
- total = sum of indicator scores + min(sum of bonus scores, bonus limit);
- any veto answered 是 -> 不予命名, whatever the score;
- otherwise the first level (highest first) whose `min` <= total, else 未达到等次.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import UsageError
from qinglian.core.labels import level1, level2, level3
from qinglian.core.model import UnitStandard

LEVEL_VETOED = "不予命名"
LEVEL_NONE = "未达到等次"


@dataclass(frozen=True)
class Row:
    """One 二级指标 as the form shows it."""

    id: str
    number: str
    title: str
    requirement: str
    frequency: str | None
    points: int
    scoring: str | None
    evidence: tuple[str, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One 一级指标 and its rows."""

    id: str
    number: str
    title: str
    points: int
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Item:
    """A veto (points None) or bonus item."""

    id: str
    number: str
    text: str
    points: int | None = None


@dataclass(frozen=True)
class Form:
    unit_id: str
    title: str
    unit_type: str
    edition: str
    total: int
    levels: tuple[tuple[str, int], ...]  # (name, min), highest first
    bonus_limit: int  # scoring.bonus_cap, or the sum of bonus points when there is no cap
    sections: tuple[Section, ...]
    veto: tuple[Item, ...] = ()
    bonus: tuple[Item, ...] = ()

    @property
    def storage_key(self) -> str:
        """The browser's localStorage key: answers of one edition never leak into another."""
        return f"qinglian-assess:{self.unit_id}:{self.edition}"

    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    def as_json(self) -> dict[str, Any]:
        """The scoring data the page's script needs (its texts are in the page's HTML)."""
        return {
            "id": self.unit_id,
            "title": self.title,
            "edition": self.edition,
            "storageKey": self.storage_key,
            "total": self.total,
            "levels": [{"name": name, "min": minimum} for name, minimum in self.levels],
            "bonusLimit": self.bonus_limit,
            "dimensions": [
                {"id": s.id, "points": s.points, "indicators": [{"id": r.id, "points": r.points} for r in s.rows]}
                for s in self.sections
            ],
            "veto": [item.id for item in self.veto],
            "bonus": [{"id": item.id, "points": item.points} for item in self.bonus],
        }


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


def assessment_form(unit: UnitStandard) -> Form:
    sections = tuple(
        Section(
            dimension.id,
            level1(d),
            dimension.title,
            dimension.points,
            tuple(
                Row(
                    indicator.id,
                    level2(i),
                    indicator.title,
                    indicator.requirement,
                    indicator.frequency.describe() if indicator.frequency else None,
                    indicator.points,
                    indicator.scoring,
                    tuple(indicator.evidence),
                    tuple(indicator.methods),
                )
                for i, indicator in enumerate(dimension.indicators)
            ),
        )
        for d, dimension in enumerate(unit.dimensions)
    )
    bonus = tuple(Item(item.id, level3(i), item.text, item.points) for i, item in enumerate(unit.bonus))
    return Form(
        unit_id=unit.id,
        title=unit.title,
        unit_type=unit.unit_type,
        edition=str(unit.edition),
        total=unit.scoring.total,
        levels=tuple((level.name, level.min) for level in unit.scoring.levels),
        bonus_limit=unit.scoring.bonus_cap or sum(item.points or 0 for item in bonus),
        sections=sections,
        veto=tuple(Item(item.id, level3(i), item.text) for i, item in enumerate(unit.veto)),
        bonus=bonus,
    )


@dataclass(frozen=True)
class Result:
    dimensions: dict[str, float] = field(default_factory=dict)
    base: float = 0.0
    bonus: float = 0.0
    total: float = 0.0
    level: str = LEVEL_NONE


def _clamp(value: float | None, points: int) -> float:
    return 0.0 if value is None else min(max(float(value), 0.0), float(points))


def score(
    form: Form,
    scores: Mapping[str, float],
    bonus: Mapping[str, float] | None = None,
    vetoed: frozenset[str] | set[str] = frozenset(),
) -> Result:
    """The result of a set of answers, by the rules in this module's docstring."""
    dimensions = {
        section.id: round(sum(_clamp(scores.get(row.id), row.points) for row in section.rows), 2)
        for section in form.sections
    }
    base = round(sum(dimensions.values()), 2)
    raw_bonus = sum(_clamp((bonus or {}).get(item.id), item.points or 0) for item in form.bonus)
    extra = round(min(raw_bonus, form.bonus_limit), 2)
    total = round(base + extra, 2)
    return Result(dimensions, base, extra, total, achieved_level(form, total, bool(set(vetoed) & {v.id for v in form.veto})))


def achieved_level(form: Form, total: float, vetoed: bool) -> str:
    if vetoed:
        return LEVEL_VETOED
    return next((name for name, minimum in form.levels if total >= minimum), LEVEL_NONE)
