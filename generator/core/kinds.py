"""The one table of record kinds: model, Chinese name, file, page and numbering of each.

Loading, validation, resolution, the JSON Schema, `qinglian new`, the site's URLs and the JSON
export all look kinds up here; adding a kind of record means adding one row.
"""

from __future__ import annotations

from dataclasses import dataclass

from qinglian.core.model import (
    Aspect,
    BonusItem,
    Checklist,
    Dimension,
    Document,
    Handbook,
    Indicator,
    Item,
    Procedure,
    Record,
    Role,
    Source,
    Step,
    Task,
    Term,
    UnitStandard,
    VetoItem,
)


@dataclass(frozen=True)
class FileKind:
    """Where the records of a top-level kind are written under `standards/`."""

    name: str  # the file kind, also its folder and its JSON Schema's name: "units"
    pattern: str  # glob relative to standards/: "units/*.yaml" (one record) or "roles.yaml" (a list)
    title: str  # what the JSON Schema calls such a file: 清廉单元标准

    @property
    def many(self) -> bool:
        """True for a list file (one record per item), False for one record per file."""
        return "*" not in self.pattern

    @property
    def shape(self) -> type:
        """The YAML top-level value such a file must hold."""
        return list if self.many else dict


@dataclass(frozen=True)
class Kind:
    """A kind of record: what references name (`unit`), its model, its Chinese name and its places."""

    name: str
    model: type[Record]
    label: str  # in messages, the revision table and the schema: 单元标准
    file: FileKind | None = None  # top-level kinds only
    section: str | None = None  # the list of the JSON export holding them: "units"
    page_folder: str | None = None  # one site page per record: units/<id>.md
    page: str | None = None  # all records of the kind on one site page: glossary.md
    level: int | None = None  # display numbering of a nested kind: 1 一、, 2 （一）, 3 1.


KINDS: tuple[Kind, ...] = (
    Kind("role", Role, "角色", FileKind("roles", "roles.yaml", "角色"), "roles", page_folder="roles"),
    Kind("source", Source, "依据文件", FileKind("sources", "sources.yaml", "依据文件"), "sources", page="sources.md"),
    Kind("term", Term, "术语", FileKind("glossary", "glossary.yaml", "术语表"), "terms", page="glossary.md"),
    Kind("handbook", Handbook, "手册", FileKind("handbooks", "handbooks.yaml", "培训手册"), "handbooks", page_folder="handbooks"),
    Kind("unit", UnitStandard, "单元标准", FileKind("units", "units/*.yaml", "清廉单元标准"), "units", page_folder="units"),
    Kind("checklist", Checklist, "责任清单", FileKind("checklists", "checklists/*.yaml", "责任清单"), "checklists", page_folder="checklists"),
    Kind("procedure", Procedure, "联动程序", FileKind("procedures", "procedures/*.yaml", "联动程序"), "procedures", page_folder="procedures"),
    Kind("dimension", Dimension, "一级指标", level=1),
    Kind("indicator", Indicator, "指标", level=2),
    Kind("item", Item, "三级指标", level=3),
    Kind("veto", VetoItem, "负面清单事项", level=3),
    Kind("bonus", BonusItem, "加分项", level=3),
    Kind("aspect", Aspect, "责任方面", level=1),
    Kind("task", Task, "任务", level=3),
    Kind("document", Document, "文书"),
    Kind("step", Step, "环节", level=3),
)

_BY_NAME = {kind.name: kind for kind in KINDS}
_BY_MODEL = {kind.model: kind for kind in KINDS}
_BY_FILE = {kind.file.name: kind for kind in KINDS if kind.file is not None}

# The kinds written one file per record ("documents": units, checklists, procedures), in table order.
DOCUMENT_KINDS: tuple[str, ...] = tuple(k.name for k in KINDS if k.file is not None and not k.file.many)
FILE_KINDS: tuple[FileKind, ...] = tuple(k.file for k in KINDS if k.file is not None)


def kind(name: str) -> Kind:
    """The kind called `name` ("unit", "indicator", ...)."""
    return _BY_NAME[name]


def label(name: str) -> str:
    """The Chinese name of a kind: unit -> 单元标准."""
    return _BY_NAME[name].label


def kind_of_model(model: type) -> Kind | None:
    """The kind whose records `model` validates, or None for a value type (Frequency, Branch, ...)."""
    return _BY_MODEL.get(model)


def kind_of_record(record: Record) -> str:
    """The kind name of a validated record."""
    return _BY_MODEL[type(record)].name


def file_kind(name: str) -> Kind:
    """The top-level kind stored in files of the file kind `name` ("units" -> unit)."""
    return _BY_FILE[name]
