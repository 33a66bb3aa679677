"""Every kind of record is compared: one change per commit, `qinglian diff HEAD~1` in each format."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main

from .conftest import FIXTURES, edit

ROLES, TERMS, SOURCES, BOOKS = (f"standards/{name}.yaml" for name in ("roles", "glossary", "sources", "handbooks"))
UNIT, PROC = "standards/units/school.yaml", "standards/procedures/clue-handover.yaml"
NEW_ROLE = "- id: audit-office\n  name: 审计办\n"
NEW_TERM = "- id: jiandu\n  term: 监督\n  definition: 查看并督促。\n"
NEW_SOURCE = "- id: city-rules\n  title: 市级规定\n  kind: local-document\n"
NEW_BOOK = "- id: proc-handbook\n  title: 程序手册\n  audience: 巡察干部\n  procedures: [clue-handover]\n"


def append(relative: str, text: str):  # type: ignore[no-untyped-def]
    def apply(project: Path) -> None:
        path = project / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return apply


def replace(relative: str, old: str, new: str):  # type: ignore[no-untyped-def]
    return lambda project: edit(project, relative, old, new)


# name -> (the edit, what `diff` prints in text, in Markdown, and the JSON change (kind, id, status))
CASES = {
    "role-name": (
        replace(ROLES, "name: 学校党组织书记", "name: 学校党组织主要负责人"),
        "  ~ 角色 school-secretary 学校党组织主要负责人（修改）\n      名称：学校党组织[-书记-]{+主要负责人+}\n",
        "| 学校党组织<del>书记</del> | 学校党组织<ins>主要负责人</ins> | 修改名称。 |",
        ("role", "school-secretary", ["changed"]),
    ),
    "term-definition": (
        replace(TERMS, "既抓业务工作", "既抓好业务工作"),
        "释义：领导干部既抓{+好+}业务工作，也抓分管领域的党风廉政建设。\n",
        "| 一岗双责：领导干部既抓业务工作，也抓分管领域的党风廉政建设。 | 一岗双责：领导干部既抓<ins>好</ins>业务工作，也抓分管领域的党风廉政建设。 | 修改释义。 |",
        ("term", "yigang-shuangze", ["changed"]),
    ),
    "source-title": (
        replace(SOURCES, "“一起做工作”实践报道", "“一起做工作”报道"),
        "文件或报道标题：衡阳市纪检监察系统“一起做工作”[-实践-]报道\n",
        "| 衡阳市纪检监察系统“一起做工作”<del>实践</del>报道 | 衡阳市纪检监察系统“一起做工作”报道 | 修改文件或报道标题。 |",
        ("source", "hy-report-2022", ["changed"]),
    ),
    "handbook-units": (
        replace(BOOKS, "  units: [school]\n", ""),
        "收录的单元标准：清廉学校建设标准 → （无）",
        "| 清廉学校培训手册 | 清廉学校培训手册 | 收录的单元标准由“清廉学校建设标准”改为“（无）”。 |",
        ("handbook", "school-handbook", ["changed"]),
    ),
    "added-role": (append(ROLES, NEW_ROLE), "  + 角色 audit-office 审计办（新增）", "| — | 审计办 | 新增角色。 |", ("role", "audit-office", ["added"])),
    "added-term": (append(TERMS, NEW_TERM), "  + 术语 jiandu 监督（新增）", "| — | 监督：查看并督促。 | 新增术语。 |", ("term", "jiandu", ["added"])),
    "added-source": (append(SOURCES, NEW_SOURCE), "  + 依据文件 city-rules 市级规定（新增）", "| — | 市级规定 | 新增依据文件。 |", ("source", "city-rules", ["added"])),
    "added-handbook": (append(BOOKS, NEW_BOOK), "  + 手册 proc-handbook 程序手册（新增）", "| — | 程序手册 | 新增手册。 |", ("handbook", "proc-handbook", ["added"])),
    "removed-role": (replace(ROLES, NEW_ROLE, ""), "  - 角色 audit-office 审计办（删除）", "| 审计办 | — | 删除角色。 |", ("role", "audit-office", ["removed"])),
    "removed-term": (replace(TERMS, NEW_TERM, ""), "  - 术语 jiandu 监督（删除）", "| 监督：查看并督促。 | — | 删除术语。 |", ("term", "jiandu", ["removed"])),
    "removed-source": (replace(SOURCES, NEW_SOURCE, ""), "  - 依据文件 city-rules 市级规定（删除）", "| 市级规定 | — | 删除依据文件。 |", ("source", "city-rules", ["removed"])),
    "removed-handbook": (replace(BOOKS, NEW_BOOK, ""), "  - 手册 proc-handbook 程序手册（删除）", "| 程序手册 | — | 删除手册。 |", ("handbook", "proc-handbook", ["removed"])),
    "lane": (
        replace(PROC, "lanes: [inspection-team, inspection-office, commission]", "lanes: [inspection-office, inspection-team, commission]"),
        "参与主体：巡察组、巡察办、纪委监委 → 巡察办、巡察组、纪委监委",
        "| 参与主体由“巡察组、巡察办、纪委监委”改为“巡察办、巡察组、纪委监委”。 |",
        ("procedure", "clue-handover", ["changed"]),
    ),
    "level-min": (
        replace(UNIT, "{name: 达标, min: 8}", "{name: 达标, min: 7}"),
        "计分规则·等次：示范（9分以上）；达标（8分以上） → 示范（9分以上）；达标（7分以上）",
        "计分规则·等次由“示范（9分以上）；达标（8分以上）”改为“示范（9分以上）；达标（7分以上）”。",
        ("unit", "school", ["changed"]),
    ),
    "veto-text": (
        replace(UNIT, "近两年内班子成员被立案", "近三年内班子成员被立案"),
        "  ~ 负面清单事项 school-veto-case 1. 近三年内班子成员被立案审查调查（修改）\n      负面清单事项：近[-两-]{+三+}年内班子成员被立案审查调查\n",
        "| 1. 近<del>两</del>年内班子成员被立案审查调查 | 1. 近<ins>三</ins>年内班子成员被立案审查调查 | 修改负面清单事项。 |",
        ("veto", "school-veto-case", ["changed"]),
    ),
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A repository with one commit per case, in order (the removals undo the additions)."""
    project = tmp_path_factory.mktemp("history")
    shutil.copytree(FIXTURES / "mini" / "standards", project / "standards")
    git(project, "init", "-q", "-b", "main")
    git(project, "config", "user.name", "测试")
    git(project, "config", "user.email", "test@example.invalid")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "起点")
    commits = {}
    for name, (change, *_) in CASES.items():
        change(project)
        git(project, "commit", "-q", "-am", name)
        commits[name] = git(project, "rev-parse", "HEAD")
    return project, commits


def diff(project: Path, commit: str, fmt: str) -> str:
    run = CliRunner().invoke(main, ["diff", f"{commit}~1", commit, str(project), "--format", fmt])
    assert run.exit_code == 0, run.output
    return run.output


@pytest.mark.parametrize("name", list(CASES))
def test_each_change_is_reported_in_every_format(history: tuple[Path, dict[str, str]], name: str) -> None:
    project, commits = history
    _, text, markdown, (kind, record_id, status) = CASES[name]
    assert text in diff(project, commits[name], "text")
    assert markdown in diff(project, commits[name], "markdown")
    data = json.loads(diff(project, commits[name], "json"))
    found = [
        (change["kind"], change["new_id"] or change["old_id"], change["status"])
        for document in data["documents"]
        for change in ([document["record"]] if document["record"] else []) + document["changes"]
    ]
    assert found == [(kind, record_id, status)]


def test_head_minus_one_against_the_working_tree(history: tuple[Path, dict[str, str]]) -> None:
    """`qinglian diff HEAD~1` with the project directory as the only other argument."""
    project, _ = history
    run = CliRunner().invoke(main, ["diff", "HEAD~1", str(project)])
    assert run.exit_code == 0, run.output
    assert CASES["veto-text"][1] in run.output
