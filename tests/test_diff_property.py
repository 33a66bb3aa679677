"""The diff is empty exactly when two editions are equal: random edits of the mini corpus.

Each edition is the mini corpus after a random list of edits (change any field of any record,
drop, add, reorder, move or rename records); the edits are generic over the model, so new fields
are exercised without changes here. Values need not be valid: the diff compares, it does not check.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from qinglian.core.corpus import Corpus
from qinglian.core.kinds import DOCUMENT_KINDS, kind_of_record
from qinglian.core.model import Record
from qinglian.core.numbering import record_fields, walk
from qinglian.core.pipeline import read_corpus
from qinglian.core.resolve import _walk_entries
from qinglian.revisions.diff import compare

from .conftest import FIXTURES

# The small v1 corpus and the v2 one (numbers, items, deductions, anchored time limits, ...).
BASES = {
    name: [entry.record for entry in read_corpus(FIXTURES / name).entries.values() if entry.parent is None]
    for name in ("mini", "v2")
}
EDITS = ("field", "field", "field", "drop", "add", "reorder", "move", "rename", "nothing")


def corpus_of(tops: list[Record]) -> Corpus:
    corpus = Corpus()
    for top in tops:
        for entry in _walk_entries(None, top, (), None):  # type: ignore[arg-type]
            corpus.entries.setdefault(entry.id, entry)
    return corpus


def edition(tops: list[Record]) -> dict[str, Any]:
    """What makes two editions equal: list files in order, documents by id (files are sorted)."""
    found: dict[str, Any] = {}
    for top in tops:
        kind = kind_of_record(top)
        if kind in DOCUMENT_KINDS:
            found.setdefault(kind, {})[top.id] = top
        else:
            found.setdefault(kind, []).append(top)
    return found


def records(tops: list[Record]) -> list[Record]:
    return [record for top in tops for record, *_ in walk(top)]


def rebuild(tops: list[Record], change: Any) -> list[Record]:
    """The tops with `change(list_of_sibling_records) -> new list` applied to every record list."""
    return [_rebuild(record, change) for record in change(list(tops))]


def _rebuild(record: Record, change: Any) -> Record:
    update = {}
    for name in record_fields(type(record)):
        update[name] = [_rebuild(child, change) for child in change(list(getattr(record, name)))]
    return record.model_copy(update=update) if update else record


def has(siblings: list[Record], record: Record) -> bool:
    return any(sibling is record for sibling in siblings)


def replace_record(tops: list[Record], target: str, new: Record | None) -> list[Record]:
    def change(siblings: list[Record]) -> list[Record]:
        return [new if record.id == target else record for record in siblings if record.id != target or new]

    return rebuild(tops, change)


def new_value(data: st.DataObject, record: Record, name: str, pool: list[Record]) -> object:
    value = getattr(record, name)
    others = [getattr(other, name) for other in pool if type(other) is type(record)]
    choices: list[object] = [None, "old-id", *others]
    if isinstance(value, bool):
        choices.append(not value)
    elif isinstance(value, (int, Decimal)):
        choices.append(value + 1)
    elif isinstance(value, str):
        choices += [value + "改", value[1:]]
    elif isinstance(value, list) and value:
        choices += [value[::-1], value[:-1], value + value[:1]]
    elif isinstance(value, BaseModel):
        field = data.draw(st.sampled_from(list(type(value).model_fields)))
        inner = getattr(value, field)
        # only changes that the value's own wording (describe) can still put in words
        if isinstance(inner, (int, Decimal)) and not isinstance(inner, bool):
            choices.append(value.model_copy(update={field: inner + 1}))
        elif isinstance(inner, str) and field not in ("per", "unit"):
            choices.append(value.model_copy(update={field: inner + "改"}))
    return data.draw(st.sampled_from(choices))


def edit(tops: list[Record], data: st.DataObject, fresh: list[int]) -> list[Record]:
    pool = records(tops)
    what = data.draw(st.sampled_from(EDITS))
    record = data.draw(st.sampled_from(pool))
    if what == "field":
        names = [name for name in type(record).model_fields if name != "id" and name not in record_fields(type(record))]
        name = data.draw(st.sampled_from(names))
        return replace_record(tops, record.id, record.model_copy(update={name: new_value(data, record, name, pool)}))
    if what == "drop":
        return replace_record(tops, record.id, None)
    if what == "rename":
        fresh[0] += 1
        replaces = data.draw(st.sampled_from([record.id, None, record.replaces]))
        return replace_record(tops, record.id, record.model_copy(update={"id": f"{record.id}-r{fresh[0]}", "replaces": replaces}))
    leaf = not any(getattr(record, name) for name in record_fields(type(record)))
    if what == "add" and leaf:
        fresh[0] += 1
        copy = record.model_copy(update={"id": f"new-{fresh[0]}", "replaces": None})
        return rebuild(tops, lambda siblings: siblings + [copy] if has(siblings, record) else siblings)
    if what == "reorder":
        return rebuild(tops, lambda siblings: siblings[::-1] if has(siblings, record) else siblings)
    if what == "move" and leaf:
        # into the first other list that holds records of its type, at the front
        dropped = replace_record(tops, record.id, None)
        moved = [False]

        def insert(siblings: list[Record]) -> list[Record]:
            if not moved[0] and siblings and type(siblings[0]) is type(record):
                moved[0] = True
                return [record, *siblings]
            return siblings

        return rebuild(dropped, insert)
    return tops


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_diff_is_empty_exactly_when_the_editions_are_equal(data: st.DataObject) -> None:
    fresh = [0]
    sides = []
    base = BASES[data.draw(st.sampled_from(sorted(BASES)))]
    for _ in range(2):
        tops = list(base)
        for _ in range(data.draw(st.integers(0, 3))):
            tops = edit(tops, data, fresh)
        sides.append(tops)
    old, new = sides
    diff = compare(corpus_of(old), corpus_of(new), "旧", "新")
    changes = list(diff.changes())
    event("equal" if edition(old) == edition(new) else "different")
    assert (changes == []) == (edition(old) == edition(new)), changes
