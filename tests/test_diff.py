"""Edition diffs: a git repository with two commits of the mini corpus, diffed through the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.numbering import full_numbers
from qinglian.core.pipeline import read_corpus
from qinglian.render.settings import Settings
from qinglian.render.site import revisions
from qinglian.revisions.diff import Diff
from qinglian.revisions.editions import compare_editions, compare_with_baseline
from qinglian.revisions.values import text_segments

from .conftest import FIXTURES, ROOT, Golden, edit

UNIT = "standards/units/school.yaml"
LIST = "standards/checklists/school-four-duties.yaml"
PROC = "standards/procedures/clue-handover.yaml"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def revise(project: Path) -> None:
    """The second edition: a rename, changes, a removal, additions and moves, still valid."""
    edit(project, UNIT, "  - {id: school-bonus-model, text: 经验做法被市级以上推广, points: 2}\n", "")
    edit(project, UNIT, "bonus:\n", "")
    edit(project, UNIT, "- id: school-resp-study\n", "- id: school-resp-meeting\n        replaces: school-resp-study\n")
    edit(project, UNIT, "        points: 6\n", "        points: 5\n")
    edit(project, UNIT, "主要负责人与班子成员开展廉政谈话。", "主要负责人每年与班子成员逐一开展廉政谈话。")
    edit(project, UNIT, "{min: 1, per: year}\n        points: 4", "{min: 2, per: year}\n        points: 5")
    edit(project, UNIT, "responsible: [school-secretary]", "responsible: [school-secretary, school-party-org]")
    edit(project, LIST, "indicators: [school-resp-study]", "indicators: [school-resp-meeting]")
    talk = (
        "      - id: school-list-talk\n        what: 开展廉政谈话\n        lead: [school-secretary]\n"
        "        assist: [school-party-org]\n        how: 逐一谈话并记录。\n"
    )
    report = "      - id: school-list-report\n        what: 述责述廉\n        lead: [school-secretary]\n        how: 每年向党组织报告。\n"
    edit(project, LIST, talk, report)
    edit(project, LIST, "        indicators: [school-resp-meeting]\n", "        indicators: [school-resp-meeting]\n" + talk)
    rectify = "  - id: ch-rectify\n    title: 督促整改\n    actor: inspection-office\n    action: 反馈被巡察单位整改。\n"
    edit(project, PROC, rectify, "")
    edit(project, PROC, "  - id: ch-intake\n", rectify + "  - id: ch-intake\n")
    edit(project, PROC, "    inputs: [ch-doc-list]\n", "    inputs: [ch-doc-list]\n    next: [ch-archive]\n")
    archive = "  - id: ch-archive\n    title: 归档\n    actor: commission\n    action: 办结后立卷归档。\n"
    (project / PROC).write_text((project / PROC).read_text(encoding="utf-8") + archive, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository: tag v1 is the mini corpus, the next commit (main) and the work tree revise it."""
    project = tmp_path_factory.mktemp("repo")
    shutil.copytree(FIXTURES / "mini" / "standards", project / "standards")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "测试")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", "standards")
    git(project, "commit", "-q", "-m", "第一版")
    git(project, "tag", "v1")
    revise(project)
    git(project, "commit", "-q", "-am", "第二版")
    return project


@pytest.fixture(scope="module")
def result(repo: Path) -> Diff:
    return compare_editions(repo, "v1", "main")


def summary_of(diff: Diff) -> dict[str, tuple[str, ...]]:
    return {change.id: change.status for change in diff.changes()}


def test_finds_exactly_the_known_changes(result: Diff) -> None:
    assert summary_of(result) == {
        "school-resp-meeting": ("renamed", "changed"),
        "school-resp-talk": ("changed",),
        "school-bonus-model": ("removed",),
        "school-list-talk": ("moved",),
        "school-list-report": ("added",),
        "ch-rectify": ("moved",),
        "ch-intake": ("changed",),
        "ch-archive": ("added",),
    }
    assert [document.id for document in result.documents] == ["school", "school-four-duties", "clue-handover"]


