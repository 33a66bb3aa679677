"""HTML output: the one place where text fields become markup, and the site's Jinja environment.

Generated pages are HTML Jinja templates (`templates/site/*.html.j2`) with autoescaping: every
text field is data, escaped by Jinja unless a filter here has turned it into `Markup`. The markup
of `richtext` is kept: paragraphs (`<p>`), line breaks (`<br>`) and `**强调**` (`<strong>`), in the
same places as in the handbook. Glossary terms are linked here, on escaped text runs only, so a
term never lands inside a tag.

Links are written as relative `.md` paths, as in Markdown: the MkDocs plugin turns them into URLs
and validates them (`mkdocs/html_pages.py`), so the offline edition's `.html` URLs need nothing here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from qinglian.core import labels, richtext, urls
from qinglian.core.corpus import Corpus
from qinglian.core.labels import responsibility_label, status_label
from qinglian.core.numbering import bare, step_name
from qinglian.core.numbers import format_number
from qinglian.core.urls import link_target, relative

Linker = Callable[[str], str]  # escaped text -> the same with glossary links


def _runs(line: richtext.Line, link: Linker | None) -> str:
    parts = []
    for run in line:
        text = str(escape(run.text))
        text = link(text) if link is not None else text
        parts.append(f"<strong>{text}</strong>" if run.bold else text)
    return "".join(parts)


def rich_line(text: object, link: Linker | None = None) -> Markup:
    """Text -> inline HTML: emphasis kept, line and paragraph breaks as <br> (headings, cells)."""
    return Markup("<br>".join(_runs(line, link) for line in richtext.lines(str(text))))


def rich_block(text: object, link: Linker | None = None) -> Markup:
    """Text -> HTML paragraphs, line breaks inside them as <br>."""
    return Markup("".join(
        "<p>" + "<br>\n".join(_runs(line, link) for line in paragraph) + "</p>\n"
        for paragraph in richtext.parse(str(text))
    ))


class TermIndex:
    """Every glossary term and alias of the corpus, compiled once per build."""

    def __init__(self, corpus: Corpus):
        self.targets: dict[str, str] = {}
        for term in sorted(corpus.terms, key=lambda term: term.id):
            for name in [term.term, *term.aliases]:
                self.targets.setdefault(str(escape(name)), term.id)
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
        return f'<a href="{self.glossary}#{term_id}">{match.group(0)}</a>'


def _linked(render: Callable[[object, Linker | None], Markup]) -> Callable[[Context, object], Markup]:
    @pass_context
    def apply(context: Context, value: object) -> Markup:
        return render(value, context.get("linker"))

    return apply


@pass_context
def _href(context: Context, record_id: str) -> str:
    return link_target(context["corpus"], context["page"], record_id)


@pass_context
def _link_to(context: Context, path: str) -> str:
    """A link from the page being rendered to a page or file given by `urls`."""
    return relative(context["page"], path)


@pass_context
def _link(context: Context, record_id: str, text: object = None) -> Markup:
    """`<a>` to a record, showing its title (or `text`)."""
    shown = rich_line(context["corpus"].title(record_id)) if text is None else escape(text)
    return Markup(f'<a href="{escape(link_target(context["corpus"], context["page"], record_id))}">{shown}</a>')


@pass_context
def _role_link(context: Context, role_id: str) -> Markup:
    return _link(context, role_id, context["corpus"].role(role_id).name)


@pass_context
def _title(context: Context, record_id: str) -> Markup:
    return rich_line(context["corpus"].title(record_id))


@pass_context
def _top_title(context: Context, record_id: str) -> Markup:
    corpus = context["corpus"]
    return rich_line(corpus.title(corpus.entries[record_id].top.id))


BADGE_TITLES = {"illustrative": "示例内容：参照公开资料编写，不是正式文件", "repealed": "已废止，仅供查阅"}


def _badge(status: str) -> Markup:
    title = BADGE_TITLES.get(status)
    hint = Markup(' title="{}"').format(title) if title else ""
    return Markup('<span class="ql-badge ql-{}"{}>{}</span>').format(status, hint, status_label(status))


@pass_context
def _heading(context: Context, level: int, text: object, anchor: str | None = None, search: bool = True) -> Markup:
    """A heading as Python-Markdown's toc extension writes it (id, permalink), recorded for the
    page's table of contents. `search=False` keeps its section out of the search index: sections
    that repeat what other pages index (a role's duty tables, a diagram's text alternative) only
    crowd the results and make the index much larger (a third at 10k indicators)."""
    heading: Markup = context["toc"].add(level, escape(text), anchor, search)
    return heading


# The small pieces every page repeats: table cells and joined lists. Python rather than Jinja
# macros, because a macro call costs about ten times a function call and a site of 10,000
# indicators has about a million of these pieces. Each escapes what is not Markup already.

def cell(
    label: str,
    content: object = None,
    num: bool = False,
    anchor: str | None = None,
    header: bool = False,
    caller: Callable[[], str] | None = None,
) -> Markup:
    """One table cell, labelled with its column for the card layout on phones: `cell(label,
    content)`, or a call block for longer content. `num` right-aligns a number; `anchor` is the
    row's record id; `header` makes the cell its row's header (the card's title on phones)."""
    inner = escape(caller() if caller is not None else content).strip()
    tag = "th" if header else "td"
    scope = ' scope="row"' if header else ""
    align = ' class="ql-num"' if num else ""
    span = f'<span id="{escape(anchor)}"></span>' if anchor else ""
    return Markup(f'<{tag}{scope} data-label="{escape(label)}"{align}>{span}{inner}</{tag}>')


def _joined(parts: Iterable[object], sep: str) -> Markup:
    return Markup(escape(sep).join(escape(part) for part in parts))


@pass_context
def links(context: Context, ids: Iterable[str], sep: str = "、") -> Markup:
    """Links to records, each showing its title."""
    return _joined((_link(context, record_id) for record_id in ids), sep)


@pass_context
def roles(context: Context, ids: Iterable[str], sep: str = "、") -> Markup:
    """Links to role pages, each showing the role's name."""
    return _joined((_link(context, role_id, context["corpus"].role(role_id).name) for role_id in ids), sep)


@pass_context
def sources(context: Context, ids: Iterable[str]) -> Markup:
    return _joined((_link(context, source_id) for source_id in ids), "；")


@pass_context
def terms(context: Context, ids: Iterable[str]) -> Markup:
    return _joined((_link(context, term_id, context["corpus"].get(term_id).term) for term_id in ids), "、")


@pass_context
def titles(context: Context, ids: Iterable[str]) -> Markup:
    """Records' titles, unlinked."""
    return _joined((rich_line(context["corpus"].title(record_id)) for record_id in ids), "、")


def text_list(items: Iterable[object]) -> Markup:
    return _joined((rich_line(item) for item in items), "、")


def deductions(rules: Iterable[object], sep: str = "；") -> Markup:
    return _joined((rich_line(labels.deduction_text(rule)) for rule in rules), sep)  # type: ignore[arg-type]


REVISED = Markup(' <span class="ql-revised" title="与上一版相比有修订">本版修订</span>')


@pass_context
def revised_mark(context: Context, record_id: str) -> Markup:
    return REVISED if record_id in context["revised"] else Markup("")




def environment() -> Environment:
    """The site's Jinja environment: autoescape, StrictUndefined, rich-text filters, link helpers."""
    env = Environment(
        loader=PackageLoader("qinglian", "templates/site"),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(rich=_linked(rich_block), linked=_linked(rich_line), line=rich_line)
    env.filters.update(bare=bare, points=format_number, step_name=step_name)
    env.globals.update(
        deduction_text=labels.deduction_text, level_texts=labels.level_texts, veto_intro=labels.veto_intro,
        bars_text=labels.bars_text, bonus_text=labels.bonus_text, frequency_text=labels.frequency_text,
        responsibility_label=responsibility_label, closing_stop=labels.closing_stop,
    )
    env.globals.update(
        href=_href, link=_link, role=_role_link, title=_title, top_title=_top_title, badge=_badge, h=_heading,
        link_to=_link_to, index_page=urls.index_page, assess_page=urls.assess_page, workbook_file=urls.workbook_file,
        diagram_file=urls.diagram_file,
    )
    env.globals.update(
        cell=cell, links=links, roles=roles, sources=sources, terms=terms, titles=titles,
        text_list=text_list, deductions=deductions, revised_mark=revised_mark,
    )
    return env
