"""Every v2 field of the v2 corpus (tests/fixtures/v2) is shown where readers look: on the site's
pages, in the handbook PDF's text and in data/corpus.json (the workbook is tested with the
self-assessment). Site and PDF are compared as text without whitespace, since both wrap lines.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from html import unescape
from typing import Any

import markdown
import pytest
from pypdf import PdfReader
from qinglian.core.pipeline import read_corpus
from qinglian.export.corpus_json import corpus_document
from qinglian.render.handbook.compile import render_handbook
from qinglian.render.settings import Settings
from qinglian.render.site import pages as site
from qinglian.render.site.page import SitePage

from .conftest import FIXTURES

V2 = FIXTURES / "v2"
UNIT, CHECKLIST, PROCEDURE = "units/village-index.md", "checklists/township-five-duties.md", "procedures/report-handling.md"

# (field, page, text): the value as the site and the PDF both show it.
SHOWN = [
    ("unit number", UNIT, "文号：某县清廉办〔2024〕2号"),
    ("unit date", UNIT, "日期：2024-05-10"),
    ("level note", UNIT, "示范村（90分及以上，按不超过参评村总数20%的比例认定）"),
    ("level pass: false", UNIT, "不达标（低于75分，不予命名）"),
    ("veto_intro", UNIT, "评价年度内出现下列情形之一的，实行一票否决"),
    ("veto bars", UNIT, "发生群体性越级上访并造成不良影响（不得评为示范村）"),
    ("bonus points", UNIT, "清廉村居建设经验做法被省级以上推广（加2分）"),
    ("bonus max", UNIT, "有其他创新做法并取得明显成效（最高加3分）"),
    ("dimension number", UNIT, "三、监督落实（30分）"),
    ("indicator number (own, not the computed （一）)", UNIT, "（六）村务监督"),
    ("indicator without title", UNIT, "（四）修订完善村规民约，写入婚丧事宜简办、反对铺张浪费等内容。"),
    ("decimal indicator points", UNIT, "（五）廉洁文化阵地"),
    ("item text", UNIT, "村级财务收支按季度公开，公开内容完整"),
    ("item number", UNIT, "①村务监督委员会每月列席村“两委”会议"),
    ("item decimal points", UNIT, "建立监督台账并如实记录6.5"),
    ("item scoring", UNIT, "未报告的不得分，报告内容不全的酌情扣分"),
    ("item methods", UNIT, "查阅资料、个别访谈"),
    ("item note", UNIT, "报告以书面形式存档备查。"),
    ("deduction per occurrence", UNIT, "每少公开1次扣1.5分"),
    ("deduction range", UNIT, "公开内容不全，酌情扣0.5–1.5分"),
    ("deduction all", UNIT, "未经审核即公开，本项不得分"),
    ("indicator deduction", UNIT, "公开栏半年以上未更新，本项不得分"),
    ("checklist number", CHECKLIST, "文号：某镇委发〔2024〕5号"),
    ("checklist date", CHECKLIST, "日期：2024-03"),
    ("aspect number and direct", CHECKLIST, "三、村党组织书记直接责任"),
    ("leadership", CHECKLIST, "镇领导班子成员领导责任"),
    ("related", CHECKLIST, "镇直部门相关责任"),
    ("several leads", CHECKLIST, "村党组织、村民委员会"),
    ("task number (own, not the computed 1.)", CHECKLIST, "5对村务公开事项逐项把关"),
    ("procedure number", PROCEDURE, "文号：某县纪委发〔2024〕7号"),
    ("procedure date", PROCEDURE, "日期：2024-06-01"),
    ("step number", PROCEDURE, "第一步受理登记"),
    ("joint actors", PROCEDURE, "信访室、监督检查室"),
    ("joint step", PROCEDURE, "共同承办"),
    ("from_event", PROCEDURE, "自收到检举控告之日起7个工作日内"),
    ("from a step's start", PROCEDURE, "自第一步“受理登记”开始之日起15个工作日内"),
    ("from a step's end, typical", PROCEDURE, "自第二步“集体研判”完成之日起，一般为2个月"),
    ("time limit note", PROCEDURE, "情况复杂的，经批准可适当延长"),
    ("step frequency", PROCEDURE, "每季度至少1次"),
    ("branch to several steps", PROCEDURE, "第三步、第四步"),
    ("source number", "sources.md", "某县清廉办〔2024〕3号"),
    ("source url, as text", "sources.md", "网址：https://example.org/notice/2024-3"),
    ("source kind other", "sources.md", "〔2024〕第3期"),
]


def squeeze(text: str) -> str:
    return "".join(text.split())


def as_html(page: str) -> str:
    """A page's HTML: generated HTML pages as they are, Markdown ones converted."""
    if page.startswith("<h1"):
        return page
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.S)
    return markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html"])


