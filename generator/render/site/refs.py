"""术语表 and 依据文件: single pages listing every term and every source with who uses it."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from pypinyin import Style, lazy_pinyin
from qinglian.core.labels import SOURCE_KIND_LABELS, source_kind_label
from qinglian.core.model import Source, Term
from qinglian.core.urls import GLOSSARY, SOURCES
from qinglian.render.site.page import Page, SiteFile, SitePage


def pinyin_key(text: str) -> tuple[str, str]:
    """Sort key by Hanyu Pinyin with tones (字典序), the text itself breaking ties."""
    return (" ".join(lazy_pinyin(text, style=Style.TONE3)), text)


def initial(term: Term) -> str:
    letters = lazy_pinyin(term.term, style=Style.FIRST_LETTER)
    first = letters[0][:1].upper() if letters else ""
    return first if first.isascii() and first.isalpha() else "#"


def _glossary(page: Page) -> tuple[str, SitePage]:
    terms = sorted(page.corpus.terms, key=lambda term: pinyin_key(term.term))
    users = {term.id: [e.id for e in page.corpus.referrers(term.id, "terms")] for term in terms}
    groups = [(letter, list(items)) for letter, items in groupby(terms, key=initial)]
    return page.render("glossary.html.j2", GLOSSARY, link_terms=False, groups=groups, users=users)


def _sources(page: Page) -> tuple[str, SitePage]:
    def key(source: Source) -> tuple[int, str, str]:
        return (list(SOURCE_KIND_LABELS).index(source.kind), str(source.date or ""), source.id)

    sources = sorted(page.corpus.sources, key=key)
    groups = [(source_kind_label(kind), list(items)) for kind, items in groupby(sources, key=lambda s: s.kind)]
    users = {source.id: [e.id for e in page.corpus.referrers(source.id, "sources")] for source in sources}
    return page.render("sources.html.j2", SOURCES, link_terms=False, groups=groups, users=users)


def pages(page: Page) -> Iterable[SiteFile]:
    yield _glossary(page)
    yield _sources(page)
