"""Which of several places in the project was written last: by git history, else by file time.

A duplicate id is the newer record's mistake: the established one is already linked to, printed
in handbooks and scanned from QR codes. `git blame` dates each line by the commit that last
changed it; lines not yet committed are newer than any commit; without git (or for untracked
files) the files' modification times decide. Equal dates keep the order the files were read in.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

_UNCOMMITTED = "0" * 40
_MTIME_SLACK = 2.0  # seconds: files copied or checked out together count as equally old
_HEADER = re.compile(r"^([0-9a-f]{40}) \d+ (\d+)")


def oldest_first(places: Sequence[tuple[str, int]], project_dir: Path | None) -> list[int]:
    """Indexes of `places` ((file relative to the project, 1-based line)) from oldest to newest."""
    if project_dir is None:
        return list(range(len(places)))
    blamed = {file: _blame(project_dir, file) for file, _ in places}
    ages = [_age(project_dir, blamed[file], file, line) for file, line in places]
    order = sorted(range(len(places)), key=lambda index: (ages[index][0], ages[index][1], index))
    return _mtime_ties(order, ages)


def _age(project_dir: Path, blame: dict[int, int] | None, file: str, line: int) -> tuple[int, float]:
    """(0, commit time) for a committed line; (1, file time) for a line git does not date."""
    if blame is not None and line in blame:
        return 0, float(blame[line])
    try:
        return 1, (project_dir / file).stat().st_mtime
    except OSError:
        return 1, 0.0


def _mtime_ties(order: list[int], ages: list[tuple[int, float]]) -> list[int]:
    """File times this close are equal: those places keep the order they were read in."""
    groups: list[list[int]] = []
    for index in order:
        previous = groups[-1][-1] if groups else None
        if previous is not None and ages[index][0] == ages[previous][0] == 1 and ages[index][1] - ages[previous][1] < _MTIME_SLACK:
            groups[-1].append(index)
        else:
            groups.append([index])
    return [index for group in groups for index in sorted(group)]


def _blame(project_dir: Path, file: str) -> dict[int, int] | None:
    """Line -> commit time of each committed line of `file`, or None when git cannot tell."""
    try:
        result = subprocess.run(
            ["git", "-C", str(project_dir), "blame", "--porcelain", "--", file],
            capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=30, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    times: dict[str, int] = {}
    owners: list[tuple[int, str]] = []
    commit = ""
    for text in result.stdout.splitlines():
        header = _HEADER.match(text)
        if header:
            commit = header.group(1)
            owners.append((int(header.group(2)), commit))
        elif text.startswith("committer-time "):
            times[commit] = int(text.split()[1])
    return {line: times[commit] for line, commit in owners if commit != _UNCOMMITTED and commit in times}
