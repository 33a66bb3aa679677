"""One run lists every problem: a field error does not hide the rule errors of the rest of its
file (sums, levels, bonus caps, duplicates, lanes), and one mistake is not reported again as
the errors it causes (an unresolved `next` does not make steps unreachable; a misspelt key is
not also a missing one)."""

from __future__ import annotations

from pathlib import Path

from qinglian.core.diagnostics import format_text
from qinglian.core.pipeline import check

from .conftest import edit

UNIT = "standards/units/school.yaml"
PROC = "standards/procedures/clue-handover.yaml"
ITEMS = (
    "        tasks: [school-list-talk]\n"
    "        items:\n"
    "          - {id: school-resp-talk-1, text: 评分细则, points: 1}\n"
    "          - {id: school-resp-study, text: 评分细则, points: 1}\n"
)


def report(project: Path) -> str:
    return format_text(check(project)[1])


def test_field_error_in_a_unit_hides_no_rule_error(mini: Path) -> None:
    edit(mini, UNIT, "        points: 6\n", "        pionts: 6\n")
    edit(mini, UNIT, "        tasks: [school-list-talk]\n", ITEMS)
    edit(mini, UNIT, "  bonus_cap: 2", "  bonus_cap: 1")
    edit(mini, UNIT, "{name: 达标, min: 8}", "{name: 达标, min: 9}")
    assert report(mini) == (
        "standards/units/school.yaml:12:23: 错误: scoring.levels[1].min: 等次“达标”的最低分 9 不低于上一等次的 9\n"
        "  提示: 等次从高到低排列，最低分必须逐级递减\n"
        "standards/units/school.yaml:19:3: 错误: bonus: 加分项合计 2 分，超过加分上限 1 分\n"
        "  提示: 减少加分项分值或提高 scoring.bonus_cap\n"
        "standards/units/school.yaml:29:9: 错误: dimensions[0].indicators[0].pionts: 未知字段\n"
        "  提示: 是否应为 'points'？\n"
        "standards/units/school.yaml:40:17: 错误: dimensions[0].indicators[1].points: 指标 school-resp-talk 为 4 分，但其下三级指标合计 2 分\n"
        "  提示: 调整三级指标分值或该指标分值，使两者相等\n"
        "standards/units/school.yaml:45:18: 错误: dimensions[0].indicators[1].items[1].id: id 'school-resp-study' 重复\n"
        "  提示: 较早的记录在 standards/units/school.yaml:25；id 必须全库唯一，请为这一条改用另一个 id\n"
        "共 5 个错误，0 个警告"
    )


def test_top_level_field_error_hides_no_sum(mini: Path) -> None:
    edit(mini, UNIT, "status: illustrative", "status: final")
    edit(mini, UNIT, "    points: 10\n", "    points: 12\n")
    assert report(mini) == (
        "standards/units/school.yaml:5:9: 错误: status: 取值 'final' 无效\n"
        "  提示: 是否应为 'official'？\n"
        "standards/units/school.yaml:9:10: 错误: scoring.total: 总分为 10 分，但各一级指标合计 12 分\n"
        "  提示: 调整一级指标分值或 scoring.total，使两者相等\n"
        "standards/units/school.yaml:23:13: 错误: dimensions[0].points: 一级指标 school-resp 为 12 分，但其下二级指标合计 10 分\n"
        "  提示: 调整二级指标分值或一级指标分值，使两者相等\n"
        "共 3 个错误，0 个警告"
    )


def test_field_error_in_a_procedure_hides_no_graph_error(mini: Path) -> None:
    edit(mini, PROC, "status: illustrative", "status: 正式")
    edit(mini, PROC, "actor: commission", "actor: school-secretary")
    edit(mini, PROC, "inputs: [ch-doc-list]", "inputs: [ch-doc-lst]")
    assert report(mini) == (
        "standards/procedures/clue-handover.yaml:4:9: 错误: status: 取值 '正式' 无效\n"
        "  提示: 应写代码 official（正式）\n"
        "standards/procedures/clue-handover.yaml:6:45: 警告: lanes[2]: 泳道 'commission' 中没有任何环节\n"
        "  提示: 删除该泳道，或为它安排环节\n"
        "standards/procedures/clue-handover.yaml:28:12: 错误: steps[2].actor: 责任主体 'school-secretary' 不在本程序的 lanes 中\n"
        "  提示: 把 'school-secretary' 加入 lanes，或改用其中之一：inspection-team、inspection-office、commission\n"
        "standards/procedures/clue-handover.yaml:30:14: 错误: steps[2].inputs[0]: 本程序的 documents 中没有文书 'ch-doc-lst'\n"
        "  提示: 是否应为 'ch-doc-list'？\n"
        "共 3 个错误，1 个警告"
    )


def test_unresolved_next_makes_no_step_unreachable(mini: Path) -> None:
    edit(mini, PROC, "next: ch-route}", "next: ch-rout}")
    assert report(mini) == (
        "standards/procedures/clue-handover.yaml:17:32: 错误: steps[0].decision.branches[0].next: 本程序中没有环节 'ch-rout'\n"
        "  提示: 是否应为 'ch-route'、'ch-rectify'、'ch-judge'？\n"
        "共 1 个错误，0 个警告"
    )


def test_broken_step_keeps_its_references_checked_once(mini: Path) -> None:
    """A step with a field error: its other references are still checked, each once."""
    edit(mini, PROC, "    title: 移交\n", "    title: 移交\n    note: [备注]\n    sources: [hy-report-2023]\n")
    assert report(mini) == (
        "standards/procedures/clue-handover.yaml:21:11: 错误: steps[1].note: 应为文本，实际为列表\n"
        "standards/procedures/clue-handover.yaml:22:15: 错误: steps[1].sources[0]: 引用了不存在的依据文件 'hy-report-2023'\n"
        "  提示: 是否应为 'hy-report-2022'？\n"
        "共 2 个错误，0 个警告"
    )
