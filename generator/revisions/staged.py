"""The project as git's index holds it: what the next `git commit` records.

`qinglian check --staged` (the pre-commit hook) checks this copy, so an untracked draft or an
unstaged edit in the working tree neither blocks nor excuses a commit. Files are written by
`git checkout-index` into a temporary folder, the project's place in the repository kept.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from qinglian.core.diagnostics import UsageError
from qinglian.core.load import STANDARDS_DIR
from qinglian.core.pagelinks import CONTENT_DIR


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], input=stdin, capture_output=True, check=False)
    except OSError:
        raise UsageError("找不到 git 命令：--staged 需要安装 git") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise UsageError(f"无法读取 git 暂存区：{message}")
    return result.stdout


@contextmanager
def staged_project(project_dir: Path) -> Iterator[Path]:
    """A temporary copy of the project's standards/ and content/ as staged; removed afterwards."""
    if not project_dir.is_dir():
        raise UsageError(f"找不到项目目录 {project_dir}")
    try:
        top = Path(_git(project_dir, "rev-parse", "--show-toplevel").decode().strip())
    except UsageError as error:
        if "找不到 git" in str(error):
            raise
        raise UsageError(f"--staged 只能用于 git 仓库中的项目，{project_dir} 不在 git 仓库中") from None
    prefix = _git(project_dir, "rev-parse", "--show-prefix").decode().strip()
    paths = [f":(top,literal){prefix}{folder}" for folder in (STANDARDS_DIR, CONTENT_DIR)]
    staged = _git(top, "ls-files", "-z", "--cached", "--", *paths)
    if f"\0{prefix}{STANDARDS_DIR}/".encode() not in b"\0" + staged:
        raise UsageError(f"git 暂存区中没有 {prefix}{STANDARDS_DIR}/ 下的文件：请先 git add {STANDARDS_DIR}/")
    with tempfile.TemporaryDirectory(prefix="qinglian-staged-") as scratch:
        if staged:
            _git(top, "checkout-index", "-z", "--stdin", f"--prefix={scratch}/", stdin=staged)
            _keep_times(top, Path(scratch), staged)
        copy = Path(scratch) / prefix
        copy.mkdir(parents=True, exist_ok=True)
        yield copy


def _keep_times(top: Path, scratch: Path, staged: bytes) -> None:
    """The working tree's file times on the copies: which of two records with one id is newer
    is told by git history, which the copy lacks, else by file time (see core/history.py)."""
    for name in filter(None, staged.decode("utf-8", "surrogateescape").split("\0")):
        try:
            stat = (top / name).stat()
            os.utime(scratch / name, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        except OSError:
            continue  # deleted in the working tree, or not a regular file
