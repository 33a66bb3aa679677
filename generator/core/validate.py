"""Stage 2: plain data -> typed records, with every problem as a located, plain-Chinese diagnostic."""

from __future__ import annotations

import typing
from collections import defaultdict
from dataclasses import dataclass, field

import yaml
from pydantic import BaseModel, ValidationError
from qinglian.core.diagnostics import Diagnostic, Severity
from qinglian.core.explain import TYPE_EXPECTED, Place, closest_field, explain, model_at, slug
from qinglian.core.fields import Record, inner_model, nested_models
from qinglian.core.kinds import file_kind, kind_of_model
from qinglian.core.load import Loc, SourceFile, format_loc, position
from qinglian.core.names import Names
from qinglian.core.salvage import Salvage, salvage
from qinglian.core.text_lists import comma_warnings


@dataclass(frozen=True)
class Parsed:
    """A validated top-level record and where it came from."""

    record: Record
    source: SourceFile
    loc: Loc  # () for one-record files, (index,) for list files


@dataclass(frozen=True)
class Broken:
    """A top-level record that failed validation: its raw data, kept to check its references."""

    model: type[Record]
    data: object
    source: SourceFile
    loc: Loc
    salvaged: Salvage = field(default_factory=Salvage)  # checked as records; locs from the file's root


@dataclass
class ValidationResult:
    records: list[Parsed] = field(default_factory=list)
    # Parts of failed records that can still be checked (see `salvage`): their ids are registered,
    # their references resolved and their rules run, but they never reach a renderer.
    salvaged: list[Parsed] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    # Ids declared in records that failed, by kind: references to them are not reported as
    # dangling (the record's own error is), but they are offered as suggestions.
    broken_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Kinds some unreadable file may have declared: references to them cannot be checked.
    unknown_kinds: set[str] = field(default_factory=set)

    def is_broken(self, value: str) -> bool:
        return any(value in ids for ids in self.broken_ids.values())


def validate(files: list[SourceFile], unreadable: typing.Iterable[str] = ()) -> ValidationResult:
    """Typed records of `files`; `unreadable` are the kinds of files that could not be read."""
    result = ValidationResult()
    names = Names(files)
    for kind in unreadable:
        result.unknown_kinds.update(_kinds_of(file_kind(kind).model))
    for source in files:
        model = file_kind(source.kind).model
        items = list(enumerate(source.data)) if isinstance(source.data, list) else [(None, source.data)]
        for index, data in items:
            loc: Loc = () if index is None else (index,)
            result.diagnostics.extend(comma_warnings(model, data, source, loc))
            try:
                if loc in source.damaged:  # already reported by the loader; its values are partial
                    raise _Damaged
                record = model.model_validate(data)
            except (ValidationError, _Damaged) as error:
                if isinstance(error, ValidationError):
                    result.diagnostics.extend(_diagnostics(source, loc, model, data, error, names))
                for kind, declared in _declared_ids(model, data):
                    result.broken_ids[kind].add(declared)
                kept = salvage(model, data, loc)
                result.salvaged.extend(Parsed(record, source, here) for record, here in kept.records)
                result.broken.append(Broken(model, data, source, loc, kept))
                continue
            result.records.append(Parsed(record, source, loc))
            if index is None:
                result.diagnostics.extend(_check_file_name(source, record))
    return result


class _Damaged(Exception):
    """A record the loader could only read in part."""


def _kinds_of(model: type[BaseModel]) -> typing.Iterator[str]:
    kind = kind_of_model(model)
    if kind is not None:
        yield kind.name
    for info in model.model_fields.values():
        inner = inner_model(info.annotation)
        if inner is not None:
            yield from _kinds_of(inner)


def _check_file_name(source: SourceFile, record: Record) -> list[Diagnostic]:
    stem = source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if record.id == stem:
        return []
    line, column = source.locate(("id",))
    hint = f"请把文件改名为 {record.id}.yaml，或把 id 改为 {stem}"
    return [Diagnostic(source.path, line, column, Severity.ERROR, "id", f"id '{record.id}' 与文件名 '{stem}' 不一致", hint)]


