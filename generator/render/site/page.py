"""`Page`: renders one site page from `templates/site/*.md.j2` with the escaping filters of `markdown`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from jinja2 import Environment
from qinglian.core.corpus import Corpus
from qinglian.render.settings import Settings
from qinglian.render.site.markdown import TermIndex, environment


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
