"""The type matrix: every scalar field of every kind of record, given a value of every YAML type,
either checks clean and renders every output (pages, PDF handbooks, xlsx, JSON), or gets an
error at that field. Never a traceback.

The v2 fixture holds a record of every model; fields it leaves out are added to the first record
of their model. Values that pass are applied together, one corpus per value, and built once.
"""

from __future__ import annotations

import copy
import functools
import shutil
import typing
from pathlib import Path
from typing import get_origin

import pytest
import yaml
from pydantic import BaseModel
from qinglian.core.diagnostics import Severity, format_text
from qinglian.core.fields import inner_model
from qinglian.core.kinds import file_kind
from qinglian.core.load import LoadResult, Loc, format_loc, load
from qinglian.core.pipeline import check, read_corpus
from qinglian.core.resolve import resolve
from qinglian.core.rules import check_rules
from qinglian.core.validate import validate
from qinglian.render.producers import render_site
from qinglian.render.settings import Settings
from qinglian.render.site.page import SitePage

from .conftest import FIXTURES, edit

V2 = FIXTURES / "v2"
# value kind -> the value as written in YAML
VALUES = {
    "int": "2022",
    "float": "1.5",
    "bool": "true",
    "null": "~",
    "date": "2022-08-29",
    "octal-looking": "020",
    "full-width digits": "２０",
    "empty string": "''",
}
RAW = "QINGLIAN-RAW-VALUE"


class Field(typing.NamedTuple):
    file: str  # relative to the project
    loc: Loc  # of the record holding the field, in the file
    key: str

    @property
    def path(self) -> str:
        return format_loc(self.loc + (self.key,))


@functools.cache
def fields() -> tuple[Field, ...]:
    """Every scalar field of every model, at the first record of its model in the v2 corpus."""
    found: dict[tuple[type[BaseModel], str], Field] = {}
    for source in load(V2).files:
        model = file_kind(source.kind).model
        records = list(enumerate(source.data)) if isinstance(source.data, list) else [(None, source.data)]
        for index, data in records:
            _walk(model, data, () if index is None else (index,), source.path, found)
    return tuple(found.values())


def _walk(model: type[BaseModel], data: object, loc: Loc, file: str, found: dict[tuple[type[BaseModel], str], Field]) -> None:
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        key = info.alias or name
        inner = inner_model(info.annotation)
        value = data.get(key)
        if _scalar(info.annotation):
            found.setdefault((model, key), Field(file, loc, key))
        if inner is not None:
            for index, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
                _walk(inner, item, loc + ((key,) if index is None else (key, index)), file, found)


def _scalar(annotation: object) -> bool:
    """A field that takes a text, a number or true/false (also one that takes a list instead)."""
    if get_origin(annotation) is list:
        return False
    return not (isinstance(annotation, type) and issubclass(annotation, BaseModel))


@functools.cache
def _base() -> LoadResult:
    return load(V2)


def _text(changes: list[tuple[Field, str]], file: str) -> str:
    """The YAML text of `file` with each of its changed fields set to its raw value."""
    data = copy.deepcopy(next(source.data for source in _base().files if source.path == file))
    edits = [(field, value) for field, value in changes if field.file == file]
    for number, (field, _) in enumerate(edits):
        record = data
        for step in field.loc:
            record = record[step]
        record[field.key] = f"{RAW}{number}-"
    text = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    for number, (_, value) in enumerate(edits):
        text = text.replace(f"{RAW}{number}-", value)
    return text


def write(project: Path, changes: list[tuple[Field, str]]) -> None:
    """The v2 corpus in `project` with each field set to its raw YAML value."""
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(V2, project)
    for file in {field.file for field, _ in changes}:
        (project / file).write_text(_text(changes, file), encoding="utf-8")


def outcome(folder: Path, field: Field, value: str) -> str:
    """'clean', or 'error' when every error is located (a wrong sum may be reported on the total).

    The stages of `pipeline.check`, with the unchanged files read once for all fields.
    """
    shutil.rmtree(folder, ignore_errors=True)
    (folder / field.file).parent.mkdir(parents=True)
    (folder / field.file).write_text(_text([(field, value)], field.file), encoding="utf-8")
    changed = load(folder)
    files = [source for source in _base().files if source.path != field.file] + changed.files
    validated = validate(files, changed.unreadable)
    corpus, problems = resolve(validated)
    read = [d for d in changed.diagnostics if d.file == field.file]
    diagnostics = read + validated.diagnostics + problems + check_rules(corpus, report_unused=False)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    assert all(d.file and d.line > 0 for d in errors), (field, errors)
    return "error" if errors else "clean"


def test_the_matrix_covers_the_model() -> None:
    keys = {(field.file.split("/")[1], field.key) for field in fields()}
    assert len(fields()) >= 90
    for expected in (("units", "edition"), ("units", "date"), ("units", "points"), ("roles.yaml", "name"), ("handbooks.yaml", "glossary")):
        assert expected in keys


@pytest.mark.parametrize("kind", VALUES)
def test_every_field_takes_every_type_without_a_traceback(kind: str, tmp_path: Path) -> None:
    value = VALUES[kind]
    clean = [field for field in fields() if outcome(tmp_path / "one", field, value) == "clean"]
    inside = {field.loc + (field.key,) for field in clean}
    clean = [field for field in clean if not any(field.loc[:depth] in inside for depth in range(1, len(field.loc) + 1))]
    write(tmp_path / "project", [(field, value) for field in clean])
    assert [str(d) for d in check(tmp_path / "project")[1] if d.severity is Severity.ERROR] == []
    files = render_site(read_corpus(tmp_path / "project"), Settings(project_dir=tmp_path / "project"))
    assert any(path.endswith(".pdf") for path in files) and any(path.endswith(".xlsx") for path in files)


def test_a_year_as_a_number_is_its_text(mini: Path) -> None:
    """`edition: 2022` passed check and then broke the units index; it is the text 2022."""
    edit(mini, "standards/units/school.yaml", "edition: 2022 试行", "edition: 2022\ndate: 2022")
    corpus = read_corpus(mini)
    assert (corpus.units[0].edition, corpus.units[0].date) == ("2022", "2022")
    page = render_site(corpus, Settings(project_dir=mini, handbooks=False))["units/index.md"]
    assert isinstance(page, SitePage)
    assert '<td data-label="单元类型">学校</td>\n<td data-label="版次">2022</td>' in page.body


def test_loader_refusals_hide_no_other_error(mini: Path) -> None:
    """YAML 1.2 reads `on` as text; a month 13 does not exist; a refused 020 hides nothing else."""
    edit(mini, "standards/roles.yaml", "name: 巡察组", "name: on")
    edit(mini, "standards/units/school.yaml", "unit_type: 学校", 'unit_type: 学校\ndate: "2022-13"\nnumber: 2022')
    edit(mini, "standards/units/school.yaml", "    points: 10\n", "    points: 020\n")
    assert format_text(check(mini)[1]) == (
        "standards/units/school.yaml:4:7: 错误: date: 日期 2022-13 不存在：月份应为 01 至 12\n"
        "  提示: 月份为 01 至 12，日期须真实存在，如 2022-08-29\n"
        "standards/units/school.yaml:5:9: 错误: number: 应为文本，实际为整数\n"
        "  提示: 如果要写成文本，请加引号：'2022'\n"
        "standards/units/school.yaml:25:13: 错误: 数字 020 以 0 开头，YAML 会把它读作八进制数\n"
        "  提示: 去掉开头的 0，写成 20；如果是编号等文本，请加引号：'020'\n"
        "共 3 个错误，0 个警告"
    )
