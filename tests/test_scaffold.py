"""`qinglian new`: skeletons whose placeholders `qinglian check` reports until replaced, with their
JSON Schemas, never overwriting; the pre-commit hook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.pipeline import check

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    "kind, folder", [("unit", "units"), ("checklist", "checklists"), ("procedure", "procedures")]
)
def test_new_file_checks_clean_once_its_placeholders_are_replaced(mini: Path, kind: str, folder: str) -> None:
    run = CliRunner().invoke(main, ["new", kind, "new-thing", str(mini)])
    assert run.exit_code == 0, run.output
    path = mini / "standards" / folder / "new-thing.yaml"
    assert run.output.startswith(f"已创建 standards/{folder}/new-thing.yaml\n")
    assert "责任主体暂填为角色 school-party-org" in run.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schemas/{folder}.schema.json"
    assert yaml.safe_load(text)["id"] == "new-thing"
    corpus, diagnostics = check(mini)
    assert corpus is None and diagnostics
    assert all(d.message.startswith("仍是占位文字“") for d in diagnostics), diagnostics
    path.write_text(re.sub(r"(: *)\S*请填写.*", r"\1实际内容", text), encoding="utf-8")
    corpus, diagnostics = check(mini)
    assert diagnostics == [] and corpus is not None
    assert corpus.kind_of("new-thing") == kind
    assert CliRunner().invoke(main, ["check", str(mini)]).exit_code == 0


def test_new_unit_names_every_placeholder(mini: Path) -> None:
    assert CliRunner().invoke(main, ["new", "unit", "hospital", str(mini)]).exit_code == 0
    output = CliRunner().invoke(main, ["check", str(mini)]).output
    assert output == (
        "standards/units/hospital.yaml:3:8: 错误: title: 仍是占位文字“清廉××建设标准（请填写名称）”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:4:12: 错误: unit_type: 仍是占位文字“××（请填写单元类型，如 学校）”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:5:10: 错误: edition: 仍是占位文字“草案（请填写版次，如 2025 试行）”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:9:10: 错误: summary: 仍是占位文字“请填写概述，用一两句话说明本标准的适用范围和评价方式。”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:27:12: 错误: dimensions[0].title: 仍是占位文字“请填写一级指标名称”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:32:16: 错误: dimensions[0].indicators[0].title: 仍是占位文字“请填写二级指标名称”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "standards/units/hospital.yaml:33:22: 错误: dimensions[0].indicators[0].requirement: 仍是占位文字“请填写评价要点，即具体要求。”\n"
        "  提示: 这是 qinglian new 生成的骨架中的占位文字，请改为实际内容\n"
        "共 7 个错误，0 个警告\n"
    )


def test_the_schema_line_works_out_of_the_box(mini: Path) -> None:
    """`new` writes the schemas its first line names; they find the same placeholders as check."""
    assert not (mini / "schemas").exists()
    run = CliRunner().invoke(main, ["new", "procedure", "p", str(mini)])
    assert "已生成 schemas/ 中的 JSON Schema，编辑器据此补全和校验\n" in run.output
    path = mini / "standards" / "procedures" / "p.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    schema_file = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert schema_file == (mini / "schemas" / "procedures.schema.json").resolve()
    validator = jsonschema.Draft202012Validator(json.loads(schema_file.read_text(encoding="utf-8")))
    flagged = sorted("/".join(map(str, error.absolute_path)) for error in validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
    assert flagged == ["category", "steps/0/action", "steps/0/title", "steps/1/action", "steps/1/title", "summary", "title"]
    again = CliRunner().invoke(main, ["new", "checklist", "c", str(mini)])
    assert "schemas/" not in again.output  # already there and up to date


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


@pytest.mark.parametrize(
    "kind, folder, fields",
    [
        ("unit", "units", ["number", "date", "veto_intro", "bars", "max", "deductions", "items", "pass"]),
        ("checklist", "checklists", ["number", "date", "frequency"]),
        ("procedure", "procedures", ["number", "date", "from_event", "from", "typical", "note", "frequency"]),
    ],
)
def test_optional_v2_fields_are_comments_that_check_clean_when_switched_on(
    mini: Path, kind: str, folder: str, fields: list[str]
) -> None:
    assert CliRunner().invoke(main, ["new", kind, "new-thing", str(mini)]).exit_code == 0
    path = mini / "standards" / folder / "new-thing.yaml"
    text = path.read_text(encoding="utf-8")
    switched_on = re.sub(r"(?m)^(\s*)# ( *)(?=[a-z_]+:|- )", r"\1\2", text)
    for field in fields:
        assert re.search(rf"(?m)^\s*# .*\b{field}:", text), field  # offered, but off
        assert re.search(rf"(?m)^[^#]*\b{field}:", switched_on), field
    path.write_text(switched_on.replace("请填写", ""), encoding="utf-8")  # the editor's own words
    assert check(mini)[1] == []
