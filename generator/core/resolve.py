"""Stage 3: whole-corpus rules. Registers every id, checks every reference, builds the `Corpus`."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from qinglian.core.corpus import Corpus, Entry, Reference
from qinglian.core.diagnostics import Diagnostic, Severity
from qinglian.core.fields import ID_PATTERN, Record, Ref, annotation_parts, inner_model
from qinglian.core.history import oldest_first
from qinglian.core.kinds import kind_of_record
from qinglian.core.kinds import label as kind_label
from qinglian.core.load import Loc, SourceFile, format_loc
from qinglian.core.validate import Parsed, ValidationResult


def resolve(validated: ValidationResult, project_dir: Path | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus of the valid records, and every duplicate id and dangling reference.

    A duplicate id is reported on the newer record (by git history, else by file time: see
    `history`); the established one keeps the id. `project_dir` is needed to tell them apart.
    """
    corpus = Corpus()
    diagnostics: list[Diagnostic] = []
    entries = [entry for parsed in validated.records + validated.salvaged for entry in _entries(parsed)]
    established, duplicates = _established(entries, project_dir)
    shadowed = {(entry.id, entry.kind) for entry in duplicates}  # referring to them is fine
    diagnostics.extend(_duplicate(entry, established[entry.id]) for entry in duplicates)
    pending: list[tuple[Entry, Loc, str, Ref, str]] = []
    for entry in entries:
        if established[entry.id] is entry:
            corpus.entries[entry.id] = entry
        pending.extend((entry, loc, name, ref, value) for loc, name, ref, value in _refs(entry))
    renamed = {entry.record.replaces: entry.id for entry in corpus.entries.values() if entry.record.replaces}
    for entry, loc, name, ref, value in pending:
        if ref.scope != "corpus":
            continue  # checked per procedure by the rules
        problem = _check_ref(corpus, validated, shadowed, renamed, ref, value)
        if problem is None:
            if established[entry.id] is entry:
                corpus.add_reference(Reference(entry, name, value))
        elif problem:
            diagnostics.append(error_at(entry, loc, *problem))
    diagnostics.extend(_broken_refs(corpus, validated, shadowed, renamed))
    return corpus, diagnostics


def _established(entries: list[Entry], project_dir: Path | None) -> tuple[dict[str, Entry], list[Entry]]:
    """The entry that keeps each id, and the newer entries that repeat one."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        found.setdefault(entry.id, []).append(entry)
    established: dict[str, Entry] = {}
    duplicates: list[Entry] = []
    for record_id, same in found.items():
        order = oldest_first([(entry.source.path, entry.position()[0]) for entry in same], project_dir) if len(same) > 1 else [0]
        established[record_id] = same[order[0]]
        duplicates.extend(same[index] for index in order[1:])
    return established, duplicates


def _broken_refs(
    corpus: Corpus, validated: ValidationResult, shadowed: set[tuple[str, str]], renamed: dict[str, str]
) -> Iterator[Diagnostic]:
    """Dangling references inside records that failed validation, so one run shows every mistake.

    Only well-formed ids in the places the model expects references are checked: anything else
    is already covered by the record's validation errors.
    """
    for broken in validated.broken:
        for loc, ref, value in raw_refs(broken.model, broken.data, ()):
            if ref.scope != "corpus" or not ID_PATTERN.match(value) or broken.salvaged.covers(broken.loc + loc):
                continue
            problem = _check_ref(corpus, validated, shadowed, renamed, ref, value)
            if problem:
                full = broken.loc + loc
                line, column = broken.source.locate(full)
                yield Diagnostic(broken.source.path, line, column, Severity.ERROR, format_loc(full), *problem)


def raw_refs(model: type[BaseModel], data: object, loc: Loc) -> Iterator[tuple[Loc, Ref, str]]:
    """The reference-like strings in raw `data` that `model` would read as references."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        key = info.alias or name
        value = data.get(key)
        ref = ref_of(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = loc + ((key,) if index is None else (key, index))
            if ref is not None and isinstance(item, str):
                yield here, ref, item
            elif isinstance(item, dict):  # a value, or one arm of a union such as a step id | {step, at}
                inner = inner_model(info.annotation)
                if inner is not None:
                    yield from raw_refs(inner, item, here)


def error_at(entry: Entry, loc: Loc, message: str, hint: str | None = None, warning: bool = False) -> Diagnostic:
    """A diagnostic at `loc`, a place inside `entry`'s record."""
    full = entry.loc + loc
    line, column = entry.source.locate(full)
    severity = Severity.WARNING if warning else Severity.ERROR
    return Diagnostic(entry.source.path, line, column, severity, format_loc(full), message, hint)


# The walkers below are module functions, not closures: a recursive closure refers to itself
# through its cell, a reference cycle that kept every file's YAML nodes alive until a cyclic
# collection, and forever once `project.check` has frozen the heap (measured: +5 MB per check of
# the default content, i.e. a leak in `qinglian serve`).
def _entries(parsed: Parsed) -> Iterator[Entry]:
    return _walk_entries(parsed.source, parsed.record, parsed.loc, None)


def _walk_entries(source: SourceFile, record: Record, loc: Loc, parent: Entry | None) -> Iterator[Entry]:
    entry = Entry(kind_of_record(record), record, parent, source, loc)
    yield entry
    for _, child_loc, child in _children(record):
        if isinstance(child, Record):
            yield from _walk_entries(source, child, loc + child_loc, entry)


def _children(model: BaseModel) -> Iterator[tuple[str, Loc, BaseModel]]:
    for name in _nested_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield name, (name,), value
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield name, (name, index), item


def _refs(entry: Entry) -> Iterator[tuple[Loc, str, Ref, str]]:
    """References made by the entry's own fields and by its non-record values (branches, limits)."""
    return _walk_refs(entry.record, ())


def _walk_refs(model: BaseModel, loc: Loc) -> Iterator[tuple[Loc, str, Ref, str]]:
    for name, key, ref in _ref_fields(type(model)):
        value = getattr(model, name)
        if isinstance(value, str):
            yield loc + (key,), key, ref, value
        elif isinstance(value, list):
            yield from ((loc + (key, i), key, ref, item) for i, item in enumerate(value))
    for _, child_loc, child in _children(model):
        if not isinstance(child, Record):
            yield from _walk_refs(child, loc + child_loc)


# Field plans, computed once per model class: walking every field of every record was half of
# resolve's time at 10k indicators, although only a few fields refer or nest.
@functools.cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, str, Ref], ...]:
    """(name, YAML key, Ref) of the model's reference fields, in declaration order."""
    plan = ((name, info.alias or name, ref_of(model, name)) for name, info in model.model_fields.items())
    return tuple((name, key, ref) for name, key, ref in plan if ref is not None)


