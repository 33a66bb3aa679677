"""The JSON export and the export commands (the workbook itself: test_xlsx.py)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.corpus import Corpus
from qinglian.core.pipeline import read_corpus
from qinglian.export.corpus_json import corpus_document, corpus_json
from qinglian.export.xlsx import SHEET

from .conftest import edit

SECOND_DIMENSION = """\
  - id: school-clean
    title: 廉洁文化
    points: 5
    indicators:
      - id: school-clean-edu
        title: 廉洁教育
        requirement: 开展廉洁教育活动。
        points: 3
        responsible: [school-party-org]
      - id: school-clean-culture
        title: 校园廉洁文化
        requirement: 建设校园廉洁文化阵地。
        points: 2
        responsible: [school-party-org]
"""


@pytest.fixture
def big(mini: Path) -> Path:
    """The mini project with two dimensions, three levels and two veto items."""
    unit = "standards/units/school.yaml"
    edit(mini, unit, "total: 10", "total: 15")
    edit(mini, unit, "    - {name: 达标, min: 8}\n", "    - {name: 达标, min: 8}\n    - {name: 合格, min: 6}\n")
    edit(mini, unit, "veto:\n", "veto:\n  - {id: school-veto-fund, text: 发生套取挪用经费问题}\n")
    path = mini / unit
    path.write_text(path.read_text(encoding="utf-8") + SECOND_DIMENSION, encoding="utf-8")
    return mini


# --- JSON export ------------------------------------------------------------------------------


@pytest.fixture
def corpus(big: Path) -> Corpus:
    return read_corpus(big)


def _by_id(document: dict, kind: str) -> dict[str, dict]:  # type: ignore[type-arg]
    found: dict[str, dict] = {}  # type: ignore[type-arg]

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("kind") == kind and "url" in value:
                found[value["id"]] = value
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(document)
    return found


def test_json_has_every_indicator_with_its_display_number(corpus: Corpus) -> None:
    document = json.loads(corpus_json(corpus))
    assert document["format"] == "qinglian-corpus" and document["$comment"] and document["description"]
    indicators = _by_id(document, "indicator")
    assert {key: value["number"] for key, value in indicators.items()} == {
        "school-resp-study": "（一）", "school-resp-talk": "（二）",
        "school-clean-edu": "（一）", "school-clean-culture": "（二）",
    }
    assert [d["number"] for d in document["units"][0]["dimensions"]] == ["一、", "二、"]
    assert indicators["school-resp-study"]["url"] == "units/school/#school-resp-study"
    assert indicators["school-resp-study"]["frequency"] == {"min": 4, "per": "year", "text": "每年不少于4次"}
    assert [s["number"] for s in document["procedures"][0]["steps"]][:2] == ["1.", "2."]


def test_json_links_tasks_and_indicators_both_ways_and_lists_role_duties(corpus: Corpus) -> None:
    document = corpus_document(corpus)
    indicators, tasks = _by_id(document, "indicator"), _by_id(document, "task")
    assert indicators["school-resp-study"]["linked_tasks"] == ["school-list-study"]  # declared on the task
    assert tasks["school-list-talk"]["linked_indicators"] == ["school-resp-talk"]  # declared on the indicator
    roles = {role["id"]: role for role in document["roles"]}
    assert roles["school-secretary"]["duties"]["indicators"] == ["school-resp-talk"]
    assert roles["school-secretary"]["duties"]["tasks_lead"] == ["school-list-talk"]
    assert roles["school-party-org"]["duties"]["tasks_assist"] == ["school-list-talk"]
    assert roles["commission"]["duties"]["steps"] and roles["commission"]["duties"]["procedures"] == ["clue-handover"]
    term = next(t for t in document["terms"] if t["id"] == "sizhe-xietong")
    assert {"id": "school-resp-study", "kind": "indicator", "field": "terms"} in term["referenced_by"]


def test_json_is_deterministic(corpus: Corpus) -> None:
    assert corpus_json(corpus) == corpus_json(corpus)
    assert corpus_json(corpus).endswith("}\n")


# --- the commands -----------------------------------------------------------------------------


def test_export_json_writes_the_file(big: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "corpus.json"
    result = CliRunner().invoke(main, ["export", "json", str(big), "-o", str(target)])
    assert (result.exit_code, result.output) == (0, f"已写入 {target}\n")
    assert json.loads(target.read_text(encoding="utf-8"))["units"][0]["id"] == "school"


def test_export_xlsx_defaults_to_the_only_unit(big: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", "xlsx", str(big)])
    assert (result.exit_code, result.output) == (0, "已写入 school.xlsx\n")
    assert openpyxl.load_workbook(tmp_path / "school.xlsx")[SHEET]["A1"].value == "清廉学校建设标准自评表"


def test_export_xlsx_names_a_mistyped_unit(big: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "xlsx", "--unit", "schol", str(big), "-o", str(tmp_path / "x.xlsx")])
    assert (result.exit_code, result.output) == (2, "错误: 没有 id 为 'schol' 的单元标准。是否应为 'school'？\n")
    assert not (tmp_path / "x.xlsx").exists()


def test_export_xlsx_asks_which_unit_when_there_are_several(big: Path) -> None:
    unit = (big / "standards/units/school.yaml").read_text(encoding="utf-8")
    copy = unit.replace("id: school\n", "id: college\n", 1).replace("school-", "college-")
    (big / "standards/units/college.yaml").write_text(copy.replace("college-party-org", "school-party-org").replace("college-secretary", "school-secretary").replace("college-list-talk", "school-list-talk"), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "xlsx", str(big)])
    assert (result.exit_code, result.output) == (2, "错误: 标准库中有 2 个单元标准，请用 --unit 指定其一：college、school\n")


def test_compact_site_copy_holds_the_same_document(corpus: Corpus) -> None:
    assert json.loads(corpus_json(corpus, compact=True)) == json.loads(corpus_json(corpus))
    assert "\n " not in corpus_json(corpus, compact=True)


def test_kind_and_url_mean_the_same_for_every_record_a_sources_own_are_kept_apart(corpus: Corpus) -> None:
    document = corpus_document(corpus)
    assert document["version"] == 2
    for section, kind in (("units", "unit"), ("checklists", "checklist"), ("procedures", "procedure"),
                          ("roles", "role"), ("terms", "term"), ("sources", "source"), ("handbooks", "handbook")):
        assert {record["kind"] for record in document[section]} <= {kind}, section
    own = {source["id"]: source.get("source_kind") for source in document["sources"]}
    assert own == {source.id: source.kind for source in corpus.sources}
    assert all(kind is not None for kind in own.values())
    assert all(source["url"] == f"sources/#{source['id']}" for source in document["sources"])
