"""Record references in hand-written pages made into Markdown links (see core/pagelinks.py).

The hand-written pages of `content/` are the site's only Markdown: a record's title put into one
is escaped here, each Markdown-special ASCII character as a numeric character reference, so that
neither Python-Markdown nor its extensions see any syntax in it; `**强调**` stays emphasis.
"""

from __future__ import annotations

import re

from qinglian.core import richtext
from qinglian.core.corpus import Corpus
from qinglian.core.pagelinks import PageRef, find_refs
from qinglian.core.urls import link_target

_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~^=:$\"']")


def escape_plain(text: str) -> str:
    """Text -> Markdown that renders literally, `**` included."""
    return _SPECIAL.sub(lambda match: f"&#{ord(match.group(0))};", text)


def escape_line(text: object) -> str:
    """Text -> one line of inline Markdown that renders literally, except emphasis; its line and
    paragraph breaks become <br>. No newline, no bare `|`: safe in a link text."""
    return "<br>".join(
        "".join(f"<strong>{escape_plain(run.text)}</strong>" if run.bold else escape_plain(run.text) for run in line)
        for line in richtext.lines(str(text))
    )


def link_refs(markdown: str, page: str, corpus: Corpus) -> tuple[str, list[PageRef]]:
    """`markdown` of the docs page `page` with each `[text](qinglian:id)` made a relative link to
    the record's page and anchor, which MkDocs validates and converts for either URL style; an
    empty text becomes the record's title. References to missing records become their plain text
    (or id) and are returned as the second item."""
    parts: list[str] = []
    missing: list[PageRef] = []
    last = 0
    for ref in find_refs(markdown):
        parts.append(markdown[last : ref.start])
        last = ref.end
        if ref.target not in corpus.entries:
            missing.append(ref)
            parts.append(ref.text or escape_line(ref.target))
            continue
        text = ref.text or escape_line(corpus.title(ref.target))
        parts.append(f"[{text}]({link_target(corpus, page, ref.target)})")
    parts.append(markdown[last:])
    return "".join(parts), missing
