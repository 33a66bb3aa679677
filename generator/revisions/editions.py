"""Editions of a project: its content at a git revision, in a folder or in the working tree.

A git revision is read from git objects (`git archive` into a temporary folder), never by
checking it out, so the working tree and the index are left alone. Each edition then goes
through the normal pipeline, so an old edition is checked by today's rules.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import ContentError, Diagnostic, QinglianError, Severity, UsageError
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pipeline import check
from qinglian.revisions.diff import Diff, compare

WORKING_TREE = "工作区"
THIS_EDITION = "本版"  # what the site calls the content it was built from


class RevisionNotFound(UsageError):
    """The name is neither a folder nor a revision of the project's git repository."""


@dataclass(frozen=True)
class Edition:
    label: str
    corpus: Corpus | None
    diagnostics: list[Diagnostic]


def compare_editions(project_dir: Path, old: str, new: str | None = None) -> Diff:
    """The diff from edition `old` to `new` (default: the working tree of `project_dir`).

    Raises `RevisionNotFound` (exit 2) for an unknown name and `ContentError` (exit 1) with the
    diagnostics of every edition that does not load.
    """
    editions = [read_edition(project_dir, old), read_edition(project_dir, new)]
    failed = [d for edition in editions if edition.corpus is None for d in edition.diagnostics]
    if failed:
        raise ContentError(failed)
    before, after = editions
    return compare(before.corpus, after.corpus, before.label, after.label)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Baseline:
    """The site's diff from its baseline, or why there is none: `missing` when the revision does
    not exist here (fetching it may help), else its content does not load."""

    diff: Diff | None
    problem: str = ""
    missing: bool = False


def compare_with_baseline(project_dir: Path, baseline: str, corpus: Corpus) -> Baseline:
    """For the site: the diff from `baseline` (a folder is taken relative to the project) to `corpus`."""
    folder = project_dir / baseline
    name = str(folder) if not Path(baseline).is_absolute() and folder.is_dir() else baseline
    try:
        edition = read_edition(project_dir, name)
    except QinglianError as error:
        return Baseline(None, str(error), missing=isinstance(error, RevisionNotFound))
    if edition.corpus is None:
        errors = [d for d in edition.diagnostics if d.severity is Severity.ERROR]
        problem = (
            f"基线版本 {baseline} 的标准数据有 {len(errors)} 个错误（第一个：{errors[0].message}），"
            f"无法生成修订对照表；运行 qinglian diff {baseline} 可查看全部错误"
        )
        return Baseline(None, problem)
    return Baseline(compare(edition.corpus, corpus, baseline, THIS_EDITION))


def read_edition(project_dir: Path, name: str | None) -> Edition:
    """The working tree (None), a project folder, or a git revision of `project_dir`'s repository."""
    if name is None:
        return Edition(WORKING_TREE, *check(project_dir))
    folder = Path(name)
    if folder.is_dir():
        root = folder.parent if folder.name == STANDARDS_DIR and not (folder / STANDARDS_DIR).is_dir() else folder
        return Edition(name, *check(root))
    commit = _commit(project_dir, name)
    return Edition(name, *_checked_revision(str(project_dir.resolve()), commit, name))


def _git(project_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(project_dir), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("找不到 git 命令：按修订版本对比需要安装 git") from None


def _commit(project_dir: Path, name: str) -> str:
    """The commit id that `name` (a tag, branch or commit) names in the project's repository."""
    if name.startswith("-") or not project_dir.is_dir():
        raise RevisionNotFound(f"找不到版本 '{name}'：它不是目录，也不是 git 修订版本名")
    found = _git(project_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if found.returncode != 0:
        if _git(project_dir, "rev-parse", "--git-dir").returncode != 0:
            raise RevisionNotFound(f"找不到版本 '{name}'：它不是目录，且项目目录不在 git 仓库中")
        raise RevisionNotFound(f"找不到版本 '{name}'：它不是目录，也不是本仓库中的提交、标签或分支")
    return found.stdout.decode().strip()


@lru_cache(maxsize=8)
def _checked_revision(project_dir: str, commit: str, name: str) -> tuple[Corpus | None, list[Diagnostic]]:
    """Check the project's content as of `commit`; cached: a commit's content never changes."""
    # Run in the project folder, `git archive` takes paths relative to it and writes them so.
    archive = _git(Path(project_dir), "archive", "--format=tar", commit, "--", STANDARDS_DIR)
    if archive.returncode != 0:
        message = f"版本 {name} 中没有 {STANDARDS_DIR}/ 目录"
        return None, [Diagnostic(f"{name}:{STANDARDS_DIR}", 0, 0, Severity.ERROR, "", message)]
    with tempfile.TemporaryDirectory(prefix="qinglian-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        corpus, diagnostics = check(Path(folder))
    return corpus, [replace(d, file=f"{name}:{d.file}") for d in diagnostics]
