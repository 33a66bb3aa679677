"""The site is assembled from independent producers, in the order listed in `PRODUCERS`.

A producer is a function `(corpus, settings) -> Iterable[(path under docs, content)]` and owns its
pages and files (the handbook producer owns the PDFs and the download page, and so on). To add a
kind of output, write a producer and list it here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from qinglian.core.corpus import Corpus
from qinglian.core.urls import ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT, ASSESS_STYLESHEET, STYLESHEET
from qinglian.render.handbook import producer as handbooks
from qinglian.render.settings import Settings
from qinglian.render.site import assess, pages, renamed, revisions
from qinglian.render.site.page import SiteFile, SitePage


class Producer(Protocol):
    def __call__(self, corpus: Corpus, settings: Settings, /) -> Iterable[SiteFile]: ...


PRODUCERS: tuple[Producer, ...] = (pages.produce, revisions.produce, assess.produce, handbooks.produce, renamed.produce)
# Files the producers write that every page loads, in this order after those mkdocs.yml lists.
STYLESHEETS = (ASSESS_STYLESHEET, STYLESHEET)
SCRIPTS = (ASSESS_SCORE_SCRIPT, ASSESS_SCRIPT)  # the scoring rules load first


def render_site(corpus: Corpus, settings: Settings) -> dict[str, str | bytes | SitePage]:
    """Every generated file, keyed by its path relative to the docs folder; deterministic."""
    files: dict[str, str | bytes | SitePage] = {}
    for producer in PRODUCERS:
        for path, content in producer(corpus, settings):
            if path in files:
                raise ValueError(f"two producers write {path}")
            files[path] = content
    renamed.keep_old_anchors(files, corpus)  # after every page exists: anchors for replaced ids
    return files
