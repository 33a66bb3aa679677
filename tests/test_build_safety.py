"""Nothing lost: a killed build keeps the previous site, dangerous outputs are refused, and the
same input builds to the same bytes.

(Refusing the project, standards/, content/, a parent folder, a foreign non-empty folder and the
home folder is covered in test_build.py; the cases here add links, the root and plain files.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qinglian.cli import main
from qinglian.mkdocs.build import STAMP

from .conftest import FILES, ROOT, damage, edit, site_project


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` by relative path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(project: Path, out: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    build(project, tmp_path / "one")
    build(project, tmp_path / "two")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    kinds = {name.rsplit(".", 1)[-1] for name in one}
    assert {"html", "json", "pdf", "xlsx", "gz"} <= kinds and "search/search_index.json" in one
    assert "<svg" in (tmp_path / "one/procedures/clue-handover/index.html").read_text(encoding="utf-8")
    assert [name for name in sorted(set(one) | set(two)) if one.get(name) != two.get(name)] == []
    leaks = [path for path in (tmp_path / "one").rglob("*") if path.is_file() and str(tmp_path).encode() in path.read_bytes()]
    assert leaks == [], "no absolute paths in the output"


def test_killed_build_leaves_the_previous_site(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    out = tmp_path / "out"
    build(project, out)
    before = snapshot(out)
    edit(project, "standards/units/school.yaml", "title: 专题研究部署", "title: 专题研究部署（修订）")
    child = subprocess.Popen(
        [sys.executable, "-m", "qinglian", "build", str(project), "-o", str(out)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".*.qinglian-build")) and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL, "the build finished before it could be interrupted"
    assert snapshot(out) == before
    build(project, out)  # the next build recovers and shows the change
    assert "专题研究部署（修订）" in (out / "units/school/index.html").read_text(encoding="utf-8")
    assert list(tmp_path.glob(".*.qinglian-*")) == [], "no scratch folders left behind"


def test_site_caught_mid_swap_is_restored_even_if_the_next_build_fails(tmp_path: Path) -> None:
    project = site_project(tmp_path)
    out = tmp_path / "out"
    build(project, out)
    before = snapshot(out)
    (tmp_path / ".out.qinglian-old").mkdir()
    out.replace(tmp_path / ".out.qinglian-old" / "site")  # killed between the two renames
    edit(project, "standards/units/school.yaml", "points: 6", "points: 7")
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out)])
    assert result.exit_code == 1
    assert snapshot(out) == before


@pytest.mark.parametrize("target", ["link-to-project", "root", "file"])
def test_refuses_more_dangerous_outputs(tmp_path: Path, target: str) -> None:
    project = site_project(tmp_path)
    (tmp_path / "link-to-project").symlink_to(project, target_is_directory=True)
    (tmp_path / "file").write_text("keep", encoding="utf-8")
    out = {"link-to-project": tmp_path / "link-to-project", "root": Path("/"), "file": tmp_path / "file"}[target]
    before = sorted(str(path) for path in tmp_path.rglob("*"))
    result = CliRunner().invoke(main, ["build", str(project), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert sorted(str(path) for path in tmp_path.rglob("*")) == before
    assert (tmp_path / "file").read_text(encoding="utf-8") == "keep"
    assert not (project / "site").exists() and STAMP not in os.listdir(project)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a built site, to be copied by each example below."""
    project = site_project(tmp_path_factory.mktemp("built"))
    build(project, project / "site")
    return project


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(relative=st.sampled_from(FILES), data=st.data())
def test_damaged_content_never_leaves_a_partial_site(built: Path, relative: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(built, project, symlinks=True)
        before = snapshot(project / "site")
        (project / relative).write_bytes(damage((project / relative).read_bytes(), data.draw))
        result = CliRunner().invoke(main, ["build", str(project)])
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            assert snapshot(project / "site") == before
        else:
            assert (project / "site" / STAMP).is_file() and (project / "site/index.html").is_file()
        assert not list(project.glob(".qinglian-*")), "temporary folders are cleaned up"
