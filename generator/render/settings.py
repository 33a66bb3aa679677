"""What the producers may know about the build besides the corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qinglian.revisions.diff import Diff


@dataclass(frozen=True)
class FontConfig:
    """The handbook fonts: font files or folders, preferred family names per role, and whether
    fonts installed on this machine may be used (off: the same PDF on every machine)."""

    paths: tuple[str, ...] = ()
    serif: tuple[str, ...] = ()
    sans: tuple[str, ...] = ()
    system: bool = True


@dataclass(frozen=True)
class Settings:
    """What the producers may know about the build besides the corpus."""

    project_dir: Path
    site_url: str = ""
    handbooks: bool = True  # compile the PDF handbooks (slow-ish; the live preview may skip them)
    fonts: FontConfig = field(default_factory=FontConfig)  # see render/handbook/fonts.py
    baseline: str | None = None  # git revision the revision table compares against
    revised: frozenset[str] = frozenset()  # ids changed since the baseline, marked 本版修订
    revision: Diff | None = None  # the diff from the baseline, computed once per build
    revision_problem: str = ""  # why there is no diff although a baseline is named
    revision_missing: bool = False  # the baseline revision is not in the repository (fetch it)
