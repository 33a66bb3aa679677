"""Property tests: whatever is in standards/, `qinglian check` answers with diagnostics and exit 0 or 1.

Inputs are random YAML-like text, structural mutations of the mini fixture (keys deleted or
renamed, values swapped for other types, items duplicated) and byte-level damage (truncation,
spliced bytes, shifted indentation). Example counts are bounded and the runs derandomized, so CI is
stable; locally, raise QINGLIAN_FUZZ_EXAMPLES and set QINGLIAN_FUZZ_RANDOM=1 to search harder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qinglian.cli import main
from qinglian.core.diagnostics import Diagnostic, format_json, format_text
from qinglian.core.pipeline import check

from .conftest import FILES, MINI, YAMLISH_TEXT, damage

EXAMPLES = int(os.environ.get("QINGLIAN_FUZZ_EXAMPLES", "300"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="QINGLIAN_FUZZ_RANDOM" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ANY_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6,
)


def run(files: dict[str, bytes]) -> list[Diagnostic]:
    """Check a copy of mini with `files` replaced; assert the CLI contract; return the diagnostics."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "p"
        shutil.copytree(MINI, project)
        for relative, content in files.items():
            (project / relative).write_bytes(content)
        _, diagnostics = check(project)
        format_text(diagnostics), format_json(diagnostics)  # formatting must not fail either
        result = CliRunner().invoke(main, ["check", str(project)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert result.exit_code in (0, 1)
        assert str(project) not in result.stdout
    return diagnostics


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `data`."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, path + (index,))
    return found


def _mutate(data: Any, draw: Callable[..., Any]) -> Any:
    places = [place for place in _places(data) if place]
    if not places:
        return draw(ANY_VALUE)
    place = draw(st.sampled_from(places))
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    action = draw(st.sampled_from(["delete", "rename", "replace", "duplicate"]))
    if action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(last)
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    else:
        parent[last] = draw(ANY_VALUE)
    return data


@FUZZ
@given(st.sampled_from(FILES), YAMLISH_TEXT)
def test_yamlish_text_never_crashes(relative: str, text: str) -> None:
    diagnostics = run({relative: text.encode("utf-8", errors="surrogatepass")})
    assert all(d.file.startswith("standards/") for d in diagnostics)


@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_mutated_records_never_crash(relative: str, data: st.DataObject) -> None:
    content = yaml.safe_load((MINI / relative).read_text(encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        content = _mutate(content, data.draw)
    text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    run({relative: text.encode("utf-8", errors="surrogatepass")})


@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_damaged_bytes_never_crash(relative: str, data: st.DataObject) -> None:
    run({relative: damage((MINI / relative).read_bytes(), data.draw)})


def test_mutations_do_reach_the_rules() -> None:
    """Guards the fuzzers above against testing only the YAML parser: a typical mutation of a
    record gets past loading and is judged by validation or the rules."""
    content = yaml.safe_load((MINI / "standards/units/school.yaml").read_text(encoding="utf-8"))
    content["dimensions"][0]["indicators"][0]["points"] = "六"
    diagnostics = run({"standards/units/school.yaml": yaml.safe_dump(content, allow_unicode=True).encode()})
    assert [d.path for d in diagnostics] == ["dimensions[0].indicators[0].points"]
