"""Stage 4: a resolved `Corpus` -> the files of the site, as {path under docs: content}.

The site is assembled from independent producers, each a module with
`produce(corpus, settings) -> Iterable[tuple[str, str | bytes]]`. A producer owns its pages and
files (the handbook producer owns the PDFs and the download page, and so on). To add a kind of
output, write a producer and list it in `PRODUCERS`. Nothing here imports mkdocs.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus

if TYPE_CHECKING:
    from ..diff import Diff

# Module names under generator.render, in the order their files are produced.
PRODUCERS: tuple[str, ...] = ("site", "revisions", "assess", "handbooks")


@dataclass(frozen=True)
class Settings:
    """What the producers may know about the build besides the corpus."""

    project_dir: Path
    site_url: str = ""
    handbooks: bool = True  # compile the PDF handbooks (slow-ish; the live preview may skip them)
    fonts: Mapping[str, Any] | None = None  # handbook fonts {paths, serif, sans}; see render/fonts.py
    baseline: str | None = None  # git revision the revision table compares against
    revised: frozenset[str] = frozenset()  # ids changed since the baseline, marked 本版修订
    revision: Diff | None = None  # the diff from the baseline, computed once per build
    revision_problem: str = ""  # why there is no diff although a baseline is named


def render_site(corpus: Corpus, settings: Settings) -> dict[str, str | bytes]:
    """Every generated file, keyed by its path relative to the docs folder; deterministic."""
    files: dict[str, str | bytes] = {}
    for name in PRODUCERS:
        producer = importlib.import_module(f"{__name__}.{name}")
        for path, content in producer.produce(corpus, settings):
            if path in files:
                raise ValueError(f"two producers write {path}")
            files[path] = content
    return files
