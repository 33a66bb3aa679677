"""`qinglian serve` never hangs: a failed rebuild keeps the last good site and says why in the
terminal and in a banner on every page; startup with errors serves an error page until a save
fixes them; a busy port or a bad `-a` is a Chinese usage error. MkDocs' messages in Chinese."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from qinglian.cli import main
from qinglian.mkdocs.messages import describe, translate

from .conftest import edit, free_port, site_project

QINGLIAN = Path(sys.executable).with_name("qinglian")
INDEX = "content/index.md"
GOOD_PAGE = "# 首页\n\n第一版：见[](qinglian:school)。\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = site_project(tmp_path)
    (project / INDEX).write_text(GOOD_PAGE, encoding="utf-8")
    edit(project, "mkdocs.yml", "baseline: ab583ea\n", "handbooks: false\n")
    return project


@pytest.mark.parametrize(
    "address, expected",
    [
        ("8766", "错误: -a 应为“地址:端口”，例如 127.0.0.1:8766，而不是 '8766'\n"),
        ("127.0.0.1:99999", "错误: -a 应为“地址:端口”，例如 127.0.0.1:8000，而不是 '127.0.0.1:99999'（端口为 1 至 65535 的整数）\n"),
        ("example.org:8000", "错误: -a 应为“地址:端口”，例如 127.0.0.1:8000，而不是 'example.org:8000'（地址应为 IP 地址或 localhost）\n"),
    ],
)
def test_a_wrong_address_says_what_is_expected(project: Path, address: str, expected: str) -> None:
    assert run("serve", str(project), "-a", address) == (2, expected)


def test_a_busy_port_is_a_usage_error(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run("serve", str(project), "-a", f"127.0.0.1:{port}") == (
            2,
            f"错误: 端口 {port} 已被占用（可能已有一个预览在运行）：请关闭它，或用 -a 127.0.0.1:{port + 1} 换一个端口\n",
        )


MKDOCS_MESSAGES = [
    (
        "Doc file 'index.md' contains a link 'procedures/nope.md', but the target is not found among documentation files.",
        "content/index.md: 警告: 链接 'procedures/nope.md' 指向的页面不存在\n"
        "  提示: 链接标准、清单、程序或其中的条目时写 id，例如 [](qinglian:joint-case)，不写网页路径",
    ),
    (
        "Doc file 'a/b.md' contains a link '../index.md', but the target 'index.md' is not found among documentation files. Did you mean 'x.md'?",
        "content/a/b.md: 警告: 链接 '../index.md' 指向的页面不存在\n  提示: 是否应为 'x.md'？",
    ),
    (
        "Doc file 'about.md' contains a link 'units/school.md#nope', but the doc 'units/school.md' does not contain an anchor '#nope'.",
        "content/about.md: 警告: 链接 'units/school.md#nope' 指向的锚点 #nope 在页面 units/school.md 中不存在\n"
        "  提示: 链接标准、清单、程序或其中的条目时写 id，例如 [](qinglian:joint-case)，不写网页路径",
    ),
    ("Doc file 'about.md' contains a link '#top', but there is no such anchor on this page.", "content/about.md: 警告: 链接 '#top' 指向的锚点在本页不存在"),
    ("Doc file 'about.md' contains an unrecognized relative link 'units/', it was left as is.", "content/about.md: 警告: 无法识别的相对链接 'units/'，已原样保留"),
    ("Aborted with 2 warnings in strict mode!", "警告: mkdocs.yml 设置了 strict: true，上述 2 个警告按错误处理，已停止生成"),
    (
        "A reference to 'faq.md' is included in the 'nav' configuration, which is not found in the documentation files.",
        "警告: mkdocs.yml 的 nav 中列出的 'faq.md' 不存在",
    ),
    ("Something new", "警告: Something new"),
]


@pytest.mark.parametrize("message, expected", MKDOCS_MESSAGES)
def test_mkdocs_messages_in_chinese(message: str, expected: str) -> None:
    assert describe(translate(message)) == expected


def test_build_prints_warnings_in_chinese(project: Path) -> None:
    """Check warnings (an unused term) and MkDocs' warnings (a broken link, fatal under strict)."""
    edit(project, "standards/glossary.yaml", "- id: sizhe-xietong\n", "- id: unused-term\n  term: 未用术语\n  definition: 未用。\n- id: sizhe-xietong\n")
    (project / INDEX).write_text(GOOD_PAGE + "\n[旧链接](procedures/nope.md)\n", encoding="utf-8")
    code, output = run("build", str(project))
    assert code == 1
    assert output.startswith(
        "standards/glossary.yaml:1:7: 警告: [0].id: 术语 'unused-term' 已定义但从未被引用\n"
        "  提示: 引用它，或删除这条定义\n共 0 个错误，1 个警告\n"
    )
    assert output.endswith(
        "content/index.md: 警告: 链接 'procedures/nope.md' 指向的页面不存在\n"
        "  提示: 链接标准、清单、程序或其中的条目时写 id，例如 [](qinglian:joint-case)，不写网页路径\n"
        "错误: 网站生成失败：mkdocs.yml 设置了 strict: true，上述 1 个警告按错误处理，已停止生成\n"
    )