def page_text(page: str) -> str:
    return squeeze(unescape(re.sub(r"<[^>]+>", "", as_html(page))))


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    produced = site.produce(read_corpus(V2), Settings(project_dir=V2))
    return {
        path: content.body if isinstance(content, SitePage) else str(content)
        for path, content in produced if path.endswith(".md")
    }


@pytest.fixture(scope="module")
def pdf_lines() -> str:
    """The handbook's text as pypdf extracts it, line breaks included."""
    pdf = render_handbook(read_corpus(V2), "village-handbook", Settings(project_dir=V2))
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def pdf_text(pdf_lines: str) -> str:
    return squeeze(pdf_lines)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return corpus_document(read_corpus(V2))


@pytest.mark.parametrize(("field", "page", "text"), SHOWN, ids=[field for field, _, _ in SHOWN])
def test_the_site_shows(pages: dict[str, str], field: str, page: str, text: str) -> None:
    assert squeeze(text) in page_text(pages[page])


@pytest.mark.parametrize(("field", "page", "text"), SHOWN, ids=[field for field, _, _ in SHOWN])
def test_the_pdf_shows(pdf_text: str, field: str, page: str, text: str) -> None:
    assert squeeze(text) in pdf_text


def test_single_line_breaks_are_kept_on_the_site_and_in_the_pdf(pages: dict[str, str], pdf_lines: str) -> None:
    assert "程序决策：<br>\n1. 村党组织提议；<br>\n2. 村“两委”会议商议；<br>" in as_html(pages[UNIT])
    assert "程序决策：\n1. 村党组织提议；\n2. 村“两委”会议商议；" in pdf_lines


def test_tasks_without_how_get_no_how_column(pages: dict[str, str]) -> None:
    def columns(aspect_id: str) -> list[str]:
        section = pages[CHECKLIST].split(f'<h2 id="{aspect_id}"')[1].split("<h2")[0]
        return re.findall(r"<th(?: class=\"ql-num\")?>(.*?)</th>", section.split("</thead>")[0])

    assert columns("tfd-direct") == ["序号", "做什么", "谁来做", "频次与时限", "佐证材料"]
    assert columns("tfd-leadership") == ["序号", "做什么", "谁来做", "怎么做", "频次与时限", "佐证材料"]


def test_a_joint_step_is_every_actors_duty(pages: dict[str, str]) -> None:
    letters, supervision = page_text(pages["roles/letters-office.md"]), page_text(pages["roles/supervision-office.md"])
    assert "集体研判共同承办与监督检查室自第一步“受理登记”完成之日起，一般为15个工作日" in letters
    assert "集体研判共同承办与信访室" in supervision
    assert "反馈结果共同承办与信访室" in page_text(pages["roles/case-office.md"])


def test_a_periodic_step_is_in_the_duty_calendar(pages: dict[str, str]) -> None:
    calendar = page_text(pages["roles/township-commission.md"]).split("责任清单任务")[0]
    assert "镇纪委办理每季度至少1次承办4次检举控告受理处置流程（示例）" in calendar


def test_sources_list_the_items_citing_them(pages: dict[str, str]) -> None:
    standard = page_text(pages["sources.md"]).split("清廉村居建设规范（示例）")[1].split("法律法规")[0]
    assert "引用（2）：清廉村居建设评价指标体系（示例）；每年向村民（代表）会议报告工作" in standard


# --- data/corpus.json -------------------------------------------------------------------------


