"""The records of an edition as the diff sees them: every record of every kind, with its place.

A record's place is its group (a unit standard, checklist or procedure, or the file of a list of
roles, terms, sources or handbooks), its parent, its position among its siblings and its display
number. Records are found by walking the model's fields, so new kinds of nested records are
covered without code here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from qinglian.core.corpus import Corpus
from qinglian.core.labels import level1, level2, level3
from qinglian.core.model import RECORD_KINDS, Record, annotation_parts

DOCUMENT_KINDS = ("unit", "checklist", "procedure")
# Kinds kept as one list per file, and the file's name (without .yaml): one group each.
LIST_FILES = {"role": "roles", "term": "glossary", "source": "sources", "handbook": "handbooks"}
GROUP_KINDS = DOCUMENT_KINDS + tuple(LIST_FILES)
# The field holding a record's short name and the one holding its main text: the first of these
# that its model has.
TITLE_FIELDS = ("title", "name", "term")
MAIN_TEXT_FIELDS = ("requirement", "text", "what", "action", "definition", "description", "summary", "note")
# How each kind of record is numbered: 一、 / （一） / 1.; kinds not listed have no number.
_NUMBERING = {"dimension": level1, "aspect": level1, "indicator": level2, "task": level2,
              "step": level3, "veto": level3, "bonus": level3}

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
    for kind in GROUP_KINDS:
        for position, top in enumerate(_tops(corpus, kind)):
            if kind in LIST_FILES:
                found[top.id] = Item(kind, top, (kind, LIST_FILES[kind]), None, LIST_FILES[kind], position, "")
                continue
            numbers: dict[str, str] = {}
            for record, parent, field, index in walk(top):
                item_kind = RECORD_KINDS[type(record)]
                number = _number(numbers, item_kind, parent, index)
                numbers[record.id] = number
                siblings = f"{parent}.{field}" if parent else None
                found[record.id] = Item(item_kind, record, (kind, top.id), parent, siblings, index, number)
    return found


def _tops(corpus: Corpus, kind: str) -> list[Record]:
    return [entry.record for entry in corpus.entries.values() if entry.kind == kind and entry.parent is None]


def display_numbers(top: Record) -> dict[str, str]:
    """Id -> full display number of every numbered record of a document, e.g. 二、（三）."""
    numbers: dict[str, str] = {}
    for record, parent, _, index in walk(top):
        numbers[record.id] = _number(numbers, RECORD_KINDS[type(record)], parent, index)
    return {record_id: number for record_id, number in numbers.items() if number}


def _number(numbers: dict[str, str], kind: str, parent: str | None, index: int) -> str:
    """The full number of a record from its parent's: 二、 + （三）; "" for kinds not numbered."""
    style = _NUMBERING.get(kind)
    return numbers.get(parent or "", "") + style(index) if style is not None else ""


def walk(
    record: Record, parent: str | None = None, field: str = "", index: int = 0
) -> Iterator[tuple[Record, str | None, str, int]]:
    """The record and every record nested in it, depth first, with parent id, the parent's field
    that holds it and its index there."""
    yield record, parent, field, index
    for name in record_fields(type(record)):
        for position, child in enumerate(getattr(record, name)):
            yield from walk(child, record.id, name, position)


@functools.cache
def record_fields(model: type[Record]) -> tuple[str, ...]:
    """The fields of a model that hold lists of records (compared as records of their own)."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if any(isinstance(part, type) and issubclass(part, Record) for part in annotation_parts(info.annotation))
    )
