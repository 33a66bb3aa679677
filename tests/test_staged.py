"""`qinglian check --staged` checks what `git commit` would record, in a temporary git repository;
the pre-commit hook runs it, and the README pins a release tag that matches the package version."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import qinglian
from click.testing import CliRunner
from qinglian.cli import main

from .conftest import MINI, ROOT, edit

UNIT = "standards/units/school.yaml"
DRAFT = "standards/units/draft.yaml"
PASSED = (0, "检查通过，未发现问题\n")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose project sits in a subfolder, all committed."""
    project = tmp_path / "repo" / "site-content"
    shutil.copytree(MINI, project)
    (project / "content").mkdir()
    (project / "content" / "index.md").write_text("# 首页\n\n见[](qinglian:school)。\n", encoding="utf-8")
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "start")
    return project


def test_an_untracked_draft_does_not_block_a_commit(repo: Path) -> None:
    (repo / DRAFT).write_text("id: draft\ntitle: 草稿\n", encoding="utf-8")
    assert run("check", str(repo))[0] == 1
    assert run("check", "--staged", str(repo)) == PASSED


def test_staged_errors_are_found_and_unstaged_fixes_do_not_hide_them(repo: Path) -> None:
    edit(repo, UNIT, "\ntitle: ", "\ntitel: ")
    edit(repo, "content/index.md", "qinglian:school", "qinglian:schol")
    git(repo, "add", UNIT, "content/index.md")
    edit(repo, UNIT, "\ntitel: ", "\ntitle: ")  # fixed in the working tree only
    code, output = run("check", "--staged", str(repo))
    assert code == 1
    assert output == (
        "content/index.md:3:14: 错误: 链接指向不存在的记录 'schol'\n"
        "  提示: 是否应为 'school'、'school-resp'、'school-handbook'？\n"
        "standards/units/school.yaml:2:1: 错误: titel: 未知字段\n"
        "  提示: 是否应为 'title'？\n"
        "共 2 个错误，0 个警告\n"
    )
    assert run("check", str(repo))[0] == 1  # the working tree still has the broken link
    git(repo, "add", UNIT)
    git(repo, "rm", "-q", "--cached", "content/index.md")  # a staged deletion is what is checked
    assert run("check", "--staged", str(repo)) == PASSED


def test_staged_outside_git_is_a_usage_error(tmp_path: Path) -> None:
    project = tmp_path / "plain"
    shutil.copytree(MINI, project)
    assert run("check", "--staged", str(project)) == (2, f"错误: --staged 只能用于 git 仓库中的项目，{project} 不在 git 仓库中\n")


def test_the_readme_pins_the_release_of_the_hook() -> None:
    [version] = re.findall(r'(?m)^version = "([^"]+)"$', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"rev: (\S+)", readme) == [f"v{version}"]
    assert qinglian.__version__ == version
