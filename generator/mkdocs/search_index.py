"""The plugin's part in Material's search indexing: the same index, built with less work.

Two things cost time and change nothing in the index:
- jieba cuts the same runs of Han characters over and over (`CutMemo`);
- a heading with `data-search-exclude` keeps its section out of the index (a role's duty tables,
  a procedure's diagram), yet Material's HTML parser reads every tag of it: at 10k indicators
  those sections are 40% of the HTML it parses. The plugin hands Material's own indexer the page
  without them, then marks the page `search: exclude` so that Material's hook skips it.

What is cut is only what Material's parser puts into the excluded section: the balanced run of
elements after the heading, up to the next heading or the end of the enclosing element. The
parser's state after such a run (open elements, current section) is the state before it.
"""

from __future__ import annotations

import re
from typing import Any

from qinglian.mkdocs.jieba_memo import CutMemo

# Tags in the plain form that every HTML parser reads alike: attribute values quoted. Any other
# `<` (a comment, an unquoted value, `<` as text) ends a cut.
_ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'))?""")  # group: the name
_ATTRIBUTES = r"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*"""
_HEADING = re.compile(rf"<h([1-6])({_ATTRIBUTES})\s*>", re.IGNORECASE)
_TAG_OR_LT = re.compile(rf"<(?:(/?)([a-zA-Z][a-zA-Z0-9-]*)({_ATTRIBUTES})\s*(/?)>)?")
_ANY_HEADING = re.compile(r"<h[1-6]", re.IGNORECASE)
# Material's parser leaves out no element but these (they are never cut; the cut stops there).
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_RAW = frozenset("script style object xmp iframe noembed noframes noscript plaintext".split())
_STOP = _RAW | {f"h{level}" for level in range(1, 7)}  # and headings: they start sections
_TEXT_ONLY = frozenset({"title", "textarea"})  # cut only when holding plain text (newer parsers)


def _excluded(attributes: str) -> bool:
    """Whether a heading starts an excluded section: it has an id and the attribute."""
    names = {name.lower() for name in _ATTRIBUTE.findall(attributes)}
    return {"id", "data-search-exclude"} <= names


def _run_end(html: str, start: int) -> int:
    """Where the balanced run of elements and text from `start` ends: before the next heading,
    an end tag it did not open, anything but a plain tag (comment, `<` as text, raw text), or
    at the end of the HTML."""
    open_tags: list[str] = []
    safe = start  # the last position with no element of the run open
    for tag in _TAG_OR_LT.finditer(html, start):
        closing, name, attributes, slash = tag.groups()
        name = name.lower() if name else ""
        if (
            not name
            or name in _STOP
            or (closing and (attributes or slash))
            or (name in _TEXT_ONLY and not closing and not html.startswith(f"</{name}>", html.find("<", tag.end())))
        ):
            return safe if open_tags else tag.start()
        if closing:
            if not open_tags or open_tags[-1] != name:
                return safe if open_tags else tag.start()
            open_tags.pop()
        elif name not in _VOID and not slash:
            open_tags.append(name)
        if not open_tags:
            safe = tag.end()
    return safe if open_tags else len(html)


def without_excluded_sections(html: str) -> str:
    """The HTML without the content of its excluded sections, their headings kept."""
    parts, position = [], 0
    for heading in _HEADING.finditer(html):
        if heading.start() < position or not _excluded(heading.group(2)):
            continue
        level = heading.group(1)
        close = re.compile(rf"</h{level}\s*>", re.IGNORECASE).search(html, heading.end())
        if close is None or _ANY_HEADING.search(html, heading.end(), close.start()):
            continue  # a heading inside a heading: left to Material
        parts.append(html[position : close.end()])
        position = _run_end(html, close.end())
    if not parts:
        return html
    parts.append(html[position:])
    return "".join(parts)


class SearchIndexing:
    """The plugin's search work during one build: from the nav to the end of the build."""

    def __init__(self, search: Any) -> None:
        self.search = search
        self.memo = CutMemo()
        self._own_meta: dict[str, tuple[bool, Any]] = {}  # a marked page's own `search` meta

    def start(self) -> None:
        self.memo.install()

    def index(self, page: Any) -> None:
        """Indexes `page` without its excluded sections, if it has any (else Material does)."""
        index = getattr(self.search, "search_index", None)
        own = page.meta.get("search")
        if not getattr(self.search.config, "enabled", True) or index is None or (own or {}).get("exclude"):
            return
        reduced = without_excluded_sections(page.content)
        if reduced is page.content:
            return
        full, page.content = page.content, reduced
        try:
            index.add_entry_from_context(page)
        finally:
            page.content = full
        self._own_meta[page.file.src_uri] = ("search" in page.meta, own)
        page.meta["search"] = {**(own or {}), "exclude": True}

    def rendered(self, page: Any) -> None:
        """Gives a marked page its own `search` meta back, once Material has skipped it."""
        found = self._own_meta.pop(page.file.src_uri, None)
        if found is None:
            return
        present, own = found
        if present:
            page.meta["search"] = own
        else:
            del page.meta["search"]

    def end(self) -> str:
        """Takes the memo out; returns a line for the debug log."""
        self.memo.restore()
        return self.memo.summary()
