"""`qinglian new`: skeletons that pass `qinglian check`, never overwriting; the pre-commit hook."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.pipeline import check

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "kind, folder", [("unit", "units"), ("checklist", "checklists"), ("procedure", "procedures")]
)
def test_new_file_passes_check(mini: Path, kind: str, folder: str) -> None:
    run = CliRunner().invoke(main, ["new", kind, "new-thing", str(mini)])
    assert run.exit_code == 0, run.output
    path = mini / "standards" / folder / "new-thing.yaml"
    assert run.output.startswith(f"已创建 standards/{folder}/new-thing.yaml\n")
    assert "责任主体暂填为角色 school-party-org" in run.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json"
    assert yaml.safe_load(text)["id"] == "new-thing"
    corpus, diagnostics = check(mini)
    assert diagnostics == [] and corpus is not None
    assert corpus.kind_of("new-thing") == kind
    assert CliRunner().invoke(main, ["check", str(mini)]).exit_code == 0


def test_new_never_overwrites(mini: Path) -> None:
    path = mini / "standards" / "units" / "school.yaml"
    before = path.read_bytes()
    run = CliRunner().invoke(main, ["new", "unit", "school", str(mini)])
    assert run.exit_code == 2
    assert run.output == "错误: standards/units/school.yaml 已存在，不会覆盖；请换一个 id，或直接编辑该文件\n"
    assert path.read_bytes() == before


def test_new_refuses_an_id_in_use(mini: Path) -> None:
    run = CliRunner().invoke(main, ["new", "checklist", "school", str(mini)])
    assert (run.exit_code, run.output) == (2, "错误: id 'school' 或其下的条目 id 已被使用，请换一个 id\n")
    assert not (mini / "standards" / "checklists" / "school.yaml").exists()


def test_new_refuses_a_bad_id(mini: Path) -> None:
    run = CliRunner().invoke(main, ["new", "unit", "New_Unit", str(mini)])
    assert run.exit_code == 2
    assert run.output.startswith("错误: id 'New_Unit' 格式不正确")


def test_new_without_roles_names_the_placeholder(tmp_path: Path) -> None:
    (tmp_path / "standards").mkdir()
    run = CliRunner().invoke(main, ["new", "procedure", "p", str(tmp_path)])
    assert run.exit_code == 0
    assert "请把 todo-role 换成 standards/roles.yaml 中已有的角色 id" in run.output
    assert "actor: todo-role" in (tmp_path / "standards" / "procedures" / "p.yaml").read_text(encoding="utf-8")


def test_new_outside_a_project_is_a_usage_error(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["new", "unit", "u", str(tmp_path / "nowhere")])
    assert run.exit_code == 2
    assert "找不到目录" in run.output


def test_pre_commit_hook_checks_the_staged_content() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook == {
        "id": "qinglian-check",
        "name": "qinglian check（检查即将提交的标准数据）",
        "description": "检查 git 暂存区中的 standards/ 和 content/（即将提交的版本），有错误时阻止提交；未跟踪的草稿不影响",
        "entry": "qinglian check --staged",
        "language": "python",
        "pass_filenames": False,
        "files": "^(standards|content)/",
    }
