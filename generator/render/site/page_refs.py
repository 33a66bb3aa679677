"""Record references in hand-written pages made into Markdown links (see core/pagelinks.py)."""

from __future__ import annotations

from qinglian.core.corpus import Corpus
from qinglian.core.pagelinks import PageRef, find_refs
from qinglian.render.site.markdown import escape_line, link_target


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
