"""Where each record lives on the site. The site, QR codes and revision tables all ask here."""

from __future__ import annotations

from qinglian.core.corpus import Corpus

# Top-level kinds -> folder of their pages.
PAGE_FOLDERS = {
    "unit": "units",
    "checklist": "checklists",
    "procedure": "procedures",
    "role": "roles",
    "handbook": "handbooks",
}
SINGLE_PAGES = {"term": "glossary.md", "source": "sources.md"}


def page_of(corpus: Corpus, record_id: str) -> str:
    """The Markdown source path (relative to docs) of the page that shows the record."""
    entry = corpus.entries[record_id].top
    if entry.kind in SINGLE_PAGES:
        return SINGLE_PAGES[entry.kind]
    return f"{PAGE_FOLDERS[entry.kind]}/{entry.id}.md"


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) of a docs page, as MkDocs writes it: `units/school/`
    with directory URLs (the served site), `units/school.html` without (the offline edition,
    opened from `file://`, where a folder URL shows a file listing)."""
    stem = page[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_of(corpus: Corpus, record_id: str, directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) with the record's id as anchor."""
    base = page_url(page_of(corpus, record_id), directory_urls)
    entry = corpus.entries[record_id]
    if entry.parent is None and entry.kind in PAGE_FOLDERS:
        return base
    return f"{base}#{record_id}"


def absolute_url(site_url: str, corpus: Corpus, record_id: str, directory_urls: bool = True) -> str:
    """The record on the served site, in that site's URL form: QR codes are scanned by phones,
    which reach the website, never a copy of the offline edition."""
    return site_url.rstrip("/") + "/" + url_of(corpus, record_id, directory_urls)