class Serving:
    """`qinglian serve` in a subprocess; its terminal output read line by line."""

    def __init__(self, project: Path, port: int, tmp: Path) -> None:
        env = {**os.environ, "TMPDIR": str(tmp)}
        self.process = subprocess.Popen(
            [str(QINGLIAN), "serve", str(project), "-a", f"127.0.0.1:{port}"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = 90) -> None:
        """Until a line matching `pattern` (a regular expression) is printed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            self.seen.append(line)
            if re.search(pattern, line):
                return
        raise AssertionError(f"{pattern!r} not printed; output:\n" + "\n".join(self.seen))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)


@pytest.fixture
def serving(project: Path, tmp_path: Path) -> Iterator[Callable[[], tuple[Serving, str]]]:
    """Starts `qinglian serve` on a free port of 127.0.0.1; stops it (SIGTERM) after the test."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    started: list[Serving] = []

    def start() -> tuple[Serving, str]:
        port = free_port()
        started.append(Serving(project, port, scratch))
        return started[-1], f"http://127.0.0.1:{port}/"

    yield start
    for preview in started:
        preview.stop()
    assert list(scratch.glob("qinglian-serve-*")) == []  # the preview's build folders are gone


def save(project: Path, relative: str, text: str) -> None:
    (project / relative).write_text(text, encoding="utf-8")


@pytest.mark.browser
def test_a_failed_save_keeps_the_last_good_page_with_a_banner(browser, project: Path, serving) -> None:  # type: ignore[no-untyped-def]
    preview, url = serving()
    preview.wait_for(r"预览服务已启动")
    tab = browser.new_page()
    tab.goto(url, timeout=10000)
    assert "第一版" in tab.inner_text("article") and tab.locator("#qinglian-preview-problems").count() == 0
    # A broken page path fails MkDocs' strict build: before, every request then waited for minutes.
    save(project, INDEX, GOOD_PAGE.replace("第一版", "第二版") + "\n[旧链接](procedures/nope.md)\n")
    banner = tab.locator("#qinglian-preview-problems")
    banner.wait_for(timeout=60000)  # live reload brought the news without a click
    preview.wait_for(r"已通知浏览器刷新")
    started = time.monotonic()
    tab.goto(url, timeout=2000)
    assert time.monotonic() - started < 2
    assert "第一版" in tab.inner_text("article")  # the last good page
    assert banner.is_visible()
    assert banner.inner_text() == (
        "预览：有 1 个错误、1 个警告。页面显示的是上一次正确的内容；改正并保存后自动更新。\n"
        "错误: 网站生成失败：mkdocs.yml 设置了 strict: true，上述 1 个警告按错误处理，已停止生成\n"
        "content/index.md: 警告: 链接 'procedures/nope.md' 指向的页面不存在\n"
        "  提示: 链接标准、清单、程序或其中的条目时写 id，例如 [](qinglian:joint-case)，不写网页路径"
    )
    # A record reference to a missing id: the page keeps its last good text, the banner says where.
    save(project, INDEX, GOOD_PAGE.replace("第一版", "第三版").replace("qinglian:school", "qinglian:schol"))
    tab.get_by_text("content/index.md:3:18: 错误: 链接指向不存在的记录 'schol'").wait_for(timeout=60000)
    assert "第一版" in tab.inner_text("article")
    save(project, INDEX, GOOD_PAGE.replace("第一版", "第四版"))
    tab.get_by_text("第四版").wait_for(timeout=60000)
    assert tab.locator("#qinglian-preview-problems").count() == 0


@pytest.mark.browser
def test_startup_with_errors_serves_an_error_page_until_fixed(browser, project: Path, serving) -> None:  # type: ignore[no-untyped-def]
    unit = project / "standards/units/school.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitel: ", 1), encoding="utf-8")
    preview, url = serving()
    preview.wait_for(r"预览服务已启动")
    tab = browser.new_page()
    response = tab.goto(url + "units/school/", timeout=2000)
    assert response is not None and response.status == 404
    assert tab.inner_text("h1") == "内容有错误，网站尚未生成"
    assert "standards/units/school.yaml:2:1: 错误: titel: 未知字段" in tab.inner_text("pre")
    unit.write_text(unit.read_text(encoding="utf-8").replace("\ntitel: ", "\ntitle: ", 1), encoding="utf-8")
    tab.locator("h1", has_text="清廉学校建设标准").wait_for(timeout=60000)
