from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A private copy of the small valid fixture project."""
    project = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    return project


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a project file; fail loudly if it is not there."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
