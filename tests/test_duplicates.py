"""A duplicate id is the newer record's error: by git history, else by the files' modification times."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from qinglian.core.diagnostics import format_text
from qinglian.core.pipeline import check

from .conftest import edit

GLOSSARY = "standards/glossary.yaml"
ROLES = "standards/roles.yaml"
NEW_TERM = "- id: commission\n  term: 纪委监委\n  definition: 纪律检查委员会和监察委员会。\n- id: yigang-shuangze"
BLAME_GLOSSARY = (
    "standards/glossary.yaml:5:7: 错误: [1].id: id 'commission' 重复\n"
    "  提示: 较早的记录在 standards/roles.yaml:13；id 必须全库唯一，请为这一条改用另一个 id\n"
    "共 1 个错误，0 个警告"
)


def report(project: Path) -> str:
    return format_text(check(project)[1])


def git(project: Path, *args: str, date: str = "2024-01-01T00:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    identity = ["-c", "user.name=编辑", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=project, env=env, check=True, capture_output=True)


def test_uncommitted_duplicate_is_blamed_though_read_first(mini: Path) -> None:
    """glossary.yaml is read before roles.yaml: the order of reading no longer decides."""
    git(mini, "init", "-q")
    git(mini, "add", ".")
    git(mini, "commit", "-q", "-m", "基线")
    edit(mini, GLOSSARY, "- id: yigang-shuangze", NEW_TERM)
    assert report(mini) == BLAME_GLOSSARY


def test_later_commit_is_blamed(mini: Path) -> None:
    git(mini, "init", "-q")
    git(mini, "add", ".")
    git(mini, "commit", "-q", "-m", "基线", date="2024-01-01T00:00:00")
    edit(mini, GLOSSARY, "- id: yigang-shuangze", NEW_TERM)
    git(mini, "commit", "-q", "-am", "新增术语", date="2024-03-01T00:00:00")
    assert report(mini) == BLAME_GLOSSARY


def test_earlier_commit_keeps_the_id(mini: Path) -> None:
    """The term came first; the role that repeats its id was committed later and is blamed."""
    roles = (mini / ROLES).read_text(encoding="utf-8")
    (mini / ROLES).write_text(roles.replace("- id: commission\n  name: 纪委监委\n  group: 纪检监察机关\n", ""), encoding="utf-8")
    edit(mini, GLOSSARY, "- id: yigang-shuangze", NEW_TERM)
    git(mini, "init", "-q")
    git(mini, "add", ".")
    git(mini, "commit", "-q", "-m", "基线", date="2024-01-01T00:00:00")
    (mini / ROLES).write_text(roles, encoding="utf-8")
    git(mini, "commit", "-q", "-am", "新增角色", date="2024-03-01T00:00:00")
    assert (
        "standards/roles.yaml:13:7: 错误: [4].id: id 'commission' 重复\n"
        "  提示: 较早的记录在 standards/glossary.yaml:5；id 必须全库唯一，请为这一条改用另一个 id\n"
    ) in report(mini)


def test_without_git_the_newer_file_is_blamed(mini: Path) -> None:
    edit(mini, GLOSSARY, "- id: yigang-shuangze", NEW_TERM)
    os.utime(mini / ROLES, (1_700_000_000, 1_700_000_000))
    os.utime(mini / GLOSSARY, (1_700_000_600, 1_700_000_600))
    assert report(mini) == BLAME_GLOSSARY
    os.utime(mini / GLOSSARY, (1_600_000_000, 1_600_000_000))
    assert report(mini) == (
        "standards/roles.yaml:13:7: 错误: [4].id: id 'commission' 重复\n"
        "  提示: 较早的记录在 standards/glossary.yaml:5；id 必须全库唯一，请为这一条改用另一个 id\n"
        "共 1 个错误，0 个警告"
    )


def test_same_file_later_line_is_blamed(mini: Path) -> None:
    edit(mini, "standards/checklists/school-four-duties.yaml", "id: school-list-talk", "id: school-list-study")
    assert report(mini).startswith(
        "standards/checklists/school-four-duties.yaml:21:13: 错误: aspects[1].tasks[0].id: id 'school-list-study' 重复\n"
        "  提示: 较早的记录在 standards/checklists/school-four-duties.yaml:11；"
    )
