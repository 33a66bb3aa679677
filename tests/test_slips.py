"""Editors' typical slips: full-width characters typed by an input method, names where ids belong,
Chinese labels where codes belong, misaligned lines. Each gets its exact message at its true
position, and following its hint gives a file that passes `check`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from qinglian.core.diagnostics import format_text
from qinglian.core.pipeline import check

from .conftest import edit

UNIT = "standards/units/school.yaml"
LIST = "standards/checklists/school-four-duties.yaml"
PROC = "standards/procedures/clue-handover.yaml"
BOOKS = "standards/handbooks.yaml"
SOURCES = "standards/sources.yaml"

# (file, text in the mini fixture, the slip typed instead, the exact report)
CASES = [
    pytest.param(
        UNIT, "        title: 廉政谈话", "        title：廉政谈话",
        "standards/units/school.yaml:37:14: 错误: 此处是全角冒号“：”，应为半角“:”\n"
        "  提示: 改为“title: 廉政谈话”",
        id="key-full-width-colon",
    ),
    pytest.param(
        UNIT, "      - id: school-resp-talk", "      - id：school-resp-talk",
        "standards/units/school.yaml:36:11: 错误: 此处是全角冒号“：”，应为半角“:”\n"
        "  提示: 改为“- id: school-resp-talk”",
        id="item-key-full-width-colon",
    ),
    pytest.param(
        UNIT, "        title: 廉政谈话", "　　　　title: 廉政谈话",
        "standards/units/school.yaml:37:1: 错误: 行首的缩进中有全角空格“　”，缩进只能用半角空格\n"
        "  提示: 缩进改用半角空格：这一行应缩进 8 个半角空格，即“        title: 廉政谈话”",
        id="full-width-spaces-as-indentation",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: [school-secretary，school-party-org]",
        "standards/units/school.yaml:41:39: 错误: dimensions[0].indicators[1].responsible[0]: 此处是全角逗号“，”，应为半角“,”\n"
        "  提示: 改为“responsible: [school-secretary, school-party-org]”",
        id="id-list-full-width-comma",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: [school-secretary、school-party-org]",
        "standards/units/school.yaml:41:39: 错误: dimensions[0].indicators[1].responsible[0]: 此处是顿号“、”，应为半角逗号“,”\n"
        "  提示: 改为“responsible: [school-secretary, school-party-org]”",
        id="id-list-enumeration-comma",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: 【school-secretary, school-party-org】",
        "standards/units/school.yaml:41:22: 错误: dimensions[0].indicators[1].responsible: 此处是方头括号“【”，应为半角“[”\n"
        "  提示: 改为“responsible: [school-secretary, school-party-org]”",
        id="list-in-lenticular-brackets",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: ［学校党组织书记，学校党组织］",
        "standards/units/school.yaml:41:22: 错误: dimensions[0].indicators[1].responsible: 此处是全角方括号“［”，应为半角“[”\n"
        "  提示: 改为“responsible: [school-secretary, school-party-org]”",
        id="list-of-names-in-full-width-brackets",
    ),
    pytest.param(
        UNIT, "points: 4\n", "points: ４\n",
        "standards/units/school.yaml:40:17: 错误: dimensions[0].indicators[1].points: 此处是全角数字“４”，应为半角数字“4”\n"
        "  提示: 改为“points: 4”",
        id="full-width-digits",
    ),
    pytest.param(
        UNIT, "points: 4\n", "points: 4分\n",
        "standards/units/school.yaml:40:18: 错误: dimensions[0].indicators[1].points: 数字后不能带单位“分”\n"
        "  提示: 改为“points: 4”",
        id="points-with-unit",
    ),
    pytest.param(
        PROC, "{within: 5, unit: workday}", "{within: 5天, unit: workday}",
        "standards/procedures/clue-handover.yaml:24:27: 错误: steps[1].time_limit.within: 数字后不能带单位“天”\n"
        "  提示: 改为“within: 5”，单位写在 unit 中",
        id="time-limit-with-unit",
    ),
    pytest.param(
        UNIT, "evidence: [会议记录]", "evidence: [会议记录，签到表，照片]",
        "standards/units/school.yaml:31:24: 警告: dimensions[0].indicators[0].evidence[0]: 全角逗号“，”不分隔列表项：“会议记录，签到表，照片”被读作一项\n"
        "  提示: 如果是 3 项，请改用半角逗号：[会议记录, 签到表, 照片]；如果确是一项，请给它加引号：'会议记录，签到表，照片'",
        id="text-list-full-width-comma",
    ),
    pytest.param(
        UNIT, "    - {name: 达标, min: 8}", "    - {name: 达标，min: 8}",
        "standards/units/school.yaml:12:16: 错误: 此处是全角逗号“，”，应为半角“,”\n"
        "  提示: 改为“- {name: 达标, min: 8}”",
        id="flow-mapping-full-width-comma",
    ),
    pytest.param(
        UNIT, "{name: 达标, min: 8}", "{name: 达标，min：8}",
        "standards/units/school.yaml:12:16: 错误: scoring.levels[1].min: 此处是全角逗号“，”，应为半角“,”\n"
        "  提示: 改为“name: 达标, min: 8”",
        id="flow-mapping-key-swallowed",
    ),
    pytest.param(
        UNIT, "frequency: {min: 1, per: year}", "frequency: {min：1, per: year}",
        "standards/units/school.yaml:39:24: 错误: dimensions[0].indicators[1].frequency.min：1: 此处是全角冒号“：”，应为半角“:”\n"
        "  提示: 改为“min: 1”",
        id="flow-mapping-full-width-colon",
    ),
    pytest.param(
        UNIT, "id: school-resp-talk", "id: ｓｃｈｏｏｌ-resp-talk",
        "standards/units/school.yaml:36:13: 错误: dimensions[0].indicators[1].id: 此处是全角字母“ｓｃｈｏｏｌ”，应为半角字母“school”\n"
        "  提示: 改为 school-resp-talk",
        id="id-full-width-letters",
    ),
    # names and labels
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: [学校党组织书记]",
        "standards/units/school.yaml:41:23: 错误: dimensions[0].indicators[1].responsible[0]: '学校党组织书记' 是角色的名称，此处应写它的 id\n"
        "  提示: 改为 school-secretary",
        id="role-name-for-id",
    ),
    pytest.param(
        UNIT, "responsible: [school-secretary]", "responsible: [学校党委书记]",
        "standards/units/school.yaml:41:23: 错误: dimensions[0].indicators[1].responsible[0]: 此处应写角色的 id，'学校党委书记' 不是 id\n"
        "  提示: 是否应为 school-secretary（学校党组织书记）？",
        id="role-name-close",
    ),
    pytest.param(
        UNIT, "terms: [sizhe-xietong]", "terms: [一岗两责]",
        "standards/units/school.yaml:34:17: 错误: dimensions[0].indicators[0].terms[0]: '一岗两责' 是术语的名称，此处应写它的 id\n"
        "  提示: 改为 yigang-shuangze",
        id="term-alias-for-id",
    ),
    pytest.param(
        PROC, "next: [ch-intake]", "next: [受理处置]",
        "standards/procedures/clue-handover.yaml:25:12: 错误: steps[1].next[0]: '受理处置' 是环节的名称，此处应写它的 id\n"
        "  提示: 改为 ch-intake",
        id="step-title-for-id",
    ),
    pytest.param(
        PROC, "status: illustrative", "status: 示例",
        "standards/procedures/clue-handover.yaml:4:9: 错误: status: 取值 '示例' 无效\n"
        "  提示: 应写代码 illustrative（示例）",
        id="status-label",
    ),
    pytest.param(
        PROC, "unit: workday", "unit: 工作日",
        "standards/procedures/clue-handover.yaml:24:35: 错误: steps[1].time_limit.unit: 取值 '工作日' 无效\n"
        "  提示: 应写代码 workday（个工作日）",
        id="time-unit-label",
    ),
    pytest.param(
        UNIT, "{min: 4, per: year}", "{min: 4, per: 年}",
        "standards/units/school.yaml:28:34: 错误: dimensions[0].indicators[0].frequency.per: 取值 '年' 无效\n"
        "  提示: 应写代码 year（每年）",
        id="period-label",
    ),
    pytest.param(
        LIST, "responsibility: first", "responsibility: 第一责任人",
        "standards/checklists/school-four-duties.yaml:19:21: 错误: aspects[1].responsibility: 取值 '第一责任人' 无效\n"
        "  提示: 应写代码 first（第一责任人责任）",
        id="responsibility-label",
    ),
    pytest.param(
        SOURCES, "kind: news", "kind: 新闻",
        "standards/sources.yaml:3:9: 错误: [0].kind: 取值 '新闻' 无效\n"
        "  提示: 应写代码 news（新闻报道）",
        id="source-kind-label",
    ),
    pytest.param(
        BOOKS, "glossary: true", "glossary: yes",
        "standards/handbooks.yaml:7:13: 错误: [0].glossary: 应为 true 或 false，实际为文本\n"
        "  提示: 写成 true（YAML 1.2 中只有 true 和 false 是布尔值，yes、on 是文本）",
        id="yes-for-true",
    ),
    # indentation
    pytest.param(
        UNIT, "      - id: school-resp-talk", "      -id: school-resp-talk",
        "standards/units/school.yaml:36:7: 错误: 列表项的“-”后缺少空格\n"
        "  提示: 改为“- id: school-resp-talk”",
        id="dash-without-space",
    ),
    pytest.param(
        UNIT, "      - id: school-resp-study", "      -id: school-resp-study",
        "standards/units/school.yaml:25:7: 错误: 列表项的“-”后缺少空格\n"
        "  提示: 改为“- id: school-resp-study”",
        id="dash-without-space-first-item",
    ),
    pytest.param(
        UNIT, "        title: 廉政谈话", "         title: 廉政谈话",
        "standards/units/school.yaml:37:10: 错误: YAML 语法错误：缩进不一致\n"
        "  提示: 同一层级的键必须左对齐：这一行缩进了 9 个空格，应与第 36 行的 id 对齐，缩进 8 个空格",
        id="key-indented-deeper",
    ),
    pytest.param(
        UNIT, "        title: 廉政谈话", "       title: 廉政谈话",
        "standards/units/school.yaml:37:8: 错误: YAML 语法错误：缩进不一致\n"
        "  提示: 同一层级的键必须左对齐：这一行缩进了 7 个空格，应与第 36 行的 id 对齐，缩进 8 个空格",
        id="key-indented-less",
    ),
    pytest.param(
        UNIT, "      - id: school-resp-talk", "     - id: school-resp-talk",
        "standards/units/school.yaml:36:6: 错误: YAML 语法错误：列表项缩进不一致\n"
        "  提示: 同一列表的各项“-”必须左对齐：这一行缩进了 5 个空格，应与第 25 行对齐，缩进 6 个空格",
        id="item-indented-less",
    ),
    pytest.param(
        UNIT, "      - id: school-resp-talk", "       - id: school-resp-talk",
        "standards/units/school.yaml:36:8: 错误: YAML 语法错误：列表项缩进不一致\n"
        "  提示: 同一列表的各项“-”必须左对齐：这一行缩进了 7 个空格，应与第 25 行对齐，缩进 6 个空格",
        id="item-indented-deeper",
    ),
]


def report(project: Path) -> str:
    return format_text(check(project)[1])


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_slip_is_named(mini: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(mini, file, old, new)
    assert report(mini).rsplit("\n", 1)[0] == expected


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES)
def test_following_the_hint_gives_a_valid_file(mini: Path, file: str, old: str, new: str, expected: str) -> None:
    """The hint is applied as an editor would: its corrected text replaces what was typed."""
    edit(mini, file, old, new)
    line, column = (int(number) for number in expected.split(":", 3)[1:3])
    hint = expected.split("提示: ", 1)[1]
    path = mini / file
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = _follow(lines[line - 1], column, hint)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert report(mini) == "检查通过，未发现问题"


def _follow(line: str, column: int, hint: str) -> str:
    indent = re.search(r"缩进 (\d+) 个(?:半角)?空格", hint)
    if indent:
        return " " * int(indent.group(1)) + line.lstrip(" \u3000")
    listed = re.search(r"请改用半角逗号：(\[.*?\])", hint)
    if listed:
        return re.sub(r"\[.*\]", listed.group(1), line)
    piece = re.search(r"改为“(.*?)”", hint)
    if piece:
        return _replace_piece(line, piece.group(1))
    word = re.search(r"改为 (\S+)|应为 (\S+?)（|代码 (\S+?)（|写成 (\S+?)（", hint)
    assert word is not None, hint
    new = next(group for group in word.groups() if group)
    written = re.split(r"[\],}]", line[column - 1 :].split()[0])[0]
    return line[: column - 1] + new + line[column - 1 + len(written) :]


def _replace_piece(line: str, new: str) -> str:
    """Replace the piece of `line` the corrected `new` stands for: from its first key (with the
    dash and brace before it, if `new` has them) to the end of the line, or inside a flow
    mapping to the next comma or brace."""
    key = re.search(r"[A-Za-z_]+", new)
    assert key is not None
    before = new[: key.start()]
    prefix = (r"[-－]\s*" if "-" in before else "") + (r"\{\s*" if "{" in before else "")
    start = re.search(prefix + key.group(0) + r"\s*[:：]", line)
    assert start is not None, (line, new)
    inside = "{" in line[: start.start()] and "{" not in before
    end = re.search(r"[,}]", line[start.end() :]) if inside else None
    return line[: start.start()] + new + (line[start.end() + end.start() :] if end else "")
