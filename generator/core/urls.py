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


def url_of(corpus: Corpus, record_id: str) -> str:
    """The URL path (directory URLs, relative to the site root) with the record's id as anchor."""
    page = page_of(corpus, record_id)
    entry = corpus.entries[record_id]
    base = page[: -len(".md")] + "/"
    if entry.parent is None and entry.kind in PAGE_FOLDERS:
        return base
    return f"{base}#{record_id}"


def absolute_url(site_url: str, corpus: Corpus, record_id: str) -> str:
    return site_url.rstrip("/") + "/" + url_of(corpus, record_id)
