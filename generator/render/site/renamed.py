"""Old ids keep working: an anchor for every `replaces:` id, a forwarding page for a renamed page.

QR codes in printed handbooks and readers' bookmarks name ids. When a record is renamed
(`qinglian rename`), its page keeps an empty `<span id="OLD">` next to the record's own anchor,
so `units/school/#OLD` still lands on the record. A record with a page of its own (a unit
standard, checklist, procedure, role or handbook) gets a small page at its old address that links
to the new one and forwards the browser there, keeping the `#anchor` of the old link.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from qinglian.core.corpus import Corpus
from qinglian.core.kinds import kind
from qinglian.core.urls import assess_page, page_of, record_page, url_of
from qinglian.render.settings import Settings
from qinglian.render.site.page import Page, SitePage

# Pages named after a record's id besides its own page: the unit's online self-assessment.
_OTHER_PAGES: dict[str, tuple[Callable[[str], str], ...]] = {"unit": (assess_page,)}


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, SitePage]]:
    """A forwarding page at the old address of every renamed record that has a page."""
    page = Page(corpus, settings)
    for entry in corpus.entries.values():
        old = entry.record.replaces
        if old is None or entry.parent is not None or not kind(entry.kind).page_folder:
            continue
        pages: tuple[Callable[[str], str], ...] = (functools.partial(record_page, entry.kind), *_OTHER_PAGES.get(entry.kind, ()))
        for address in pages:
            yield page.render("moved.html.j2", address(old), link_terms=False, old=old, new=entry.id, target=address(entry.id))


def keep_old_anchors(files: dict[str, str | bytes | SitePage], corpus: Corpus) -> None:
    """Adds `<span id="OLD"></span>` beside the anchor of every renamed record, on its page."""
    by_page: dict[str, list[tuple[str, str]]] = {}
    for entry in corpus.entries.values():
        old = entry.record.replaces
        if old is not None and "#" in url_of(corpus, entry.id):
            by_page.setdefault(page_of(corpus, entry.id), []).append((entry.id, old))
    for page, renamed in by_page.items():
        shown = files.get(page)
        if isinstance(shown, SitePage):
            files[page] = shown.with_body(_with_anchors(shown.body, renamed))


def _with_anchors(body: str, renamed: list[tuple[str, str]]) -> str:
    for new, old in renamed:
        span = f'<span id="{new}"></span>'
        if span in body:  # a table row or list item
            body = body.replace(span, span + f'<span id="{old}"></span>', 1)
        else:  # a heading
            body = re.sub(rf'(<h[1-6] id="{re.escape(new)}"[^>]*>)', rf'\g<1><span id="{old}"></span>', body, count=1)
    return body
