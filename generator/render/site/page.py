"""`Page`: renders one site page from `templates/site/*.html.j2` into a `SitePage`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml
from jinja2 import Environment
from markupsafe import Markup, escape
from pymdownx.slugs import slugify  # type: ignore[import-untyped]
from qinglian.core.corpus import Corpus
from qinglian.render.settings import Settings
from qinglian.render.site.html import TermIndex, environment

_slug = slugify(case="lower")  # the slugify mkdocs.yml configures for Markdown headings
SEARCH_EXCLUDE = "data-search-exclude"  # Material's search leaves out a heading's section with it
# Written before each heading and after each heading kept out of search, taken out when the page
# is done: where the sections that search leaves out begin and end (`Toc.split`).
_SECTION, _UNSEARCHED = "\x1e", "\x1f"


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str  # HTML-escaped text without markup, as Python-Markdown's toc tokens hold it


class Toc:
    """The headings of the page being rendered, in order; writes each heading's HTML."""

    def __init__(self) -> None:
        self.headings: list[Heading] = []
        self.unsearched = 0  # headings whose sections search leaves out
        self._used: set[str] = set()

    def add(self, level: int, text: Markup, anchor: str | None, search: bool) -> Markup:
        name = text.striptags()
        if anchor is None:  # as the toc extension does: a slug, made unique with _1, _2, ...
            anchor = base = _slug(name, "-")
            count = 0
            while anchor in self._used:
                count += 1
                anchor = f"{base}_{count}"
        self._used.add(anchor)
        self.headings.append(Heading(level, anchor, str(Markup.escape(name))))
        self.unsearched += not search
        excluded = f" {SEARCH_EXCLUDE}" if not search else ""
        return Markup(
            f'{_SECTION}<h{level} id="{anchor}"{excluded}>{text}'
            f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>'
            + ("" if search else _UNSEARCHED)
        )

    def split(self, html: str) -> tuple[str, str | None]:
        """The page, and the page as search indexes it: each section kept out of search reduced
        to its heading (what Material's indexer reads of it), or None when all of it is indexed.
        Sections end at the next heading: the templates write headings at the top level only.
        Text that holds a marker character itself leaves the page whole for the indexer."""
        parts = html.split(_SECTION)
        body = "".join(parts).replace(_UNSEARCHED, "")
        if not self.unsearched or len(parts) != len(self.headings) + 1 or html.count(_UNSEARCHED) != self.unsearched:
            return body, None
        return body, "".join(part.partition(_UNSEARCHED)[0] for part in parts)


@dataclass(frozen=True)
class SitePage:
    """A generated page: its HTML body (links as relative `.md` paths) and what MkDocs reads
    from a page's front matter and headings."""

    title: str
    body: str
    headings: tuple[Heading, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)  # hide, search: Material's front matter
    search_body: str | None = None  # the body as search indexes it, if that is less (Toc.split)

    def front_matter(self) -> str:
        """The page's Markdown source for MkDocs: the front matter alone (the body comes later)."""
        meta = {"title": self.title, **self.meta}
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1 << 30) + "---\n"

    def as_markdown(self) -> str:
        """The whole page as a Markdown file that plain MkDocs builds (raw HTML body)."""
        return self.front_matter() + "\n" + self.body

    def with_body(self, body: str) -> SitePage:
        return SitePage(self.title, body, self.headings, self.meta, self.search_body)


SiteFile = tuple[str, "str | bytes | SitePage"]  # what a producer yields: a docs path and its content


@dataclass
class Page:
    """Renders pages; what a page module needs to know about the build."""

    corpus: Corpus
    settings: Settings
    env: Environment = field(default_factory=environment)

    @cached_property
    def terms(self) -> TermIndex:
        return TermIndex(self.corpus)

    def render(self, template: str, page: str, *, link_terms: bool = True, **data: Any) -> tuple[str, SitePage]:
        """The page at `page` (a docs path) from `template`, which sets `page_title` (and may set
        `hide` and `search_exclude`) at its top level."""
        toc = Toc()
        context = {
            "corpus": self.corpus,
            "page": page,
            "linker": self.terms.linker(page) if link_terms else None,
            "revised": self.settings.revised,
            "toc": toc,
            **data,
        }
        module = self.env.get_template(template).make_module(context)
        exported = module.__dict__  # the template's top-level {% set %} names
        meta: dict[str, Any] = {}
        if exported.get("hide"):
            meta["hide"] = list(exported["hide"])
        if exported.get("search_exclude"):
            meta["search"] = {"exclude": True}
        # Escaped: themes print titles raw. One line: the nav and <title> show it on one.
        title = " ".join(str(escape(exported["page_title"])).split())
        body, search_body = toc.split(str(module))
        return page, SitePage(title, body, tuple(toc.headings), meta, search_body)
