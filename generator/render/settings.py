"""What the producers may know about the build besides the corpus."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qinglian.revisions.diff import Diff


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
    revision_missing: bool = False  # the baseline revision is not in the repository (fetch it)
