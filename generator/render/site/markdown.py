"""Markdown output: the one place where text fields are escaped, and the site's Jinja environment.

Every text field is data. `escape` turns it into Markdown that renders literally: HTML-special
and Markdown-special ASCII characters become numeric character references, so neither
Python-Markdown nor its extensions (tables, attr_list, admonitions) see any syntax in it. The
markup of `richtext` is kept: paragraphs, line breaks (`<br>`) and `**强调**` (`<strong>`), in
the same places as in the handbook. Glossary terms are linked here too,
because Python-Markdown's abbreviation matching needs word boundaries that Chinese lacks.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from qinglian.core import labels, richtext, urls
from qinglian.core.corpus import Corpus
from qinglian.core.labels import responsibility_label, status_label
from qinglian.core.numbering import bare, step_name
from qinglian.core.numbers import format_number
from qinglian.core.urls import page_of, url_of

_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^=:$\"']")


def escape_plain(text: str) -> str:
    """Text -> Markdown that renders literally, `**` included (every special character as a reference)."""
    return _SPECIAL.sub(lambda match: f"&#{ord(match.group(0))};", text)


def _line(line: richtext.Line) -> str:
    return "".join(f"<strong>{escape_plain(run.text)}</strong>" if run.bold else escape_plain(run.text) for run in line)


def escape_line(text: object) -> str:
    """Text -> one line of inline Markdown that renders literally, except emphasis; its line and
    paragraph breaks become <br>. No newline, no bare `|`: safe in headings, links and table cells."""
    return "<br>".join(_line(line) for line in richtext.lines(str(text)))


def escape_block(text: object) -> str:
    """Text -> Markdown paragraphs, line breaks inside them as <br>."""
    return "\n\n".join("<br>\n".join(map(_line, paragraph)) for paragraph in richtext.parse(str(text)))


escape_cell = escape_line  # a table cell: paragraphs, like lines, separated by <br>


def oneline(markdown: str) -> str:
    """Markdown written over several template lines -> one line (a table cell), each line stripped.

    Lets a template spell a table row out readably, a cell a line; the escaped text itself never
    holds a newline. A line starting a cell (`|`) is set off by a space.
    """
    joined = ""
    for line in filter(None, (line.strip() for line in markdown.splitlines())):
        joined += f" {line}" if joined and line.startswith("|") else line
    return joined


def front_title(text: str) -> str:
    """A page title for YAML front matter: HTML-escaped (themes print titles raw), JSON-quoted."""
    return json.dumps(html.escape(" ".join(str(text).split())), ensure_ascii=False)


def relative(from_page: str, to_page: str) -> str:
    """A Markdown link path from one docs page to another (MkDocs validates and converts it)."""
    return _relative(posixpath.dirname(from_page) or ".", to_page)


@functools.lru_cache(maxsize=65536)
def _relative(from_folder: str, to_page: str) -> str:
    # Pages live in a handful of folders, so the same few thousand pairs recur in every link.
    return posixpath.relpath(to_page, from_folder)


def link_target(corpus: Corpus, from_page: str, record_id: str) -> str:
    """The Markdown link to a record's page, with `#id` unless the record is the page itself."""
    target = relative(from_page, page_of(corpus, record_id))
    url = url_of(corpus, record_id)
    return target + url[url.index("#"):] if "#" in url else target


class TermIndex:
    """Every glossary term and alias of the corpus, compiled once per build."""

    def __init__(self, corpus: Corpus):
        self.targets: dict[str, str] = {}
        for term in sorted(corpus.terms, key=lambda term: term.id):
            for name in [term.term, *term.aliases]:
                self.targets.setdefault(escape_plain(name), term.id)
        alternatives = sorted(self.targets, key=lambda name: (-len(name), name))
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def linker(self, page: str) -> TermLinker:
        return TermLinker(self, page)


class TermLinker:
    """Links the first use on a page of each glossary term (or alias) to its glossary entry."""

    def __init__(self, index: TermIndex, page: str):
        self.index = index
        self.seen: set[str] = set()
        self.glossary = relative(page, urls.GLOSSARY)

    def __call__(self, escaped: str) -> str:
        if self.index.pattern is None:
            return escaped
        return self.index.pattern.sub(self._replace, escaped)

    def _replace(self, match: re.Match[str]) -> str:
        term_id = self.index.targets[match.group(0)]
        if term_id in self.seen:
            return match.group(0)
        self.seen.add(term_id)
        return f"[{match.group(0)}]({self.glossary}#{term_id})"


def _linked(escaper: Callable[[str], str]) -> Callable[[Context, object], str]:
    @pass_context
    def apply(context: Context, value: object) -> str:
        escaped = escaper(str(value))
        linker = context.get("linker")
        return linker(escaped) if linker is not None else escaped

    return apply


@pass_context
def _href(context: Context, record_id: str) -> str:
    return link_target(context["corpus"], context["page"], record_id)


@pass_context
def _link_to(context: Context, path: str) -> str:
    """A link from the page being rendered to a page or file given by `urls`."""
    return relative(context["page"], path)


@pass_context
def _role_link(context: Context, role_id: str) -> str:
    name = escape_line(context["corpus"].role(role_id).name)
    return f"[{name}]({_href(context, role_id)})"


@pass_context
def _title(context: Context, record_id: str) -> str:
    return escape_line(context["corpus"].title(record_id))


@pass_context
def _top_title(context: Context, record_id: str) -> str:
    corpus = context["corpus"]
    return escape_line(corpus.title(corpus.entries[record_id].top.id))


# A heading's section with this attribute stays out of the search index (Material's search plugin).
SEARCH_EXCLUDE = "data-search-exclude"


def _anchor(record_id: str, search: bool = True) -> str:
    """The heading's id; `search=False` keeps its section out of the index: sections that repeat
    what other pages index (a role's duty tables, a diagram's text alternative) only crowd the
    results and make the index much larger (a third at 10k indicators)."""
    return "{#" + record_id + ("" if search else " " + SEARCH_EXCLUDE) + "}"


BADGE_TITLES = {"illustrative": "示例内容：参照公开资料编写，不是正式文件", "repealed": "已废止，仅供查阅"}


def _badge(status: str) -> str:
    title = BADGE_TITLES.get(status)
    hint = f' title="{title}"' if title else ""
    return f'<span class="ql-badge ql-{status}"{hint}>{status_label(status)}</span>'


def environment() -> Environment:
    """The site's Jinja environment: StrictUndefined, Markdown escaping filters, link helpers."""
    env = Environment(
        loader=PackageLoader("qinglian", "templates/site"),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=_linked(escape_block), md_line=_linked(escape_line), md_cell=_linked(escape_cell))
    env.filters.update(plain=escape_line, cell=escape_cell, front_title=front_title, bare=bare, oneline=oneline)
    env.filters.update(points=format_number, step_name=step_name)
    env.globals.update(
        deduction_text=labels.deduction_text, level_texts=labels.level_texts, veto_intro=labels.veto_intro,
        bars_text=labels.bars_text, bonus_text=labels.bonus_text, frequency_text=labels.frequency_text,
    )
    env.globals.update(
        href=_href, role=_role_link, title=_title, top_title=_top_title, anchor=_anchor, badge=_badge,
        link_to=_link_to, index_page=urls.index_page, assess_page=urls.assess_page, workbook_file=urls.workbook_file,
        diagram_file=urls.diagram_file,
        responsibility_label=responsibility_label,
    )
    return env
