"""Validation and resolution rules: one case per rule, with the exact message and position."""

from __future__ import annotations

from pathlib import Path

import pytest
from qinglian.core.diagnostics import format_text
from qinglian.core.pipeline import check

from .conftest import edit

UNIT = "standards/units/school.yaml"
LIST = "standards/checklists/school-four-duties.yaml"
PROC = "standards/procedures/clue-handover.yaml"


def report(project: Path) -> str:
    _, diagnostics = check(project)
    return format_text(diagnostics)


def test_mini_fixture_is_valid(mini: Path) -> None:
    corpus, diagnostics = check(mini)
    assert diagnostics == []
    assert corpus is not None
    assert [unit.id for unit in corpus.units] == ["school"]


CASES = [
    pytest.param(
        UNIT, "        points: 6\n", "        pionts: 6\n",
        "standards/units/school.yaml:29:9: 错误: dimensions[0].indicators[0].pionts: 未知字段\n"
        "  提示: 是否应为 'points'？",
        id="misspelled-key",
    ),
    pytest.param(
        UNIT, "per: year}\n        points: 4", "per: yaer}\n        points: 4",
        "standards/units/school.yaml:39:34: 错误: dimensions[0].indicators[1].frequency.per: 取值 'yaer' 无效\n"
        "  提示: 是否应为 'year'？",
        id="enum-value",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: [school-secretry]",
        "standards/units/school.yaml:41:23: 错误: dimensions[0].indicators[1].responsible[0]: 引用了不存在的角色 'school-secretry'\n"
        "  提示: 是否应为 'school-secretary'、'school-party-org'？",
        id="dangling-role",
    ),
    pytest.param(
        UNIT, "points: 4\n        responsible", "points: '4'\n        responsible",
        "standards/units/school.yaml:40:17: 错误: dimensions[0].indicators[1].points: 应为数字，实际为文本\n"
        "  提示: 去掉引号，写成 4",
        id="quoted-number",
    ),
    pytest.param(
        UNIT, "  bonus_cap: 2", "  bonus_cap: 1",
        "standards/units/school.yaml:19:3: 错误: bonus: 加分项合计 2 分，超过加分上限 1 分\n"
        "  提示: 减少加分项分值或提高 scoring.bonus_cap",
        id="bonus-over-cap",
    ),
    pytest.param(
        UNIT, "    points: 10\n", "    points: 12\n",
        "standards/units/school.yaml:9:10: 错误: scoring.total: 总分为 10 分，但各一级指标合计 12 分\n"
        "  提示: 调整一级指标分值或 scoring.total，使两者相等\n"
        "standards/units/school.yaml:23:13: 错误: dimensions[0].points: 一级指标 school-resp 为 12 分，但其下二级指标合计 10 分\n"
        "  提示: 调整二级指标分值或一级指标分值，使两者相等",
        id="points-do-not-add-up",
    ),
    pytest.param(
        UNIT, "{name: 达标, min: 8}", "{name: 达标, min: 9}",
        "standards/units/school.yaml:12:23: 错误: scoring.levels[1].min: 等次“达标”的最低分 9 不低于上一等次的 9\n"
        "  提示: 等次从高到低排列，最低分必须逐级递减",
        id="levels-out-of-order",
    ),
    pytest.param(
        UNIT, "requirement: 主要负责人", "requirement: <b>主要负责人</b>",
        "standards/units/school.yaml:38:22: 错误: dimensions[0].indicators[1].requirement: 文本中不能含有 HTML 标签 <b>\n"
        "  提示: 正文只能用纯文本和 **加粗**；如需尖括号请用全角〈〉",
        id="raw-html",
    ),
    pytest.param(
        UNIT, "id: school-resp-talk", "id: School Talk",
        "standards/units/school.yaml:36:13: 错误: dimensions[0].indicators[1].id: id 'School Talk' 格式不正确\n"
        "  提示: id 只能由小写字母、数字和连字符组成，以字母开头，如 school-resp-study；可改为 'school-talk'",
        id="id-syntax",
    ),
    pytest.param(
        LIST, "id: school-list-talk", "id: school-list-study",
        "standards/checklists/school-four-duties.yaml:21:13: 错误: aspects[1].tasks[0].id: id 'school-list-study' 重复\n"
        "  提示: 较早的记录在 standards/checklists/school-four-duties.yaml:11；id 必须全库唯一，请为这一条改用另一个 id\n"
        "standards/units/school.yaml:42:17: 错误: dimensions[0].indicators[1].tasks[0]: 引用了不存在的任务 'school-list-talk'\n"
        "  提示: 是否应为 'school-list-study'？",
        id="duplicate-id",
    ),
    pytest.param(
        PROC, "actor: commission", "actor: inspection-team\n    next: [ch-judge]",
        "standards/procedures/clue-handover.yaml:6:45: 警告: lanes[2]: 泳道 'commission' 中没有任何环节\n"
        "  提示: 删除该泳道，或为它安排环节",
        id="lane-without-steps",
    ),
    pytest.param(
        PROC, "        - {when: 一般性问题, next: ch-rectify}\n", "",
        "standards/procedures/clue-handover.yaml:17:9: 错误: steps[0].decision.branches: 至少需要 2 项\n"
        "  提示: 判断至少要有两个分支；只有一个去向时，删除 decision，改用 next",
        id="decision-with-one-branch",
    ),
    pytest.param(
        PROC, "    next: [ch-intake]", "    next: [ch-rectify]",
        "standards/procedures/clue-handover.yaml:26:9: 错误: steps[2].id: 环节 'ch-intake' 无法到达\n"
        "  提示: 从起点环节 'ch-judge' 出发无法到达；请在某个环节的 next 或分支中指向它，或删除它",
        id="unreachable-step",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_rule(mini: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(mini, file, old, new)
    assert report(mini).rsplit("\n", 1)[0] == expected
