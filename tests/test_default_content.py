"""The default content: valid without warnings, and the promised counts cannot silently shrink."""

from __future__ import annotations

from collections import Counter

import pytest
from qinglian.core.corpus import Corpus
from qinglian.core.pipeline import check

from .conftest import ROOT


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, diagnostics = check(ROOT)
    assert [d.format() for d in diagnostics] == []
    assert corpus is not None
    return corpus


def test_counts(corpus: Corpus) -> None:
    kinds = Counter(entry.kind for entry in corpus.entries.values())
    assert kinds["unit"] >= 6
    assert kinds["checklist"] >= 4
    assert kinds["procedure"] >= 6
    assert kinds["term"] >= 45
    assert kinds["handbook"] >= 4
    assert {unit.unit_type for unit in corpus.units} >= {"机关", "学校", "医院", "国有企业", "村（社区）", "家庭"}


def test_every_unit_is_complete(corpus: Corpus) -> None:
    for unit in corpus.units:
        indicators = [i for d in unit.dimensions for i in d.indicators]
        assert 4 <= len(unit.dimensions) <= 6, unit.id
        assert len(indicators) >= 15, unit.id
        assert unit.scoring.total == 100, unit.id
        assert unit.veto and unit.bonus and unit.scoring.bonus_cap, unit.id
        assert unit.dimensions[0].title == "“四责”协同", unit.id


def test_city_two_lists_has_49_tasks_in_3_aspects(corpus: Corpus) -> None:
    checklist = next(c for c in corpus.checklists if c.id == "city-two-lists")
    assert [a.title for a in checklist.aspects] == ["市委主体责任", "市委书记第一责任人责任", "市委班子成员责任"]
    assert sum(len(a.tasks) for a in checklist.aspects) == 49
    assert "hy-report-2022" in checklist.sources


def test_school_carries_the_two_reported_facts(corpus: Corpus) -> None:
    school = next(u for u in corpus.units if u.id == "school")
    indicators = {i.id: i for d in school.dimensions for i in d.indicators}
    study, talk = indicators["school-resp-study"], indicators["school-resp-talk"]
    assert (study.frequency.min, study.frequency.per) == (4, "year")
    assert (talk.frequency.min, talk.frequency.per) == (1, "year")
    assert "hy-report-2022" in study.sources and "hy-report-2022" in talk.sources


def test_content_not_from_an_official_text_is_illustrative(corpus: Corpus) -> None:
    for record in [*corpus.units, *corpus.checklists, *corpus.procedures]:
        assert record.status == "illustrative", record.id
