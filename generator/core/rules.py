"""Stage 3b: the arithmetic and graph rules of the contract, run on a resolved corpus."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal

from qinglian.core.corpus import Corpus, Entry
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.fields import Record
from qinglian.core.kinds import label as kind_label
from qinglian.core.load import Loc
from qinglian.core.model import Deduction, Dimension, Indicator, Item, Procedure, Step, UnitStandard
from qinglian.core.numbers import format_number as num
from qinglian.core.resolve import closest_hint, error_at

# Definitions that exist only to be referred to: one never referred to is probably a slip.
_MUST_BE_USED = ("role", "term", "source")


def check_rules(corpus: Corpus, report_unused: bool = True) -> list[Diagnostic]:
    """Sums, levels, procedure graphs and `replaces`; unused definitions as warnings if asked.

    Records kept from ones that failed validation (see `salvage`) have None for their broken
    fields: a rule that reads one of those skips the record.

    Unused definitions are only worth reporting when nothing failed earlier: a record that did
    not validate may be the one that used them.
    """
    diagnostics: list[Diagnostic] = []
    for entry in corpus.entries.values():
        rules = _RULES.get(entry.kind)
        if rules is not None:
            diagnostics.extend(rules(entry))
    diagnostics.extend(_replaces_rules(corpus))
    if report_unused:
        diagnostics.extend(_unused(corpus))
    return diagnostics


def _whole(record: Record, *names: str) -> bool:
    """Whether the fields a rule reads are all there (None marks a broken one, see `salvage`)."""
    return all(getattr(record, name) is not None for name in names)


def _dimension_rules(entry: Entry) -> Iterator[Diagnostic]:
    dimension: Dimension = entry.record  # type: ignore[assignment]
    if not _whole(dimension, "points", "indicators"):
        return
    total = sum(indicator.points for indicator in dimension.indicators)
    if total != dimension.points:
        yield error_at(
            entry,
            ("points",),
            f"一级指标 {dimension.id} 为 {num(dimension.points)} 分，但其下二级指标合计 {num(total)} 分",
            "调整二级指标分值或一级指标分值，使两者相等",
        )


def _unit_rules(entry: Entry) -> Iterator[Diagnostic]:
    unit: UnitStandard = entry.record  # type: ignore[assignment]
    if unit.scoring is None:
        return
    if unit.dimensions is not None:
        total = sum(dimension.points for dimension in unit.dimensions)
        if total != unit.scoring.total:
            yield error_at(
                entry,
                ("scoring", "total"),
                f"总分为 {num(unit.scoring.total)} 分，但各一级指标合计 {num(total)} 分",
                "调整一级指标分值或 scoring.total，使两者相等",
            )
    yield from _level_rules(entry, unit)
    if unit.veto is not None:
        yield from _veto_rules(entry, unit)
    if unit.bonus is not None:
        yield from _bonus_rules(entry, unit)


def _bonus_rules(entry: Entry, unit: UnitStandard) -> Iterator[Diagnostic]:
    bonus = sum(item.limit for item in unit.bonus)
    cap = unit.scoring.bonus_cap
    if unit.bonus and cap is None:
        yield error_at(entry, ("bonus",), "有加分项但未设置加分上限", "请在 scoring 下添加 bonus_cap")
    elif cap is not None and bonus > cap:
        hint = "减少加分项分值或提高 scoring.bonus_cap"
        yield error_at(entry, ("bonus",), f"加分项合计 {num(bonus)} 分，超过加分上限 {num(cap)} 分", hint)


def _indicator_rules(entry: Entry) -> Iterator[Diagnostic]:
    indicator: Indicator = entry.record  # type: ignore[assignment]
    if indicator.points is None:
        return
    if indicator.items:
        total = sum(item.points for item in indicator.items)
        if total != indicator.points:
            yield error_at(
                entry,
                ("points",),
                f"指标 {indicator.id} 为 {num(indicator.points)} 分，但其下三级指标合计 {num(total)} 分",
                "调整三级指标分值或该指标分值，使两者相等",
            )
    yield from _deduction_rules(entry, (), indicator.points, indicator.deductions or [])


def _item_rules(entry: Entry) -> Iterator[Diagnostic]:
    item: Item = entry.record  # type: ignore[assignment]
    if item.points is not None:
        yield from _deduction_rules(entry, (), item.points, item.deductions or [])


def _deduction_rules(entry: Entry, here: Loc, points: Decimal, deductions: list[Deduction]) -> Iterator[Diagnostic]:
    for position, deduction in enumerate(deductions):
        loc = here + ("deductions", position)
        if deduction.points is not None and deduction.points > points:
            hint = "每次扣分不能超过本项分值；扣完为止的情形可写 all: true（本项不得分）"
            yield error_at(entry, loc + ("points",), f"扣分 {num(deduction.points)} 分超过本项分值 {num(points)} 分", hint)
        if deduction.range is not None:
            low, high = deduction.range
            if low >= high:
                hint = "range 写成 [最少, 最多]，如 [0.5, 1.5]；扣分固定时改用 points"
                yield error_at(entry, loc + ("range",), f"扣分范围 [{num(low)}, {num(high)}] 应从小到大", hint)
            elif high > points:
                hint = "降低范围上限，或提高本项分值"
                yield error_at(entry, loc + ("range", 1), f"扣分范围上限 {num(high)} 分超过本项分值 {num(points)} 分", hint)


def _level_rules(entry: Entry, unit: UnitStandard) -> Iterator[Diagnostic]:
    previous = None
    levels = unit.scoring.levels
    for index, level in enumerate(levels):
        loc = ("scoring", "levels", index, "min")
        if level.min > unit.scoring.total:
            hint = "降低该等次的最低分，或提高 scoring.total"
            yield error_at(entry, loc, f"等次“{level.name}”的最低分 {num(level.min)} 超过总分 {num(unit.scoring.total)}", hint)
        if previous is not None and level.min >= previous:
            yield error_at(
                entry,
                loc,
                f"等次“{level.name}”的最低分 {num(level.min)} 不低于上一等次的 {num(previous)}",
                "等次从高到低排列，最低分必须逐级递减",
            )
        previous = level.min
        if not level.passes and index != len(levels) - 1:
            hint = f"pass: false（不予命名）只能用于最后、最低的等次；“{level.name}”之后还有等次“{levels[-1].name}”"
            yield error_at(entry, ("scoring", "levels", index, "pass"), f"等次“{level.name}”不是最低等次，不能设为 pass: false", hint)


def _veto_rules(entry: Entry, unit: UnitStandard) -> Iterator[Diagnostic]:
    names = [level.name for level in unit.scoring.levels]
    for index, veto in enumerate(unit.veto):
        for position, name in enumerate(veto.bars):
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1, cutoff=0.3)
                hint = f"是否应为“{close[0]}”？" if close else f"可选的等次：{'、'.join(names)}"
                yield error_at(entry, ("veto", index, "bars", position), f"没有名为“{name}”的等次", hint)


def _procedure_rules(entry: Entry) -> Iterator[Diagnostic]:
    procedure: Procedure = entry.record  # type: ignore[assignment]
    if not _whole(procedure, "lanes", "steps", "documents"):
        return
    steps = {step.id: step for step in procedure.steps}
    documents = [document.id for document in procedure.documents]
    dangling = False
    for index, step in enumerate(procedure.steps):
        here = ("steps", index)
        for loc, actor in _step_actors(step):
            if actor not in procedure.lanes:
                hint = f"把 '{actor}' 加入 lanes，或改用其中之一：{'、'.join(procedure.lanes)}"
                yield error_at(entry, here + loc, f"责任主体 '{actor}' 不在本程序的 lanes 中", hint)
        for loc, target in _step_targets(step):
            if target not in steps:
                yield error_at(entry, here + loc, f"本程序中没有环节 '{target}'", _hint(target, procedure.steps, "环节"))
                dangling = True
        for field in ("inputs", "outputs"):
            for position, document in enumerate(getattr(step, field)):
                if document not in documents:
                    yield error_at(
                        entry, here + (field, position), f"本程序的 documents 中没有文书 '{document}'", _hint(document, procedure.documents, "文书")
                    )
    yield from _graph_rules(entry, procedure, steps, dangling)


def _hint(value: str, records: Sequence[Record], label: str) -> str:
    """Where a procedure's step or document went: renamed (`replaces`), else the closest ids."""
    renamed = next((record.id for record in records if record.replaces == value), None)
    return f"已更名为 '{renamed}'" if renamed else closest_hint(value, [record.id for record in records], label)


