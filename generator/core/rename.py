"""`qinglian rename OLD NEW`: give a record a new id and update every reference to it.

The YAML files are edited as text at the positions the loader recorded for each node, so every
other byte (comments, quoting, layout, line endings) stays as it was. The record gets
`replaces: OLD`, so revision tables report a rename and the site keeps an anchor for the old id.
A unit, checklist or procedure file is renamed with its record (ids equal file names). Links in
the hand-written pages (`content/**/*.md`) that name the old id are updated too.

Nothing is written unless the renamed project passes `check` as before: the new text is checked
in a scratch copy first.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from qinglian.core.corpus import Corpus, Entry
from qinglian.core.diagnostics import ContentError, QinglianError, UsageError, has_errors
from qinglian.core.kinds import DOCUMENT_KINDS
from qinglian.core.kinds import label as kind_label
from qinglian.core.load import STANDARDS_DIR, Loc, SourceFile
from qinglian.core.model import ID_MAX, ID_PATTERN
from qinglian.core.pagelinks import SCHEME
from qinglian.core.pipeline import check
from qinglian.core.resolve import raw_refs
from qinglian.core.urls import ASSESS_FOLDER, PAGE_FOLDERS

CONTENT_DIR = "content"
_LINK_FOLDERS = (*PAGE_FOLDERS.values(), ASSESS_FOLDER)


@dataclass
class Renamed:
    """What `rename` changed: files (relative to the project), references, the moved file."""

    references: int = 0
    files: list[str] = field(default_factory=list)
    moved: tuple[str, str] | None = None
    notes: list[str] = field(default_factory=list)


def rename(project_dir: Path, old: str, new: str) -> Renamed:
    """Renames record `old` to `new` throughout the project; `UsageError` (exit 2) if it cannot."""
    _check_new_id(new)
    corpus, diagnostics = check(project_dir)
    if corpus is None:
        raise ContentError(diagnostics)
    entry = _target(corpus, old, new)
    texts, result = _edit_standards(project_dir, corpus, entry, new)
    texts.update(_edit_links(project_dir, entry, new))
    moved = _moved_file(entry, new)
    _verify(project_dir, texts, moved)
    for relative, text in sorted(texts.items()):
        _write(project_dir / relative, text)
    if moved is not None:
        (project_dir / moved[0]).replace(project_dir / moved[1])
        result.moved = moved
    result.files = sorted(moved[1] if moved and path == moved[0] else path for path in texts)
    return result


def _check_new_id(new: str) -> None:
    if len(new) > ID_MAX or not ID_PATTERN.match(new):
        raise UsageError(f"'{new}' 不是有效的 id：只能由小写字母、数字和连字符组成，以字母开头，不超过 {ID_MAX} 个字符")


def _target(corpus: Corpus, old: str, new: str) -> Entry:
    """The entry to rename, after refusing an unknown old id and a new id that is taken."""
    replaced = {entry.record.replaces: entry for entry in corpus.entries.values() if entry.record.replaces}
    if old not in corpus.entries:
        if old in replaced:
            raise UsageError(f"找不到 id '{old}'：它已更名为 '{replaced[old].id}'")
        close = difflib.get_close_matches(old, list(corpus.entries), n=3, cutoff=0.8)
        hint = "；是否应为 " + "、".join(f"'{c}'" for c in close) + "？" if close else ""
        raise UsageError(f"找不到 id '{old}'{hint}")
    if new == old:
        raise UsageError(f"新 id 与旧 id 相同：'{old}'")
    if new in corpus.entries:
        taken = corpus.entries[new]
        line, _ = taken.position()
        raise UsageError(f"id '{new}' 已被{kind_label(taken.kind)}使用（{taken.source.path}:{line}），请另选一个 id")
    if new in replaced:
        raise UsageError(f"id '{new}' 是 '{replaced[new].id}' 的旧 id（replaces），不能再使用，请另选一个 id")
    return corpus.entries[old]


def _edit_standards(project_dir: Path, corpus: Corpus, entry: Entry, new: str) -> tuple[dict[str, str], Renamed]:
    """New text of every YAML file that names the id: the record's id, its `replaces`, references."""
    old, result = entry.id, Renamed()
    nodes: dict[str, list[yaml.Node | None]] = {}
    for source, node in _references(corpus, old, entry.kind):
        nodes.setdefault(source.path, []).append(node)
        result.references += 1
    nodes.setdefault(entry.source.path, []).append(entry.source.node_at(entry.loc + ("id",)))
    if entry.record.replaces:
        result.notes.append(
            f"原有的 replaces: {entry.record.replaces} 已改为 replaces: {old}，指向 {entry.record.replaces} 的旧链接将不再有效"
        )
    texts = {}
    for path, found in nodes.items():
        text = _read(project_dir / path)
        edits = [_scalar_edit(path, text, node, old, new) for node in found]
        if path == entry.source.path:
            edits.append(_replaces_edit(entry.source, entry.loc, text, old))
        for start, end, replacement in sorted(edits, reverse=True):
            text = text[:start] + replacement + text[end:]
        texts[path] = text
    return texts, result


