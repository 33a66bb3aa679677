"""What is wrong with one answer sheet, told and never mended: the 评审汇总's 问题 list.

A sheet of another standard or edition is left out of the summary (its ids mean something
else); every other problem is reported and the sheet is still scored by the reference rules
(which clamp what is out of range), so the report says what the score was made of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from qinglian.assessment.answers import AnswerSheet, missing_fields
from qinglian.assessment.form import Form, Rule
from qinglian.assessment.scoring import Result, decimal
from qinglian.core.numbers import format_number

# Problem kinds, in the order the 问题 sheet sorts them within a file.
UNREADABLE = "无法读取"
OTHER_STANDARD = "标准不符"
OTHER_EDITION = "版次不符"
DUPLICATE = "重复提交"
NOT_A_NUMBER = "不是数"
OUT_OF_RANGE = "超出范围"
UNKNOWN_ID = "未知编号"
TOTAL_DIFFERS = "总分不符"
VETO = "负面清单"
MISSING = "信息缺失"
KINDS = (UNREADABLE, OTHER_STANDARD, OTHER_EDITION, DUPLICATE, NOT_A_NUMBER, OUT_OF_RANGE, UNKNOWN_ID,
         TOTAL_DIFFERS, VETO, MISSING)


@dataclass(frozen=True)
class Problem:
    file: str  # as the summary names it (the path given, then the path inside a folder)
    where: str  # JSON field (scores.x) or sheet cell (自评表!G12); "" for the file as a whole
    kind: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, KINDS.index(self.kind), self.where, self.message)


@dataclass(frozen=True)
class Submission:
    """A readable answer sheet and where each of its entries sits in its file."""

    file: str
    sheet: AnswerSheet
    # Keys: score:<id>, deduction:<id>#<n> (1-based), bonus:<id>, veto:<id>, total, and the
    # identifying fields by name (unit, edition, ...); values: a JSON field or a sheet cell.
    locations: Mapping[str, str] = field(default_factory=dict)

    def at(self, key: str) -> str:
        return self.locations.get(key, "")


def _n(value: Decimal) -> str:
    return format_number(value)


def identity_problems(sub: Submission, form: Form) -> list[Problem]:
    """Another standard or edition (the sheet is then left out), or missing identifying fields."""
    sheet = sub.sheet
    if sheet.standard != form.unit_id:
        return [Problem(sub.file, sub.at("standard"), OTHER_STANDARD,
                        f"答卷属于标准“{sheet.standard}”，本次汇总的是“{form.unit_id}”（{form.title}），未计入")]
    if sheet.edition and sheet.edition != form.edition:
        return [Problem(sub.file, sub.at("edition"), OTHER_EDITION,
                        f"答卷按“{sheet.edition}”填写，本次汇总按“{form.edition}”，未计入")]
    missing = missing_fields(sheet)
    if missing:
        return [Problem(sub.file, "", MISSING, f"答卷缺少{'、'.join(missing)}（较早的答卷格式），已按现有内容计分")]
    return []


def _range_text(low: Decimal, high: Decimal) -> str:
    return f"{_n(low)} 至 {_n(high)}"


def _value_text(value: object) -> str:
    return f"“{value}”" if isinstance(value, str) else str(value)


def _score(sub: Submission, key: str, value: object, high: Decimal, what: str) -> list[Problem]:
    """A score entry: blank, or a number within [0, high]."""
    if value is None or value == "":
        return []
    number = decimal(value)  # type: ignore[arg-type]
    if number is None:
        return [Problem(sub.file, sub.at(key), NOT_A_NUMBER, f"{what}填写了{_value_text(value)}，不是数，按未填计分")]
    if not 0 <= number <= high:
        return [Problem(sub.file, sub.at(key), OUT_OF_RANGE,
                        f"{what}填写了 {_n(number)}，超出 {_range_text(Decimal(0), high)} 分，按范围内的值计分")]
    return []


def _rule(sub: Submission, key: str, rule: Rule, value: object, what: str) -> list[Problem]:
    if value is None or value == "":
        return []
    if rule.kind == "all":
        if isinstance(value, bool):
            return []
        return [Problem(sub.file, sub.at(key), NOT_A_NUMBER, f"{what}应填“是”或“否”，填写了{_value_text(value)}，按未填计分")]
    number = decimal(value)  # type: ignore[arg-type]
    if number is None or isinstance(value, bool):
        return [Problem(sub.file, sub.at(key), NOT_A_NUMBER, f"{what}填写了{_value_text(value)}，不是数，按未填计分")]
    if rule.kind == "count" and (number < 0 or number != int(number)):
        return [Problem(sub.file, sub.at(key), OUT_OF_RANGE, f"{what}填写了 {_n(number)}，次数应为 0 或正整数")]
    if rule.kind == "range":
        low, high = rule.range  # type: ignore[misc]
        if number < 0 or (number > 0 and not low <= number <= high):
            return [Problem(sub.file, sub.at(key), OUT_OF_RANGE,
                            f"{what}填写了 {_n(number)}，超出 {_range_text(low, high)} 分，按范围内的值计分")]
    return []


def entry_problems(sub: Submission, form: Form) -> list[Problem]:
    """Entries that are not numbers, out of range, or for ids the standard does not have."""
    records = {row.id: (row.heading, row.points, row.deductions) for row in form.rows()}
    records |= {part.id: (part.heading, part.points, part.deductions) for row in form.rows() for part in row.parts}
    found: list[Problem] = []
    for record_id, answer in sub.sheet.answers.records.items():
        if record_id not in records:
            found.append(Problem(sub.file, sub.at(f"score:{record_id}") or sub.at(f"deduction:{record_id}#1"),
                                 UNKNOWN_ID, f"标准中没有编号为“{record_id}”的指标，该项未计分"))
            continue
        heading, points, rules = records[record_id]
        found += _score(sub, f"score:{record_id}", answer.score, points, f"“{heading}”的得分")
        for index, (rule, value) in enumerate(zip(rules, answer.deductions, strict=False), start=1):
            found += _rule(sub, f"deduction:{record_id}#{index}", rule, value, f"“{heading}”扣分规则第 {index} 条")
    bonus = {item.id: item for item in form.bonus}
    for item_id, value in sub.sheet.answers.bonus.items():
        if item_id not in bonus:
            found.append(Problem(sub.file, sub.at(f"bonus:{item_id}"), UNKNOWN_ID, f"标准中没有编号为“{item_id}”的加分项，未计分"))
        else:
            item = bonus[item_id]
            found += _score(sub, f"bonus:{item_id}", value, item.points or Decimal(0), f"加分项{item.number}")
    return found


def result_problems(sub: Submission, form: Form, result: Result) -> list[Problem]:
    """A veto answered 是, and a total the file claims that the reference does not give."""
    found = [
        Problem(sub.file, sub.at(f"veto:{item.id}"), VETO, f"负面清单第 {index} 项答“是”：{item.text}")
        for index, item in enumerate(form.veto, start=1) if item.id in sub.sheet.answers.veto
    ]
    claimed = (sub.sheet.claimed or {}).get("total")
    if claimed is not None:
        number = decimal(claimed)
        if number is None or number != result.total:
            shown = _value_text(claimed) if number is None else _n(number)
            found.append(Problem(sub.file, sub.at("total"), TOTAL_DIFFERS,
                                 f"文件中的总分为 {shown}，按填写内容重新计算为 {_n(result.total)}，以重新计算的为准"))
    return found