def _step_actors(step: Step) -> Iterator[tuple[Loc, str]]:
    if isinstance(step.actor, str):
        yield ("actor",), step.actor
    else:
        yield from ((("actor", position), actor) for position, actor in enumerate(step.actor))


def _step_targets(step: Step) -> Iterator[tuple[Loc, str]]:
    for position, target in enumerate(step.next):
        yield ("next", position), target
    if step.decision is not None:
        for position, branch in enumerate(step.decision.branches):
            here: Loc = ("decision", "branches", position, "next")
            if isinstance(branch.next, str):
                yield here, branch.next
            else:
                yield from ((here + (index,), target) for index, target in enumerate(branch.next))
    limit = step.time_limit
    if limit is not None and limit.from_ is not None:
        yield ("time_limit", "from") + (() if isinstance(limit.from_, str) else ("step",)), limit.anchor.step  # type: ignore[union-attr]


def _graph_rules(entry: Entry, procedure: Procedure, steps: dict[str, Step], dangling: bool) -> Iterator[Diagnostic]:
    """Reachability, an end, used lanes. With a target that does not exist, where the editor meant
    to go is unknown: the steps it leaves unreached are not reported, only the target itself."""
    reached = {procedure.steps[0].id}
    frontier = [procedure.steps[0].id]
    while frontier:
        for target in steps[frontier.pop()].targets:
            if target in steps and target not in reached:
                reached.add(target)
                frontier.append(target)
    for index, step in enumerate(procedure.steps):
        if step.id not in reached and not dangling:
            hint = f"从起点环节 '{procedure.steps[0].id}' 出发无法到达；请在某个环节的 next 或分支中指向它，或删除它"
            yield error_at(entry, ("steps", index, "id"), f"环节 '{step.id}' 无法到达", hint)
    if all(step.targets for step in procedure.steps):
        hint = "至少要有一个既没有 next 也没有 decision 的环节作为结束"
        yield error_at(entry, ("steps",), "程序没有结束环节", hint)
    used_lanes = {actor for step in procedure.steps for actor in step.actors}
    for index, lane in enumerate(procedure.lanes):
        if lane not in used_lanes:
            yield error_at(entry, ("lanes", index), f"泳道 '{lane}' 中没有任何环节", "删除该泳道，或为它安排环节", warning=True)


