"""Stage 1: read every YAML file under `standards/` into plain data that remembers positions.

The composer's node tree is kept so that any later diagnostic can name file, line and column
(`SourceFile.locate`). Aliases, duplicate keys and over-deep nesting are refused here, on the
nodes, before any value is built: an alias bomb is never expanded.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.fullwidth import Repair, repair
from qinglian.core.source_text import problem as _problem
from qinglian.core.source_text import read_text, reader_problem
from qinglian.core.syntax import syntax_problem

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # libyaml missing: the pure loader gives the same nodes, only slower
    from yaml import SafeLoader  # type: ignore[assignment]

STANDARDS_DIR = "standards"
MAX_DEPTH = 32

# (glob relative to standards/, kind, expected top-level shape)
FILE_KINDS: tuple[tuple[str, str, type], ...] = (
    ("roles.yaml", "roles", list),
    ("sources.yaml", "sources", list),
    ("glossary.yaml", "glossary", list),
    ("handbooks.yaml", "handbooks", list),
    ("units/*.yaml", "units", dict),
    ("checklists/*.yaml", "checklists", dict),
    ("procedures/*.yaml", "procedures", dict),
)
REQUIRED_FILES = ("roles.yaml", "sources.yaml", "glossary.yaml")

Loc = tuple[str | int, ...]

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


@dataclass
class SourceFile:
    """One YAML file: its kind, its plain data and the node tree for positions."""

    path: str  # relative to the project, POSIX separators
    kind: str
    data: object
    root: yaml.Node
    # Top-level records (loc () or (index,)) that held a refused construct: not validated, since
    # their values are incomplete, but their ids and references are still known.
    damaged: frozenset[Loc] = frozenset()
    # Places whose value the loader refused (020, !!int 十) and reported: not validated again.
    holes: frozenset[Loc] = frozenset()
    # Full-width slips corrected before parsing: positions are mapped back to the written text.
    repair: Repair | None = None

    def node_at(self, loc: Loc) -> yaml.Node | None:
        """The node at `loc` exactly, or None when the path leaves the tree."""
        node: yaml.Node | None = self.root
        for step in loc:
            node = _child(node, step, want_key=False) if node is not None else None
        return node

    def locate(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at `loc`, or of its deepest existing ancestor.

        With `key=True` the last step points at the mapping key rather than its value.
        """
        node = self.root
        for depth, step in enumerate(loc):
            last = depth == len(loc) - 1
            child = _child(node, step, want_key=key and last)
            if child is None:
                break
            node = child
        return position(node.start_mark, self.repair)


@dataclass
class LoadResult:
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # kinds of files that could not be read at all


def format_loc(loc: Loc) -> str:
    """dimensions[0].indicators[2].points: a place in a file, as diagnostics name it."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def position(mark: yaml.Mark, repaired: Repair | None = None) -> tuple[int, int]:
    """Line and column (1-based) of `mark` in the text as written."""
    column = repaired.written_column(mark.line, mark.column) if repaired else mark.column
    return mark.line + 1, column + 1


def _child(node: yaml.Node, step: str | int, want_key: bool) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if key_node.value == step:
                return key_node if want_key else value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None


def load(project_dir: Path) -> LoadResult:
    """Read every file under `project_dir/standards`; never raises for content problems."""
    result = LoadResult()
    standards = project_dir / STANDARDS_DIR
    known: dict[Path, tuple[str, type]] = {}
    for pattern, kind, shape in FILE_KINDS:
        for path in sorted(standards.glob(pattern)):
            known[path] = (kind, shape)
    for name in REQUIRED_FILES:
        if not (standards / name).exists():
            result.diagnostics.append(
                _problem(f"{STANDARDS_DIR}/{name}", 0, 0, "缺少必需的文件", f"请创建 {STANDARDS_DIR}/{name}（可以是空列表 []）")
            )
    for path in _yaml_files(standards):
        rel = path.relative_to(project_dir).as_posix()
        if path.is_dir():
            result.diagnostics.append(_linked_folder(project_dir, path, rel))
            folder = path.relative_to(standards).as_posix() + "/"
            result.unreadable.update(kind for pattern, kind, _ in FILE_KINDS if pattern.startswith(folder))
            continue
        if path not in known:
            result.diagnostics.append(_misplaced(rel, path.relative_to(standards)))
            continue
        kind, shape = known[path]
        source = _load_file(project_dir, path, rel, kind, shape, result.diagnostics)
        if source is None:
            result.unreadable.add(kind)
        else:
            result.files.append(source)
    return result


def _yaml_files(standards: Path) -> list[Path]:
    """YAML files under `standards`, and linked folders (reported, never followed), sorted."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(standards):
        base = Path(folder)
        found += [base / name for name in dirs if (base / name).is_symlink()]
        found += [base / name for name in files if name.lower().endswith((".yaml", ".yml"))]
    return sorted(found)