def _declared_ids(model: type[BaseModel], data: object) -> typing.Iterator[tuple[str, str]]:
    """(kind, id) of the records in raw `data`; an id with a syntax error also as its corrected form,
    so that references already written that way are not reported a second time."""
    if not isinstance(data, dict):
        return
    value = data.get("id")
    kind = kind_of_model(model)
    if isinstance(value, str) and kind is not None:
        yield kind.name, value
        yield "", slug(value)  # kind unknown: suppresses references to it, is never suggested
    for key, inner in nested_models(model):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            yield from _declared_ids(inner, item)


def _diagnostics(
    source: SourceFile, prefix: Loc, model: type[BaseModel], data: object, error: ValidationError, names: Names
) -> list[Diagnostic]:
    found: dict[Loc, Diagnostic] = {}
    located = [(_data_loc(data, item["loc"], item["type"]), item) for item in error.errors()]
    located.sort(key=lambda pair: pair[1]["type"] in TYPE_EXPECTED)  # of a union's errors, the telling one first
    deeper = {loc[:depth] for loc, _ in located for depth in range(len(loc))}
    unknown = {loc for loc, item in located if item["type"] == "extra_forbidden"}
    for loc, item in located:
        at = item.get("ctx", {}).get("at")
        if at is not None:  # a record's own check, reported on the field it concerns
            loc += (at,)
        if loc in found:  # a union reports once per alternative: the first is enough
            continue
        if any((prefix + loc)[:depth] in source.holes for depth in range(len(prefix + loc) + 1)):
            continue  # a value the loader refused, and said why
        if loc in deeper and item["type"] in TYPE_EXPECTED:
            continue  # the alternative of a union that did not fit; another one reports inside
        if item["type"] == "missing" and _misspelled(model, loc, unknown):
            continue  # the unknown key that is this one misspelt says it all
        node = source.node_at(prefix + loc)
        explained = explain(item, Place(model, loc, node, source.path, names, source.node_at(prefix + loc[:-1])))
        if explained.node is not None:
            line, column = position(explained.node.start_mark, source.repair)
            column += _offset_in(explained.node, explained.offset, False, source, ())
        else:
            line, column = source.locate(prefix + loc, key=item["type"] == "extra_forbidden")
            column += _offset_in(node, explained.offset, item["type"] == "extra_forbidden", source, prefix + loc)
        path = format_loc(prefix + loc)
        found[loc] = Diagnostic(source.path, line, column, Severity.ERROR, path, explained.message, explained.hint)
    return list(found.values())


def _misspelled(model: type[BaseModel], loc: Loc, unknown: set[Loc]) -> bool:
    """Whether a missing field's mapping has an unknown key that is the field misspelt."""
    owner = model_at(model, loc[:-1])
    return owner is not None and any(
        other[:-1] == loc[:-1] and (closest_field(owner, str(other[-1])) == loc[-1] or str(other[-1]).startswith(f"{loc[-1]}："))
        for other in unknown
    )


def _offset_in(node: typing.Any, offset: int, key: bool, source: SourceFile, loc: Loc) -> int:
    """Columns from the start of the value (or key) to the slip, when it is on one line."""
    if key:
        parent = source.node_at(loc[:-1])
        node = next((k for k, _ in getattr(parent, "value", ()) if getattr(k, "value", None) == loc[-1]), None)
    if not offset or not isinstance(node, yaml.ScalarNode) or node.start_mark.line != node.end_mark.line:
        return 0
    return offset + (1 if node.style in ("'", '"') else 0)


def _data_loc(data: object, loc: tuple[int | str, ...], kind: str = "missing") -> Loc:
    """The part of pydantic's `loc` that names places in the data (drops union tags).

    A key absent from the mapping is kept only as the last step of a missing-field error: any
    other absent name is the tag of a union alternative (`StepAnchor`, `str`).
    """
    kept: list[int | str] = []
    node = data
    for index, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str):
            if step not in node:
                if kind == "missing" and index == len(loc) - 1:
                    kept.append(step)
                    break
                continue
            kept.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int):
            kept.append(step)
            node = node[step]
        else:
            break
    return tuple(kept)
