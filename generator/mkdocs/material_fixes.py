"""Adjustments to the output of MkDocs Material that the plugin applies. No MkDocs imports."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from qinglian.core.urls import HANDBOOKS, REVISIONS

log = logging.getLogger("mkdocs.plugins.qinglian.plugin")

LUNR_LANGUAGES = "assets/javascripts/lunr/"
# Pages written by producers that a project may not have (no handbooks, no baseline): a nav
# entry for them is dropped instead of failing the strict build.
OPTIONAL_PAGES = frozenset({HANDBOOKS, REVISIONS})


SEARCH_WORKER = "assets/javascripts/workers/search.*.min.js"
# Material's search worker cuts a Chinese query into the longest indexed words, but its loop
# stops one character short (`o<t.length`), so a query is never looked up whole: 一岗双责 turns
# into 一*, which finds every page. One character fixes it and lets our jieba words work.
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


def patch_search_worker(path: Path) -> bool:
    """Fixes the off-by-one in the query segmenter of Material's search worker, if present."""
    text = path.read_text(encoding="utf-8")
    fixed, count = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace("<", "<=", 1), text)
    if count != 1:
        log.info(f"未找到 {path.name} 中的分词循环，未修补（Material 版本已变？）")
        return False
    path.write_text(fixed, encoding="utf-8")
    return True


def prune_nav(nav: list, present: set[str]) -> list:  # type: ignore[type-arg]
    """The nav without entries for optional pages that this build does not produce."""
    kept = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            value = prune_nav(value, present)
            item = {next(iter(item)): value} if isinstance(item, dict) else value
        elif isinstance(value, str) and value in OPTIONAL_PAGES and value not in present:
            log.info(f"导航中的 {value} 本次未生成，已从导航中省略")
            continue
        kept.append(item)
    return kept