def test_json_keeps_every_v2_field(document: dict[str, Any]) -> None:
    unit, checklist, procedure = document["units"][0], document["checklists"][0], document["procedures"][0]
    levels = unit["scoring"]["levels"]
    assert levels[0]["note"] == "按不超过参评村总数20%的比例认定" and levels[2]["pass"] is False
    supervision = unit["dimensions"][2]["indicators"][0]
    assert (unit["dimensions"][2]["number"], supervision["number"]) == ("三、", "（六）")
    report = supervision["items"][2]
    assert {key: report[key] for key in ("kind", "url", "number", "scoring", "note", "sources")} == {
        "kind": "item",
        "url": "units/village-index/#village-sup-committee-report",
        "number": "③",
        "scoring": "未报告的不得分，报告内容不全的酌情扣分",
        "note": "报告以书面形式存档备查。",
        "sources": ["village-standard"],
    }
    assert report["referenced_by"] == []
    assert checklist["number"] == "某镇委发〔2024〕5号" and checklist["date"] == "2024-03"
    responsibilities = [aspect["responsibility"] for aspect in checklist["aspects"]]
    assert responsibilities == ["subject", "supervision", "direct", "leadership", "related"]
    direct = checklist["aspects"][2]["tasks"][0]
    assert "how" not in direct and direct["lead"] == ["village-party-branch", "village-committee"]
    assert direct["number"] == "5"
    assert (procedure["number"], procedure["date"]) == ("某县纪委发〔2024〕7号", "2024-06-01")


def test_json_time_limits_and_frequencies_are_in_words(document: dict[str, Any]) -> None:
    steps = {step["id"]: step for step in document["procedures"][0]["steps"]}
    assert steps["rh-receive"]["time_limit"] == {
        "within": 7, "unit": "workday", "from_event": "收到检举控告之日", "text": "自收到检举控告之日起7个工作日内",
    }
    assert steps["rh-notify"]["time_limit"]["from"] == {"step": "rh-receive", "at": "start"}
    assert steps["rh-notify"]["time_limit"]["text"] == "自第一步“受理登记”开始之日起15个工作日内"
    assert steps["rh-verify"]["time_limit"]["typical"] is True
    assert steps["rh-verify"]["time_limit"]["text"] == "自第二步“集体研判”完成之日起，一般为2个月；情况复杂的，经批准可适当延长"
    assert steps["rh-township"]["frequency"] == {"min": 1, "per": "quarter", "text": "每季度至少1次"}
    assert steps["rh-assess"]["actor"] == ["letters-office", "supervision-office"]
    assert steps["rh-assess"]["decision"]["branches"][0]["next"] == ["rh-verify", "rh-notify"]


def test_json_role_duties_and_back_links_include_joint_steps_and_items(document: dict[str, Any]) -> None:
    roles = {role["id"]: role for role in document["roles"]}
    assert roles["supervision-office"]["duties"]["steps"] == ["rh-assess"]
    assert roles["case-office"]["duties"]["steps"] == ["rh-transfer", "rh-feedback"]
    assert {"id": "rh-assess", "kind": "step", "field": "actor"} in roles["supervision-office"]["referenced_by"]
    sources = {source["id"]: source for source in document["sources"]}
    notice = sources["county-notice-2024"]
    assert (notice["number"], notice["source_url"]) == ("某县清廉办〔2024〕3号", "https://example.org/notice/2024-3")
    assert notice["url"] == "sources/#county-notice-2024"  # the record on the site, as for every record
    assert {"id": "village-sup-committee-report", "kind": "item", "field": "sources"} in sources["village-standard"]["referenced_by"]


def test_json_points_are_numbers_never_text(document: dict[str, Any]) -> None:
    found: list[tuple[str, object]] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, name)
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif key in ("points", "min", "total", "bonus_cap", "max", "range"):
            found.append((key, value))

    walk(document["units"])
    assert found and all(isinstance(value, (int, float)) and not isinstance(value, bool) for _, value in found)
    assert ("points", 1.5) in found and ("range", 0.5) in found and ("points", 12.5) in found
    assert all(Decimal(repr(value)) == Decimal(str(value)) for _, value in found)
