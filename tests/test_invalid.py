"""Hostile and broken input: every case gets its exact diagnostics, exit 1, and no traceback.

The cases live in tests/fixtures/invalid/<case>/ (made by tests/fixtures/make_invalid.py); each
`expected.txt` is the exact `qinglian check` output, a golden file (see `golden` in conftest.py).
The pathological ones also run in a child process with a time limit and an address-space limit,
so a hang or a memory blow-up fails the test instead of the machine.
"""

from __future__ import annotations

import filecmp
import gc
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.core.pipeline import check

from .conftest import FIXTURES, ROOT, Golden

INVALID = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())
VALID = sorted(path for path in (FIXTURES / "valid").iterdir() if path.is_dir())
CHILD_SECONDS = 10  # each takes ~0.2 s; the margin is for a loaded CI machine. An expanded bomb never ends
CHILD_MEMORY = 256 * 1024 * 1024  # each needs < 60 MB


def run_check(project: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stdout


def run_child(project: Path) -> subprocess.CompletedProcess[str]:
    """`qinglian check project` in a child limited to CHILD_SECONDS and CHILD_MEMORY."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))

    return subprocess.run(
        [sys.executable, "-m", "qinglian", "check", str(project)],
        capture_output=True, text=True, timeout=CHILD_SECONDS, preexec_fn=limit, cwd=ROOT, check=False,
    )


def test_there_are_enough_cases() -> None:
    assert len(INVALID) >= 40


@pytest.mark.parametrize("case", INVALID, ids=lambda path: path.name)
def test_invalid_case(case: Path, golden: Golden) -> None:
    code, output = run_check(case)
    golden(case / "expected.txt", output)
    assert code == 1
    assert "Traceback" not in output and "错误" in output


@pytest.mark.parametrize("case", VALID, ids=lambda path: path.name)
def test_valid_case(case: Path, golden: Golden) -> None:
    code, output = run_check(case)
    golden(case / "expected.txt", output)
    assert code == 0


def test_fixtures_match_their_generator(tmp_path: Path) -> None:
    """The committed case folders are exactly what make_invalid.py produces."""
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_invalid
    finally:
        sys.path.remove(str(FIXTURES))
    make_invalid.make(tmp_path)
    for group in ("invalid", "valid"):
        made = sorted(path.name for path in (tmp_path / group).iterdir())
        assert made == sorted(path.name for path in (FIXTURES / group).iterdir())
        for name in made:
            _assert_same_tree(tmp_path / group / name / "standards", FIXTURES / group / name / "standards")


def _assert_same_tree(made: Path, committed: Path) -> None:
    comparison = filecmp.dircmp(made, committed)
    assert not (comparison.left_only or comparison.right_only or comparison.funny_files), committed
    _, mismatch, errors = filecmp.cmpfiles(made, committed, comparison.common_files, shallow=False)
    assert not (mismatch or errors), (committed, mismatch, errors)
    for sub in comparison.common_dirs:
        _assert_same_tree(made / sub, committed / sub)


@pytest.mark.parametrize("case", ["alias-bomb", "deep-nesting"])
def test_pathological_case_is_bounded(case: Path) -> None:
    project = FIXTURES / "invalid" / case
    child = run_child(project)
    assert (child.returncode, child.stdout) == (1, (project / "expected.txt").read_text(encoding="utf-8"))
    assert child.stderr == ""


def test_runaway_nesting_is_refused_by_the_parser(mini: Path) -> None:
    """Far beyond MAX_DEPTH: libyaml stops at its own limit; no RecursionError, no crash."""
    with open(mini / "standards/glossary.yaml", "a", encoding="utf-8") as file:
        file.write("- id: deep\n  term: " + "[" * 100_000 + "]" * 100_000 + "\n")
    child = run_child(mini)
    assert child.returncode == 1, child.stderr
    assert (child.stdout, child.stderr) == (
        "standards/glossary.yaml:11:1007: 错误: YAML 语法错误：嵌套层数过多\n"
        "  提示: 数据结构不应这么深，请检查缩进和括号\n"
        "共 1 个错误，0 个警告\n",
        "",
    )


def test_five_megabyte_field_passes(mini: Path) -> None:
    unit = mini / "standards/units/school.yaml"
    text = unit.read_text(encoding="utf-8")
    requirement = "学校党组织专题研究部署。" * (5 * 1024 * 1024 // 36)
    unit.write_text(text.replace("学校党组织专题研究或部署党风廉政建设和反腐败工作。", requirement), encoding="utf-8")
    assert unit.stat().st_size > 5 * 1024 * 1024
    child = run_child(mini)
    assert (child.returncode, child.stdout, child.stderr) == (0, "检查通过，未发现问题\n", "")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the project, holding a file that looks like valid content."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text("- id: secret-role\n  name: 机密角色名称\n", encoding="utf-8")
    shutil.copy(FIXTURES / "mini/standards/checklists/school-four-duties.yaml", folder)
    return folder


def test_symlink_out_of_the_project_is_refused(mini: Path, outside: Path) -> None:
    (mini / "standards/units/evil.yaml").symlink_to(outside / "secret.yaml")
    code, output = run_check(mini)
    assert (code, output) == (
        1,
        "standards/units/evil.yaml: 错误: 符号链接指向项目之外，已拒绝读取\n"
        "  提示: 请把文件本身放进 standards/，不要链接到外部\n"
        "共 1 个错误，0 个警告\n",
    )


def test_linked_folder_out_of_the_project_is_refused(mini: Path, outside: Path) -> None:
    shutil.rmtree(mini / "standards/checklists")
    (mini / "standards/checklists").symlink_to(outside, target_is_directory=True)
    code, output = run_check(mini)
    assert (code, output) == (
        1,
        "standards/checklists: 错误: 符号链接指向项目之外，已拒绝读取\n"
        "  提示: 请把文件本身放进 standards/，不要链接到外部\n"
        "共 1 个错误，0 个警告\n",
    )


def test_broken_and_looping_links_are_reported(mini: Path) -> None:
    (mini / "standards/units/gone.yaml").symlink_to("nowhere.yaml")
    (mini / "standards/units/loop.yaml").symlink_to("loop.yaml")
    code, output = run_check(mini)
    assert code == 1
    assert "standards/units/gone.yaml: 错误: 无法读取：不是普通文件\n" in output
    assert "standards/units/loop.yaml: 错误: 无法读取：" in output
    assert str(mini) not in output  # no absolute paths in messages


def test_link_inside_the_project_is_read(mini: Path) -> None:
    shared = mini / "shared"
    shared.mkdir()
    (mini / "standards/sources.yaml").rename(shared / "sources.yaml")
    (mini / "standards/sources.yaml").symlink_to(os.path.relpath(shared / "sources.yaml", mini / "standards"))
    assert run_check(mini) == (0, "检查通过，未发现问题\n")


@pytest.mark.parametrize("case", ["mini", "invalid/invalid-record-with-dangling-reference"])
def test_check_leaves_no_reference_cycles(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`project.check` freezes the heap for speed, so anything cyclic it leaves is never freed:
    `qinglian serve` checks on every save and would grow without bound."""
    monkeypatch.setattr(gc, "freeze", lambda: None)  # keep what check leaves visible to collect()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        corpus, diagnostics = check(FIXTURES / case)
        del corpus, diagnostics
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
