"""The self-assessment form, its reference scoring and the 在线自评 page (without a browser)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, assessment_form
from qinglian.assessment.scoring import score
from qinglian.core.corpus import Corpus
from qinglian.core.pipeline import read_corpus
from qinglian.render.producers import PRODUCERS, SCRIPTS, STYLESHEETS
from qinglian.render.settings import Settings
from qinglian.render.site import assess

from .conftest import ROOT, edit

DATA = re.compile(r'<script type="application/json" class="ql-assess-data">(.*?)</script>', re.S)


@pytest.fixture
def corpus(mini: Path) -> Corpus:
    return read_corpus(mini)


@pytest.fixture
def form(corpus: Corpus) -> Form:
    return assessment_form(corpus.get("school"))  # type: ignore[arg-type]


def test_form_numbers_rows_and_keeps_points(form: Form) -> None:
    assert [(s.number, s.title, s.points) for s in form.sections] == [("一、", "“四责”协同", 10)]
    assert [(r.number, r.id, r.points, r.frequency) for r in form.rows()] == [
        ("（一）", "school-resp-study", 6, "每年不少于4次"),
        ("（二）", "school-resp-talk", 4, "每年至少1次"),
    ]
    assert [(level.name, level.min) for level in form.levels] == [("示范", 9), ("达标", 8)]
    assert (form.bonus_limit, form.storage_key) == (2, "qinglian-assess:school:2022 试行")
    assert [(item.number, item.id) for item in form.veto] == [("1.", "school-veto-case")]


@pytest.mark.parametrize(
    ("scores", "bonus", "vetoed", "total", "level"),
    [
        ({"school-resp-study": 6, "school-resp-talk": 4}, {}, set(), 10, "示范"),
        ({"school-resp-study": 5.5, "school-resp-talk": 2.5}, {}, set(), 8, "达标"),
        ({"school-resp-study": 5.5, "school-resp-talk": 2}, {}, set(), 7.5, LEVEL_NONE),
        ({"school-resp-study": 5.5, "school-resp-talk": 2}, {"school-bonus-model": 1}, set(), 8.5, "达标"),
        ({"school-resp-study": 99, "school-resp-talk": -3}, {"school-bonus-model": 9}, set(), 8, "达标"),
        ({"school-resp-study": 6, "school-resp-talk": 4}, {}, {"school-veto-case"}, 10, LEVEL_VETOED),
    ],
)
def test_score_clamps_caps_and_vetoes(form: Form, scores, bonus, vetoed, total, level) -> None:  # type: ignore[no-untyped-def]
    result = score(form, scores, bonus, vetoed)
    assert (result.total, result.level) == (total, level)


def test_score_subtotals_and_blank_as_zero(form: Form) -> None:
    result = score(form, {"school-resp-talk": 3.5})
    assert (result.dimensions, result.base, result.bonus, result.total) == ({"school-resp": 3.5}, 3.5, 0, 3.5)


def test_a_unit_without_bonus_or_veto_gets_neither_section(mini: Path) -> None:
    edit(mini, "standards/units/school.yaml", "  bonus_cap: 2\n", "")
    edit(mini, "standards/units/school.yaml", "bonus:\n  - {id: school-bonus-model, text: 经验做法被市级以上推广, points: 2}\n", "")
    edit(mini, "standards/units/school.yaml", "veto:\n  - id: school-veto-case\n    text: 近两年内班子成员被立案审查调查\n", "")
    corpus = read_corpus(mini)
    form = assessment_form(corpus.get("school"))  # type: ignore[arg-type]
    assert (form.bonus_limit, form.bonus, form.veto) == (0, (), ())
    assert score(form, {"school-resp-study": 6, "school-resp-talk": 2.5}).level == "达标"
    page = assess.render_page(corpus, form)
    assert "ql-bonus" not in page and "ql-veto" not in page and 'data-ql="bonus"' not in page


def test_page_embeds_the_scoring_data_and_one_input_per_indicator(corpus: Corpus, form: Form) -> None:
    page = assess.render_page(corpus, form)
    assert json.loads(DATA.search(page).group(1)) == form.as_json()  # type: ignore[union-attr]
    for row in form.rows():
        assert f'class="ql-score" data-id="{row.id}" min="0" max="{row.points}"' in page
        assert f'data-id="{row.id}" data-value="{row.points}">满分</button>' in page
    assert 'class="ql-bonus" data-id="school-bonus-model" min="0" max="2"' in page
    assert page.count('class="ql-veto"') == 2
    assert "不会上传到任何地方" in page
    assert "[下载 Excel 自评表](school.xlsx)" in page
    assert "](../units/school.md)" in page
    assert "http" not in page


def test_text_fields_cannot_break_out_of_the_page(corpus: Corpus, form: Form) -> None:
    evil = '</script><img src=x onerror="alert(1)">**要点** & <!--'
    row = dataclasses.replace(form.sections[0].rows[0], title=evil, requirement=evil)
    section = dataclasses.replace(form.sections[0], rows=(row, *form.sections[0].rows[1:]))
    bad = dataclasses.replace(form, title=evil, sections=(section,))
    page = assess.render_page(corpus, bad)
    assert "<img" not in page and "<!--" not in page
    assert page.count("</script>") == 1  # the data block's own end tag
    assert json.loads(DATA.search(page).group(1))["title"] == evil  # type: ignore[union-attr]
    assert "<strong>要点</strong>" in page  # the one markup text fields may carry


def test_script_json_never_contains_a_tag_opener() -> None:
    text = assess.script_json({"a": "</script>", "b": "<!--"})
    assert "<" not in text
    assert json.loads(text) == {"a": "</script>", "b": "<!--"}


def test_producer_writes_page_workbook_json_and_assets(corpus: Corpus) -> None:
    assert assess.produce in PRODUCERS
    files = dict(assess.produce(corpus, Settings(project_dir=Path("."))))
    assert sorted(files) == [
        "assess/school.md", "assess/school.xlsx",
        "assets/qinglian/assess.css", "assets/qinglian/assess.js", "data/corpus.json",
    ]
    assert files["assess/school.xlsx"][:2] == b"PK"  # type: ignore[index]
    assets = ROOT / "generator" / "assets" / "qinglian"
    assert files["assets/qinglian/assess.js"] == (assets / "assess.js").read_text(encoding="utf-8")
    assert json.loads(files["data/corpus.json"])["format"] == "qinglian-corpus"  # type: ignore[arg-type]


def test_producer_output_is_deterministic(corpus: Corpus) -> None:
    settings = Settings(project_dir=Path("."))
    assert dict(assess.produce(corpus, settings)) == dict(assess.produce(corpus, settings))


def test_assets_ship_no_external_urls_and_the_plugin_loads_them() -> None:
    for name in assess.ASSETS:
        text = (ROOT / "generator" / "assets" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//cdn|@import", text), name
    assert assess.SCRIPT in SCRIPTS and assess.STYLESHEET in STYLESHEETS  # see test_mkdocs.py