def test_changed_fields_and_numbers(result: Diff) -> None:
    changes = {change.id: change for change in result.changes()}
    talk = changes["school-resp-talk"]
    assert [(f.label, f.old, f.new) for f in talk.fields][1:] == [
        ("频次", "每年至少1次", "每年不少于2次"),
        ("分值", "4分", "5分"),
        ("责任主体", "学校党组织书记", "学校党组织书记、学校党组织"),
    ]
    assert talk.fields[0].segments == (
        ("equal", "主要负责人"), ("insert", "每年"), ("equal", "与班子成员"), ("insert", "逐一"), ("equal", "开展廉政谈话。")
    )
    moved = changes["school-list-talk"]
    assert (moved.old_number, moved.new_number) == ("二、1.", "一、2.")
    renamed = changes["school-resp-meeting"]
    assert (renamed.old_id, renamed.new_id, renamed.old_number) == ("school-resp-study", "school-resp-meeting", "一、（一）")
    assert result.changed_ids() == set(summary_of(result)) - {"school-bonus-model"}
    # the task still names the renamed indicator, by its new id: not a change
    assert "school-list-study" not in summary_of(result)


def test_working_tree_is_the_default_new_side(repo: Path) -> None:
    assert summary_of(compare_editions(repo, "main")) == {}
    assert len(summary_of(compare_editions(repo, "v1"))) == 8


def test_folders_compare_like_revisions(repo: Path) -> None:
    by_folder = compare_editions(repo, str(FIXTURES / "mini"), str(repo))
    assert summary_of(by_folder) == summary_of(compare_editions(repo, "v1", "main"))


@pytest.mark.parametrize("fmt, name", [("markdown", "v1-main.md"), ("json", "v1-main.json")])
def test_outputs_match_golden_files(repo: Path, fmt: str, name: str, golden: Golden) -> None:
    run = CliRunner().invoke(main, ["diff", "v1", "main", "--project", str(repo), "--format", fmt])
    assert run.exit_code == 0, run.output
    golden(f"diff/{name}", run.output)


def test_json_output_parses(repo: Path) -> None:
    run = CliRunner().invoke(main, ["diff", "v1", "main", "--project", str(repo), "--format", "json"])
    data = json.loads(run.output)
    assert data["counts"] == {"added": 2, "removed": 1, "renamed": 1, "moved": 2, "changed": 3}


def test_text_output_marks_the_character_diff(repo: Path) -> None:
    run = CliRunner().invoke(main, ["diff", "v1", "main", "--project", str(repo)])
    assert run.exit_code == 0
    assert "评价要点：主要负责人{+每年+}与班子成员{+逐一+}开展廉政谈话。" in run.output
    assert "  ~ 指标 school-resp-study → school-resp-meeting 一、（一） 专题研究部署（更名、修改）" in run.output
    assert "\x1b[" not in run.output  # no colour when not a terminal


def test_no_differences_exit_zero(repo: Path) -> None:
    run = CliRunner().invoke(main, ["diff", "main", "--project", str(repo)])
    assert (run.exit_code, run.output.splitlines()[1]) == (0, "两个版本的标准数据没有差异。")


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    run = CliRunner().invoke(main, ["diff", "v9", "--project", str(repo)])
    assert run.exit_code == 2
    assert run.output == "错误: 找不到版本 'v9'：它不是目录，也不是本仓库中的提交、标签或分支\n"


def test_a_side_that_does_not_load_exits_one(repo: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURES / "mini", broken)
    edit(broken, UNIT, "    points: 10\n", "    points: 12\n")
    run = CliRunner().invoke(main, ["diff", "v1", str(broken), "--project", str(repo)])
    assert run.exit_code == 1
    assert "standards/units/school.yaml:9:10: 错误: scoring.total: 总分为 10 分，但各一级指标合计 12 分" in run.output


def test_revision_without_standards_exits_one(repo: Path) -> None:
    empty = git(repo, "commit-tree", "-m", "空", git(repo, "mktree"))
    run = CliRunner().invoke(main, ["diff", empty, "--project", str(repo)])
    assert (run.exit_code, run.output) == (1, f"{empty}:standards: 错误: 版本 {empty} 中没有 standards/ 目录\n共 1 个错误，0 个警告\n")


