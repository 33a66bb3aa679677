"""libyaml's syntax errors in words an editor understands, placed where the mistake is.

Indentation errors are told apart by the offending line: a list item ("- ") must line up with
the other items of its list, a key with the other keys of its mapping; the hint says how many
spaces the line has and how many it needs, and which line to line it up with.
"""

from __future__ import annotations

import re

import yaml
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.source_text import problem

_MESSAGES = (
    ("found unexpected end of stream", "引号未闭合：文本一直到文件末尾都没有结束", "检查这一行的引号是否成对"),
    ("did not find expected ',' or ']'", "方括号 [ ] 未闭合，或列表项之间缺少逗号", "检查这一行的 [ 是否有对应的 ]；文本中含有逗号时请给它加引号"),
    ("did not find expected ',' or '}'", "花括号 { } 未闭合，或各项之间缺少逗号", "检查这一行的 { 是否有对应的 }；文本中含有逗号时请给它加引号"),
    ("exceeded maximum nesting depth", "嵌套层数过多", "数据结构不应这么深，请检查缩进和括号"),
    ("found unknown escape character", "双引号文本中有无效的转义字符", "反斜杠 \\ 在双引号中有特殊含义；改用单引号或去掉反斜杠"),
    ("mapping values are not allowed", "此处不能出现“键: 值”", "检查缩进是否对齐；文本中含有“: ”时请给整段文本加引号"),
    ("could not find expected ':'", "缺少冒号“:”或引号未闭合", "检查上一行的引号与冒号"),
    ("did not find expected key", "缩进不一致，找不到预期的键", "同一层级的键必须左对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的各项“-”必须左对齐"),
    ("did not find expected node content", "缺少内容", "检查该位置是否多了符号或缺少值"),
    ("found character that cannot start any token", "出现了不能作为开头的字符", "以 @ 或 ` 开头的文本需要加引号"),
    ("found undefined alias", "使用了未定义的别名（*）", "本项目不使用锚点和别名，请直接写出内容"),
    ("expected <block end>, but found", "缩进不一致", "检查这一行与上一行的缩进"),
    ("expected a single document", "一个文件中只能有一个文档", "删除多余的 --- 分隔线"),
)

# Problems best shown where the unfinished construct began rather than where the parser gave up.
_AT_CONTEXT = ("found unexpected end of stream", "did not find expected ',' or")
_INDENTATION = ("did not find expected key", "did not find expected '-' indicator", "mapping values are not allowed")
_ITEM = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)(?:- +)?([A-Za-z_][A-Za-z0-9_-]*) *:(?: |$)")


def syntax_problem(rel: str, error: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    """The diagnostic for a parse error of `text`, the file's content."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and any(needle in (error.problem or "") for needle in _AT_CONTEXT):
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    said = f"{error.context or ''} {error.problem or ''}"
    if any(needle in said for needle in _INDENTATION) and error.problem_mark is not None:
        found = _indentation(text.split("\n"), error)
        if found is not None:
            return problem(rel, error.problem_mark.line + 1, found[0], "YAML 语法错误：" + found[1], found[2])
    for needle, message, hint in _MESSAGES:
        if needle in said:
            return problem(rel, line, column, f"YAML 语法错误：{message}", hint)
    return problem(rel, line, column, f"YAML 语法错误：{said.strip()}", "检查这一行附近的缩进、冒号和引号")


def _indentation(lines: list[str], error: yaml.MarkedYAMLError) -> tuple[int, str, str] | None:
    """(column, message, hint) for a line indented unlike its siblings, or None if it is not one."""
    assert error.problem_mark is not None
    number = error.problem_mark.line
    line = lines[number] if number < len(lines) else ""
    indent = len(line) - len(line.lstrip(" "))
    if "mapping values" in (error.problem or ""):
        return _deeper_key(lines, number, error.problem_mark.column)
    context = error.context_mark
    if _ITEM.match(line):
        return _misaligned_item(lines, number, indent, context.line if context else 0)
    key = _KEY.match(line)
    if key is None or context is None:
        return None
    column = context.column
    if "'-' indicator" in (error.problem or ""):  # a key among the keys of the list's last item
        item = _KEY.match(lines[context.line])
        column = item.start(2) if item else column + 2
    sibling = _last_key_line(lines, context.line, number, column)
    return _misaligned_key(lines, number, indent, sibling)


def _deeper_key(lines: list[str], number: int, column: int) -> tuple[int, str, str] | None:
    """`key: value` indented deeper than the key above it, read by YAML as text continuing it."""
    key = _KEY.match(lines[number])
    if key is None or lines[number].index(":", key.start(2)) != column:
        return None  # the colon is inside a value: text with ": " in it
    above = _previous(lines, number)
    if above is None or lines[above].rstrip().endswith(":"):
        return None
    return _misaligned_key(lines, number, key.end(1), above)


def _misaligned_key(lines: list[str], number: int, indent: int, sibling: int | None) -> tuple[int, str, str] | None:
    if sibling is None:
        return None
    match = _KEY.match(lines[sibling])
    assert match is not None
    wanted = match.start(2)
    if wanted == indent:
        return None
    hint = f"同一层级的键必须左对齐：这一行缩进了 {indent} 个空格，应与第 {sibling + 1} 行的 {match.group(2)} 对齐，缩进 {wanted} 个空格"
    return indent + 1, "缩进不一致", hint


def _misaligned_item(lines: list[str], number: int, indent: int, start: int) -> tuple[int, str, str]:
    """A list item whose "-" is not under the other items' (the nearest list above, by indentation)."""
    candidates = [n for n in range(start, number) if _ITEM.match(lines[n]) and len(_ITEM.match(lines[n]).group(1)) != indent]  # type: ignore[union-attr]
    if not candidates:
        return indent + 1, "列表项缩进不一致", "同一列表的各项“-”必须左对齐"
    sibling = min(candidates, key=lambda n: (abs(len(lines[n]) - len(lines[n].lstrip(" ")) - indent), -n))
    wanted = len(lines[sibling]) - len(lines[sibling].lstrip(" "))
    hint = f"同一列表的各项“-”必须左对齐：这一行缩进了 {indent} 个空格，应与第 {sibling + 1} 行对齐，缩进 {wanted} 个空格"
    return indent + 1, "列表项缩进不一致", hint


def _last_key_line(lines: list[str], start: int, end: int, column: int) -> int | None:
    """The last line in [start, end) with a key at `column` (0-based)."""
    found = None
    for number in range(start, end):
        match = _KEY.match(lines[number])
        if match and match.start(2) == column:
            found = number
    return found


def _previous(lines: list[str], number: int) -> int | None:
    for above in range(number - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            return above if _KEY.match(lines[above]) else None
    return None
