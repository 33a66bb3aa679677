"""The editors' JSON Schemas and `qinglian check` agree on every record of every fixture.

Each record (a list item, or the whole file) is valid by its schema exactly when validation
reports no error in it, except for the rules a schema cannot express; those are listed here and
in the README. Files the loader refuses (syntax, encoding, 020, aliases) have no data to compare.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jsonschema
import pytest
from qinglian.core.diagnostics import Diagnostic
from qinglian.core.load import SourceFile, load
from qinglian.core.schema import schemas
from qinglian.core.validate import validate

from .conftest import FIXTURES

# Rules `check` applies while validating that a JSON Schema cannot express (see the README).
NOT_IN_SCHEMA = (
    "最多保留两位小数",  # multipleOf 0.01 fails on binary fractions: 0.29 / 0.01 = 28.999999999999996
    "min 不能大于 max",  # a comparison of two values
    "月只有",  # a calendar date: 2022-02-30 (months and day numbers are in the pattern)
    "与文件名",  # the id of a unit, checklist or procedure is its file's name
)
PROJECTS = sorted({path.parent.parent for path in FIXTURES.rglob("standards/*.yaml")})


@functools.cache
def validators() -> dict[str, jsonschema.Draft202012Validator]:
    return {name.removesuffix(".schema.json"): jsonschema.Draft202012Validator(schema) for name, schema in schemas().items()}


def records(source: SourceFile) -> list[tuple[str, object]]:
    """(prefix of the diagnostics' paths, data) of each record of the file."""
    if isinstance(source.data, list):
        return [(f"[{index}]", item) for index, item in enumerate(source.data)]
    return [("", source.data)]


def in_record(diagnostic: Diagnostic, prefix: str) -> bool:
    if not prefix:
        return True
    return diagnostic.path == prefix or diagnostic.path.startswith((prefix + ".", prefix + "["))


def disagreements(project: Path) -> list[str]:
    loaded = load(project)
    refused = {diagnostic.file for diagnostic in loaded.diagnostics}
    files = [source for source in loaded.files if source.path not in refused]
    found = validate(files).diagnostics
    problems = []
    for source in files:
        validator = validators()[source.kind]
        schema_errors = list(validator.iter_errors(source.data))
        for prefix, _ in records(source):
            index = int(prefix[1:-1]) if prefix else None
            by_schema = [e.message for e in schema_errors if index is None or (e.absolute_path and e.absolute_path[0] == index)]
            by_check = [
                d.message for d in found
                if d.file == source.path and d.severity.value == "error" and in_record(d, prefix)
                and not any(rule in d.message for rule in NOT_IN_SCHEMA)
            ]
            if bool(by_schema) != bool(by_check):
                problems.append(f"{project.relative_to(FIXTURES)}/{source.path}{prefix}: schema {by_schema[:2]} check {by_check[:2]}")
    return problems


@pytest.mark.parametrize("project", PROJECTS, ids=lambda path: str(path.relative_to(FIXTURES)))
def test_schema_and_check_agree(project: Path) -> None:
    assert disagreements(project) == []


def test_there_are_enough_projects() -> None:
    assert len(PROJECTS) >= 100