def test_revision_page_with_baseline(repo: Path) -> None:
    corpus = read_corpus(repo)
    baseline = compare_with_baseline(repo, "v1", corpus)
    diff = baseline.diff
    assert diff is not None and baseline.problem == ""
    settings = Settings(project_dir=repo, baseline="v1", revised=diff.changed_ids(), revision=diff)
    [(path, page)] = revisions.produce(corpus, settings)
    assert path == "revisions.md" and page.title == "修订对照表"
    assert '<th>旧条款</th>\n<th>新条款</th>\n<th>修订说明</th>' in page.body
    row = next(row for row in page.body.split("<tr>") if "school-resp-talk" in row)
    assert '<td data-label="新条款">一、（二）廉政谈话：主要负责人<ins>每年</ins>与班子成员<ins>逐一</ins>开展廉政谈话。' in row
    assert '（<a href="units/school.md#school-resp-talk">查看</a>）</td>' in row


def test_revision_page_without_baseline_revision(repo: Path) -> None:
    corpus = read_corpus(repo)
    baseline = compare_with_baseline(repo, "v0", corpus)
    assert baseline.diff is None and baseline.missing
    settings = Settings(project_dir=repo, baseline="v0", revision_problem=baseline.problem, revision_missing=True)
    [(_, page)] = revisions.produce(corpus, settings)
    assert "（例如 <code>git fetch --tags</code>）" in page.body
    assert "本版与基线版本 <strong>v0</strong> 的修订对照暂不可用：找不到版本 &#39;v0&#39;" in page.body
    assert "旧条款" not in page.body


def test_revision_page_without_baseline(repo: Path) -> None:
    [(_, page)] = revisions.produce(read_corpus(repo), Settings(project_dir=repo))
    assert "<p>本站未配置对照的基线版本，因此没有修订对照表。</p>" in page.body


def test_site_cells_escape_content() -> None:
    cell = revisions._marked_html((("equal", "a|b\n&"), ("delete", "*x*"), ("insert", "<i>")))
    assert cell == "a|b<br>&amp;<del>*x*</del><ins>&lt;i&gt;</ins>"


def test_display_numbers() -> None:
    corpus = read_corpus(FIXTURES / "mini")
    assert full_numbers(corpus.get("school")) == {
        "school-veto-case": "1.", "school-bonus-model": "1.", "school-resp": "一、",
        "school-resp-study": "一、（一）", "school-resp-talk": "一、（二）",
    }


def test_character_diff_folds_single_common_characters() -> None:
    assert text_segments("改为甲", "改成乙") == (("equal", "改"), ("delete", "为甲"), ("insert", "成乙"))
    assert text_segments("同", "同") == (("equal", "同"),)


SITE_CONFIG = """\
site_name: 测试
docs_dir: content
strict: true
plugins:
  - qinglian:
      handbooks: false
      baseline: {baseline}
markdown_extensions: [tables, attr_list, md_in_html, admonition]
"""


