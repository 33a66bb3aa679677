"""Field by field comparison of one record in two editions, generic over the model.

Every field of the record's model is compared except `id` (records are matched by id), fields that
hold records (those are compared as records of their own) and `replaces` when it explains a
rename. Nested values without a wording of their own (计分规则, 判断) are compared field by
field, so that a level's minimum shows as 计分规则·等次, not as the whole scoring block.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel
from qinglian.core.corpus import Corpus
from qinglian.core.fields import Record
from qinglian.core.numbering import record_fields
from qinglian.core.resolve import ref_of
from qinglian.revisions.values import NONE, Segments, choice_labels, field_label, show, text_segments, worded


@dataclass(frozen=True)
class FieldChange:
    """One changed field: its path (`scoring.levels`), Chinese label (计分规则·等次), both values
    as readers see them and the character diff between those. `prose` marks free text."""

    field: str
    label: str
    old: str
    new: str
    segments: Segments
    prose: bool = False


@dataclass(frozen=True)
class Sides:
    """Both editions, and old id -> new id of every record that changed its id."""

    old: Corpus
    new: Corpus
    renamed: dict[str, str]


def field_changes(old: Record, new: Record, sides: Sides) -> tuple[FieldChange, ...]:
    """Changed fields in model order. A reference that names a renamed record by its new id is
    not a change; neither is `replaces` naming the id the record had in the old edition."""
    skip = {"id", *record_fields(type(new))} | ({"replaces"} if old.id != new.id else set())
    return tuple(_compare(old, new, sides, skip, "", ""))


def _compare(old: BaseModel, new: BaseModel, sides: Sides, skip: set[str], path: str, label: str) -> list[FieldChange]:
    model = type(new)
    found: list[FieldChange] = []
    for name in model.model_fields:
        if name in skip:
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if _renamed(model, name, before, sides.renamed) == after:
            continue
        here, named = path + name, label + field_label(model, name)
        if _nested(before, after):
            found += _compare(before, after, sides, set(), here + ".", named + "·")
            continue
        old_shown, new_shown = show(model, name, before, sides.old), show(model, name, after, sides.new)
        prose = ref_of(model, name) is None and not choice_labels(model, name) and isinstance(before or after, str)
        found.append(FieldChange(here, named, old_shown, new_shown, _segments(old_shown, new_shown), prose))
    return found


def _segments(old: str, new: str) -> Segments:
    """The character diff of two shown values; a value set or cleared is replaced whole."""
    if NONE in (old, new):
        return tuple((op, text) for op, text in (("delete", old), ("insert", new)) if text != NONE)
    return text_segments(old, new)


def _nested(before: object, after: object) -> bool:
    """Both sides a value of the same type that is best compared field by field."""
    if not isinstance(before, BaseModel) or type(before) is not type(after) or isinstance(before, Record):
        return False
    return not worded(before)


def _renamed(model: type[BaseModel], name: str, value: object, renamed: dict[str, str]) -> object:
    """The value with every reference to a renamed record changed to the record's new id."""
    if not renamed:
        return value
    if isinstance(value, list):
        return [_renamed(model, name, item, renamed) for item in value]
    if isinstance(value, str):
        return renamed.get(value, value) if ref_of(model, name) is not None else value
    if isinstance(value, BaseModel) and not isinstance(value, Record):
        inner = type(value)
        return value.model_copy(update={n: _renamed(inner, n, getattr(value, n), renamed) for n in inner.model_fields})
    return value
