"""The site producer: pages, anchors, escaping, term links, role duty views (no MkDocs build)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import markdown
import pytest
from qinglian.core.numbering import chinese_numeral
from qinglian.core.pipeline import read_corpus
from qinglian.core.urls import page_of
from qinglian.render.settings import Settings
from qinglian.render.site import pages as site
from qinglian.render.site.html import rich_block, rich_line
from qinglian.render.site.page import SitePage
from qinglian.render.site.search_words import dictionary

from .conftest import FIXTURES, Golden, edit

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def pages(project: Path, **settings: object) -> dict[str, str]:
    corpus = read_corpus(project)
    produced = site.produce(corpus, Settings(project_dir=project, **settings))  # type: ignore[arg-type]
    return {
        path: content.body if isinstance(content, SitePage) else content  # type: ignore[misc]
        for path, content in produced if path.endswith(".md")
    }


def html(text: str) -> str:
    """A page as HTML: generated HTML pages as they are, Markdown ones converted."""
    if text.startswith("<h1"):
        return text
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return markdown.markdown(body, extensions=EXTENSIONS)


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, str]:
    return pages(FIXTURES / "mini")


def test_one_page_per_record_and_the_indexes(mini_pages: dict[str, str]) -> None:
    assert sorted(mini_pages) == [
        "checklists/index.md", "checklists/school-four-duties.md", "glossary.md", "matrix.md",
        "procedures/clue-handover.md", "procedures/index.md",
        "roles/commission.md", "roles/index.md", "roles/inspection-office.md", "roles/inspection-team.md",
        "roles/school-party-org.md", "roles/school-secretary.md",
        "sources.md", "units/index.md", "units/school.md",
    ]


def test_every_record_has_an_anchor_equal_to_its_id_on_its_page(mini_pages: dict[str, str]) -> None:
    corpus = read_corpus(FIXTURES / "mini")
    for record_id, entry in corpus.entries.items():
        if entry.kind in ("unit", "checklist", "procedure", "role", "handbook"):
            continue  # the page itself
        rendered = html(mini_pages[page_of(corpus, record_id)])
        assert f'id="{record_id}"' in rendered, record_id


def test_unit_page_shows_numbers_frequency_and_links(mini_pages: dict[str, str]) -> None:
    page = mini_pages["units/school.md"]
    assert '<h2 id="school-resp">一、“四责”协同（10分）<a class="headerlink"' in page
    assert '<h3 id="school-resp-talk">（二）廉政谈话（4分）<a class="headerlink"' in page
    assert "<li><strong>频次</strong>：每年不少于4次</li>" in page
    assert '<a href="../roles/school-party-org.md">学校党组织</a>' in page
    # the link from the task side (task.indicators) shows on the indicator too
    assert '<a href="../checklists/school-four-duties.md#school-list-study">专题研究部署党风廉政建设</a>（学校“四责”清单）' in page
    assert '<span class="ql-badge ql-illustrative" title="示例内容：参照公开资料编写，不是正式文件">示例</span>' in page
    assert '<a class="md-button md-button--primary" href="../assess/school.md">在线自评</a>' in page


def test_checklist_rows_have_lead_assist_and_indicator_links(mini_pages: dict[str, str]) -> None:
    page = mini_pages["checklists/school-four-duties.md"]
    row = next(row for row in page.split("<tr>") if 'id="school-list-talk"' in row)
    assert (
        '<td data-label="谁来做">牵头：<a href="../roles/school-secretary.md">学校党组织书记</a>'
        '<br>配合：<a href="../roles/school-party-org.md">学校党组织</a></td>'
    ) in row
    assert '对应指标：<a href="../units/school.md#school-resp-talk">廉政谈话</a>' in row


def test_procedure_page_has_step_table_anchored_by_step_id(mini_pages: dict[str, str]) -> None:
    page = mini_pages["procedures/clue-handover.md"]
    row = next(row for row in page.split("<tr>") if '<span id="ch-route">' in row)
    assert '<td data-label="时限与频次">5个工作日内</td>' in row
    assert '输出：<a href="#ch-doc-list">问题线索移交清单</a>' in row
    assert '属于问题线索 → <a href="#ch-route">第2步</a>' in page


def test_role_page_groups_by_responsibility_and_has_a_calendar(mini_pages: dict[str, str]) -> None:
    page = mini_pages["roles/school-party-org.md"]
    assert '<h3 id="每年2项" data-search-exclude>每年（2项）<a class="headerlink"' in page
    assert ">主体责任（1项）<a" in page and ">第一责任人责任（1项）<a" in page
    calendar = page[page.index('<h2 id="calendar"'): page.index('<h2 id="tasks"')]
    row = next(row for row in calendar.split("<tr>") if "school-list-study" in row)
    assert '<td data-label="频次">每年不少于4次</td>\n<td data-label="职责">牵头</td>' in row
    assert '<td data-label="全年至少" class="ql-num">4次</td>' in row
    assert '<h3 id="in-school" data-search-exclude>清廉学校建设标准（1项）<a' in page


def test_matrix_counts_link_to_the_filtered_list(mini_pages: dict[str, str]) -> None:
    page = mini_pages["matrix.md"]
    row = next(row for row in page.split("<tr>") if "school-party-org.md" in row)
    assert '<th scope="row" data-label="责任主体"><a href="roles/school-party-org.md">学校党组织</a></th>' in row
    assert '<td data-label="学校" class="ql-num"><a href="roles/school-party-org.md#in-school">1</a></td>' in row
    assert '<a href="units/school.md" title="清廉学校建设标准">学校</a>' in page  # the column's head


def test_glossary_is_sorted_by_pinyin_and_lists_users(mini_pages: dict[str, str]) -> None:
    page = mini_pages["glossary.md"]
    assert page.index('">四责协同<a class="headerlink"') < page.index('">一岗双责<a class="headerlink"')  # si < yi
    assert "又称：一岗两责" in page
    assert '<strong>见于</strong>：<a href="units/school.md#school-resp-study">清廉学校建设标准 · 专题研究部署</a>' in page


def test_terms_in_text_link_to_the_glossary_once_per_page(mini: Path) -> None:
    edit(mini, "standards/units/school.yaml", "主要负责人与班子成员开展廉政谈话。", "落实一岗双责，一岗双责要求谈话。")
    page = pages(mini)["units/school.md"]
    assert '落实<a href="../glossary.md#yigang-shuangze">一岗双责</a>，一岗双责要求谈话。' in page


def test_revised_records_are_marked(mini: Path) -> None:
    page = pages(mini, revised=frozenset({"school-resp-talk"}))["units/school.md"]
    marked = page[page.index('id="school-resp-talk"'):]
    assert "本版修订" in marked and "本版修订" not in page[: page.index('id="school-resp-talk"')]


NASTY = "a | b {{ x }} [点我](javascript:alert(1)) **重点** *斜* `码` &amp; \\\\\n\n# 不是标题\n\n---\n\n1. 不是列表 {#fake}"


@pytest.mark.parametrize("render", [rich_block, rich_line])
def test_text_renders_literally_except_bold(render) -> None:  # type: ignore[no-untyped-def]
    rendered = str(render(NASTY + "\n<script>alert(1)</script> <td>"))
    assert "<strong>重点</strong>" in rendered
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"p", "br", "strong"}, tags
    text = unescape(re.sub(r"<[^>]+>", "", rendered))
    for literal in ("a | b", "{{ x }}", "[点我](javascript:alert(1))", "*斜*", "`码`", "&amp; \\\\", "# 不是标题", "---",
                    "{#fake}", "<script>alert(1)</script> <td>"):
        assert literal in text, literal


def test_nasty_text_in_a_task_stays_in_its_cell(mini: Path) -> None:
    nasty = "甲 | 乙 {#x} # 丙 1<2 && 3>2 {{ x }} [点我](javascript:alert(1)) &amp; &lt;td&gt;"  # tags fail `check`
    edit(mini, "standards/checklists/school-four-duties.yaml", "how: 逐一谈话并记录。", f"how: '{nasty}'")
    rendered = html(pages(mini)["checklists/school-four-duties.md"])
    row = next(line for line in rendered.split("<tr>") if 'id="school-list-talk"' in line)
    assert row.count("<td") + row.count("<th") == 6
    for markup in ("<2", "<td>", 'id="x"', '"javascript'):
        assert markup not in row
    how = re.search(r'<td data-label="怎么做">(.*?)</td>', row, flags=re.S)
    assert how is not None and unescape(how.group(1)) == nasty


def test_chinese_numerals() -> None:
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 23, 100, 105)] == ["一", "十", "十一", "二十", "二十三", "一百", "一百零五"]


def test_search_dictionary_holds_terms_aliases_and_roles_as_words() -> None:
    words = dictionary(read_corpus(FIXTURES / "mini")).splitlines()
    for word in ("一岗双责 100000", "一岗两责 100000", "学校党组织书记 100000", "纪巡联动 100000"):
        assert word in words


def test_output_is_deterministic() -> None:
    assert pages(FIXTURES / "mini") == pages(FIXTURES / "mini")


@pytest.mark.parametrize("path", ["units/school.md", "checklists/school-four-duties.md", "roles/school-party-org.md"])
def test_pages_match_golden_files(mini_pages: dict[str, str], path: str, golden: Golden) -> None:
    page = mini_pages[path]
    name = path if page.startswith("---") else path.removesuffix(".md") + ".html"  # an HTML page's body
    golden(f"site/{name}", page)


def test_a_bracketed_note_goes_before_the_closing_stop(mini: Path) -> None:
    edit(mini, "standards/units/school.yaml", "text: 经验做法被市级以上推广,", "text: 经验做法被市级以上推广。,")
    edit(mini, "standards/units/school.yaml", "text: 近两年内班子成员被立案审查调查", "text: 近两年内班子成员被立案审查调查。")
    page = pages(mini)["units/school.md"]
    assert "经验做法被市级以上推广（加2分）。" in page and "推广。（" not in page
    assert "近两年内班子成员被立案审查调查。</li>" in page  # no note: the stop stays where it is
