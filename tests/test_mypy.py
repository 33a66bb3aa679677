"""The package type-checks under `mypy --strict`.

The folder is `generator/` but the package is `qinglian`: mypy names modules after folders, so it
checks a link named `qinglian` that points at the folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_mypy_strict_finds_nothing(tmp_path: Path) -> None:
    (tmp_path / "qinglian").symlink_to(ROOT / "generator", target_is_directory=True)
    env = {**os.environ, "MYPYPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "qinglian"],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
