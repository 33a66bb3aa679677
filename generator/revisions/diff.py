"""Edition diffs: two resolved corpora -> what changed, record by record, keyed on stable ids.

Records are matched by id, or through `replaces:` when an id had to change (a rename). For each
unit standard, checklist and procedure the diff lists added, removed, renamed, moved and changed
records with their display numbers in both editions. A record whose number changed only because
a sibling was inserted or removed is not a change: references go by id. No I/O here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from qinglian.core.corpus import Corpus
from qinglian.core.labels import level1, level2, level3
from qinglian.core.model import RECORD_KINDS, Record
from qinglian.core.resolve import _ref_of
from qinglian.revisions.values import Segments, show, text_segments

DOCUMENT_KINDS = ("unit", "checklist", "procedure")
STATUSES = ("added", "removed", "renamed", "moved", "changed")
# The field that holds a record's main text: the first of these that its model has.
MAIN_TEXT_FIELDS = ("requirement", "text", "what", "action", "summary", "note")
# How each kind of record is numbered: 一、 / （一） / 1.; kinds not listed have no number.
_NUMBERING = {"dimension": level1, "aspect": level1, "indicator": level2, "task": level2,
              "step": level3, "veto": level3, "bonus": level3}


@dataclass(frozen=True)
class FieldChange:
    """One field of a record, shown in both editions; `segments` is the character diff of texts."""

    field: str
    label: str
    old: str
    new: str
    segments: Segments | None = None


@dataclass(frozen=True)
class RecordChange:
    """A record that differs; `old_id` is None when added, `new_id` None when removed."""

    kind: str
    old_id: str | None
    new_id: str | None
    old_number: str
    new_number: str
    old_title: str
    new_title: str
    text_field: str = ""  # the field of the record's main text: requirement, text, what, ...
    old_text: str = ""
    new_text: str = ""
    moved: bool = False
    fields: tuple[FieldChange, ...] = ()

    @property
    def id(self) -> str:
        return self.new_id or self.old_id or ""

    @property
    def status(self) -> tuple[str, ...]:
        """("added",) or ("removed",), else any of renamed, moved, changed in that order."""
        if self.old_id is None:
            return ("added",)
        if self.new_id is None:
            return ("removed",)
        found: tuple[str, ...] = ("renamed",) if self.old_id != self.new_id else ()
        found += ("moved",) if self.moved else ()
        return found + (("changed",) if self.fields else ())


@dataclass(frozen=True)
class DocumentDiff:
    """The changes of one unit standard, checklist or procedure; `record` is the document itself.

    A document added or removed as a whole lists no changes inside it.
    """

    kind: str
    id: str
    title: str
    record: RecordChange | None
    changes: tuple[RecordChange, ...]


@dataclass(frozen=True)
class Diff:
    old_label: str
    new_label: str
    documents: tuple[DocumentDiff, ...]

    def changes(self) -> Iterator[RecordChange]:
        for document in self.documents:
            if document.record is not None:
                yield document.record
            yield from document.changes

    def changed_ids(self) -> frozenset[str]:
        """Ids (in the new edition) of every added, renamed, moved or changed record."""
        return frozenset(change.new_id for change in self.changes() if change.new_id)

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(STATUSES, 0)
        for change in self.changes():
            for status in change.status:
                totals[status] += 1
        return totals


_Context = tuple[Corpus, Corpus, dict[str, str]]  # old corpus, new corpus, old id -> new id


@dataclass(frozen=True)
class _Item:
    """A record of a document with its place: parent id, position among siblings, number."""

    kind: str
    record: Record
    top: str
    parent: str | None
    index: int
    number: str

    @property
    def title(self) -> str:
        return str(getattr(self.record, "title", "") or "")

    @property
    def text_field(self) -> str:
        return next((name for name in MAIN_TEXT_FIELDS if name in type(self.record).model_fields), "")

    @property
    def text(self) -> str:
        return str(getattr(self.record, self.text_field) or "") if self.text_field else ""


def display_numbers(top: Record) -> dict[str, str]:
    """Id -> full display number of every numbered record of a document, e.g. 二、（三）."""
    numbers: dict[str, str] = {}
    for record, parent, index in _walk(top, None, 0):
        style = _NUMBERING.get(RECORD_KINDS[type(record)])
        if style is not None:
            numbers[record.id] = numbers.get(parent or "", "") + style(index)
    return numbers


def compare(old: Corpus, new: Corpus, old_label: str, new_label: str) -> Diff:
    """Everything that changed from `old` to `new` in units, checklists and procedures."""
    olds, news = _items(old), _items(new)
    pairs = _pairs(olds, news)
    renamed = {old_id: new_id for new_id, old_id in pairs.items()}
    moved = _moved(olds, news, pairs, renamed)
    changes: dict[str, list[RecordChange]] = {}
    for new_id, item in news.items():
        change = _change(olds.get(pairs.get(new_id, "")), item, (old, new, renamed), new_id in moved)
        if change is not None:
            changes.setdefault(item.top, []).append(change)
    for old_id, item in olds.items():
        if old_id not in renamed:
            removed = _change(item, None, (old, new, renamed), False)
            changes.setdefault(renamed.get(item.top, item.top), []).append(removed)  # type: ignore[arg-type]
    return Diff(old_label, new_label, tuple(_documents(olds, news, renamed, changes)))


def _documents(
    olds: dict[str, _Item], news: dict[str, _Item], renamed: dict[str, str], changes: dict[str, list[RecordChange]]
) -> Iterator[DocumentDiff]:
    """Documents in kind order, present ones in corpus order, then the removed ones."""
    tops = [item for item in news.values() if item.parent is None]
    tops += [item for old_id, item in olds.items() if item.parent is None and old_id not in renamed]
    for kind in DOCUMENT_KINDS:
        for top in (item for item in tops if item.kind == kind):
            found = changes.get(top.record.id, [])
            own = next((change for change in found if change.id == top.record.id), None)
            whole = own is not None and own.status in (("added",), ("removed",))
            rest = () if whole else tuple(change for change in found if change is not own)
            if own is not None or rest:
                yield DocumentDiff(kind, top.record.id, top.title, own, rest)


def _items(corpus: Corpus) -> dict[str, _Item]:
    """Every record of the units, checklists and procedures, in document order."""
    items: dict[str, _Item] = {}
    for kind in DOCUMENT_KINDS:
        for top in corpus.records(kind):
            numbers = display_numbers(top)
            for record, parent, index in _walk(top, None, 0):
                record_kind = RECORD_KINDS[type(record)]
                items[record.id] = _Item(record_kind, record, top.id, parent, index, numbers.get(record.id, ""))
    return items


def _walk(record: Record, parent: str | None, index: int) -> Iterator[tuple[Record, str | None, int]]:
    """The record and every record nested in it, depth first, with parent id and sibling index."""
    yield record, parent, index
    for name in type(record).model_fields:
        children = [child for child in _as_list(getattr(record, name)) if isinstance(child, Record)]
        for position, child in enumerate(children):
            yield from _walk(child, record.id, position)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _pairs(olds: dict[str, _Item], news: dict[str, _Item]) -> dict[str, str]:
    """New id -> old id for every record present in both editions (same id, or via `replaces`)."""
    pairs = {}
    for new_id, item in news.items():
        old_id = new_id if new_id in olds else item.record.replaces
        if old_id in olds and olds[old_id].kind == item.kind and (old_id == new_id or old_id not in news):
            pairs[new_id] = old_id
    return pairs


def _moved(olds: dict[str, _Item], news: dict[str, _Item], pairs: dict[str, str], renamed: dict[str, str]) -> set[str]:
    """New ids of records with another parent, or out of order among the siblings kept in place."""
    moved = set()
    siblings: dict[str | None, list[str]] = {}
    for new_id, old_id in pairs.items():
        old_parent = olds[old_id].parent
        if (renamed.get(old_parent, old_parent) if old_parent else None) != news[new_id].parent:
            moved.add(new_id)
        elif news[new_id].parent is not None:
            siblings.setdefault(news[new_id].parent, []).append(new_id)
    for kept in siblings.values():
        new_order = sorted(kept, key=lambda new_id: news[new_id].index)
        old_order = sorted(kept, key=lambda new_id: olds[pairs[new_id]].index)
        matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
        in_place = {new_order[block.b + k] for block in matcher.get_matching_blocks() for k in range(block.size)}
        moved.update(new_id for new_id in kept if new_id not in in_place)
    return moved


def _change(old: _Item | None, new: _Item | None, context: _Context, moved: bool) -> RecordChange | None:
    """The change of one record, or None when it is the same in both editions and in place."""
    some = new or old
    assert some is not None
    change = RecordChange(
        kind=some.kind,
        old_id=old.record.id if old else None,
        new_id=new.record.id if new else None,
        old_number=old.number if old else "",
        new_number=new.number if new else "",
        old_title=old.title if old else "",
        new_title=new.title if new else "",
        text_field=some.text_field,
        old_text=old.text if old else "",
        new_text=new.text if new else "",
        moved=moved,
        fields=_fields(old.record, new.record, context) if old and new else (),
    )
    return change if change.status else None


def _fields(old: Record, new: Record, context: _Context) -> tuple[FieldChange, ...]:
    """Changed fields in model order; nested records are compared as records of their own.

    A reference to a renamed record that now names its new id is not a change.
    """
    old_corpus, new_corpus, renamed = context
    found = []
    for name, info in type(new).model_fields.items():
        before, after = getattr(old, name), getattr(new, name)
        ref = _ref_of(type(new), name) is not None
        if name in ("id", "replaces") or _has_records(before) or _has_records(after):
            continue
        if (_renamed(before, renamed) if ref else before) == after:
            continue
        segments = text_segments(before, after) if isinstance(before, str) and isinstance(after, str) else None
        old_shown, new_shown = show(name, before, old_corpus, ref), show(name, after, new_corpus, ref)
        found.append(FieldChange(name, field_label(info.description or name), old_shown, new_shown, segments))
    return tuple(found)


def _renamed(value: object, renamed: dict[str, str]) -> object:
    if isinstance(value, list):
        return [renamed.get(item, item) for item in value]
    return renamed.get(value, value) if isinstance(value, str) else value


def _has_records(value: object) -> bool:
    return any(isinstance(child, Record) for child in _as_list(value))


def field_label(description: str) -> str:
    """A field's Chinese name: its model description up to the first explanation."""
    return re.split(r"[：，（(\s]", description, maxsplit=1)[0]
