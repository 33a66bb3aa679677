"""Where everything lives on the site: record pages, indexes, the 在线自评 pages, workbooks, PDFs,
the JSON export and the assets. Producers, templates, QR codes and revision tables all ask here.

Paths are Markdown source paths relative to the docs folder (`units/school.md`) or file paths
(`assess/school.xlsx`); MkDocs turns pages into directory URLs (`units/school/`).
"""

from __future__ import annotations

import functools
import posixpath

from qinglian.core.corpus import Corpus
from qinglian.core.kinds import KINDS, kind

# Kinds with one page per record -> the folder of those pages, named after the records' ids.
PAGE_FOLDERS = {k.name: k.page_folder for k in KINDS if k.page_folder}
ASSESS_FOLDER = "assess"  # the 在线自评 page and the workbook of each unit, named after its id
GLOSSARY = kind("term").page or ""
SOURCES = kind("source").page or ""
MATRIX = "matrix.md"
REVISIONS = "revisions.md"
CORPUS_JSON = "data/corpus.json"
# Assets the producers copy from generator/ to the same path; the plugin loads them on every page.
STYLESHEET = "assets/qinglian/site.css"
ASSESS_SCORE_SCRIPT = "assets/qinglian/assess-score.js"  # the 在线自评 form's scoring rules, script and style
ASSESS_SCRIPT = "assets/qinglian/assess.js"
ASSESS_STYLESHEET = "assets/qinglian/assess.css"


def record_page(kind_name: str, record_id: str) -> str:
    """The page of a top-level record that has a page of its own: units/school.md."""
    return f"{kind(kind_name).page_folder}/{record_id}.md"


def index_page(kind_name: str) -> str:
    """The index of a kind with one page per record: units/index.md."""
    return f"{kind(kind_name).page_folder}/index.md"


def page_of(corpus: Corpus, record_id: str) -> str:
    """The Markdown source path (relative to docs) of the page that shows the record."""
    entry = corpus.entries[record_id].top
    return kind(entry.kind).page or record_page(entry.kind, entry.id)


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
    if entry.parent is None and kind(entry.kind).page_folder:
        return base
    return f"{base}#{record_id}"


HANDBOOKS = index_page("handbook")  # the 手册下载 page


def absolute_url(site_url: str, corpus: Corpus, record_id: str, directory_urls: bool = True) -> str:
    """The record on the served site, in that site's URL form: QR codes are scanned by phones,
    which reach the website, never a copy of the offline edition."""
    return site_url.rstrip("/") + "/" + url_of(corpus, record_id, directory_urls)


def assess_page(unit_id: str) -> str:
    """The 在线自评 page of a unit standard."""
    return f"{ASSESS_FOLDER}/{unit_id}.md"


def workbook_file(unit_id: str) -> str:
    """The Excel 自评表 of a unit standard."""
    return f"{ASSESS_FOLDER}/{unit_id}.xlsx"


def diagram_file(procedure_id: str) -> str:
    """The swimlane diagram of a procedure as an SVG file of its own (to zoom on a phone)."""
    return f"{kind('procedure').page_folder}/{procedure_id}.svg"


def handbook_pdf(handbook_id: str) -> str:
    """The PDF of a handbook (its page is `record_page("handbook", id)`)."""
    return f"{kind('handbook').page_folder}/{handbook_id}.pdf"


def relative(from_page: str, to_page: str) -> str:
    """A link path from one docs page to another page or file (MkDocs turns it into a URL)."""
    return _relative(posixpath.dirname(from_page) or ".", to_page)


@functools.lru_cache(maxsize=65536)
def _relative(from_folder: str, to_page: str) -> str:
    # Pages live in a handful of folders, so the same few thousand pairs recur in every link.
    return posixpath.relpath(to_page, from_folder)


def link_target(corpus: Corpus, from_page: str, record_id: str) -> str:
    """The link path from a docs page to a record's page, with `#id` unless the record is the page."""
    target = relative(from_page, page_of(corpus, record_id))
    url = url_of(corpus, record_id)
    return target + url[url.index("#"):] if "#" in url else target