@pytest.fixture
def site_project(repo: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the repository with a site configuration naming `baseline`."""
    from qinglian.mkdocs.build import build

    def build_with(baseline: str) -> Path:
        project = tmp_path / "project"
        if not project.exists():
            shutil.copytree(repo, project)
            (project / "content").mkdir()
            (project / "content" / "index.md").write_text("# 首页\n", encoding="utf-8")
        (project / "mkdocs.yml").write_text(SITE_CONFIG.format(baseline=baseline), encoding="utf-8")
        return build(project)

    return build_with


def test_built_site_has_the_revision_page(site_project, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A full MkDocs build (strict) against an existing tag: the table, no warning."""
    site = site_project("v1")
    page = (site / "revisions" / "index.html").read_text(encoding="utf-8")
    unit = (site / "units" / "school" / "index.html").read_text(encoding="utf-8")
    assert "<th>旧条款</th>" in page and "主要负责人<ins>每年</ins>与班子成员" in page
    assert "本版修订" in unit
    assert "修订对照表为空" not in capsys.readouterr().err


def test_missing_baseline_warns_and_offers_to_fetch(site_project, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A revision that is not there: a warning at build time, the page says why; the strict build succeeds."""
    site = site_project("v0")
    page = (site / "revisions" / "index.html").read_text(encoding="utf-8")
    unit = (site / "units" / "school" / "index.html").read_text(encoding="utf-8")
    assert "修订对照暂不可用：找不到版本 &#39;v0&#39;：它不是目录，也不是本仓库中的提交、标签或分支" in page
    assert "git fetch --tags" in page and "本版修订" not in unit
    assert capsys.readouterr().err.count(
        "警告: 修订对照表为空：找不到版本 'v0'：它不是目录，也不是本仓库中的提交、标签或分支；"
        "如果该版本在别处的仓库中，请先获取它（例如 git fetch --tags）\n"
    ) == 1


def test_invalid_baseline_warns_without_fetching(site_project, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """A revision whose data does not load: a warning naming the first error, no `git fetch` hint."""
    empty = git(repo, "commit-tree", "-m", "空", git(repo, "mktree"))
    site = site_project(empty)
    page = (site / "revisions" / "index.html").read_text(encoding="utf-8")
    problem = f"基线版本 {empty} 的标准数据有 1 个错误（第一个：版本 {empty} 中没有 standards/ 目录），无法生成修订对照表；运行 qinglian diff {empty} 可查看全部错误"
    assert f"警告: 修订对照表为空：{problem}\n" in capsys.readouterr().err
    assert "修订对照暂不可用" in page and "git fetch" not in page


def test_text_output_is_coloured_on_a_terminal(repo: Path) -> None:
    run = CliRunner().invoke(main, ["diff", "v1", "main", "--project", str(repo)], color=True)
    assert "\x1b[32m{+每年+}\x1b[0m" in run.output
    assert "\x1b[31m  - 加分项 school-bonus-model 1. 经验做法被市级以上推广（删除）\x1b[0m" in run.output


def test_whole_documents_added_removed_and_changed(mini: Path) -> None:
    from qinglian.core.scaffold import new_file

    (mini / PROC).unlink()
    edit(mini, "standards/roles.yaml", "- id: inspection-team\n  name: 巡察组\n  group: 巡察机构\n", "")
    edit(mini, "standards/roles.yaml", "- id: inspection-office\n  name: 巡察办\n  group: 巡察机构\n", "")
    edit(mini, "standards/roles.yaml", "- id: commission\n  name: 纪委监委\n  group: 纪检监察机关\n", "")
    edit(mini, "standards/handbooks.yaml", "  procedures: [clue-handover]\n", "")
    edit(mini, LIST, "status: illustrative", "status: trial")
    path, _ = new_file("procedure", "new-proc", mini)
    path.write_text(re.sub(r"(: *)\S*请填写.*", r"\1实际内容", path.read_text(encoding="utf-8")), encoding="utf-8")
    diff = compare_editions(mini, str(FIXTURES / "mini"), str(mini))
    assert [(d.id, d.record.status if d.record else None, len(d.changes)) for d in diff.documents] == [
        ("school-four-duties", ("changed",), 0),
        ("new-proc", ("added",), 0),
        ("clue-handover", ("removed",), 0),
        ("roles", None, 3),
        ("handbooks", None, 1),
    ]
    [status] = diff.documents[0].record.fields  # type: ignore[union-attr]
    assert (status.label, status.old, status.new) == ("状态", "示例", "试行")


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "sub")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "一")
    edit(tmp_path / "sub", UNIT, "主要负责人与班子成员", "主要负责人每年与班子成员")
    assert summary_of(compare_editions(tmp_path / "sub", "HEAD")) == {"school-resp-talk": ("changed",)}


def test_default_content_against_a_tagged_baseline(tmp_path: Path) -> None:
    """The shipped content diffs cleanly against itself and shows one edit in the table."""

    shutil.copytree(ROOT / "standards", tmp_path / "standards")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "一")
    git(tmp_path, "tag", "release")
    assert summary_of(compare_editions(tmp_path, "release")) == {}
    unit = sorted((tmp_path / "standards" / "units").glob("*.yaml"))[0]
    text = unit.read_text(encoding="utf-8")
    start = text.index("requirement: ") + len("requirement: ")
    unit.write_text(text[:start] + "（修订）" + text[start:], encoding="utf-8")
    corpus = read_corpus(tmp_path)
    diff = compare_with_baseline(tmp_path, "release", corpus).diff
    assert diff is not None and [change.status for change in diff.changes()] == [("changed",)]
    [(_, page)] = revisions.produce(corpus, Settings(project_dir=tmp_path, baseline="release", revision=diff))
    assert "<ins>（修订）</ins>" in page.body


def test_values_read_as_on_the_site(mini: Path) -> None:
    """Labels, names and step numbers, never codes: statuses, kinds, roles, steps, flags."""
    from qinglian.core.model import Checklist, Decision, Handbook, Procedure, Source, Step, TimeLimit
    from qinglian.revisions.values import show

    corpus = read_corpus(mini)
    decision = corpus.typed("ch-judge", Step).decision
    limit = TimeLimit.model_validate({"within": 5, "unit": "workday", "from": "ch-judge"})
    assert [
        show(Checklist, "status", "draft", corpus),
        show(Source, "kind", "local-document", corpus),
        show(Procedure, "lanes", ["inspection-team", "commission"], corpus),
        show(Step, "next", ["ch-intake"], corpus),
        show(Decision, "branches", decision.branches, corpus),  # type: ignore[union-attr]
        show(Step, "time_limit", limit, corpus),
        show(Handbook, "glossary", True, corpus),
        show(Step, "inputs", [], corpus),
    ] == [
        "草案",
        "地方文件",
        "巡察组、纪委监委",
        "第3步 受理处置",
        "属于问题线索 → 第2步 移交；一般性问题 → 第4步 督促整改",
        "5个工作日内（自第1步 判定问题性质 起算）",
        "是",
        "（无）",
    ]


def test_a_branch_target_changes_by_step_title_and_number(mini: Path) -> None:
    edit(mini, PROC, "{when: 一般性问题, next: ch-rectify}", "{when: 一般性问题, next: ch-route}")
    edit(mini, PROC, "{when: 属于问题线索, next: ch-route}", "{when: 属于问题线索, next: ch-rectify}")
    diff = compare_editions(mini, str(FIXTURES / "mini"), str(mini))
    [change] = diff.changes()
    [field] = change.fields
    assert (change.id, field.label, field.old, field.new) == (
        "ch-judge", "判断·分支",
        "属于问题线索 → 第2步 移交；一般性问题 → 第4步 督促整改",
        "属于问题线索 → 第4步 督促整改；一般性问题 → 第2步 移交",
    )


def test_markdown_for_merge_requests_escapes_only_markup() -> None:
    """Plain characters stay plain (1. and ids with hyphens); markup gets a backslash, no entity."""
    cell = revisions._marked_cell((("equal", "1. a|b-c"), ("delete", "*x*"), ("insert", "<i> &amp;")), revisions._md_text)
    assert cell == "1. a\\|b-c<del>\\*x\\*</del><ins>\\<i\\> \\&amp;</ins>"


V2_EDITS = [
    ("units/village-index.yaml", "{text: 公开内容不全, range: [0.5, 1.5]}", "{text: 公开内容不全, range: [0.5, 1]}"),
    ("units/village-index.yaml", 'number: "2"', 'number: "二"'),
    ("units/village-index.yaml", "{name: 不达标, min: 0, pass: false}", "{name: 不达标, min: 0}"),
    ("units/village-index.yaml", "bars: [示范村]", "bars: [示范村, 达标村]"),
    ("procedures/report-handling.yaml", "from: rh-receive, typical: true}", "from: {step: rh-receive, at: start}}"),
    ("procedures/report-handling.yaml", "{when: 需要核实, next: [rh-verify, rh-notify]}", "{when: 需要核实, next: [rh-notify, rh-verify]}"),
]


def test_v2_values_read_as_written(tmp_path: Path) -> None:
    """Deductions, own numbers, levels, bars, anchored limits and branch lists, in words."""
    project = tmp_path / "v2"
    shutil.copytree(FIXTURES / "v2", project)
    for name, old, new in V2_EDITS:
        edit(project, f"standards/{name}", old, new)
    run = CliRunner().invoke(main, ["diff", str(FIXTURES / "v2"), str(project), str(project)])
    assert run.exit_code == 0, run.output
    for line in [
        "      计分规则·等次：",
        "        旧：示范村（90分以上，按不超过参评村总数20%的比例认定）；达标村（75分以上）；不达标（0分以上，不作为命名等次）",
        "      排除的等次：示范村 → 示范村、达标村",
        "      扣分规则：每少公开1次扣1.5分；公开内容不全，酌情扣0.5–1.5分 → 每少公开1次扣1.5分；公开内容不全，酌情扣0.5–1分",
        "      原文编号：[-2-]{+二+}",
        "      时限：一般为15个工作日（自第一步 受理登记 起算） → 15个工作日内（自第一步 受理登记 开始时起算）",
        "        新：需要核实 → 第四步 告知受理情况、第三步 初步核实；属于下级管辖 → 第五步 转交办理；反映不具体 → 第八步 了结归档",
    ]:
        assert line + "\n" in run.output
