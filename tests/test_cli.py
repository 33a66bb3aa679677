"""The `qinglian check` and `qinglian schema` commands through click's runner: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from qinglian.cli import main

from .conftest import edit

TEN_MISTAKES = [
    ("standards/units/school.yaml", "points: 4\n        responsible", "points: 3\n        responsible"),
    ("standards/checklists/school-four-duties.yaml", "responsibility: first", "responsibility: frist"),
    ("standards/procedures/clue-handover.yaml", "inputs: [ch-doc-list]", "inputs: [ch-doc-lst]"),
    ("standards/procedures/clue-handover.yaml", "    actor: commission", "    actor: org-dept"),
    ("standards/procedures/clue-handover.yaml", "next: [ch-intake]", "next: [ch-intak]"),
    ("standards/roles.yaml", "- id: inspection-office", "- id: Inspection-Office"),
    ("standards/glossary.yaml", "related: [sizhe-xietong]", "related: sizhe-xietong"),
    ("standards/handbooks.yaml", "units: [school]", "units: [school]\n  units: [school]"),
    ("standards/sources.yaml", "kind: news", "kind: newspaper"),
    ("standards/units/school.yaml", "  bonus_cap: 2", "  bonus_cap: 1"),
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_check_valid_project_exits_0(mini: Path) -> None:
    code, output = run("check", str(mini))
    assert (code, output) == (0, "检查通过，未发现问题\n")


def test_check_reports_all_ten_mistakes_in_one_run(mini: Path) -> None:
    for file, old, new in TEN_MISTAKES:
        edit(mini, file, old, new)
    code, output = run("check", str(mini), "--format", "json")
    assert code == 1
    found = {(d["file"], d["line"], d["column"], d["path"]) for d in json.loads(output)}
    assert found >= {
        ("standards/units/school.yaml", 23, 13, "dimensions[0].points"),
        ("standards/checklists/school-four-duties.yaml", 19, 21, "aspects[1].responsibility"),
        ("standards/procedures/clue-handover.yaml", 30, 14, "steps[2].inputs[0]"),
        ("standards/procedures/clue-handover.yaml", 28, 12, "steps[2].actor"),
        ("standards/procedures/clue-handover.yaml", 25, 12, "steps[1].next[0]"),
        ("standards/roles.yaml", 10, 7, "[3].id"),
        ("standards/glossary.yaml", 9, 12, "[1].related"),
        ("standards/handbooks.yaml", 5, 3, ""),
        ("standards/sources.yaml", 3, 9, "[0].kind"),
        ("standards/units/school.yaml", 19, 3, "bonus"),
    }


def test_check_json_objects_have_every_field(mini: Path) -> None:
    edit(mini, "standards/sources.yaml", "kind: news", "kind: newspaper")
    code, output = run("check", str(mini), "--format", "json")
    assert code == 1
    assert json.loads(output) == [
        {
            "file": "standards/sources.yaml",
            "line": 3,
            "column": 9,
            "severity": "error",
            "path": "[0].kind",
            "message": "取值 'newspaper' 无效",
            "hint": "是否应为 'news'？",
        }
    ]


def test_check_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("check", str(tmp_path / "nowhere"))
    assert code == 2
    assert "找不到目录" in output


def test_unknown_option_is_a_usage_error(mini: Path) -> None:
    code, _ = run("check", str(mini), "--format", "xml")
    assert code == 2


def test_schema_writes_one_schema_per_file_kind(tmp_path: Path) -> None:
    code, _ = run("schema", "-o", str(tmp_path))
    assert code == 0
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        f"{kind}.schema.json"
        for kind in sorted(["checklists", "glossary", "handbooks", "procedures", "roles", "sources", "units"])
    ]
    unit = json.loads((tmp_path / "units.schema.json").read_text(encoding="utf-8"))
    indicator = unit["$defs"]["Indicator"]
    assert indicator["additionalProperties"] is False
    assert indicator["properties"]["points"]["title"] == "分值"
    assert indicator["required"] == ["id", "points"]  # v2: requirement may give way to items, responsible is optional
    timelimit = json.loads((tmp_path / "procedures.schema.json").read_text(encoding="utf-8"))["$defs"]["TimeLimit"]
    assert "from" in timelimit["properties"]
