"""Stage 1: read every YAML file under `standards/` into plain data that remembers positions.

The composer's node tree is kept so that any later diagnostic can name file, line and column
(`SourceFile.locate`). Aliases, duplicate keys and over-deep nesting are refused here, on the
nodes, before any value is built: an alias bomb is never expanded.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Union

import yaml

from .errors import Diagnostic, Severity

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # libyaml missing: the pure loader gives the same nodes, only slower
    from yaml import SafeLoader  # type: ignore[assignment]

STANDARDS_DIR = "standards"
MAX_DEPTH = 32
MAX_FILE_BYTES = 20 * 1024 * 1024

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

Loc = tuple[Union[str, int], ...]

_STR_TAG = "tag:yaml.org,2002:str"
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    "tag:yaml.org,2002:null": "construct_yaml_null",
}
_constructor = yaml.constructor.SafeConstructor()


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
        mark = node.start_mark
        return mark.line + 1, mark.column + 1


@dataclass
class LoadResult:
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # kinds of files that could not be read at all


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
            result.diagnostics.append(_misplaced(rel))
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
        found += [base / name for name in files if name.endswith((".yaml", ".yml"))]
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


def _misplaced(rel: str) -> Diagnostic:
    hint = (
        "数据文件只能放在 standards/roles.yaml、sources.yaml、glossary.yaml、handbooks.yaml "
        "或 standards/units/、checklists/、procedures/ 下，扩展名为 .yaml"
    )
    return _problem(rel, 0, 0, "文件不在约定的位置，不会被读取", hint)


def _problem(file: str, line: int, column: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, "", message, hint)


def _load_file(
    project_dir: Path, path: Path, rel: str, kind: str, shape: type, out: list[Diagnostic]
) -> SourceFile | None:
    text = _read_text(project_dir, path, rel, out)
    if text is None:
        return None
    try:
        root = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        out.append(_syntax_problem(rel, error))
        return None
    except yaml.reader.ReaderError as error:
        out.append(_reader_problem(rel, error))
        return None
    except yaml.YAMLError as error:
        out.append(_problem(rel, 1, 1, f"YAML 语法错误：{error}", "检查文件的格式"))
        return None
    if root is None:
        out.append(_problem(rel, 1, 1, "文件为空（只有注释或空白）", _shape_hint(shape, path.stem)))
        return None
    expected = yaml.MappingNode if shape is dict else yaml.SequenceNode
    if not isinstance(root, expected):
        line, column = root.start_mark.line + 1, root.start_mark.column + 1
        out.append(_problem(rel, line, column, f"文件的顶层应为{_SHAPE_NAMES[shape]}", _shape_hint(shape, path.stem)))
        return None
    builder = _Builder(rel)
    data, damaged = builder.build_file(root)
    out.extend(builder.diagnostics)
    return SourceFile(rel, kind, data, root, damaged)


_SHAPE_NAMES = {dict: "映射（键: 值）", list: "列表（每项以 - 开头）"}


_EXAMPLE_IDS = {"roles": "school-party-org", "sources": "hy-report-2022", "glossary": "yigang-shuangze", "handbooks": "school-handbook"}


def _shape_hint(shape: type, stem: str) -> str:
    if shape is dict:
        return f"此文件描述一条记录，应以 id: 开头，即 id: {stem}"
    return f"此文件是一个列表，每一项以 - 开头，例如 - id: {_EXAMPLE_IDS.get(stem, 'example')}"


def _read_text(project_dir: Path, path: Path, rel: str, out: list[Diagnostic]) -> str | None:
    raw = _read_bytes(project_dir, path, rel, out)
    if raw is None:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append(_problem(rel, 1, 1, "文件以 UTF-8 BOM（字节顺序标记）开头", "请在编辑器中另存为“UTF-8（无 BOM）”"))
        return None
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        out.append(_problem(rel, line, column, "文件含有 NUL 空字节，可能是二进制文件", "请确认这是文本文件，并删除该字符"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of(raw, error.start)
        out.append(_problem(rel, line, column, "文件不是 UTF-8 编码", "请在编辑器中以 UTF-8 编码另存（GBK 等编码不受支持）"))
        return None
    control = _CONTROL.search(text)
    if control:
        line, column = _position_of(raw, len(text[: control.start()].encode("utf-8")))
        out.append(_problem(rel, line, column, f"文件含有不允许的控制字符 U+{ord(control.group(0)):04X}", _CONTROL_HINT))
        return None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.group(0).index("\t") + 1
        out.append(_problem(rel, line, column, "缩进中使用了制表符（Tab）", "YAML 只允许用空格缩进，请把 Tab 换成两个空格"))
        return None
    return text


def _read_bytes(project_dir: Path, path: Path, rel: str, out: list[Diagnostic]) -> bytes | None:
    """The file's bytes, unless it lies outside the project (also through a linked folder)."""
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(project_dir.resolve()):
            out.append(_problem(rel, 0, 0, "符号链接指向项目之外，已拒绝读取", "请把文件本身放进 standards/，不要链接到外部"))
            return None
        if not resolved.is_file():
            out.append(_problem(rel, 0, 0, "无法读取：不是普通文件", "请确认它是一个普通的文本文件，而不是文件夹或失效的链接"))
            return None
        if resolved.stat().st_size > MAX_FILE_BYTES:
            out.append(_problem(rel, 0, 0, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，已拒绝读取", "请把内容拆分到多个文件"))
            return None
        return resolved.read_bytes()
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        out.append(_problem(rel, 0, 0, "无法读取：符号链接循环指向自身", "请删除这个链接，把文件本身放进 standards/"))
        return None
    except OSError as error:  # permission denied, a vanished file; strerror names no path
        out.append(_problem(rel, 0, 0, f"无法读取：{error.strerror or '系统错误'}", "请检查文件是否存在以及读取权限"))
        return None


_TAB_INDENT = re.compile(r"^ *\t[ \t]*(?=\S)", re.MULTILINE)
# Characters YAML does not allow in a stream (YAML 1.1, "printable characters").
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROL_HINT = "这类字符通常是从别处复制时带进来的，在编辑器中看不见；请删除这一处并重新输入"


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


# Translations of libyaml's problems into words an editor understands.
_SYNTAX_MESSAGES = (
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


def _syntax_problem(rel: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and any(needle in (error.problem or "") for needle in _AT_CONTEXT):
        mark = error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{error.context or ''} {error.problem or ''}"
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            return _problem(rel, line, column, f"YAML 语法错误：{message}", hint)
    return _problem(rel, line, column, f"YAML 语法错误：{problem.strip()}", "检查这一行附近的缩进、冒号和引号")


def _reader_problem(rel: str, error: yaml.reader.ReaderError) -> Diagnostic:
    """A character libyaml refuses that `_read_text` did not catch (kept as a safety net)."""
    return _problem(rel, 1, 1, f"文件含有不允许的字符（{error.reason}）", _CONTROL_HINT)


class _Builder:
    """Turns a node tree into plain data, refusing aliases, duplicate keys and deep nesting."""

    def __init__(self, rel: str):
        self.rel = rel
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[int] = set()
        self._reported: set[str] = set()
        self._damaged = False

    def _error(self, node: yaml.Node, message: str, hint: str | None = None, once: bool = False) -> None:
        """Record a problem; with `once`, only the first of its kind in the file is reported.

        An alias bomb or a runaway nesting repeats one mistake thousands of times: one line is
        enough to fix it, and the report stays short.
        """
        self._damaged = True
        if once and message in self._reported:
            return
        self._reported.add(message)
        mark = node.start_mark
        self.diagnostics.append(_problem(self.rel, mark.line + 1, mark.column + 1, message, hint))

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
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        return self._mapping(node, depth)

    def _scalar(self, node: yaml.ScalarNode) -> object:
        method = _SCALAR_BUILDERS.get(node.tag)
        if method is None:  # strings, and timestamps kept as written (e.g. date: 2022-08-29)
            if node.tag not in (_STR_TAG, "tag:yaml.org,2002:timestamp"):
                self._error(node, f"不支持的 YAML 标签 {node.tag}", "去掉以 ! 开头的标签")
            return node.value
        return getattr(_constructor, method)(node)

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
