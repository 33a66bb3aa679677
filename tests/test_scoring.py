"""The reference scoring (qinglian.assessment.scoring): items, deductions, vetoes with bars,
non-passing levels and discretionary bonus, exact to the cent; then properties on random forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from qinglian.assessment.form import (
    LEVEL_NONE,
    LEVEL_VETOED,
    Form,
    FormItem,
    FormLevel,
    Part,
    Row,
    Rule,
    Section,
    assessment_form,
)
from qinglian.assessment.scoring import Answer, Answers, Result, evaluate, score
from qinglian.core.pipeline import read_corpus

from .conftest import FIXTURES

D = Decimal


@pytest.fixture(scope="module")
def form() -> Form:
    return assessment_form(read_corpus(FIXTURES / "v2").get("village-index"))  # type: ignore[arg-type]


def run(
    form: Form, records: dict[str, Answer] | None = None, veto: frozenset[str] = frozenset(), bonus: dict[str, object] | None = None
) -> Result:
    return evaluate(form, Answers(records or {}, veto, bonus or {}))  # type: ignore[arg-type]


def test_the_form_carries_items_rules_levels_vetoes_and_bonus(form: Form) -> None:
    affairs = form.rows()[0]
    assert (affairs.number, affairs.title, affairs.points) == ("（一）", "村务公开", 10)
    assert [(p.number, p.points, [r.kind for r in p.deductions]) for p in affairs.parts] == [
        ("1", D("4.5"), ["count", "range"]), ("2", D(3), ["count"]), ("3", D("2.5"), ["all"]),
    ]
    assert form.rows()[3].title == "（四） 修订完善村规民约，写入婚丧事宜简办、反对铺张浪费等内容。"
    assert [(level.name, level.passes, level.note) for level in form.levels] == [
        ("示范村", True, "按不超过参评村总数20%的比例认定"), ("达标村", True, None), ("不达标", False, None),
    ]
    assert [item.bars for item in form.veto] == [(), ("示范村",)]
    assert [(item.points, item.discretionary) for item in form.bonus] == [(D(2), False), (D(3), True)]
    assert (form.bonus_limit, form.veto_intro) == (D(5), "评价年度内出现下列情形之一的，实行一票否决")


def test_nothing_entered_deducts_nothing_where_rules_exist(form: Form) -> None:
    result = run(form)
    # 村规民约 (12.5) and 三资 (15) etc. start full; the 三级 items without rules score 0.
    assert result.records["village-sup-committee-report"] == 0
    assert result.records["village-sup-committee"] == D(15)
    assert result.total == D(95) and (result.level, result.named) == ("示范村", True)


def test_counts_amounts_and_ticks(form: Form) -> None:
    records = {
        "village-gov-affairs-finance": Answer(deductions=(2, D("0.7"))),  # 2 × 1.5 + 0.7
        "village-gov-affairs-major": Answer(deductions=(7,)),  # 3.5 > 3: floors at 0
        "village-gov-assets": Answer(deductions=(D("0.2"), 0)),  # below the range: raised to 1
        "village-culture-place": Answer(deductions=(D("1.9"), None)),  # a count is whole: 1 × 2.5
        "village-sup-committee-report": Answer(score=D("4.5")),
        "village-sup-committee-ledger": Answer(deductions=(D(9),)),  # above the range: lowered to 6.5
    }
    result = run(form, records)
    assert result.records["village-gov-affairs-finance"] == D("0.8")
    assert result.records["village-gov-affairs-major"] == 0
    assert result.records["village-gov-affairs"] == D("3.3")  # 0.8 + 0 + 2.5
    assert result.records["village-gov-assets"] == D(14)
    assert result.records["village-culture-place"] == D(15)
    assert result.records["village-sup-committee"] == D(13)  # 8.5 + 0 + 4.5
    assert result.dimensions == {"village-gov": D("32.3"), "village-culture": D("27.5"), "village-sup": D(23)}
    assert (result.total, result.level, result.named) == (D("82.8"), "达标村", True)


def test_a_tick_at_the_indicator_zeroes_it_whatever_its_items(form: Form) -> None:
    result = run(form, {"village-gov-affairs": Answer(deductions=(True,))})
    assert (result.records["village-gov-affairs-finance"], result.records["village-gov-affairs"]) == (D("4.5"), 0)


def test_a_veto_bars_only_its_levels(form: Form) -> None:
    assert run(form, veto=frozenset({"village-veto-petition"})).level == "达标村"  # 95, but 示范村 is barred
    assert run(form, veto=frozenset({"village-veto-case"})).level == LEVEL_VETOED  # no bars: every level
    assert run(form, veto=frozenset({"village-veto-case", "village-veto-petition"})).level == LEVEL_VETOED


def test_the_non_passing_level_is_reached_but_not_named(form: Form) -> None:
    result = run(form, {"village-gov-decision": Answer(score=0), "village-gov-assets": Answer(score=0)})
    assert (result.total, result.level, result.named) == (D(65), "不达标", False)


def test_bonus_is_clamped_per_item_and_capped(form: Form) -> None:
    assert run(form, bonus={"village-bonus-other": D("2.5")}).bonus == D("2.5")
    assert run(form, bonus={"village-bonus-other": 9}).bonus == D(3)
    assert run(form, bonus={"village-bonus-province": 2, "village-bonus-other": 3}).bonus == D(5)
    assert run(form, bonus={"village-bonus-other": -1}).bonus == 0


def test_entries_are_exact_decimals_whatever_their_type(form: Form) -> None:
    result = score(form, {"village-sup-committee-report": 0.1, "village-sup-petition": "0.2"})
    assert result.records["village-sup-committee-report"] + result.records["village-sup-petition"] == D("0.3")
    assert score(form, {"village-sup-petition": "abc"}).records["village-sup-petition"] == D(10)  # not a number: blank


# --- properties on random forms ---------------------------------------------------------------

CENTS = st.integers(min_value=1, max_value=2000).map(lambda n: D(n) / 100)


@st.composite
def rules(draw: st.DrawFn, points: Decimal) -> tuple[Rule, ...]:
    found = []
    for kind in draw(st.lists(st.sampled_from(["count", "range", "all"]), max_size=3)):
        if kind == "count":
            found.append(Rule("每次", points=min(draw(CENTS), points)))
        elif kind == "range":
            low, high = sorted(draw(st.lists(st.integers(0, int(points * 100)), min_size=2, max_size=2, unique=True)))
            found.append(Rule("酌情", range=(D(low) / 100, D(high) / 100)))
        else:
            found.append(Rule("不得分", all=True))
    return tuple(found)


@st.composite
def rows(draw: st.DrawFn, index: int) -> Row:
    parts = tuple(
        Part(f"r{index}-{n}", f"{n}", "细则", points, deductions=draw(rules(points)))
        for n, points in enumerate(draw(st.lists(CENTS, max_size=3)))
    )
    points = sum((part.points for part in parts), D(0)) if parts else draw(CENTS)
    return Row(f"r{index}", "", "指标", "", None, points, None, (), (), draw(rules(points)), parts)


@st.composite
def forms(draw: st.DrawFn) -> Form:
    sections = tuple(
        Section(f"s{s}", "", "维度", D(0), tuple(draw(rows(s * 10 + r)) for r in range(draw(st.integers(1, 3)))))
        for s in range(draw(st.integers(1, 3)))
    )
    total = sum((row.points for section in sections for row in section.rows), D(0))
    mins = sorted(draw(st.lists(st.integers(0, int(total * 100)), min_size=1, max_size=4, unique=True)), reverse=True)
    levels = tuple(FormLevel(f"L{i}", D(m) / 100, passes=i < len(mins) - 1 or draw(st.booleans())) for i, m in enumerate(mins))
    names = [level.name for level in levels]
    veto = tuple(FormItem(f"v{i}", "", "否决", bars=tuple(draw(st.sets(st.sampled_from(names))))) for i in range(draw(st.integers(0, 2))))
    bonus = tuple(FormItem(f"b{i}", "", "加分", draw(CENTS), draw(st.booleans())) for i in range(draw(st.integers(0, 2))))
    limit = draw(st.one_of(CENTS, st.just(sum((b.points or D(0) for b in bonus), D(0)))))
    return Form("u", "标准", "单元", "1", total, levels, limit, sections, veto, bonus)


ENTRY = st.one_of(st.none(), st.booleans(), st.integers(-2, 30), CENTS, st.floats(allow_nan=True))


@st.composite
def answers(draw: st.DrawFn, form: Form) -> Answers:
    records = {}
    for row in form.rows():
        for record_id, rules_ in [(row.id, row.deductions), *((p.id, p.deductions) for p in row.parts)]:
            direct = draw(st.one_of(st.none(), st.integers(-5, 30), CENTS))
            records[record_id] = Answer(direct, tuple(draw(ENTRY) for _ in rules_))
    veto = frozenset(draw(st.sets(st.sampled_from([v.id for v in form.veto] or ["none"]))))
    bonus = {item.id: draw(st.one_of(st.none(), st.integers(-5, 30), CENTS)) for item in form.bonus}
    return Answers(records, veto, bonus)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_scores_stay_within_bounds_and_add_up_exactly(data: st.DataObject) -> None:
    form = data.draw(forms())
    result = evaluate(form, data.draw(answers(form)))
    for row in form.rows():
        assert 0 <= result.records[row.id] <= row.points
        for part in row.parts:
            assert 0 <= result.records[part.id] <= part.points
    for section in form.sections:
        assert result.dimensions[section.id] == sum((result.records[row.id] for row in section.rows), D(0))
    assert 0 <= result.bonus <= form.bonus_limit
    assert result.total == result.base + result.bonus == sum(result.dimensions.values(), D(0)) + result.bonus
    assert result.total == result.total.quantize(D("0.01"))  # exact: never more than two decimals


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_the_level_is_the_highest_open_one_reached(data: st.DataObject) -> None:
    form = data.draw(forms())
    given_answers = data.draw(answers(form))
    result = evaluate(form, given_answers)
    barred = {name for v in form.veto if v.id in given_answers.veto for name in (v.bars or [lv.name for lv in form.levels])}
    open_levels = [level for level in form.levels if level.name not in barred]
    reached = [level for level in open_levels if level.min <= result.total]
    if not open_levels:
        assert (result.level, result.named) == (LEVEL_VETOED, False)
    elif not reached:
        assert (result.level, result.named) == (LEVEL_NONE, False)
    else:
        assert (result.level, result.named) == (reached[0].name, reached[0].passes)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_more_occurrences_never_raise_a_score(data: st.DataObject) -> None:
    form = data.draw(forms())
    row = data.draw(st.sampled_from(form.rows()))
    counts = [i for i, rule in enumerate(row.deductions) if rule.kind == "count"]
    if not counts:
        return
    low = data.draw(st.integers(0, 5))
    entries = [None] * len(row.deductions)
    scores = []
    for count in (low, low + data.draw(st.integers(1, 5))):
        entries[counts[0]] = count
        scores.append(evaluate(form, Answers({row.id: Answer(deductions=tuple(entries))})).records[row.id])
    assert scores[1] <= scores[0]
