"""Edition diffs: two resolved corpora -> what changed, record by record, keyed on stable ids.

Every record of every kind is compared: unit standards, checklists and procedures with all their
nested records, and the roles, terms, sources and handbooks of the list files. Records are matched
by id, or through `replaces:` when an id had to change (a rename). Each change is added, removed,
or any of renamed, moved and changed, with display numbers in both editions. A record whose number
changed only because a sibling was inserted or removed is not a change: references go by id.

The diff is empty exactly when the two editions hold equal records in the same order (units,
checklists and procedures are ordered by file name, so their order is not compared). No I/O here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from qinglian.core.corpus import Corpus
from qinglian.core.kinds import DOCUMENT_KINDS
from qinglian.core.kinds import label as kind_label
from qinglian.revisions.fields import FieldChange, Sides, field_changes
from qinglian.revisions.items import GROUP_KINDS, LIST_FILES, Group, Item, items

__all__ = ["Diff", "DocumentDiff", "FieldChange", "RecordChange", "compare"]

STATUSES = ("added", "removed", "renamed", "moved", "changed")


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
    text_field: str = ""  # the field of the record's main text: requirement, text, definition, ...
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
    """The changes of one unit standard, checklist or procedure (`record` is the document itself),
    or of one list file: all roles, terms, sources or handbooks (`id` names the file, no record).

    A document added or removed as a whole lists no changes inside it.
    """

    kind: str
    id: str
    title: str
    record: RecordChange | None
    changes: tuple[RecordChange, ...]

    @property
    def is_list(self) -> bool:
        return self.kind in LIST_FILES


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


def compare(old: Corpus, new: Corpus, old_label: str, new_label: str) -> Diff:
    """Everything that changed from `old` to `new`."""
    olds, news = items(old), items(new)
    pairs = _pairs(olds, news)
    kept = {old_id: new_id for new_id, old_id in pairs.items()}
    sides = Sides(old, new, {old_id: new_id for old_id, new_id in kept.items() if old_id != new_id})
    moved = _moved(olds, news, pairs, kept)
    changes: dict[Group, list[RecordChange]] = {}
    for new_id, item in news.items():
        change = _change(olds.get(pairs.get(new_id, "")), item, sides, new_id in moved)
        if change is not None:
            changes.setdefault(item.group, []).append(change)
    for old_id, item in olds.items():
        if old_id not in kept:
            removed = _change(item, None, sides, False)
            assert removed is not None
            kind, name = item.group
            changes.setdefault((kind, kept.get(name, name) if kind in DOCUMENT_KINDS else name), []).append(removed)
    return Diff(old_label, new_label, tuple(_documents(olds, news, kept, changes)))


def _documents(
    olds: dict[str, Item], news: dict[str, Item], kept: dict[str, str], changes: dict[Group, list[RecordChange]]
) -> Iterator[DocumentDiff]:
    """Documents in kind order, present ones in corpus order, then the removed ones; then lists."""
    tops = [item for item in news.values() if item.parent is None and item.kind in DOCUMENT_KINDS]
    tops += [item for old_id, item in olds.items() if item.parent is None and item.kind in DOCUMENT_KINDS and old_id not in kept]
    for kind in GROUP_KINDS:
        if kind in LIST_FILES:
            found = changes.get((kind, LIST_FILES[kind]), [])
            if found:
                yield DocumentDiff(kind, LIST_FILES[kind], kind_label(kind), None, tuple(found))
            continue
        for top in (item for item in tops if item.kind == kind):
            found = changes.get((kind, top.record.id), [])
            own = next((change for change in found if change.id == top.record.id), None)
            whole = own is not None and own.status in (("added",), ("removed",))
            rest = () if whole else tuple(change for change in found if change is not own)
            if own is not None or rest:
                yield DocumentDiff(kind, top.record.id, top.title, own, rest)


def _pairs(olds: dict[str, Item], news: dict[str, Item]) -> dict[str, str]:
    """New id -> old id for every record present in both editions (same id, or via `replaces`)."""
    pairs = {}
    for new_id, item in news.items():
        old_id = new_id if new_id in olds else item.record.replaces
        if old_id in olds and olds[old_id].kind == item.kind and (old_id == new_id or old_id not in news):
            pairs[new_id] = old_id
    return pairs


def _moved(olds: dict[str, Item], news: dict[str, Item], pairs: dict[str, str], kept: dict[str, str]) -> set[str]:
    """New ids of records with another parent, or out of order among the siblings kept in place."""
    moved = set()
    siblings: dict[str, list[str]] = {}
    for new_id, old_id in pairs.items():
        old_parent, new_item = olds[old_id].parent, news[new_id]
        if (kept.get(old_parent, old_parent) if old_parent else None) != new_item.parent:
            moved.add(new_id)
        elif new_item.siblings is not None:
            siblings.setdefault(new_item.siblings, []).append(new_id)
    for ids in siblings.values():
        new_order = sorted(ids, key=lambda new_id: news[new_id].index)
        old_order = sorted(ids, key=lambda new_id: olds[pairs[new_id]].index)
        matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
        in_place = {new_order[block.b + k] for block in matcher.get_matching_blocks() for k in range(block.size)}
        moved.update(new_id for new_id in ids if new_id not in in_place)
    return moved


def _change(old: Item | None, new: Item | None, sides: Sides, moved: bool) -> RecordChange | None:
    """The change of one record, or None when it is the same in both editions and in place."""
    fields = field_changes(old.record, new.record, sides) if old and new else ()
    if old and new and not fields and not moved and old.record.id == new.record.id:
        return None  # the common case, decided before any title or text is looked up
    some = new or old
    assert some is not None
    return RecordChange(
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
        fields=fields,
    )
