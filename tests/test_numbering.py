"""Display numbers are computed once (`core/numbering.py`); a record's own `number` wins."""

from __future__ import annotations

from qinglian.core.numbering import bare, full_numbers, numbers, step_name
from qinglian.core.pipeline import read_corpus

from .conftest import FIXTURES


def test_computed_numbers_follow_the_kinds_levels() -> None:
    corpus = read_corpus(FIXTURES / "mini")
    assert [corpus.number(i) for i in ("school-resp", "school-resp-talk", "school-veto-case", "school-bonus-model")] == [
        "一、", "（二）", "1.", "1.",
    ]
    assert corpus.number("school-list-talk") == "1." and corpus.number("ch-route") == "2."  # a task, a step
    assert corpus.number("school") is None and corpus.number("school-party-org") is None  # a unit, a role
    assert numbers(corpus.get("school"))["school-resp-talk"] == "（二）"


def test_a_records_own_number_is_shown_instead() -> None:
    corpus = read_corpus(FIXTURES / "v2")
    assert corpus.number("village-gov-affairs") == "（一）" and corpus.number("village-gov-affairs-major") == "2"
    assert corpus.number("rh-notify") == "第四步"
    assert corpus.number("village-index") is None  # its `number` is the 文号, not a display number
    assert full_numbers(corpus.get("village-index"))["village-gov-affairs-major"] == "一、（一）2"


def test_bare_numbers_and_step_names() -> None:
    assert [bare(n) for n in ("1.", "一、", "（一）", "第3条")] == ["1", "一", "（一）", "第3条"]
    assert [step_name(n) for n in ("3.", "16", "十二", "第三步", "第3条")] == ["第3步", "第16步", "第十二步", "第三步", "第3条"]
