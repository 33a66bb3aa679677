"""The 评审汇总: many units' answer sheets of one standard, scored by the reference, checked, ranked.

Pure data (no output library): `summarise(form, submissions, unreadable)` gives a `Summary` the
xlsx, HTML and PDF writers show alike. Every score is recomputed from the entries with
`qinglian.assessment.scoring`; totals a file claims are only compared.

A unit is its 单位代码, or its 单位名称 when it has no code. The ranking takes each unit's latest
stage (自评 < 复评 < 实地查验); the same unit and stage twice counts the first file (by name) and
reports the second. Ranking: by total, highest first, 不予命名 last; equal totals share a rank.
Tiers by share (`scoring.tiers_by_share`) go down the ranking among named units: a tier with
share s (after the tiers above it, c) takes the units ranked up to ⌊(c + s) × named units⌋.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from qinglian.assessment.answers import STAGES
from qinglian.assessment.checks import (
    DUPLICATE,
    MISSING,
    Problem,
    Submission,
    entry_problems,
    identity_problems,
    result_problems,
)
from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, Row, Section
from qinglian.assessment.scoring import Result, evaluate

ZERO = Decimal(0)


@dataclass(frozen=True)
class Scored:
    """One counted answer sheet and its recomputed result."""

    submission: Submission
    result: Result

    @property
    def key(self) -> str:
        unit = self.submission.sheet.unit
        return unit.code or unit.name or self.submission.file

    @property
    def name(self) -> str:
        return self.submission.sheet.unit.name or "（未填单位名称）"

    @property
    def stage(self) -> str:
        return self.submission.sheet.stage or STAGES[0]


@dataclass(frozen=True)
class Ranked:
    rank: int
    scored: Scored
    tier: str = ""


@dataclass(frozen=True)
class Lost:
    """An indicator (二级指标) and the points units lost on it."""

    row: Row
    section: Section
    mean: Decimal  # mean points lost over the ranked units
    losing: int  # units that lost any
    share: Decimal  # losing / ranked units


@dataclass(frozen=True)
class Compared:
    name: str
    first: Scored  # 自评
    second: Scored  # 复评

    @property
    def change(self) -> Decimal:
        return self.second.result.total - self.first.result.total


@dataclass(frozen=True)
class Summary:
    form: Form
    ranking: list[Ranked] = field(default_factory=list)
    counted: list[Scored] = field(default_factory=list)  # every counted sheet, every stage
    levels: list[tuple[str, int]] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)
    dimensions: list[tuple[Section, Decimal]] = field(default_factory=list)  # mean subtotal
    compared: list[Compared] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    tiers: tuple[str, ...] = ()  # names of the tiers by share, highest first

    @property
    def mean_total(self) -> Decimal:
        return mean([r.scored.result.total for r in self.ranking])


def mean(values: Sequence[Decimal]) -> Decimal:
    """The mean to the cent (ZERO for none)."""
    return (sum(values, ZERO) / len(values)).quantize(Decimal("0.01")) if values else ZERO


def _stage_order(stage: str) -> int:
    return STAGES.index(stage) if stage in STAGES else len(STAGES)


def _score_all(form: Form, submissions: Sequence[Submission]) -> tuple[list[Scored], list[Problem]]:
    scored, problems = [], []
    seen: dict[tuple[str, str], str] = {}
    for sub in sorted(submissions, key=lambda s: s.file):
        identity = identity_problems(sub, form)
        problems += identity
        if any(p.kind != MISSING for p in identity):  # another standard or edition
            continue
        result = evaluate(form, sub.sheet.answers)
        item = Scored(sub, result)
        problems += entry_problems(sub, form) + result_problems(sub, form, result)
        first = seen.get((item.key, item.stage))
        if first is not None:
            problems.append(Problem(sub.file, "", DUPLICATE,
                                    f"“{item.name}”的{item.stage}答卷已有 {first}，本份未计入"))
            continue
        seen[(item.key, item.stage)] = sub.file
        scored.append(item)
    return scored, problems


def _rank_order(item: Scored) -> tuple[bool, Decimal, str, str]:
    return (item.result.level == LEVEL_VETOED, -item.result.total, item.name, item.key)


def _ranking(form: Form, latest: list[Scored], tiers: Sequence[tuple[str, Decimal]]) -> list[Ranked]:
    ordered = sorted(latest, key=_rank_order)
    named = sum(1 for item in ordered if item.result.named)
    bounds, cumulative = [], ZERO
    for name, share in tiers:
        cumulative += share
        bounds.append((name, int((cumulative * named).to_integral_value(ROUND_FLOOR))))
    ranked, position, named_seen = [], 0, 0
    previous: tuple[bool, Decimal] | None = None
    for index, item in enumerate(ordered, start=1):
        key = _rank_order(item)[:2]
        position = index if key != previous else position
        previous = key
        tier = ""
        if item.result.named:
            named_seen += 1
            tier = next((name for name, bound in bounds if named_seen <= bound), "")
        ranked.append(Ranked(position, item, tier))
    return ranked


def _lost(form: Form, ranking: list[Ranked]) -> list[Lost]:
    found = []
    count = len(ranking)
    for section in form.sections:
        for row in section.rows:
            losses = [row.points - r.scored.result.records[row.id] for r in ranking]
            losing = sum(1 for loss in losses if loss > 0)
            share = (Decimal(losing) / count).quantize(Decimal("0.0001")) if count else ZERO
            found.append(Lost(row, section, mean(losses), losing, share))
    return sorted(found, key=lambda lost: (-lost.mean, -lost.losing))  # stable: form order for ties


def summarise(form: Form, submissions: Sequence[Submission], unreadable: Sequence[Problem] = (),
              tiers: Sequence[tuple[str, Decimal]] = (), stages: Sequence[str] = ()) -> Summary:
    """The summary of `submissions` (only the `stages` given, if any) against `form`."""
    chosen = [s for s in submissions if not stages or (s.sheet.stage or STAGES[0]) in stages]
    scored, problems = _score_all(form, chosen)
    by_unit: dict[str, list[Scored]] = {}
    for item in scored:
        by_unit.setdefault(item.key, []).append(item)
    latest = [max(items, key=lambda i: _stage_order(i.stage)) for items in by_unit.values()]
    ranking = _ranking(form, latest, tiers)
    counts = Counter(r.scored.result.level for r in ranking)
    names = [level.name for level in form.levels] + [LEVEL_NONE, LEVEL_VETOED]
    compared = []
    for items in by_unit.values():
        stage_of = {i.stage: i for i in items}
        if STAGES[0] in stage_of and STAGES[1] in stage_of:
            compared.append(Compared(stage_of[STAGES[0]].name, stage_of[STAGES[0]], stage_of[STAGES[1]]))
    return Summary(
        form=form,
        ranking=ranking,
        counted=scored,
        levels=[(name, counts.get(name, 0)) for name in dict.fromkeys(names)],
        lost=_lost(form, ranking),
        dimensions=[(s, mean([r.scored.result.dimensions[s.id] for r in ranking])) for s in form.sections],
        compared=sorted(compared, key=lambda c: (c.name, c.first.key)),
        problems=sorted([*unreadable, *problems], key=Problem.sort_key),
        files=len(submissions) + len(unreadable),
        tiers=tuple(name for name, _ in tiers),
    )
