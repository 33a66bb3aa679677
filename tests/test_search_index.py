"""The plugin's shortcuts in Material's search indexing: jieba's cuts remembered for one build,
the sections search leaves out not parsed (the generator gives each page as search reads it).
The index must be the one Material builds without them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import jieba
import pytest
from click.testing import CliRunner
from markupsafe import Markup
from material.plugins.search.plugin import Parser
from qinglian.cli import main
from qinglian.core.pipeline import read_corpus
from qinglian.mkdocs.jieba_memo import CutMemo
from qinglian.mkdocs.plugin import QinglianPlugin
from qinglian.mkdocs.search_index import SearchIndexing
from qinglian.render.settings import Settings
from qinglian.render.site import pages as site
from qinglian.render.site.page import SitePage, Toc
from qinglian.render.site.search_words import reset_jieba

from .conftest import FIXTURES, edit, site_project

RUN = "室组地联动监督"


def plain_cut(text: str) -> list[str]:
    return list(jieba.dt.cut(text.encode("utf-8")))


def test_the_memo_answers_repeats_and_is_gone_after_its_build() -> None:
    jieba.setLogLevel(logging.WARNING)
    original = jieba.cut
    try:
        reset_jieba()
        memo = CutMemo()
        memo.install()
        assert jieba.cut == memo.cut
        first = [list(jieba.cut(RUN.encode("utf-8"))) for _ in range(3)]
        assert first == [plain_cut(RUN)] * 3 and "室组地" not in first[0]
        assert memo.summary() == "jieba: 3 cuts, 1 distinct (66.7% answered from memory)"
        memo.restore()
        assert jieba.cut == original
        # The next build has another dictionary: a new memo cuts as jieba now does.
        jieba.add_word("室组地", 100000)
        memo = CutMemo()
        memo.install()
        again = list(jieba.cut(RUN.encode("utf-8")))
        assert again == plain_cut(RUN) and "室组地" in again
        memo.restore()
    finally:
        jieba.cut = original
        reset_jieba()


def sections(html: str) -> list[tuple[Any, ...]]:
    """What Material's parser makes of a page for the index: the sections not excluded."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, s.title, s.text, s.depth) for s in parser.data if not s.is_excluded()]


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, SitePage]:
    corpus = read_corpus(FIXTURES / "mini")
    produced = site.produce(corpus, Settings(project_dir=FIXTURES / "mini"))
    return {path: page for path, page in produced if isinstance(page, SitePage)}


@pytest.mark.parametrize("path", ["roles/school-party-org.md", "procedures/clue-handover.md"])
def test_the_search_body_is_what_materials_parser_indexes_of_the_page(mini_pages: dict[str, SitePage], path: str) -> None:
    page = mini_pages[path]
    assert page.search_body is not None and len(page.search_body) < len(page.body)
    assert sections(page.search_body) == sections(page.body)
    assert "\x1e" not in page.body + page.search_body and "\x1f" not in page.body + page.search_body


def test_a_page_without_unsearched_sections_has_no_search_body(mini_pages: dict[str, SitePage]) -> None:
    assert mini_pages["units/school.md"].search_body is None


def test_text_holding_a_marker_leaves_the_page_whole_for_search() -> None:
    toc = Toc()
    text = Markup("<p>") + "\x1e藏" + Markup("</p>")  # data with the marker, escaped as data is
    html = toc.add(2, Markup("甲"), "a", search=False) + text + toc.add(2, Markup("乙"), "b", search=True)
    body, search_body = toc.split(str(html))
    assert search_body is None and "\x1e" not in body and "<p>藏</p>" in body


def index_bytes(project: Path, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "search" / "search_index.json").read_bytes()


def indexed_text(index: bytes) -> str:
    return "".join(doc["text"] for doc in json.loads(index)["docs"])


def test_builds_index_as_material_alone_with_a_memo_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds in one process with different dictionaries: the second cuts as without the memo."""
    project = site_project(tmp_path)
    edit(project, "mkdocs.yml", "      baseline: ab583ea\n", "      handbooks: false\n")
    original, memos, saved = jieba.cut, [], []
    real_end, real_index = SearchIndexing.end, SearchIndexing.index

    def end(self: SearchIndexing) -> str:
        memos.append(jieba.cut.__self__)  # type: ignore[attr-defined]
        return real_end(self)

    def index(self: SearchIndexing, page: Any, search_body: str | None) -> None:
        saved.append(len(page.content) - len(search_body) if search_body is not None else 0)
        real_index(self, page, search_body)

    monkeypatch.setattr(SearchIndexing, "end", end)
    monkeypatch.setattr(SearchIndexing, "index", index)
    first = index_bytes(project, tmp_path / "a")
    edit(project, "standards/glossary.yaml", "aliases: [一岗两责]", "aliases: [一岗两责, 评价标准]")
    second = index_bytes(project, tmp_path / "b")
    assert jieba.cut == original
    assert [type(memo) for memo in memos] == [CutMemo, CutMemo] and memos[0] is not memos[1]
    assert memos[0].calls > len(memos[0]._words) > 0  # repeats answered from memory
    assert sum(saved) > 0  # roles' and procedures' excluded sections were not parsed
    monkeypatch.setattr(QinglianPlugin, "on_nav", lambda self, nav, config, files: nav)  # Material alone
    assert second == index_bytes(project, tmp_path / "c")
    assert "评价\u200b标准" in indexed_text(first) and "\u200b评价标准\u200b" in indexed_text(second)
