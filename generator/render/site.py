"""The site's pages: units, checklists, procedures, role duty views, glossary, sources, matrix.

This producer only assembles; each group of pages has its own module (`site_units`,
`site_lists`, `site_roles`, `site_refs`) that turns the corpus into template data. Pages are
Markdown rendered from `templates/site/*.md.j2` with the escaping filters of `markdown`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

from jinja2 import Environment

from ..corpus import Corpus
from . import Settings
from .markdown import TermIndex, environment

STYLESHEET = "assets/qinglian/site.css"  # the plugin adds it to extra_css


@dataclass
class Page:
    """Renders one page; what a page module needs to know about the build."""

    corpus: Corpus
    settings: Settings
    env: Environment = field(default_factory=environment)

    @cached_property
    def terms(self) -> TermIndex:
        return TermIndex(self.corpus)

    def render(self, template: str, page: str, *, link_terms: bool = True, **data: Any) -> tuple[str, str]:
        context = {
            "corpus": self.corpus,
            "page": page,
            "linker": self.terms.linker(page) if link_terms else None,
            "revised": self.settings.revised,
            **data,
        }
        return page, self.env.get_template(template).render(context)


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, str | bytes]]:
    from . import site_lists, site_refs, site_roles, site_units

    page = Page(corpus, settings)
    yield STYLESHEET, resources.files("generator").joinpath("assets", "qinglian", "site.css").read_text("utf-8")
    for module in (site_units, site_lists, site_roles, site_refs):
        yield from module.pages(page)
