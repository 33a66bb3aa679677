"""The resolved corpus: every record by id, its place in the tree and who refers to it.

Renderers take a `Corpus` and nothing else. It is built by `resolve` only when the content is
valid, so every reference in it points at an existing record of the right kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeVar, cast

from qinglian.core.fields import Record
from qinglian.core.load import Loc, SourceFile
from qinglian.core.model import Checklist, Handbook, Procedure, Role, Source, Term, UnitStandard
from qinglian.core.numbering import number_of

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Entry:
    """A record with an id, where it sits in the tree and in which file."""

    kind: str
    record: Record
    parent: Entry | None
    source: SourceFile
    loc: Loc

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def top(self) -> Entry:
        """The unit, checklist, procedure or list item this record belongs to."""
        entry = self
        while entry.parent is not None:
            entry = entry.parent
        return entry

    def position(self) -> tuple[int, int]:
        return self.source.locate(self.loc + ("id",))


@dataclass(frozen=True)
class Reference:
    """`referrer` names `target` in its field `field` (e.g. an indicator's `responsible`)."""

    referrer: Entry
    field: str
    target: str


@dataclass
class Corpus:
    entries: dict[str, Entry] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    _referrers: dict[str, list[Reference]] = field(default_factory=lambda: defaultdict(list))
    _by_kind: dict[str, list[Record]] | None = None

    def add_reference(self, reference: Reference) -> None:
        self.references.append(reference)
        self._referrers[reference.target].append(reference)

    def records(self, kind: str) -> list[Record]:
        """The records of one kind in corpus order (indexed on first use, after resolution)."""
        if self._by_kind is None:
            self._by_kind = defaultdict(list)
            for entry in self.entries.values():
                self._by_kind[entry.kind].append(entry.record)
        return list(self._by_kind.get(kind, ()))

    @property
    def roles(self) -> list[Role]:
        return cast("list[Role]", self.records("role"))

    @property
    def sources(self) -> list[Source]:
        return cast("list[Source]", self.records("source"))

    @property
    def terms(self) -> list[Term]:
        return cast("list[Term]", self.records("term"))

    @property
    def units(self) -> list[UnitStandard]:
        return cast("list[UnitStandard]", self.records("unit"))

    @property
    def checklists(self) -> list[Checklist]:
        return cast("list[Checklist]", self.records("checklist"))

    @property
    def procedures(self) -> list[Procedure]:
        return cast("list[Procedure]", self.records("procedure"))

    @property
    def handbooks(self) -> list[Handbook]:
        return cast("list[Handbook]", self.records("handbook"))

    def typed(self, record_id: str, cls: type[R]) -> R:
        """The record with that id, known (the corpus is resolved) to be a `cls`."""
        record = self.entries[record_id].record
        assert isinstance(record, cls), f"{record_id} is not a {cls.__name__}"
        return record

    def role(self, role_id: str) -> Role:
        return self.typed(role_id, Role)

    def get(self, record_id: str) -> Record:
        return self.entries[record_id].record

    def title(self, record_id: str) -> str:
        """The short display text of any record: its label, title, name, term, task `what` or item text."""
        record = self.get(record_id)
        for name in ("label", "title", "name", "term", "what", "text"):
            value = getattr(record, name, None)
            if value:
                return str(value)
        return record_id

    def role_names(self, role_ids: list[str], sep: str = "、") -> str:
        return sep.join(self.role(role_id).name for role_id in role_ids)

    def number(self, record_id: str) -> str | None:
        """The record's display number (一、/（一）/1. or its own `number`); None when not numbered."""
        entry = self.entries[record_id]
        if entry.parent is None:
            return None
        index = entry.loc[-1]
        return number_of(entry.record, index if isinstance(index, int) else 0)

    def kind_of(self, record_id: str) -> str:
        return self.entries[record_id].kind

    def parent(self, record_id: str) -> Record | None:
        parent = self.entries[record_id].parent
        return parent.record if parent else None

    def top(self, record_id: str) -> Record:
        return self.entries[record_id].top.record

    def referrers(self, target: str, *fields: str, kind: str | None = None) -> list[Entry]:
        """Entries that name `target` in one of `fields` (any field if none), in corpus order."""
        found: dict[str, Entry] = {}
        for reference in self._referrers.get(target, ()):
            if fields and reference.field not in fields:
                continue
            if kind and reference.referrer.kind != kind:
                continue
            found.setdefault(reference.referrer.id, reference.referrer)
        return list(found.values())

    def tasks_of(self, indicator_id: str) -> list[str]:
        """Checklist tasks linked to an indicator, from either side of the link."""
        indicator = self.get(indicator_id)
        linked = list(getattr(indicator, "tasks", []))
        linked += [entry.id for entry in self.referrers(indicator_id, "indicators", kind="task")]
        return list(dict.fromkeys(linked))

    def indicators_of(self, task_id: str) -> list[str]:
        task = self.get(task_id)
        linked = list(getattr(task, "indicators", []))
        linked += [entry.id for entry in self.referrers(task_id, "tasks", kind="indicator")]
        return list(dict.fromkeys(linked))