@functools.cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """Names of the model's fields whose type can hold a model (a record or a value like a branch)."""
    return tuple(name for name, info in model.model_fields.items() if inner_model(info.annotation) is not None)


@functools.cache
def ref_of(model: type[BaseModel], name: str) -> Ref | None:
    """The `Ref` marker of the model's field `name`: which kind of record it names, or None."""
    info = model.model_fields[name]
    parts = [*info.metadata, *annotation_parts(info.annotation)]
    return next((part for part in parts if isinstance(part, Ref)), None)


def _check_ref(
    corpus: Corpus, validated: ValidationResult, shadowed: set[tuple[str, str]], renamed: dict[str, str], ref: Ref, value: str
) -> tuple[str, str | None] | None | Literal[False]:
    """None when the reference holds, False to skip it silently, else (message, hint). `renamed`
    maps the old ids of renamed records (their `replaces`) to their ids.

    Skipped: targets in records that failed validation, in files that could not be read, and
    duplicates of the right kind; each of those mistakes is reported once, where it is.
    """
    target = corpus.entries.get(value)
    label = kind_label(ref.kind)
    if (value, ref.kind) in shadowed:
        return False
    if target is None:
        if validated.is_broken(value) or ref.kind in validated.unknown_kinds:
            return False
        if value in renamed:
            return f"引用了不存在的{label} '{value}'", f"已更名为 '{renamed[value]}'"
        return f"引用了不存在的{label} '{value}'", closest_hint(value, _candidates(corpus, validated, ref.kind), label)
    if target.kind != ref.kind:
        hint = closest_hint(value, _candidates(corpus, validated, ref.kind), label)
        return f"'{value}' 是{kind_label(target.kind)}，此处应引用{label}", hint
    return None


def _candidates(corpus: Corpus, validated: ValidationResult, kind: str) -> list[str]:
    """Ids of `kind` to suggest: valid ones first, then those in records that failed validation."""
    valid = [entry.id for entry in corpus.entries.values() if entry.kind == kind]
    return valid + sorted(set(validated.broken_ids.get(kind, ())) - set(valid))


def closest_hint(value: str, candidates: list[str], label: str) -> str:
    close = difflib.get_close_matches(value, candidates, n=3, cutoff=0.5)
    if close:
        return "是否应为 " + "、".join(f"'{c}'" for c in close) + "？"
    if not candidates:
        return f"目前还没有任何{label}，请先定义它"
    return f"请先定义该{label}，或检查拼写"


def _duplicate(entry: Entry, established: Entry) -> Diagnostic:
    line, _ = established.position()
    hint = f"较早的记录在 {established.source.path}:{line}；id 必须全库唯一，请为这一条改用另一个 id"
    return error_at(entry, ("id",), f"id '{entry.id}' 重复", hint)
