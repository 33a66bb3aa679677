"""Content model v2: exact decimal points, the new fields, and a corpus of real-document shape.

The corpus in tests/fixtures/v2 is written like published 评价指标, 责任清单 and 工作规则 (三级指标,
1.5-point items, 扣分制, vetoes that bar some levels, 文号, joint steps, event-anchored limits).
Each new rule's diagnostic is pinned word for word in tests/fixtures/invalid (test_invalid).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError
from qinglian.core.model import BonusItem, Deduction, Indicator, Level, Step, TimeLimit
from qinglian.core.numbers import format_number, json_number, to_decimal
from qinglian.core.pipeline import check, read_corpus
from qinglian.core.schema import schemas
from qinglian.export.corpus_json import corpus_document
from qinglian.render.producers import render_site
from qinglian.render.settings import Settings

from .conftest import FIXTURES, edit

V2 = FIXTURES / "v2"


def indicator(points: object, **fields: object) -> Indicator:
    return Indicator.model_validate({"id": "x", "requirement": "要求", "points": points, **fields})


def errors(points: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as raised:
        indicator(points)
    return [(error["type"], error["msg"]) for error in raised.value.errors()]


# --- numbers ----------------------------------------------------------------------------------


def test_floats_become_the_decimal_the_editor_wrote() -> None:
    assert indicator(1.5).points == Decimal("1.5")
    assert indicator(0.25).points == Decimal("0.25")
    assert indicator(0.1).points + indicator(0.2).points == Decimal("0.3")
    assert indicator(20).points == Decimal(20) and str(indicator(20).points) == "20"
    assert str(indicator(2.0).points) == "2"  # a whole number stays whole, not 2.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.005, [("decimal_places", "最多保留两位小数，实际为 1.005")]),
        (0.001, [("decimal_places", "最多保留两位小数，实际为 0.001")]),
        (True, [("number_type", "应为数字，实际为布尔值")]),
        (False, [("number_type", "应为数字，实际为布尔值")]),
        ("4", [("number_type", "应为数字，实际为文本")]),
        (float("nan"), [("number_type", "应为数字，实际为非有限数")]),
        (float("inf"), [("number_type", "应为数字，实际为非有限数")]),
    ],
)
def test_points_refuse_more_than_two_decimals_bools_and_text(value: object, expected: list[tuple[str, str]]) -> None:
    assert errors(value) == expected


def test_a_leading_zero_is_refused_not_read_as_octal(mini: Path) -> None:
    edit(mini, "standards/units/school.yaml", "    points: 10\n", "    points: 020\n")
    _, diagnostics = check(mini)
    assert [(d.line, d.message, d.hint) for d in diagnostics] == [
        (23, "数字 020 以 0 开头，YAML 会把它读作八进制数", "去掉开头的 0，写成 20；如果是编号等文本，请加引号：'020'")
    ]


def test_numbers_are_exported_as_json_numbers() -> None:
    assert (json_number(Decimal(20)), json_number(Decimal("1.5"))) == (20, 1.5)
    assert json.dumps(indicator(1.5).model_dump(mode="json")["points"]) == "1.5"
    assert json.dumps(indicator(20).model_dump(mode="json")["points"]) == "20"
    assert [format_number(v) for v in (Decimal("5.0"), Decimal("2.50"), Decimal(100), 0.25)] == ["5", "2.5", "100", "0.25"]
    assert to_decimal(Decimal("1.50")) == Decimal("1.5")


def test_the_schema_says_number_for_points() -> None:
    unit = schemas()["units.schema.json"]["$defs"]
    assert unit["Dimension"]["properties"]["points"] == {
        "description": "分值，等于其下二级指标分值之和", "exclusiveMinimum": 0, "title": "分值", "type": "number",
    }
    assert unit["Level"]["properties"]["min"]["type"] == "number"


# --- fields -----------------------------------------------------------------------------------


def test_deduction_has_exactly_one_way_to_deduct() -> None:
    assert Deduction.model_validate({"text": "每少1次", "points": 0.5}).points == Decimal("0.5")
    assert Deduction.model_validate({"text": "酌情", "range": [0.5, 1.5]}).range == [Decimal("0.5"), Decimal("1.5")]
    assert Deduction.model_validate({"text": "未开展", "all": True}).all is True
    for bad in ({"text": "x"}, {"text": "x", "points": 1, "all": True}, {"text": "x", "all": False}, {"text": "x", "range": [1]}):
        with pytest.raises(ValidationError):
            Deduction.model_validate(bad)


def test_indicator_with_items_needs_no_requirement_or_title() -> None:
    record = Indicator.model_validate(
        {"id": "x", "number": "（六）", "points": 2.5, "items": [{"id": "x-1", "text": "细则", "points": 2.5}]}
    )
    assert (record.requirement, record.responsible, record.label) == (None, [], "（六） 细则")
    long = indicator(1, requirement="甲" * 50 + "\n第二行")
    assert long.label == "甲" * 39 + "…"


def test_level_pass_bonus_max_and_step_shapes() -> None:
    assert Level.model_validate({"name": "不达标", "min": 0, "pass": False}).passes is False
    assert Level.model_validate({"name": "达标", "min": 80}).passes is True
    assert BonusItem.model_validate({"id": "b", "text": "酌情", "max": 3}).limit == Decimal(3)
    step = Step.model_validate({"id": "s", "title": "研判", "actor": ["a", "b"], "action": "会商。"})
    assert (step.actors, step.lane) == (["a", "b"], "a")
    limit = TimeLimit.model_validate({"within": 15, "unit": "workday", "from": "s", "typical": True})
    assert (limit.describe(), limit.anchor.step, limit.anchor.at) == ("一般为15个工作日", "s", "end")  # type: ignore[union-attr]


# --- the v2 corpus ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    return render_site(read_corpus(V2), Settings(project_dir=V2, site_url="https://qinglian.example.gov.cn/"))


def test_the_v2_corpus_checks_clean() -> None:
    assert check(V2)[1] == []


def test_the_v2_corpus_renders_every_output(files: dict[str, str | bytes]) -> None:
    for page in ("units/village-index.md", "checklists/township-five-duties.md", "procedures/report-handling.md"):
        assert page in files
    assert files["handbooks/village-handbook.pdf"][:5] == b"%PDF-"  # type: ignore[index]
    assert files["assess/village-index.xlsx"][:2] == b"PK"  # type: ignore[index]
    procedure = str(files["procedures/report-handling.md"])
    assert "信访室、监督检查室" in procedure  # both actors of the joint step


def test_the_v2_corpus_exports_v2_fields_as_written() -> None:
    document = corpus_document(read_corpus(V2))
    unit = document["units"][0]
    assert (unit["number"], unit["date"], unit["veto_intro"]) == ("某县清廉办〔2024〕2号", "2024-05-10", "评价年度内出现下列情形之一的，实行一票否决")
    affairs = unit["dimensions"][0]["indicators"][0]
    assert [(item["id"], item["number"], item["points"], item["kind"]) for item in affairs["items"]] == [
        ("village-gov-affairs-finance", "1", 4.5, "item"),
        ("village-gov-affairs-major", "2", 3, "item"),
        ("village-gov-affairs-review", "3", 2.5, "item"),
    ]
    assert affairs["items"][0]["deductions"] == [
        {"text": "每少公开1次", "points": 1.5},
        {"text": "公开内容不全", "range": [0.5, 1.5]},
    ]
    assert unit["scoring"]["levels"][2] == {"name": "不达标", "min": 0, "pass": False}
    assert unit["veto"][1]["bars"] == ["示范村"]
    assert unit["bonus"][1]["max"] == 3 and "points" not in unit["bonus"][1]
    step = document["procedures"][0]["steps"][2]
    assert step["time_limit"]["from"] == {"step": "rh-assess", "at": "end"}
