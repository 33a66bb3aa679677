"""The plugin's shortcuts in Material's search indexing: jieba's cuts remembered for one build,
excluded sections not parsed. The index must be the one Material builds without them."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import jieba
import pytest
from click.testing import CliRunner
from material.plugins.search.plugin import Parser
from qinglian.cli import main
from qinglian.mkdocs import search_index
from qinglian.mkdocs.jieba_memo import CutMemo
from qinglian.mkdocs.plugin import QinglianPlugin
from qinglian.mkdocs.search_index import SearchIndexing, without_excluded_sections
from qinglian.render.site.search_words import reset_jieba

from .conftest import edit, site_project

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


EXCLUDED = '<h2 id="x" data-search-exclude>表<a class="headerlink" href="#x">&para;</a></h2>'
CUT = [  # HTML after an excluded heading that is not parsed, up to what is
    ("\n<table><tr><td>甲</td><td><a href='a'>乙</a></td></tr></table>\n", '<h2 id="c">丙</h2><p>留</p>'),
    ("<p>甲<br>乙<img src='a.png'/></p>", '<h3 id="c">丙</h3><p>留</p>'),
    ("<svg><title>图</title><desc>说明</desc><rect x='1'/><text>甲</text></svg>", ""),
    ("<pre>  甲\n  乙</pre>", ""),
    ("<p>甲</p>", "<!-- 注释 --><p>乙</p><h2 id='c'>丙</h2>"),
    ("<p>甲</p>", "<script>var a = '<h2>';</script><p>乙</p>"),
    ("<p>甲</p>", "<p>乙</div><p>丙</p>"),  # an end tag nothing opened
    ("<span a/>甲<rect x='1' />", "<h2 id='c'>丙</h2>"),  # closed where they open
    ("<p>甲</p>", "<a href=x/>乙</a><p>丙</p>"),  # an unquoted value: read differently by parsers
]
KEPT = [  # pages whose excluded section is too odd to cut, or that have none
    '<h2 id="a">甲</h2><p>留</p><h2 id="b" title="data-search-exclude">乙</h2><p>留</p>',
    '<h2 id="a">甲</h2><h2 data-search-exclude>乙</h2><p>没有 id：仍属上一节</p>',
    '<h2 id="a">甲</h2><h2 title= data-search-exclude id="b">乙</h2><p>留</p>',  # a value
    '<h2 id="a" data-search-exclude>甲<h3 id="b">乙</h3></h2><p>丙</p>',
    '<h2 id="a" data-search-exclude>甲</h2><textarea><p>文本</p></textarea><p>乙</p>',
]


@pytest.mark.parametrize(("skipped", "rest"), CUT)
def test_an_excluded_section_is_cut_up_to_what_the_parser_indexes(skipped: str, rest: str) -> None:
    html = f'<h1 id="t">题</h1><p>前</p>{EXCLUDED}{skipped}{rest}'
    cut = without_excluded_sections(html)
    assert cut == f'<h1 id="t">题</h1><p>前</p>{EXCLUDED}{rest}'
    assert sections(cut) == sections(html)


def test_an_excluded_heading_inside_an_element_gives_the_text_after_it_back() -> None:
    html = f'<h2 id="a">甲</h2><div>{EXCLUDED}<p>表中</p>\n</div><p>仍属甲</p><h2 id="b">乙</h2>'
    cut = without_excluded_sections(html)
    assert cut == f'<h2 id="a">甲</h2><div>{EXCLUDED}</div><p>仍属甲</p><h2 id="b">乙</h2>'
    assert sections(cut) == sections(html)
    assert sections(html)[1] == ("h2", "a", ["甲"], ["<p>", "仍属甲", "</p>"], 1)


@pytest.mark.parametrize("html", KEPT)
def test_an_odd_excluded_section_is_left_to_material(html: str) -> None:
    assert without_excluded_sections(html) == html


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
    real_end, real_cut = SearchIndexing.end, search_index.without_excluded_sections

    def end(self: SearchIndexing) -> str:
        memos.append(jieba.cut.__self__)  # type: ignore[attr-defined]
        return real_end(self)

    def cut(html: str) -> str:
        shorter = real_cut(html)
        saved.append(len(html) - len(shorter))
        return shorter

    monkeypatch.setattr(SearchIndexing, "end", end)
    monkeypatch.setattr(search_index, "without_excluded_sections", cut)
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
