"""The site's pages: units, checklists, procedures, role duty views, glossary, sources, matrix.

This producer only assembles; each group of pages has its own module (`units`, `lists`, `roles`,
`refs`) that turns the corpus into template data for `Page`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from qinglian.core.corpus import Corpus
from qinglian.core.urls import STYLESHEET
from qinglian.render.settings import Settings
from qinglian.render.site import lists, refs, roles, units
from qinglian.render.site.page import Page, SiteFile


def produce(corpus: Corpus, settings: Settings) -> Iterable[SiteFile]:
    page = Page(corpus, settings)
    yield STYLESHEET, (resources.files("qinglian") / STYLESHEET).read_text("utf-8")
    for module in (units, lists, roles, refs):
        yield from module.pages(page)
