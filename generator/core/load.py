"""Stage 1: read every YAML file under `standards/` into plain data that remembers positions.

Finds the files and names misplaced ones; each file's text (`source_text`) becomes plain data
(`compose`). The node tree is kept so that any later diagnostic can name file, line and column
(`SourceFile.locate`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from qinglian.core.compose import Builder, Unparsable, compose
from qinglian.core.compose import position as position
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.fullwidth import Repair
from qinglian.core.kinds import FILE_KINDS
from qinglian.core.source_text import problem as _problem
from qinglian.core.source_text import read_text

STANDARDS_DIR = "standards"

REQUIRED_FILES = ("roles.yaml", "sources.yaml", "glossary.yaml")

Loc = tuple[str | int, ...]


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


def _child(node: yaml.Node, step: str | int, want_key: bool) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode) and isinstance(step, str):
        for key_node, value_node in node.value:
            if key_node.value == step:
                found: yaml.Node = key_node if want_key else value_node
                return found
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        item: yaml.Node = node.value[step]
        return item
    return None


def load(project_dir: Path) -> LoadResult:
    """Read every file under `project_dir/standards`; never raises for content problems."""
    result = LoadResult()
    standards = project_dir / STANDARDS_DIR
    known: dict[Path, tuple[str, type]] = {}
    for file_kind in FILE_KINDS:
        for path in sorted(standards.glob(file_kind.pattern)):
            known[path] = (file_kind.name, file_kind.shape)
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
            result.unreadable.update(file.name for file in FILE_KINDS if file.pattern.startswith(folder))
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
    if any(len(renamed.parts) == file.pattern.count("/") + 1 and renamed.match(file.pattern) for file in FILE_KINDS):
        return _problem(rel, 0, 0, "扩展名应为 .yaml（小写），此文件不会被读取", f"请把文件改名为 {renamed.name}")
    files = "、".join(file.pattern for file in FILE_KINDS if file.many)
    folders = "、".join(file.pattern.split("/")[0] + "/" for file in FILE_KINDS if not file.many)
    hint = f"数据文件只能放在 {STANDARDS_DIR}/{files} 或 {STANDARDS_DIR}/{folders} 下，扩展名为 .yaml"
    return _problem(rel, 0, 0, "文件不在约定的位置，不会被读取", hint)


def _load_file(
    project_dir: Path, path: Path, rel: str, kind: str, shape: type, out: list[Diagnostic]
) -> SourceFile | None:
    text = read_text(project_dir, path, rel, out)
    if text is None:
        return None
    try:
        root, repaired = compose(text, rel, out)
    except Unparsable:
        return None
    if root is None:
        out.append(_problem(rel, 1, 1, "文件为空（只有注释或空白）", _shape_hint(shape, path.stem)))
        return None
    expected = yaml.MappingNode if shape is dict else yaml.SequenceNode
    if not isinstance(root, expected):
        line, column = position(root.start_mark, repaired)
        out.append(_problem(rel, line, column, f"文件的顶层应为{_SHAPE_NAMES[shape]}", _shape_hint(shape, path.stem)))
        return None
    builder = Builder(rel, repaired)
    data, damaged = builder.build_file(root)
    out.extend(builder.diagnostics)
    return SourceFile(rel, kind, data, root, damaged, holes=builder.holes(root), repair=repaired)


_SHAPE_NAMES: dict[type, str] = {dict: "映射（键: 值）", list: "列表（每项以 - 开头）"}


_EXAMPLE_IDS = {"roles": "school-party-org", "sources": "hy-report-2022", "glossary": "yigang-shuangze", "handbooks": "school-handbook"}


def _shape_hint(shape: type, stem: str) -> str:
    if shape is dict:
        return f"此文件描述一条记录，应以 id: 开头，即 id: {stem}"
    return f"此文件是一个列表，每一项以 - 开头，例如 - id: {_EXAMPLE_IDS.get(stem, 'example')}"