def _linked_folder(project_dir: Path, path: Path, rel: str) -> Diagnostic:
    if _inside(project_dir, path):
        return _problem(rel, 0, 0, "文件夹是符号链接，其中的文件不会被读取", "请把文件直接放进 standards/ 下的文件夹")
    return _problem(rel, 0, 0, "符号链接指向项目之外，已拒绝读取", "请把文件本身放进 standards/，不要链接到外部")


def _inside(project_dir: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(project_dir.resolve())
    except (OSError, RuntimeError):
        return False


def _misplaced(rel: str, inside: Path) -> Diagnostic:
    """A YAML file no pattern reads; a wrong extension in the right place is named as such."""
    renamed = inside.with_name(inside.stem + ".yaml")
    if any(len(renamed.parts) == pattern.count("/") + 1 and renamed.match(pattern) for pattern, _, _ in FILE_KINDS):
        return _problem(rel, 0, 0, "扩展名应为 .yaml（小写），此文件不会被读取", f"请把文件改名为 {renamed.name}")
    hint = (
        "数据文件只能放在 standards/roles.yaml、sources.yaml、glossary.yaml、handbooks.yaml "
        "或 standards/units/、checklists/、procedures/ 下，扩展名为 .yaml"
    )
    return _problem(rel, 0, 0, "文件不在约定的位置，不会被读取", hint)


def _load_file(
    project_dir: Path, path: Path, rel: str, kind: str, shape: type, out: list[Diagnostic]
) -> SourceFile | None:
    text = read_text(project_dir, path, rel, out)
    if text is None:
        return None
    try:
        root, repaired = _compose(text, rel, out)
    except _Unparsable:
        return None
    if root is None:
        out.append(_problem(rel, 1, 1, "文件为空（只有注释或空白）", _shape_hint(shape, path.stem)))
        return None
    expected = yaml.MappingNode if shape is dict else yaml.SequenceNode
    if not isinstance(root, expected):
        line, column = position(root.start_mark, repaired)
        out.append(_problem(rel, line, column, f"文件的顶层应为{_SHAPE_NAMES[shape]}", _shape_hint(shape, path.stem)))
        return None
    builder = _Builder(rel, repaired)
    data, damaged = builder.build_file(root)
    out.extend(builder.diagnostics)
    return SourceFile(rel, kind, data, root, damaged, holes=builder.holes(root), repair=repaired)


class _Unparsable(Exception):
    """The file is no YAML; the reason is reported."""


def _compose(text: str, rel: str, out: list[Diagnostic]) -> tuple[yaml.Node | None, Repair | None]:
    """The node tree of `text`, or of its repair when full-width slips kept it from parsing, and
    the repair. Raises `_Unparsable` after reporting why when neither parses."""
    try:
        return yaml.compose(text, Loader=_Loader), None
    except yaml.MarkedYAMLError as error:
        repaired = repair(text, _parses)
        if repaired is None:
            out.append(syntax_problem(rel, error, text))
            raise _Unparsable from None
    except yaml.reader.ReaderError as error:
        out.append(reader_problem(rel, error))
        raise _Unparsable from None
    except yaml.YAMLError as error:
        out.append(_problem(rel, 1, 1, f"YAML 语法错误：{error}", "检查文件的格式"))
        raise _Unparsable from None
    out.extend(_problem(rel, slip.line + 1, slip.column + 1, slip.message, slip.hint) for slip in repaired.slips)
    try:
        return yaml.compose(repaired.text, Loader=_Loader), repaired
    except yaml.MarkedYAMLError as error:  # another mistake besides the slips
        found = syntax_problem(rel, error, repaired.text)
        column = repaired.written_column(found.line - 1, found.column - 1) + 1
        out.append(dataclasses.replace(found, column=column))
    except yaml.YAMLError:
        pass  # the slips are reported; anything else shows once they are fixed
    raise _Unparsable


def _parses(text: str) -> bool:
    try:
        yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return False
    return True


_SHAPE_NAMES: dict[type, str] = {dict: "映射（键: 值）", list: "列表（每项以 - 开头）"}


_EXAMPLE_IDS = {"roles": "school-party-org", "sources": "hy-report-2022", "glossary": "yigang-shuangze", "handbooks": "school-handbook"}


def _shape_hint(shape: type, stem: str) -> str:
    if shape is dict:
        return f"此文件描述一条记录，应以 id: 开头，即 id: {stem}"
    return f"此文件是一个列表，每一项以 - 开头，例如 - id: {_EXAMPLE_IDS.get(stem, 'example')}"


class _Builder:
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
