"""The code passes ruff with the rules chosen in pyproject.toml (imports, pyupgrade, bugbear), and
the templates stay reviewable: no line over 160 characters."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT

TEMPLATE_LINE = 160


def test_ruff_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "generator", "tests", "benchmarks"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_template_line_is_too_long_to_review() -> None:
    long = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in sorted((ROOT / "generator" / "templates").rglob("*")) if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > TEMPLATE_LINE
    ]
    assert long == [], "\n".join(long)
