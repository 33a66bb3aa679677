"""What the producers may know about the build besides the corpus."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qinglian.revisions.diff import Diff

ONLINE = "online"
OFFLINE = "offline"  # the zip opened from file://: pages are .html files, no server


@dataclass(frozen=True)
class Download:
    """The offline edition's zip, offered on the 手册下载 page of the served site."""

    path: str  # under the site root
    size: int  # bytes


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
    site_name: str = ""
    directory_urls: bool = True  # the served site's URL form (units/school/ or units/school.html)
    edition: str = ONLINE  # or OFFLINE
    handbooks: bool = True  # compile the PDF handbooks (slow-ish; the live preview may skip them)
    fonts: FontConfig = field(default_factory=FontConfig)  # see render/handbook/fonts.py
    baseline: str | None = None  # git revision the revision table compares against
    revised: frozenset[str] = frozenset()  # ids changed since the baseline, marked 本版修订
    revision: Diff | None = None  # the diff from the baseline, computed once per build
    revision_problem: str = ""  # why there is no diff although a baseline is named
    revision_missing: bool = False  # the baseline revision is not in the repository (fetch it)
    offline_zip: Download | None = None
    # PDFs already compiled in this process for the same corpus and settings (the offline edition
    # built inside the online build shares them); filled by the handbook producer.
    handbook_pdfs: dict[str, bytes] | None = field(default=None, compare=False)

    @property
    def page_directory_urls(self) -> bool:
        """The URL form of this build's own pages: the offline edition never has folder URLs."""
        return self.directory_urls and self.edition == ONLINE
