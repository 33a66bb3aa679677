"""Names -> ids: which record an editor meant when they wrote its name where its id belongs.

`responsible: [公园管理处党支部]` names a role by its name; the hint should give the role's id
(`park-party-org`), never an invented pinyin one. The index is read from the raw data of every
file, valid or not, so that it also helps while other records are broken.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pydantic import BaseModel
from qinglian.core.fields import ID_PATTERN, Record, nested_models
from qinglian.core.kinds import file_kind, kind_of_model
from qinglian.core.load import SourceFile

# The fields that name a record, by the kind of record: aliases count as names too.
NAME_FIELDS = ("name", "title", "term", "aliases", "what")


@dataclass(frozen=True)
class Named:
    id: str
    name: str  # the record's own name (title, name, term), shown beside the id in hints


@dataclass
class Names:
    """Every record's names, by kind; procedure-local kinds (steps, documents) by file too."""

    files: Iterable[SourceFile]
    _index: dict[tuple[str, str], dict[str, Named]] | None = field(default=None, init=False)

    def find(self, kind: str, written: str, file: str, local: bool = False) -> tuple[list[Named], bool]:
        """(records, exact): the records of `kind` named `written` exactly, else the closest few.

        Names are compared after NFKC normalisation and without spaces, so that full-width
        letters and stray spaces do not hide a match. `local` limits the search to `file`.
        """
        names = self._by_name(kind, file if local else "")
        key = _normal(written)
        if key in names:
            return [names[key]], True
        close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
        return _unique(names[name] for name in close), False

    def all(self, kind: str, file: str, local: bool = False) -> list[Named]:
        return _unique(self._by_name(kind, file if local else "").values())

    def _by_name(self, kind: str, file: str) -> dict[str, Named]:
        if self._index is None:
            self._index = {}
            for source in self.files:
                model = file_kind(source.kind).model
                records = source.data if isinstance(source.data, list) else [source.data]
                for record in records:
                    for found_kind, names, named in _named(model, record):
                        for scope in ("", source.path):
                            bucket = self._index.setdefault((found_kind, scope), {})
                            for name in names:
                                bucket.setdefault(_normal(name), named)
        return self._index.get((kind, file), {})


def _normal(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split()).lower()


def _unique(found: Iterable[Named]) -> list[Named]:
    seen: dict[str, Named] = {}
    for named in found:
        seen.setdefault(named.id, named)
    return list(seen.values())


def _named(model: type[BaseModel], data: object) -> Iterator[tuple[str, list[str], Named]]:
    """(kind, names, record) of every record with a valid id in raw `data`, depth first."""
    if not isinstance(data, dict):
        return
    record_id = data.get("id")
    kind = kind_of_model(model) if issubclass(model, Record) else None
    if kind is not None and isinstance(record_id, str) and ID_PATTERN.match(record_id):
        names = [name for key in NAME_FIELDS for name in _texts(data.get(key))]
        if names:
            yield kind.name, names, Named(record_id, names[0])
    for key, inner in nested_models(model):
        value = data.get(key)
        for item in value if isinstance(value, list) else [value]:
            yield from _named(inner, item)


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []
