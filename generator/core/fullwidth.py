"""Full-width and IME slips in the text of a file YAML could not parse.

A Chinese input method types ：，【】 and full-width spaces where YAML needs ASCII punctuation.
`repair` names each such slip at its true position, with the corrected text as the hint, and
returns the repaired text so that the rest of the file is still checked. It runs only when the
file does not parse as written, so a full-width colon inside ordinary text is never touched.
Slips in values of files that parse (`points: ２０`, `[a，b]`) are named by `qinglian.core.slips`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# character -> (its name, what YAML needs instead)
NAMES = {
    "：": ("全角冒号", "半角“:”"),
    "，": ("全角逗号", "半角“,”"),
    "、": ("顿号", "半角逗号“,”"),
    "　": ("全角空格", "半角空格"),
    "【": ("方头括号", "半角“[”"),
    "】": ("方头括号", "半角“]”"),
    "［": ("全角方括号", "半角“[”"),
    "］": ("全角方括号", "半角“]”"),
    "｛": ("全角花括号", "半角“{”"),
    "｝": ("全角花括号", "半角“}”"),
    "－": ("全角减号", "半角“-”"),
}
ASCII = {"：": ":", "，": ",", "、": ",", "　": " ", "【": "[", "】": "]", "［": "[", "］": "]", "｛": "{", "｝": "}", "－": "-"}
OPENERS, CLOSERS = "[【［{｛", "]】］}｝"


def named(char: str) -> str:
    """此处是全角冒号“：”，应为半角“:” — the message for one slip."""
    name, wanted = NAMES[char]
    return f"此处是{name}“{char}”，应为{wanted}"


@dataclass(frozen=True)
class Slip:
    line: int  # 0-based, as YAML marks
    column: int  # 0-based, in the text as written
    message: str
    hint: str


@dataclass
class Repair:
    """The slips found, the repaired text and how its columns map back to the written ones."""

    text: str
    slips: list[Slip] = field(default_factory=list)
    # line -> edits (written column, characters removed, characters inserted), left to right
    edits: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)

    def written_column(self, line: int, column: int) -> int:
        """The column in the written text of `column` (0-based) of the repaired `line`."""
        shift = 0
        for start, removed, inserted in self.edits.get(line, ()):
            if column < start + shift:
                break
            if column < start + shift + inserted:
                return start
            shift += inserted - removed
        return column - shift


_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_LINE = re.compile(rf"^(?P<indent>[ \u3000]*)(?P<dash>[-－](?:[ \u3000]+|(?={_KEY} *[:：]))|－)?(?P<rest>.*)$")
_KEY_COLON = re.compile(rf"(?P<key>{_KEY}) *(?P<colon>[:：])(?P<space>[ \u3000]?)")
_FLOW_KEY = re.compile(rf"(?<=[{{｛,，])(?P<before>\s*)(?P<key>{_KEY}) *(?P<colon>[:：])(?P<space>[ \u3000]?)")
_BLOCK_SCALAR = re.compile(r"(?:^|[:\s])[|>][+-]?\d*\s*(?:#.*)?$")
_COMMENT = re.compile(r"\s#.*$")


def repair(text: str, parses: Callable[[str], bool]) -> Repair | None:
    """The slips in `text` and the text with them corrected, or None when there are none.

    Full-width spaces used as indentation stand for two columns each, as an editor shows them;
    when the file still does not parse that way, one column each is tried.
    """
    lines = text.split("\n")
    structural = _structural(lines)
    for width in (2, 1):
        result = Repair("")
        fixed = [(_repair_line(line, number, width, result) if structural[number] else line) for number, line in enumerate(lines)]
        result.text = "\n".join(fixed)
        if not result.slips:
            return None
        if parses(result.text) or width == 1:
            return result
    return None  # unreachable: the loop returns on its last round


def _structural(lines: list[str]) -> list[bool]:
    """Which lines are YAML structure, not comments or the body of a | or > block of text."""
    flags, block_indent = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            flags.append(False)
            continue
        block_indent = None
        stripped = line.strip()
        flags.append(bool(stripped) and not stripped.startswith("#"))
        if _BLOCK_SCALAR.search(line):
            block_indent = indent
    return flags


def _repair_line(line: str, number: int, width: int, result: Repair) -> str:
    match = _LINE.match(line)
    assert match is not None  # the pattern matches any line
    edits: list[tuple[int, str, str, str]] = []  # (column, written, replacement, message)
    indent, dash, rest = match.group("indent"), match.group("dash"), match.group("rest")
    if "\u3000" in indent and (dash or re.match(_KEY, rest)):
        edits.append((0, indent, indent.replace("\u3000", " " * width), "行首的缩进中有全角空格“　”，缩进只能用半角空格"))
    dash = dash or ""
    edits += _dash_edits(len(indent), dash)
    start = len(indent) + len(dash)
    key = _KEY_COLON.match(rest)
    if key:
        edits += _colon_edits(start + key.start("colon"), key.group("colon"), key.group("space"))
        value_at = start + key.end()
        edits += _flow_edits(line, value_at)
    elif dash:
        edits += _flow_edits(line, start)
    if not edits:
        return line
    edits.sort()
    fixed, shift, spans = line, 0, []
    for column, written, replacement, _ in edits:
        at = column + shift
        fixed = fixed[:at] + replacement + fixed[at + len(written) :]
        spans.append((column, len(written), len(replacement)))
        shift += len(replacement) - len(written)
    result.edits[number] = spans
    hint = _hint(fixed, edits)
    for column, written, _, message in edits:
        at = column + written.index("\u3000") if "\u3000" in written else column  # the space itself
        result.slips.append(Slip(number, at, message, hint))
    return fixed


def _dash_edits(column: int, dash: str) -> list[tuple[int, str, str, str]]:
    """A full-width dash, a dash with no space after it, full-width spaces after a dash."""
    if not dash:
        return []
    spaces, edits = dash[1:], []
    if dash[0] == "－":
        edits.append((column, "－", "-" if spaces else "- ", named("－")))
    elif not spaces:
        edits.append((column, "-", "- ", "列表项的“-”后缺少空格"))
    if "\u3000" in spaces:
        edits.append((column + 1, spaces, " " * len(spaces), "“-”后是全角空格“　”，应为半角空格"))
    return edits


def _colon_edits(at: int, colon: str, space: str) -> list[tuple[int, str, str, str]]:
    """A full-width colon after a key (at column `at`), or a full-width space after its colon."""
    if colon == "：":
        after = " " if space == "" else ""
        edits = [(at, "：", ":" + after, named("："))]
    else:
        edits = []
    if space == "\u3000":
        edits.append((at + 1, "\u3000", " ", "冒号后是全角空格“　”，应为半角空格"))
    return edits


def _flow_edits(line: str, value_at: int) -> list[tuple[int, str, str, str]]:
    """Full-width brackets around a flow collection, and full-width commas and colons between
    the keys of a flow mapping."""
    value = _COMMENT.sub("", line[value_at:]).rstrip()
    begin = value_at + len(value) - len(value.lstrip())
    value = value.strip()
    if len(value) < 2 or value[0] not in OPENERS or value[-1] not in CLOSERS:
        return []
    if OPENERS.index(value[0]) // 3 != CLOSERS.index(value[-1]) // 3:
        return []  # [ with } is no collection
    edits = [(begin + offset, char, ASCII[char], named(char)) for offset, char in ((0, value[0]), (len(value) - 1, value[-1])) if char in ASCII]
    if value[0] in "{｛":
        for key in _FLOW_KEY.finditer(value, 1):
            comma = begin + key.start() - 1
            if value[key.start() - 1] == "，":
                edits.append((comma, "，", ", ", named("，")))
            edits += _colon_edits(begin + key.start("colon"), key.group("colon"), key.group("space"))
    return edits


def _hint(fixed: str, edits: list[tuple[int, str, str, str]]) -> str:
    body = fixed.strip()
    indent = len(fixed) - len(fixed.lstrip(" "))
    if any("\u3000" in written and column == 0 for column, written, _, _ in edits):
        return f"缩进改用半角空格：这一行应缩进 {indent} 个半角空格，即“{' ' * indent}{body}”"
    return f"改为“{body}”"