def _references(corpus: Corpus, target: str, kind: str) -> Iterator[tuple[SourceFile, yaml.Node]]:
    """The YAML nodes of every reference to `target` (ids are unique, so the value decides)."""
    for entry in corpus.entries.values():
        if entry.parent is not None:
            continue  # a top-level record's walk covers everything nested in it
        data = _data_at(entry.source.data, entry.loc)
        for loc, ref, value in raw_refs(type(entry.record), data, entry.loc):
            if value == target and ref.kind == kind:
                node = entry.source.node_at(loc)
                assert node is not None
                yield entry.source, node


def _data_at(data: object, loc: Loc) -> object:
    for step in loc:
        data = data[step]  # type: ignore[index]
    return data


def _scalar_edit(path: str, text: str, node: yaml.Node | None, old: str, new: str) -> tuple[int, int, str]:
    """Replace the id inside the scalar's own text, keeping its quotes."""
    if not isinstance(node, yaml.ScalarNode):
        raise QinglianError(f"{path}: 无法定位 '{old}' 的位置，请手工修改")
    start, end = node.start_mark.index, node.end_mark.index
    written = text[start:end]
    if written.strip("'\"") != old:  # e.g. an escaped or folded scalar: too clever to rewrite
        raise QinglianError(f"{path}:{node.start_mark.line + 1}:{node.start_mark.column + 1}: 无法改写 {written}，请手工修改")
    return start, end, written.replace(old, new)


def _replaces_edit(source: SourceFile, loc: Loc, text: str, old: str) -> tuple[int, int, str]:
    """Set `replaces: OLD` on the record: its value if the key exists, else a new key after `id`."""
    existing = source.node_at(loc + ("replaces",))
    if isinstance(existing, yaml.ScalarNode):
        return existing.start_mark.index, existing.end_mark.index, old
    mapping = source.node_at(loc)
    key = next(key for key, _ in mapping.value if key.value == "id")  # type: ignore[union-attr]
    value = source.node_at(loc + ("id",))
    assert isinstance(mapping, yaml.MappingNode) and value is not None
    if mapping.flow_style:
        return value.end_mark.index, value.end_mark.index, f", replaces: {old}"
    line_end = text.find("\n", value.end_mark.index)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_end - 1 : line_end] == "\r":
        line_end -= 1
    newline = "\r\n" if "\r\n" in text else "\n"
    return line_end, line_end, f"{newline}{' ' * key.start_mark.column}replaces: {old}"


def _edit_links(project_dir: Path, entry: Entry, new: str) -> dict[str, str]:
    """Hand-written pages whose links name the old id: `qinglian:OLD` references, `#OLD` anchors
    and `units/OLD.md` paths."""
    old = re.escape(entry.id)
    patterns = [(re.compile(rf"(#|\b{SCHEME}){old}(?![a-z0-9-])"), rf"\g<1>{new}")]
    if entry.parent is None and entry.kind in PAGE_FOLDERS:
        folders = "|".join(_LINK_FOLDERS)
        patterns.append((re.compile(rf"((?:^|[^a-z0-9-])(?:{folders})/){old}(?=[./#)\"'\s]|$)", re.M), rf"\g<1>{new}"))
    texts = {}
    for path in sorted((project_dir / CONTENT_DIR).rglob("*.md")):
        text = _read(path)
        changed = text
        for pattern, replacement in patterns:
            changed = pattern.sub(replacement, changed)
        if changed != text:
            texts[path.relative_to(project_dir).as_posix()] = changed
    return texts


def _moved_file(entry: Entry, new: str) -> tuple[str, str] | None:
    if entry.parent is not None or entry.kind not in DOCUMENT_KINDS:  # one record per file, named after its id
        return None
    path = Path(entry.source.path)
    return entry.source.path, path.with_name(new + path.suffix).as_posix()


def _verify(project_dir: Path, texts: dict[str, str], moved: tuple[str, str] | None) -> None:
    """Check the renamed standards in a scratch copy; refuse if anything would break."""
    if moved is not None and (project_dir / moved[1]).exists():
        raise UsageError(f"文件 {moved[1]} 已存在，无法把 {moved[0]} 改名为它")
    with tempfile.TemporaryDirectory(prefix="qinglian-rename-") as scratch:
        copy = Path(scratch)
        shutil.copytree(project_dir / STANDARDS_DIR, copy / STANDARDS_DIR, symlinks=True)
        for relative, text in texts.items():
            if relative.startswith(STANDARDS_DIR + "/"):
                _write(copy / relative, text)
        if moved is not None:
            (copy / moved[0]).replace(copy / moved[1])
        _, diagnostics = check(copy)
    if has_errors(diagnostics):
        raise ContentError(diagnostics)


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: offsets and CRLF stay


def _write(path: Path, text: str) -> None:
    scratch = path.with_name(f".{path.name}.qinglian-rename")
    scratch.write_bytes(text.encode("utf-8"))
    scratch.replace(path)