_RULES: dict[str, Callable[[Entry], Iterator[Diagnostic]]] = {
    "unit": _unit_rules,
    "dimension": _dimension_rules,
    "indicator": _indicator_rules,
    "item": _item_rules,
    "procedure": _procedure_rules,
}


def _replaces_rules(corpus: Corpus) -> Iterator[Diagnostic]:
    claimed: dict[str, Entry] = {}
    for entry in corpus.entries.values():
        old = entry.record.replaces
        if old is None:
            continue
        if old in corpus.entries:
            hint = "replaces 记录的是上一版的旧 id，它不能仍被使用；如果两条记录都要保留，请删除 replaces"
            yield error_at(entry, ("replaces",), f"旧 id '{old}' 仍在使用中", hint)
        elif old in claimed:
            yield error_at(entry, ("replaces",), f"旧 id '{old}' 已被 '{claimed[old].id}' 声明替代")
        claimed[old] = entry


def _unused(corpus: Corpus) -> Iterator[Diagnostic]:
    for entry in corpus.entries.values():
        if entry.kind in _MUST_BE_USED and not corpus.referrers(entry.id):
            label = kind_label(entry.kind)
            yield error_at(entry, ("id",), f"{label} '{entry.id}' 已定义但从未被引用", "引用它，或删除这条定义", warning=True)
