"""The reference computation of a self-assessment result, exact to the cent (`Decimal` throughout).

The online form's script and the workbook's formulas implement these rules; tests hold them to
this module. For a row (二级指标) or part (三级指标) with points P:

- a row with parts starts from the sum of its parts' scores; any other record from P when it has
  deduction rules (扣分制: nothing entered = nothing deducted), else from 0;
- entries are exact decimals (numbers, or text such as "1.5" or "2e1"; anything else is blank),
  rounded half up to the cent when they have more decimals;
- a direct score, when entered for a record without parts, replaces that start and is clamped
  to [0, P];
- otherwise each deduction rule takes off: its points × the count entered (a whole number ≥ 0),
  an amount within its range (≤ 0 or blank: nothing; else clamped into the range), or P when
  its `all` box is ticked; the score is max(0, start − Σ deductions);
- a dimension's subtotal is the sum of its rows; bonus entries are clamped to [0, the item's
  points or max] and their sum to the bonus limit; total = subtotals + bonus;
- the level is the highest one whose min ≤ total among the levels no veto answered 是 rules out
  (a veto without `bars` rules out every level). Every level ruled out: 不予命名. None reached:
  未达到等次. A level with `pass: false` is reached but not named (`named` is False).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, FormLevel, Part, Row, Rule, assessment_form
from qinglian.core.model import UnitStandard

Number = Decimal | int | float | str
ZERO = Decimal(0)
CENT = Decimal("0.01")
# Text entries the page's script reads alike: ASCII digits only (Decimal would also take "1_0", "１").
_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Answer:
    """What the assessor entered for one row or part: a direct score, or one entry per deduction
    rule in order (a count, an amount, or a tick; None for blank)."""

    score: Number | None = None
    deductions: tuple[Number | bool | None, ...] = ()


@dataclass(frozen=True)
class Answers:
    records: Mapping[str, Answer] = field(default_factory=dict)  # by row or part id
    veto: frozenset[str] = frozenset()  # ids of veto items answered 是
    bonus: Mapping[str, Number] = field(default_factory=dict)  # by bonus item id


@dataclass(frozen=True)
class Result:
    records: dict[str, Decimal] = field(default_factory=dict)  # every row and part
    dimensions: dict[str, Decimal] = field(default_factory=dict)
    base: Decimal = ZERO
    bonus: Decimal = ZERO
    total: Decimal = ZERO
    level: str = LEVEL_NONE
    named: bool = False  # a passing level was reached


def decimal(value: Number | bool | None) -> Decimal | None:
    """An entered value as an exact decimal (a float through its repr), rounded half up to the cent
    if it has more decimals; None when blank or not a number."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, str):
        value = value.strip(" \t\n\r")
        if not _NUMBER_TEXT.fullmatch(value):
            return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else value)
        if not number.is_finite():
            return None
        if number.as_tuple().exponent >= -2:  # type: ignore[operator]
            return number
        return number.quantize(CENT, ROUND_HALF_UP, context=Context(prec=max(28, number.adjusted() + 4)))
    except InvalidOperation:
        return None


def clamp(value: Decimal | None, high: Decimal, low: Decimal = ZERO) -> Decimal:
    return ZERO if value is None else min(max(value, low), high)


def deduction(rule: Rule, points: Decimal, entry: Number | bool | None) -> Decimal:
    """What one rule takes off a record of `points`, given the assessor's entry."""
    if rule.all:
        return points if entry is True else ZERO
    amount = decimal(entry)
    if amount is None or amount <= 0:
        return ZERO
    if rule.points is not None:
        return rule.points * int(amount)  # a count: whole occurrences only
    low, high = rule.range  # type: ignore[misc]
    return clamp(amount, high, low)


def record_score(points: Decimal, rules: tuple[Rule, ...], answer: Answer | None, parts: Decimal | None = None) -> Decimal:
    """The score of one row or part; `parts` is the sum of its parts' scores, if it has parts."""
    answer = answer or Answer()
    direct = decimal(answer.score) if parts is None else None
    if direct is not None:
        return clamp(direct, points)
    start = parts if parts is not None else (points if rules else ZERO)
    entries = (answer.deductions + (None,) * len(rules))[: len(rules)]
    taken = sum((deduction(rule, points, entry) for rule, entry in zip(rules, entries, strict=True)), ZERO)
    return max(ZERO, start - taken)


def _row(row: Row, answers: Answers, scores: dict[str, Decimal]) -> Decimal:
    for part in row.parts:
        scores[part.id] = _part(part, answers)
    parts = sum((scores[part.id] for part in row.parts), ZERO) if row.parts else None
    scores[row.id] = record_score(row.points, row.deductions, answers.records.get(row.id), parts)
    return scores[row.id]


def _part(part: Part, answers: Answers) -> Decimal:
    return record_score(part.points, part.deductions, answers.records.get(part.id))


def evaluate(form: Form, answers: Answers) -> Result:
    """The result of `answers`, by the rules in this module's docstring."""
    scores: dict[str, Decimal] = {}
    dimensions = {s.id: sum((_row(row, answers, scores) for row in s.rows), ZERO) for s in form.sections}
    base = sum(dimensions.values(), ZERO)
    raw = sum((clamp(decimal(answers.bonus.get(item.id)), item.points or ZERO) for item in form.bonus), ZERO)
    bonus = min(raw, form.bonus_limit)
    total = base + bonus
    level, named = achieved_level(form, total, answers.veto)
    return Result(scores, dimensions, base, bonus, total, level, named)


def achieved_level(form: Form, total: Decimal, vetoed: frozenset[str] | set[str]) -> tuple[str, bool]:
    """(level name, named) for `total` with the veto items in `vetoed` answered 是."""
    names = [level.name for level in form.levels]
    barred: set[str] = set()
    for item in form.veto:
        if item.id in vetoed:
            barred.update(item.bars or names)
    open_levels: list[FormLevel] = [level for level in form.levels if level.name not in barred]
    if not open_levels:
        return LEVEL_VETOED, False
    reached = next((level for level in open_levels if level.min <= total), None)
    if reached is None:
        return LEVEL_NONE, False
    return reached.name, reached.passes


def score(
    form: Form,
    scores: Mapping[str, Number],
    bonus: Mapping[str, Number] | None = None,
    vetoed: frozenset[str] | set[str] = frozenset(),
) -> Result:
    """The result of direct scores per row or part (the v1 form's answers)."""
    records = {record_id: Answer(score=value) for record_id, value in scores.items()}
    return evaluate(form, Answers(records, frozenset(vetoed), bonus or {}))


def score_unit(unit: UnitStandard, answers: Answers) -> Result:
    return evaluate(assessment_form(unit), answers)
