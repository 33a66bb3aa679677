"""The answer sheet (the 在线自评 page's JSON): read in versions 1 and 2, refused when it is none,
written back as the page writes it, named after the unit, the standard and the date."""

from __future__ import annotations

import json

import pytest
from qinglian.assessment.answers import (
    AnswerSheetError,
    UnitInfo,
    answer_sheet_json,
    file_name,
    missing_fields,
    read_answer_sheet,
)
from qinglian.assessment.form import assessment_form
from qinglian.assessment.scoring import Answer, Answers, evaluate
from qinglian.core.pipeline import read_corpus

from .conftest import FIXTURES, ROOT

V2 = {
    "format": "qinglian-assess", "version": 2, "standard": "village-index", "edition": "2024 版", "title": "清廉村居",
    "unit": {"name": " 东村 ", "code": "001", "region": "某县", "category": "行政村"},
    "stage": "复评", "assessor": "王五", "date": "2024-07-01",
    "scores": {"village-sup-committee-report": 4.5},
    "deductions": {"village-gov-affairs-finance": [2, "0.7"], "village-gov-affairs": [True], "bad": {"x": 1}},
    "bonus": {"village-bonus-other": 2.5}, "veto": {"village-veto-petition": True, "village-veto-case": "是"},
    "notes": {"village-gov-assets": "台账缺两本", "x": 3},
    "result": {"total": 100},
}


def test_a_version_2_sheet_is_read_with_who_filled_it_in() -> None:
    sheet = read_answer_sheet(V2)
    assert (sheet.standard, sheet.edition, sheet.stage, sheet.assessor, sheet.date, sheet.version) == (
        "village-index", "2024 版", "复评", "王五", "2024-07-01", 2)
    assert sheet.unit == UnitInfo("东村", "001", "某县", "行政村")
    assert sheet.answers.records["village-gov-affairs-finance"] == Answer(None, (2, "0.7"))
    assert sheet.answers.records["village-sup-committee-report"] == Answer(4.5, ())
    assert sheet.answers.records["bad"] == Answer(None, ())  # not a list: no entries
    assert sheet.answers.veto == frozenset({"village-veto-petition"})  # only true counts, not "是"
    assert sheet.notes == {"village-gov-assets": "台账缺两本"}
    assert sheet.claimed == {"total": 100}  # kept, never used for scoring
    assert missing_fields(sheet) == []


def test_a_version_1_sheet_is_read_and_says_what_it_lacks() -> None:
    old = {"format": "qinglian-assess", "version": 1, "standard": "school", "edition": "2022 试行",
           "scores": {"school-resp-study": 3}, "bonus": {}, "notes": {}, "veto": {"school-veto-case": False}}
    sheet = read_answer_sheet(old)
    assert sheet.answers == Answers({"school-resp-study": Answer(3, ())}, frozenset(), {})
    assert missing_fields(sheet) == ["单位名称", "评价阶段", "填报人", "日期"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], '这不是本系统导出的自评答卷文件（缺少 "format": "qinglian-assess"）'),
        ({"format": "other"}, '这不是本系统导出的自评答卷文件（缺少 "format": "qinglian-assess"）'),
        ({"format": "qinglian-assess", "standard": ""}, "答卷没有写明所属标准（standard）"),
        ({"format": "qinglian-assess", "standard": "s", "version": 3}, "答卷格式版本 3 无法识别，本系统支持 1 至 2"),
        ({"format": "qinglian-assess", "standard": "s", "version": "2"}, "答卷格式版本 '2' 无法识别，本系统支持 1 至 2"),
    ],
)
def test_what_is_no_answer_sheet_is_refused_in_words(data: object, message: str) -> None:
    with pytest.raises(AnswerSheetError) as error:
        read_answer_sheet(data)
    assert str(error.value) == message


def test_a_sheet_written_back_reads_the_same_and_carries_the_result() -> None:
    form = assessment_form(read_corpus(FIXTURES / "v2").get("village-index"))  # type: ignore[arg-type]
    sheet = read_answer_sheet(V2)
    result = evaluate(form, sheet.answers)
    data = answer_sheet_json(sheet, form, result)
    assert data["veto"] == {"village-veto-case": False, "village-veto-petition": True}
    assert data["result"] == {"base": 89.5, "bonus": 2.5, "total": 92, "level": "达标村", "named": True}
    again = read_answer_sheet(data)
    assert (again.unit, again.stage, again.assessor, again.date, again.notes) == (sheet.unit, "复评", "王五", "2024-07-01", sheet.notes)
    assert evaluate(form, again.answers) == result


def test_the_file_is_named_after_the_unit_the_standard_and_the_date() -> None:
    assert file_name("东村", "清廉村居建设评价指标体系", "2024-07-01") == "东村-清廉村居建设评价指标体系-2024-07-01.json"
    assert file_name("a/b: c", "标准", "") == "a_b_ c-标准-未填日期.json"
    assert file_name("", "标准", "2024-07-01") == "未填单位名称-标准-2024-07-01.json"


def test_the_readme_example_is_a_sheet_whose_result_is_right() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index('{"format": "qinglian-assess", "version": 2')
    data = json.loads(readme[start:readme.index("```", start)])
    form = assessment_form(read_corpus(FIXTURES / "v2").get(data["standard"]))  # type: ignore[arg-type]
    result = evaluate(form, read_answer_sheet(data).answers)
    assert data["result"] == answer_sheet_json(read_answer_sheet(data), form, result)["result"]
