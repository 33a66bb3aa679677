"""`qinglian rename`: every reference follows, the rest of each file stays byte for byte, old ids
keep working (check hints, site anchors, forwarding pages) and `diff` reports a rename."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.revisions.editions import compare_editions

from .conftest import FIXTURES, edit, serve_folder

ROLES, UNIT = "standards/roles.yaml", "standards/units/school.yaml"
LIST, PROC = "standards/checklists/school-four-duties.yaml", "standards/procedures/clue-handover.yaml"


def run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, list(args))
    return done.exit_code, done.output


def texts(project: Path) -> dict[str, str]:
    return {
        path.relative_to(project).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(project.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(mini: Path) -> Path:
    """The mini project with a comment, a quoted reference and a page linking to records."""
    edit(mini, ROLES, "- id: school-secretary\n", "# 书记 school-secretary 的说明\n- id: school-secretary  # 书记\n")
    edit(mini, LIST, "lead: [school-secretary]", 'lead: ["school-secretary"]')
    (mini / "content").mkdir()
    (mini / "content" / "index.md").write_text(
        "见[专题研究](units/school.md#school-resp-study)和[书记](roles/school-secretary.md)。\n"
        "另见 #school-resp-studying 与 [移交](procedures/clue-handover.md#ch-route)。\n",
        encoding="utf-8",
    )
    return mini


def test_renaming_a_role_changes_only_the_id(project: Path) -> None:
    before = texts(project)
    code, output = run("rename", "school-secretary", "school-head", str(project))
    assert code == 0, output
    assert output == (
        "已将 'school-secretary' 更名为 'school-head'，修改了 2 处引用，涉及 4 个文件：\n"
        "  content/index.md\n  standards/checklists/school-four-duties.yaml\n"
        "  standards/roles.yaml\n  standards/units/school.yaml\n"
    )
    after = texts(project)
    expected = {path: text.replace("school-secretary", "school-head") for path, text in before.items()}
    expected[ROLES] = before[ROLES].replace(
        "- id: school-secretary  # 书记\n", "- id: school-head  # 书记\n  replaces: school-secretary\n"
    )
    expected["content/index.md"] = before["content/index.md"].replace("roles/school-secretary.md", "roles/school-head.md")
    assert after == expected
    assert run("check", str(project)) == (0, "检查通过，未发现问题\n")


def test_renaming_an_indicator_and_a_step(project: Path) -> None:
    assert run("rename", "school-resp-study", "school-resp-meeting", str(project))[0] == 0
    assert run("rename", "ch-route", "ch-transfer", str(project))[0] == 0
    unit, proc = (project / UNIT).read_text(encoding="utf-8"), (project / PROC).read_text(encoding="utf-8")
    assert "      - id: school-resp-meeting\n        replaces: school-resp-study\n        title: 专题研究部署\n" in unit
    assert "indicators: [school-resp-meeting]" in (project / LIST).read_text(encoding="utf-8")
    assert "  - id: ch-transfer\n    replaces: ch-route\n    title: 移交\n" in proc
    assert "{when: 属于问题线索, next: ch-transfer}" in proc
    assert (project / "content" / "index.md").read_text(encoding="utf-8") == (
        "见[专题研究](units/school.md#school-resp-meeting)和[书记](roles/school-secretary.md)。\n"
        "另见 #school-resp-studying 与 [移交](procedures/clue-handover.md#ch-transfer)。\n"
    )
    assert run("check", str(project)) == (0, "检查通过，未发现问题\n")
    diff = compare_editions(project, str(FIXTURES / "mini"), str(project))
    renamed = {(c.old_id, c.new_id): c.status for c in diff.changes() if "renamed" in c.status}
    assert renamed == {("school-resp-study", "school-resp-meeting"): ("renamed",), ("ch-route", "ch-transfer"): ("renamed",)}


def test_a_record_in_a_flow_mapping_and_a_unit_file(project: Path) -> None:
    assert run("rename", "ch-doc-list", "ch-doc-handover", str(project))[0] == 0
    assert "  - {id: ch-doc-handover, replaces: ch-doc-list, title: 问题线索移交清单}\n" in (project / PROC).read_text(encoding="utf-8")
    code, output = run("rename", "school", "school-x", str(project))
    assert code == 0, output
    assert "文件 standards/units/school.yaml 已改名为 standards/units/school-x.yaml（id 必须与文件名一致）；网站在旧网址保留一个跳转页\n" in output
    assert not (project / UNIT).exists()
    assert (project / "standards/units/school-x.yaml").read_text(encoding="utf-8").startswith("id: school-x\nreplaces: school\ntitle:")
    assert "units: [school-x]" in (project / "standards/handbooks.yaml").read_text(encoding="utf-8")
    assert "(units/school-x.md#school-resp-study)" in (project / "content" / "index.md").read_text(encoding="utf-8")
    assert run("check", str(project)) == (0, "检查通过，未发现问题\n")


def test_line_endings_and_other_bytes_are_kept(tmp_path: Path) -> None:
    project = tmp_path / "crlf"
    shutil.copytree(FIXTURES / "valid" / "crlf-line-endings", project)
    before = (project / ROLES).read_bytes()
    assert run("rename", "school-secretary", "school-head", str(project))[0] == 0
    after = (project / ROLES).read_bytes()
    assert after == before.replace(b"- id: school-secretary\r\n", b"- id: school-head\r\n  replaces: school-secretary\r\n")


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("school-secretary", "school-party-org", "错误: id 'school-party-org' 已被角色使用（standards/roles.yaml:1），请另选一个 id\n"),
        ("school-secretry", "school-head", "错误: 找不到 id 'school-secretry'；是否应为 'school-secretary'？\n"),
        ("nobody", "school-head", "错误: 找不到 id 'nobody'\n"),
        ("school-secretary", "School_Head", "错误: 'School_Head' 不是有效的 id：只能由小写字母、数字和连字符组成，以字母开头，不超过 64 个字符\n"),
        ("school-secretary", "school-secretary", "错误: 新 id 与旧 id 相同：'school-secretary'\n"),
    ],
)
def test_refusals_change_nothing(project: Path, old: str, new: str, message: str) -> None:
    before = texts(project)
    assert run("rename", old, new, str(project)) == (2, message)
    assert texts(project) == before


def test_old_ids_are_refused_and_hinted_after_a_rename(project: Path) -> None:
    assert run("rename", "school-secretary", "school-head", str(project))[0] == 0
    assert run("rename", "school-secretary", "x", str(project)) == (2, "错误: 找不到 id 'school-secretary'：它已更名为 'school-head'\n")
    assert run("rename", "school-party-org", "school-secretary", str(project)) == (
        2, "错误: id 'school-secretary' 是 'school-head' 的旧 id（replaces），不能再使用，请另选一个 id\n"
    )
    edit(project, UNIT, "responsible: [school-head]", "responsible: [school-secretary]")
    code, output = run("check", str(project))
    assert code == 1
    assert "错误: dimensions[0].indicators[1].responsible[0]: 引用了不存在的角色 'school-secretary'\n  提示: 已更名为 'school-head'\n" in output


def test_an_old_step_id_is_hinted_in_its_procedure(project: Path) -> None:
    assert run("rename", "ch-route", "ch-transfer", str(project))[0] == 0
    edit(project, PROC, "next: ch-transfer}", "next: ch-route}")
    code, output = run("check", str(project))
    assert code == 1
    assert "本程序中没有环节 'ch-route'\n  提示: 已更名为 'ch-transfer'\n" in output


SITE_CONFIG = """\
site_name: 测试
docs_dir: content
strict: true
plugins:
  - qinglian:
      handbooks: false
