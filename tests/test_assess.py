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
from qinglian.core.urls import ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT, ASSESS_STYLESHEET
from qinglian.render.producers import PRODUCERS, SCRIPTS, STYLESHEETS
from qinglian.render.settings import Settings
from qinglian.render.site import assess
from qinglian.render.site.page import Page

from .conftest import FIXTURES, ROOT, edit

DATA = re.compile(r'<script type="application/json" class="ql-assess-data">(.*?)</script>', re.S)


def render(corpus: Corpus, form: Form) -> str:
    """The 在线自评 page's HTML body."""
    return assess.render_page(Page(corpus, Settings(Path())), form).body


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
    assert form.bonus_limit == 2
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
    page = render(corpus, form)
    assert "ql-bonus" not in page and "ql-veto" not in page and 'data-ql="bonus"' not in page


def test_page_embeds_the_scoring_data_and_one_input_per_indicator(corpus: Corpus, form: Form) -> None:
    page = render(corpus, form)
    data = json.loads(DATA.search(page).group(1))  # type: ignore[union-attr]
    assert data == {**form.as_json(), "storageKey": "qinglian-assess::online:school:2022 试行"}
    for row in form.rows():
        assert f'class="ql-score" id="ql-s-{row.id}" data-id="{row.id}" min="0" max="{row.points}"' in page
        assert f'data-id="{row.id}" data-value="{row.points}" id="ql-full-{row.id}"' in page
        assert f'aria-labelledby="ql-h-{row.id} ql-sl-{row.id}"' in page  # named with its indicator
    assert 'class="ql-bonus" data-id="school-bonus-model" min="0" max="2"' in page
    assert page.count('class="ql-veto"') == 2
    assert 'value="yes" aria-labelledby="ql-h-school-veto-case ql-vy-school-veto-case"' in page  # named with its item
    assert "不会上传到任何地方" in page
    assert '<a href="school.xlsx">下载 Excel 自评表</a>' in page
    assert '<a href="../units/school.md">清廉学校建设标准</a>' in page
    assert "http" not in page


def test_page_hides_the_toc_and_stays_out_of_search(corpus: Corpus, form: Form) -> None:
    rendered = assess.render_page(Page(corpus, Settings(Path())), form)
    assert rendered.title == "清廉学校建设标准：在线自评"
    assert rendered.meta == {"hide": ["toc"], "search": {"exclude": True}}


def test_page_asks_who_fills_it_in_and_prints_signature_lines(corpus: Corpus, form: Form) -> None:
    page = render(corpus, form)
    fields = re.findall(r'<label>(\w+)<(?:input|select)[^>]* data-ql-meta="([\w.]+)"', page)
    assert fields == [
        ("单位名称", "unit.name"), ("单位代码", "unit.code"), ("地区", "unit.region"), ("类别", "unit.category"),
        ("评价阶段", "stage"), ("填报人", "assessor"), ("日期", "date"),
    ]
    assert "<option>自评</option><option>复评</option><option>实地查验</option>" in page
    assert "单位负责人（签字）：" in page and "填报人（签字）：" in page
    assert '<output data-ql="level">—</output>' in page  # no level before anything is entered


def test_v2_page_scores_items_and_offers_an_entry_per_deduction_rule() -> None:
    corpus = read_corpus(FIXTURES / "v2")
    form = assessment_form(corpus.get("village-index"))  # type: ignore[arg-type]
    page = render(corpus, form)
    finance = "village-gov-affairs-finance"
    assert '<h4 id="ql-h-village-gov-affairs-finance">1 村级财务收支按季度公开，公开内容完整' in page
    assert f'<span class="ql-rule-text" id="ql-r-{finance}-0">每少公开1次扣1.5分</span>' in page
    assert f'data-id="{finance}" data-rule="0" min="0" step="1"' in page
    assert f'data-id="{finance}" data-rule="1" min="0" max="1.5" step="any"' in page
    assert 'type="checkbox" class="ql-deduct" data-id="village-gov-affairs" data-rule="0"' in page
    assert 'class="ql-score" id="ql-s-village-gov-affairs"' not in page  # scored by its items
    assert '<output data-ql-record="village-gov-affairs">' in page
    assert "不达标：0分及以上，不予命名" in page and "按不超过参评村总数20%的比例认定" in page
    assert "发生群体性越级上访并造成不良影响（不得评为示范村）" in page
    assert "评价年度内出现下列情形之一的，实行一票否决" in page
    assert "（最多3分）" in page


def test_storage_key_names_the_site_and_the_edition(form: Form) -> None:
    # All file:// pages share one localStorage: two offline sites, or the two editions, must not
    # see each other's answers.
    keys = [
        assess.storage_key(Settings(Path(), site_url="https://a.example.cn/lib/", edition="offline"), form),
        assess.storage_key(Settings(Path(), site_name="清廉标准库"), form),
    ]
    assert keys == [
        "qinglian-assess:a.example.cn/lib:offline:school:2022 试行",
        "qinglian-assess:清廉标准库:online:school:2022 试行",
    ]


def test_text_fields_cannot_break_out_of_the_page(corpus: Corpus, form: Form) -> None:
    evil = '</script><img src=x onerror="alert(1)">**要点** & <!--'
    row = dataclasses.replace(form.sections[0].rows[0], title=evil, requirement=evil)
    section = dataclasses.replace(form.sections[0], rows=(row, *form.sections[0].rows[1:]))
    bad = dataclasses.replace(form, title=evil, sections=(section,))
    page = render(corpus, bad)
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
        "assets/qinglian/assess-score.js", "assets/qinglian/assess.css", "assets/qinglian/assess.js", "data/corpus.json",
    ]
    assert files["assess/school.xlsx"][:2] == b"PK"  # type: ignore[index]
    assets = ROOT / "generator" / "assets" / "qinglian"
    assert files["assets/qinglian/assess.js"] == (assets / "assess.js").read_text(encoding="utf-8")
    assert json.loads(files["data/corpus.json"])["format"] == "qinglian-corpus"  # type: ignore[arg-type]


def test_producer_output_is_deterministic(corpus: Corpus) -> None:
    settings = Settings(project_dir=Path("."))
    assert dict(assess.produce(corpus, settings)) == dict(assess.produce(corpus, settings))


def test_assets_ship_no_external_urls_and_the_plugin_loads_them() -> None:
    for path in assess.ASSETS:
        text = (ROOT / "generator" / path).read_text(encoding="utf-8")
        assert not re.search(r"https?://|//cdn|@import", text), path
    assert SCRIPTS == (ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT)  # the rules load first; see test_mkdocs.py
    assert ASSESS_STYLESHEET in STYLESHEETS
