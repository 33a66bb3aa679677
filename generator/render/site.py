"""Pages of the site: one per unit standard, checklist, procedure and role, plus indexes."""

from __future__ import annotations

from typing import Iterable

from ..corpus import Corpus
from . import Settings


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, str | bytes]]:
    for unit in corpus.units:
        yield f"units/{unit.id}.md", f"# {unit.title}\n"
