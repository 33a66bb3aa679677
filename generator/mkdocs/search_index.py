"""The plugin's part in Material's search indexing: the same index, built with less work.

Two things cost time and change nothing in the index:
- jieba cuts the same runs of Han characters over and over (`CutMemo`);
- a heading with `data-search-exclude` keeps its section out of the index (a role's duty tables,
  a procedure's diagram), yet Material's HTML parser reads every tag of it: at 10k indicators
  those sections are 40% of the HTML it parses. The generator knows where they are and gives each
  page as search reads it (`SitePage.search_body`, each such section cut to its heading); the
  plugin hands that to Material's own indexer, then marks the page `search: exclude` so that
  Material's hook skips it.
"""

from __future__ import annotations

from typing import Any

from qinglian.mkdocs.jieba_memo import CutMemo


class SearchIndexing:
    """The plugin's search work during one build: from the nav to the end of the build."""

    def __init__(self, search: Any) -> None:
        self.search = search
        self.memo = CutMemo()
        self._own_meta: dict[str, tuple[bool, Any]] = {}  # a marked page's own `search` meta

    def start(self) -> None:
        self.memo.install()

    def index(self, page: Any, search_body: str | None) -> None:
        """Indexes `page` as `search_body` reads, if given (else Material indexes the page)."""
        index = getattr(self.search, "search_index", None)
        own = page.meta.get("search")
        if search_body is None or not getattr(self.search.config, "enabled", True) or index is None:
            return
        if (own or {}).get("exclude"):
            return
        full, page.content = page.content, search_body
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
