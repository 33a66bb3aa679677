"""评审汇总: 40 generated answer sheets (JSON and xlsx) with planted problems, summarised."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from click.testing import CliRunner
from qinglian.assessment.form import LEVEL_VETOED
from qinglian.assessment.scoring import evaluate
from qinglian.assessment.summary import Summary
from qinglian.cli import main
from qinglian.core.pipeline import read_corpus
from qinglian.render.summary_outputs import build_summary

from .conftest import FIXTURES, edit, keep_screenshot

NAME = "评审汇总"


@pytest.fixture(scope="module")
def summary(summary_inputs: SimpleNamespace) -> Summary:
    corpus = read_corpus(summary_inputs.project)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(summary_inputs.root)
        return build_summary(corpus, None, [Path("answers")])


@pytest.fixture(scope="module")
def outputs(summary_inputs: SimpleNamespace) -> list[Path]:
    """The command run twice into two folders: out1, out2."""
    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(summary_inputs.root)
        for out in ("out1", "out2"):
            result = runner.invoke(main, ["assess", "summary", "answers", "--project", "project", "-o", out])
            assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"已写入 out2/{NAME}.xlsx", f"已写入 out2/{NAME}.html", f"已写入 out2/{NAME}.pdf",
        "文件 40 份，计入单位 28 个，问题 12 条",
    ]
    return [summary_inputs.root / "out1", summary_inputs.root / "out2"]


def test_exactly_the_planted_problems_are_reported(summary: Summary, summary_inputs: SimpleNamespace) -> None:
    found = {(p.file.removeprefix("answers/"), p.where, p.kind) for p in summary.problems}
    assert found == summary_inputs.planted
    assert len(summary.problems) == len(summary_inputs.planted) == 12


def test_problem_messages_name_what_was_found(summary: Summary) -> None:
    messages = {p.kind: p.message for p in summary.problems if p.kind in ("标准不符", "版次不符", "重复提交")}
    assert messages == {
        "标准不符": "答卷属于标准“school-index”，本次汇总的是“village-index”（清廉村居建设评价指标体系（示例）），未计入",
        "版次不符": "答卷按“2023 版”填写，本次汇总按“2024 版”，未计入",
        "重复提交": "“第001村”的自评答卷已有 answers/第001村-自评.xlsx，本份未计入",
    }
    out_of_range = next(p for p in summary.problems if p.where == "scores.village-gov-decision")
    assert out_of_range.message == "“（二）“四议两公开””的得分填写了 20，超出 0 至 15 分，按范围内的值计分"


def test_totals_equal_the_reference_scorer(summary: Summary, summary_inputs: SimpleNamespace) -> None:
    written = {f"answers/{item.file}": item for item in summary_inputs.sheets}
    assert len(summary.counted) == 36  # 28 自评 + 8 复评; other standard, edition and the duplicate left out
    for scored in summary.counted:
        expected = evaluate(summary_inputs.form, written[scored.submission.file].sheet.answers)
        assert scored.result == expected, scored.submission.file
    assert {s.submission.file.rsplit(".", 1)[1] for s in summary.counted} == {"json", "xlsx"}


def test_ranking_latest_stage_vetoed_last_tiers_by_share(summary: Summary) -> None:
    ranking = summary.ranking
    assert len(ranking) == 28
    assert all(r.scored.stage == "复评" for r in ranking if r.scored.key <= "V008")
    vetoed = [i for i, r in enumerate(ranking) if r.scored.result.level == LEVEL_VETOED]
    assert vetoed and vetoed == list(range(len(ranking) - len(vetoed), len(ranking)))
    totals = [r.scored.result.total for r in ranking[: len(ranking) - len(vetoed)]]
    assert totals == sorted(totals, reverse=True)
    named = [r for r in ranking if r.scored.result.named]
    tiers = [r.tier for r in named]
    lead, lift = len(named) * 25 // 100, len(named) * 75 // 100
    assert tiers == ["引领型"] * lead + ["提升型"] * (lift - lead) + [""] * (len(named) - lift)
    assert all(r.tier == "" for r in ranking if not r.scored.result.named)
    assert [c.name for c in summary.compared] == [f"第{n:03d}村" for n in range(1, 9)]


def test_outputs_are_byte_identical_on_a_second_run(outputs: list[Path]) -> None:
    for suffix in ("xlsx", "html", "pdf"):
        first, second = ((folder / f"{NAME}.{suffix}").read_bytes() for folder in outputs)
        assert first == second, suffix


def test_workbook_sheets_and_problem_sheet(outputs: list[Path], summary_inputs: SimpleNamespace) -> None:
    workbook = openpyxl.load_workbook(outputs[0] / f"{NAME}.xlsx")
    assert workbook.sheetnames == ["排名", "等次统计", "失分指标", "维度平均", "明细", "自评与复评对比", "问题"]
    rows = list(workbook["问题"].iter_rows(min_row=3, values_only=True))
    assert {(f.removeprefix("answers/"), w or "", k) for f, w, k, _ in rows} == summary_inputs.planted
    ranking = workbook["排名"]
    assert [c.value for c in ranking[2]][-3:] == ["等次", "档次", "文件"]
    assert ranking.page_setup.paperSize == 9 and ranking.sheet_properties.pageSetUpPr.fitToPage
    assert all(ranking.row_dimensions[r].height for r in range(3, ranking.max_row + 1))


def test_html_has_three_accessible_charts_and_no_outside_reference(outputs: list[Path]) -> None:
    html = (outputs[0] / f"{NAME}.html").read_text(encoding="utf-8")
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') == 3
    assert html.count('role="img" aria-labelledby=') == 3
    for forbidden in ("<script", "src=", "href=", "url(", "@import"):
        assert forbidden not in html
    assert '<th scope="col">名次</th>' in html


def test_stage_option_keeps_one_stage(summary_inputs: SimpleNamespace) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(summary_inputs.root)
        only = build_summary(read_corpus(summary_inputs.project), "village-index", [Path("answers")], ["自评"])
    assert {r.scored.stage for r in only.ranking} == {"自评"} and not only.compared


def test_missing_path_is_a_usage_error(summary_inputs: SimpleNamespace, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["assess", "summary", str(tmp_path / "无"), "--project", str(summary_inputs.project)])
    assert result.exit_code == 2
    assert result.output == f"错误: 找不到答卷文件或文件夹：{tmp_path / '无'}\n"


@pytest.mark.parametrize(("tiers", "message"), [
    ("[{name: 引领型, share: 0.75}, {name: 提升型, share: 0.5}]", "23:19: 错误: scoring.tiers_by_share: 各档次比例合计为 1.25，不能超过 1"),
    ("[{name: 引领型, share: 0}]", "23:39: 错误: scoring.tiers_by_share[0].share: 应大于 0"),
])
def test_tier_shares_are_checked(tmp_path: Path, tiers: str, message: str) -> None:
    import shutil

    project = tmp_path / "p"
    shutil.copytree(FIXTURES / "v2", project)
    edit(project, "standards/units/village-index.yaml", "  bonus_cap: 5\n", f"  bonus_cap: 5\n  tiers_by_share: {tiers}\n")
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exit_code == 1
    assert result.output == f"standards/units/village-index.yaml:{message}\n共 1 个错误，0 个警告\n"


@pytest.mark.browser
def test_html_opens_from_file_without_any_request(outputs: list[Path], browser: object, tmp_path: Path) -> None:
    """From file://, every request but the page itself is blocked and recorded: there is none."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    url = (outputs[0] / f"{NAME}.html").as_uri()
    others: list[str] = []

    def route(request_route: object) -> None:
        request = request_route.request  # type: ignore[attr-defined]
        if request.url == url:
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            others.append(request.url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.goto(url)
    assert others == []
    charts = page.locator("svg[role=img]")
    assert charts.count() == 3
    titles = [charts.nth(i).locator("title").text_content() for i in range(3)]
    assert titles == ["总分分布（各分数段的单位数）", "各一级指标平均得分率", "失分最多的 7 项指标（平均失分）"]
    for index, name in enumerate(("totals", "dimensions", "lost")):
        shot = tmp_path / f"summary-chart-{name}.png"
        charts.nth(index).screenshot(path=str(shot))
        keep_screenshot(shot)
    page.screenshot(path=str(tmp_path / "summary-page.png"))
    keep_screenshot(tmp_path / "summary-page.png")
    page.close()


def test_an_older_sheet_is_scored_with_a_warning(summary_inputs: SimpleNamespace) -> None:
    from qinglian.assessment.answers import read_answer_sheet
    from qinglian.assessment.checks import Submission
    from qinglian.assessment.summary import summarise

    v1 = {"format": "qinglian-assess", "standard": "village-index", "scores": {"village-gov-decision": 12}}
    result = summarise(summary_inputs.form, [Submission("旧.json", read_answer_sheet(v1))])
    assert [(p.kind, p.message) for p in result.problems] == [
        ("信息缺失", "答卷缺少版次、单位名称、评价阶段、填报人、日期（较早的答卷格式），已按现有内容计分"),
    ]
    assert result.ranking[0].scored.result.records["village-gov-decision"] == 12


def test_never_written_into_a_built_site(summary_inputs: SimpleNamespace, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / ".qinglian-build").write_text("", encoding="utf-8")
    out = tmp_path / "site" / "汇总"
    args = ["assess", "summary", str(summary_inputs.root / "answers"), "--project", str(summary_inputs.project), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.output == f"错误: 评审汇总是工作文件，不能写入 qinglian build 生成的网站目录 {tmp_path / 'site'}；请另选输出目录\n"
    assert not out.exists()


def test_schema_describes_tiers_by_share() -> None:
    from qinglian.core.schema import schemas

    units = next(schema for name, schema in schemas().items() if name.startswith("units"))
    tier = units["$defs"]["ShareTier"]  # type: ignore[index]
    assert tier["properties"]["share"] == {  # type: ignore[index]
        "description": "比例：命名单位中按总分从高到低取前该比例（0 至 1，如 0.25）", "exclusiveMinimum": 0, "maximum": 1,
        "title": "比例", "type": "number",
    }


def test_a_filled_workbook_of_the_export_reads_as_its_answers(summary_inputs: SimpleNamespace, tmp_path: Path) -> None:
    """The real 自评表 (qinglian export xlsx), filled in by openpyxl: same answers, same result."""
    import datetime
    import io
    import random

    from qinglian.export.answer_files import read_workbook
    from qinglian.export.xlsx import workbook_bytes

    from .answer_sheets import random_answers
    from .assess_support import fill_workbook

    form = summary_inputs.form
    answers = random_answers(random.Random(3), form)
    book = openpyxl.load_workbook(io.BytesIO(fill_workbook(workbook_bytes(form), form, answers)))
    typed = {"QL_UNIT_NAME": "东村", "QL_UNIT_CODE": "330100-001", "QL_STAGE": "复评", "QL_ASSESSOR": "王五",
             "QL_DATE": datetime.datetime(2024, 7, 1)}
    for name, value in typed.items():
        sheet, cell = next(iter(book.defined_names[name].destinations))
        book[sheet][cell.replace("$", "")] = value
    book.save(tmp_path / "东村.xlsx")
    read = read_workbook("东村.xlsx", tmp_path / "东村.xlsx", form)
    sheet = read.sheet
    assert (sheet.standard, sheet.edition, sheet.unit.name, sheet.unit.code, sheet.stage, sheet.assessor, sheet.date) == (
        "village-index", "2024 版", "东村", "330100-001", "复评", "王五", "2024-07-01")
    assert evaluate(form, sheet.answers) == evaluate(form, answers)
    assert sheet.answers.veto == answers.veto


def test_unreadable_workbooks_are_named(summary_inputs: SimpleNamespace, tmp_path: Path) -> None:
    from qinglian.export.answer_files import read_answer_files

    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    book = openpyxl.Workbook()
    book.save(tmp_path / "空白.xlsx")
    found = read_answer_files([tmp_path], summary_inputs.form)
    assert found[0] == []
    assert [(p.file.rsplit("/", 1)[1], p.kind, p.message) for p in found[1]] == [
        ("坏.xlsx", "无法读取", "无法作为 Excel 工作簿打开（BadZipFile）"),
        ("空白.xlsx", "无法读取", "工作簿没有标准编号（QL_STANDARD），不是本系统生成的自评表"),
    ]
