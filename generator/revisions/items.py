"""The records of an edition as the diff sees them: every record of every kind, with its place.

A record's place is its group (a unit standard, checklist or procedure, or the file of a list of
roles, terms, sources or handbooks), its parent, its position among its siblings and its display
number. Records are found by walking the model's fields, so new kinds of nested records are
covered without code here.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinglian.core.corpus import Corpus
from qinglian.core.fields import Record
from qinglian.core.kinds import DOCUMENT_KINDS, kind, kind_of_record
from qinglian.core.numbering import full_numbers, walk

# Kinds kept as one list per file, in the order the diff shows them, and the file's name (without
# .yaml): one group each.
LIST_FILES = {name: kind(name).file.name for name in ("role", "term", "source", "handbook")}  # type: ignore[union-attr]
GROUP_KINDS = DOCUMENT_KINDS + tuple(LIST_FILES)
# The field holding a record's short name and the one holding its main text: the first of these
# that its model has.
TITLE_FIELDS = ("title", "name", "term")
MAIN_TEXT_FIELDS = ("requirement", "text", "what", "action", "definition", "description", "summary", "note")

Group = tuple[str, str]  # (kind of the group, id of the document or name of the list file)


@dataclass(frozen=True)
class Item:
    """A record with its place in the edition.

    `siblings` names the records it is ordered among: its parent's id, the list file of a
    top-level list record, or None for a unit, checklist or procedure (ordered by file name,
    which is not an editor's choice).
    """

    kind: str
    record: Record
    group: Group
    parent: str | None
    siblings: str | None
    index: int
    number: str

    @property
    def title(self) -> str:
        return _first_text(self.record, TITLE_FIELDS)[1]

    @property
    def text_field(self) -> str:
        return _first_text(self.record, MAIN_TEXT_FIELDS)[0]

    @property
    def text(self) -> str:
        return _first_text(self.record, MAIN_TEXT_FIELDS)[1]


def _first_text(record: Record, names: tuple[str, ...]) -> tuple[str, str]:
    fields = type(record).model_fields
    name = next((name for name in names if name in fields), "")
    value = getattr(record, name, None) if name else None
    return name, "" if value is None else str(value)


def items(corpus: Corpus) -> dict[str, Item]:
    """Every record of the edition by id, group by group, each in document order."""
    found: dict[str, Item] = {}
    for group in GROUP_KINDS:
        for position, top in enumerate(_tops(corpus, group)):
            if group in LIST_FILES:
                found[top.id] = Item(group, top, (group, LIST_FILES[group]), None, LIST_FILES[group], position, "")
                continue
            numbers = full_numbers(top)
            for record, parent, field, index in walk(top):
                siblings = f"{parent}.{field}" if parent else None
                number = numbers.get(record.id, "")
                found[record.id] = Item(kind_of_record(record), record, (group, top.id), parent, siblings, index, number)
    return found


def _tops(corpus: Corpus, group: str) -> list[Record]:
    return [entry.record for entry in corpus.entries.values() if entry.kind == group and entry.parent is None]