markdown_extensions: [tables, attr_list, md_in_html, admonition]
"""


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project, a role, an indicator and a step renamed, built (strict)."""
    from qinglian.mkdocs.build import build

    project = tmp_path_factory.mktemp("renamed") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    (project / "content").mkdir()
    (project / "content" / "index.md").write_text("[专题研究](units/school.md#school-resp-study)\n", encoding="utf-8")
    for old, new in (("school-secretary", "school-head"), ("school-resp-study", "school-resp-meeting"), ("ch-route", "ch-transfer")):
        assert run("rename", old, new, str(project))[0] == 0
    (project / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    return build(project)


def test_old_addresses_resolve_in_the_built_site(renamed_site: Path) -> None:
    unit = (renamed_site / "units" / "school" / "index.html").read_text(encoding="utf-8")
    assert '<span id="school-resp-study"></span>' in unit and 'id="school-resp-meeting"' in unit
    procedure = (renamed_site / "procedures" / "clue-handover" / "index.html").read_text(encoding="utf-8")
    assert '<span id="ch-transfer"></span><span id="ch-route"></span>' in procedure
    forward = (renamed_site / "roles" / "school-secretary" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../school-head/" id="ql-moved">学校党组织书记</a>' in forward
    assert 'location.replace(a.href.split("#")[0]+location.hash)' in forward
    assert (renamed_site / "roles" / "school-head" / "index.html").is_file()


@pytest.mark.browser
def test_an_old_bookmark_lands_on_the_record(browser, renamed_site: Path) -> None:  # type: ignore[no-untyped-def]
    """In a browser: the old role address forwards, keeping the anchor; an old anchor scrolls."""
    with serve_folder(renamed_site) as base:
        page = browser.new_page()
        page.goto(base + "roles/school-secretary/#calendar")
        page.wait_for_url(base + "roles/school-head/#calendar")
        assert page.locator("h1").first.inner_text() == "学校党组织书记"
        page.goto(base + "units/school/#school-resp-study")
        assert page.evaluate("document.getElementById('school-resp-study').closest('h3').id") == "school-resp-meeting"
        page.close()


def test_v2_references_in_lists_and_anchors(tmp_path: Path) -> None:
    """Joint actors, parallel branch targets and `from: {step: ...}` follow a rename too."""
    project = tmp_path / "v2"
    shutil.copytree(FIXTURES / "v2", project)
    procedure = "standards/procedures/report-handling.yaml"
    before = (project / procedure).read_text(encoding="utf-8")
    for old, new in (("rh-receive", "rh-register"), ("letters-office", "petition-office"), ("rh-notify", "rh-inform")):
        code, output = run("rename", old, new, str(project))
        assert code == 0, output
    after = (project / procedure).read_text(encoding="utf-8")
    expected = before.replace("rh-receive", "rh-register").replace("letters-office", "petition-office").replace("rh-notify", "rh-inform")
    expected = expected.replace("  - id: rh-register\n", "  - id: rh-register\n    replaces: rh-receive\n")
    expected = expected.replace("  - id: rh-inform\n", "  - id: rh-inform\n    replaces: rh-notify\n")
    assert after == expected
    assert "from: {step: rh-register, at: start}" in after and "next: [rh-verify, rh-inform]" in after
    assert run("check", str(project)) == (0, "检查通过，未发现问题\n")
