"""Stage 1b: a file's text -> YAML nodes -> plain data, as editors' tools read YAML.

Plain scalars are resolved by the YAML 1.2 core schema, as language servers and the JSON Schema
read them. Aliases, duplicate keys, over-deep nesting, leading zeros and unknown tags are refused
on the nodes, before any value is built: an alias bomb is never expanded. A file that does not
parse because of full-width slips is parsed in its repaired form (see `fullwidth`).
"""

from __future__ import annotations

import dataclasses
import re

import yaml
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.fullwidth import Repair, repair
from qinglian.core.source_text import problem as _problem
from qinglian.core.source_text import reader_problem
from qinglian.core.syntax import syntax_problem

MAX_DEPTH = 32
Loc = tuple[str | int, ...]

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # libyaml missing: the pure loader gives the same nodes, only slower
    from yaml import SafeLoader  # type: ignore[assignment]

_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = (_TAG + "str", _TAG + "timestamp")  # timestamps are kept as written (date: 2022-08-29)
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")  # YAML 1.1 reads 020 as 16, YAML 1.2 as 20: refused
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_COLLECTION_TAGS = (_TAG + "seq", _TAG + "map")


class _Loader(SafeLoader):
    """Plain scalars are read by the YAML 1.2 core schema, as editors' language servers and the
    JSON Schema read them: only true/false are booleans (yes, on, 1:30 are text), dates are text."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}


for _name, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    ("float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+.0123456789"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    _Loader.add_implicit_resolver(_TAG + _name, re.compile(f"^(?:{_pattern})$"), list(_first))


def _construct(tag: str, value: str) -> object:
    """The value of a scalar tagged int, float, bool or null; ValueError if it is not one."""
    if tag == _TAG + "int":
        return int(value.replace("_", ""), 0)
    if tag == _TAG + "float":
        return float(value.replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan"))
    if tag == _TAG + "bool" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if tag == _TAG + "null" and value in ("~", "null", "Null", "NULL", ""):
        return None
    raise ValueError(value)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def position(mark: yaml.Mark, repaired: Repair | None = None) -> tuple[int, int]:
    """Line and column (1-based) of `mark` in the text as written."""
    column = repaired.written_column(mark.line, mark.column) if repaired else mark.column
    return mark.line + 1, column + 1


class Unparsable(Exception):
    """The file is no YAML; the reason is reported."""


def compose(text: str, rel: str, out: list[Diagnostic]) -> tuple[yaml.Node | None, Repair | None]:
    """The node tree of `text`, or of its repair when full-width slips kept it from parsing, and
    the repair. Raises `Unparsable` after reporting why when neither parses."""
    try:
        return yaml.compose(text, Loader=_Loader), None
    except yaml.MarkedYAMLError as error:
        repaired = repair(text, _parses)
        if repaired is None:
            out.append(syntax_problem(rel, error, text))
            raise Unparsable from None
    except yaml.reader.ReaderError as error:
        out.append(reader_problem(rel, error))
        raise Unparsable from None
    except yaml.YAMLError as error:
        out.append(_problem(rel, 1, 1, f"YAML 语法错误：{error}", "检查文件的格式"))
        raise Unparsable from None
    out.extend(_problem(rel, slip.line + 1, slip.column + 1, slip.message, slip.hint) for slip in repaired.slips)
    try:
        return yaml.compose(repaired.text, Loader=_Loader), repaired
    except yaml.MarkedYAMLError as error:  # another mistake besides the slips
        found = syntax_problem(rel, error, repaired.text)
        column = repaired.written_column(found.line - 1, found.column - 1) + 1
        out.append(dataclasses.replace(found, column=column))
    except yaml.YAMLError:
        pass  # the slips are reported; anything else shows once they are fixed
    raise Unparsable


def _parses(text: str) -> bool:
    try:
        yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return False
    return True


class Builder:
    """Turns a node tree into plain data, refusing aliases, duplicate keys and deep nesting."""

    def __init__(self, rel: str, repaired: Repair | None = None):
        self.rel = rel
        self.repaired = repaired
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._reported: set[str] = set()
        self._damaged = False
        self._refused: list[yaml.Node] = []  # refused values: their places are found afterwards

    def _error(self, node: yaml.Node, message: str, hint: str | None = None, once: bool = False) -> None:
        """Record a problem; with `once`, only the first of its kind in the file is reported.

        An alias bomb or a runaway nesting repeats one mistake thousands of times: one line is
        enough to fix it, and the report stays short; its record is not validated. Any other
        refused value leaves a hole: the record is validated, but not at that place.
        """
        if once:
            self._damaged = True
        else:
            self._refused.append(node)
        if once and message in self._reported:
            return
        self._reported.add(message)
        line, column = position(node.start_mark, self.repaired)
        self.diagnostics.append(_problem(self.rel, line, column, message, hint))

    def build_file(self, root: yaml.Node) -> tuple[object, frozenset[Loc]]:
        """The file's data and the top-level records that held a refused construct."""
        if not isinstance(root, yaml.SequenceNode):
            data = self.build(root, 0)
            return data, frozenset({()}) if self._damaged else frozenset()
        items, damaged = [], set()
        for index, node in enumerate(root.value):
            self._damaged = False
            items.append(self.build(node, 1))
            if self._damaged:
                damaged.add((index,))
        return items, frozenset(damaged)

    def build(self, node: yaml.Node, depth: int) -> object:
        if id(node) in self._seen:
            self._error(node, "不支持 YAML 锚点和别名（& 与 *）", "请把被引用的内容直接写出来", once=True)
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self._error(node, f"嵌套超过 {MAX_DEPTH} 层", "数据结构不应这么深，请检查缩进", once=True)
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in _COLLECTION_TAGS:  # !!set, !!omap, !!python/...: never constructed
            self._error(node, f"不支持的 YAML 标签 {_short(node.tag)}", "去掉以 ! 开头的标签")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        assert isinstance(node, yaml.MappingNode)  # the composer makes only these three kinds
        return self._mapping(node, depth)

    def holes(self, root: yaml.Node) -> frozenset[Loc]:
        """The places of the refused values (rare: searched for only when there are some)."""
        if not self._refused:
            return frozenset()
        wanted = {id(node) for node in self._refused}
        found: set[Loc] = set()
        seen: set[int] = set()  # an alias would lead to a node again (and a bomb, exponentially often)
        stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
        while stack:
            node, loc = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if id(node) in wanted:
                found.add(loc)
            if isinstance(node, yaml.SequenceNode):
                stack.extend((item, loc + (index,)) for index, item in enumerate(node.value))
            elif isinstance(node, yaml.MappingNode):
                stack.extend((value, loc + (key.value,)) for key, value in node.value if isinstance(key, yaml.ScalarNode))
        return frozenset(found)

    def _scalar(self, node: yaml.ScalarNode) -> object:
        if node.tag in _TEXT_TAGS:
            return node.value
        if node.tag == _TAG + "int" and _LEADING_ZERO.fullmatch(node.value):
            self._leading_zero(node)
            return None
        try:
            return _construct(node.tag, node.value)
        except ValueError:  # an explicit tag on a value that is not one: !!int abc
            if node.tag.startswith(_TAG) and node.tag[len(_TAG) :] in ("int", "float", "bool", "null"):
                self._error(node, f"'{node.value}' 不是有效的 {_short(node.tag)} 值", "去掉以 ! 开头的标签，直接写出数字、true/false 或文本")
            else:  # !!binary, !!python/..., !custom: never constructed
                self._error(node, f"不支持的 YAML 标签 {_short(node.tag)}", "去掉以 ! 开头的标签")
            return None

    def _leading_zero(self, node: yaml.ScalarNode) -> None:
        value = node.value.lstrip("+-0").replace("_", "") or "0"
        hint = f"去掉开头的 0，写成 {value}；如果是编号等文本，请加引号：'{node.value}'"
        if _OCTAL.fullmatch(node.value):
            self._error(node, f"数字 {node.value} 以 0 开头，YAML 会把它读作八进制数", hint)
        else:
            self._error(node, f"数字 {node.value} 以 0 开头", hint)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, "键必须是简单文本")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, "不支持 YAML 合并键（<<）", "请把内容直接写出来")
                continue
            key = key_node.value
            if key in first_line:
                self._error(key_node, f"重复的键 '{key}'", f"第 {first_line[key]} 行已有同名的键，请删除或合并其中一个")
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1)
        return result
