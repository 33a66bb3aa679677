"""`qinglian serve`: MkDocs' live preview, made so that it never hangs.

MkDocs' server holds every request while a rebuild runs and, after a failed rebuild, until one
succeeds: under `strict: true` one broken link in content/ kept the browser waiting for minutes.
Here each build goes to a fresh folder that is served only when the build succeeds, and the build
never raises: a failed one leaves the last good site in place (or, at startup, an error page), and
MkDocs reloads the browser after every build. Every HTML page served carries a banner listing the
problems of the last build, so the browser learns that a save failed; the terminal lists them too.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer
from qinglian.core.diagnostics import Diagnostic, QinglianError, Severity, UsageError
from qinglian.mkdocs.build import docs_name, failure, find_config
from qinglian.mkdocs.config import load
from qinglian.mkdocs.messages import Message, chinese_handler, describe, translate
from qinglian.mkdocs.plugin import QinglianPlugin
from qinglian.mkdocs.preview_page import banner, error_page, inject

DEFAULT_ADDRESS = "127.0.0.1:8000"


def parse_address(text: str) -> tuple[str, int]:
    """`-a HOST:PORT` as MkDocs takes it (an IP address or localhost); `UsageError` otherwise."""
    host, colon, port = text.strip().rpartition(":")
    example = f"127.0.0.1:{text.strip()}" if text.strip().isdigit() else DEFAULT_ADDRESS
    expected = f"-a 应为“地址:端口”，例如 {example}，而不是 '{text}'"
    if not colon:
        raise UsageError(expected)
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(expected + "（端口为 1 至 65535 的整数）")
    if host != "localhost":
        try:
            ipaddress.ip_address(host.removeprefix("[").removesuffix("]"))
        except ValueError:
            raise UsageError(expected + "（地址应为 IP 地址或 localhost）") from None
    return host, int(port)


def _check_port(host: str, port: int, address: str) -> None:
    """A busy port is reported before the slow part (loading MkDocs and its plugins)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as error:
            raise UsageError(_bind_problem(error, address)) from None


def _bind_problem(error: OSError, address: str) -> str:
    port = int(address.rpartition(":")[2])
    other = f"{address.rpartition(':')[0]}:{port + 1 if port < 65535 else 8000}"
    if error.errno == errno.EADDRINUSE:
        return f"端口 {port} 已被占用（可能已有一个预览在运行）：请关闭它，或用 -a {other} 换一个端口"
    if error.errno == errno.EACCES:
        return f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限）：请用 -a {other} 换一个端口"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"本机没有地址 {address.rpartition(':')[0]}：请用 -a {DEFAULT_ADDRESS}"
    return f"无法在 {address} 启动预览服务：{error.strerror or error}"


class PreviewServer(LiveReloadServer):
    """MkDocs' live server, bound before the first build (a busy port is reported at once), and
    adding the banner to every HTML page it serves."""

    banner = b""
    _bound = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_app(self._with_banner)

    def bind(self, address: str) -> None:
        try:
            self.server_bind()
            self.server_activate()
        except OSError as error:
            self.server_close()
            raise UsageError(_bind_problem(error, address)) from None
        self._bound = True

    def server_bind(self) -> None:
        if not self._bound:  # LiveReloadServer.serve binds again
            super().server_bind()

    def server_activate(self) -> None:
        if not self._bound:
            super().server_activate()

    def _with_banner(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        started: list[Any] = []
        body = self.serve_request(environ, lambda status, headers, *info: started.append((status, headers)))
        status, headers = started[-1]
        banner = self.banner
        if not banner or not any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            start_response(status, headers)
            return body
        content = inject(b"".join(body), banner)
        getattr(body, "close", lambda: None)()
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*headers, ("Content-Length", str(len(content)))])
        return [content]


class _Collected(logging.Handler):
    """MkDocs' warnings and errors during one build, for the banner."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.docs = "content"
        self.messages: list[tuple[int, Message]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = translate(record.getMessage(), self.docs)
        if message.text:
            self.messages.append((record.levelno, message))


class Preview:
    """Builds into numbered folders under a scratch folder and points the server at the last good one."""

    def __init__(self, project_dir: Path, config_file: Path, address: str) -> None:
        self.project_dir, self.config_file, self.address = project_dir, config_file, address
        self.scratch = Path(tempfile.mkdtemp(prefix="qinglian-serve-"))
        self.builds = 0
        self.good: Path | None = None
        self.server: PreviewServer | None = None
        self.serve_url = ""

    def config(self) -> MkDocsConfig:
        self.builds += 1
        config = load(self.config_file, site_dir=str(self.scratch / f"site-{self.builds}"), dev_addr=self.address)
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """One build; never raises, so that MkDocs' server never waits for a build that failed."""
        collected = _Collected()
        logging.getLogger("mkdocs").addHandler(collected)
        problem = None
        try:
            config = config if config is not None else self.config()
            collected.docs = docs_name(self.project_dir, config)
            mkdocs_build(config, serve_url=self.serve_url)
        except UsageError as error:  # mkdocs.yml broken while serving
            problem = str(error)
        except (MkDocsException, QinglianError, SystemExit) as error:
            problem = failure(error)
        except Exception as error:  # a bug: its traceback helps, and the preview stays up
            traceback.print_exc()
            problem = f"程序错误：{type(error).__name__}: {error}"
        finally:
            logging.getLogger("mkdocs").removeHandler(collected)
        errors, warnings = _problems(_plugin_diagnostics(config), collected.messages, problem)
        if problem is None:
            self._serve_from(Path(config.site_dir))  # type: ignore[union-attr]
        else:
            logged = any(message.text == problem for _, message in collected.messages)
            self._failed(config, problem, errors + warnings, logged)
        assert self.server is not None
        self.server.banner = banner(errors, warnings, stale=self.good is not None)

    def _failed(self, config: MkDocsConfig | None, problem: str, lines: list[str], logged: bool) -> None:
        advice = ("预览仍显示上一次成功的结果；" if self.good is not None else "") + "改正后自动更新。"
        print(advice if logged else f"错误: 网站生成失败：{problem}\n{advice}", file=sys.stderr, flush=True)
        if config is not None:
            shutil.rmtree(config.site_dir, ignore_errors=True)
        if self.good is None:
            self._error_site(lines)

    def _error_site(self, lines: list[str]) -> None:
        """At startup with errors: an error page at every address, until a build succeeds."""
        folder = self.scratch / f"error-{self.builds}"
        folder.mkdir()
        for name in ("index.html", "404.html"):
            (folder / name).write_bytes(error_page(lines))
        self._serve_from(folder, good=False)

    def _serve_from(self, folder: Path, good: bool = True) -> None:
        assert self.server is not None
        previous = Path(self.server.root)
        self.server.root = str(folder)
        # A request may have picked its path before the switch: the previous folder stays one round.
        for old in self.scratch.iterdir():
            if old not in (folder, previous):
                shutil.rmtree(old, ignore_errors=True)
        if good:
            self.good = folder

    def error_handler(self, code: int) -> bytes | None:
        assert self.server is not None
        page = Path(self.server.root) / f"{code}.html"
        return page.read_bytes() if page.is_file() else None


def _plugin_diagnostics(config: MkDocsConfig | None) -> list[Diagnostic]:
    if config is None:
        return []
    plugin = next((p for p in config.plugins.values() if isinstance(p, QinglianPlugin)), None)
    return list(plugin.diagnostics) if plugin is not None else []


def _problems(diagnostics: list[Diagnostic], logged: list[tuple[int, Message]], problem: str | None) -> tuple[list[str], list[str]]:
    """The lines of the banner: errors (the failure last), then warnings."""
    errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
    warnings = [d.format() for d in diagnostics if d.severity is Severity.WARNING]
    for level, message in logged:
        if message.text != problem:  # MkDocs logs a plugin's error before aborting
            (errors if level >= logging.ERROR else warnings).append(describe(message, level))
    if problem is not None:
        errors.append(f"错误: 网站生成失败：{problem}")
    return errors, warnings


def serve(project_dir: Path, dev_addr: str = DEFAULT_ADDRESS, say: Callable[[str], None] = print) -> None:
    """The live preview at `dev_addr` until interrupted; `say` announces the address."""
    host, port = parse_address(dev_addr)
    project_dir = project_dir.resolve()
    config_file = find_config(project_dir)
    _check_port(host, port, dev_addr)
    preview = Preview(project_dir, config_file, dev_addr)
    main_thread = threading.current_thread() is threading.main_thread()
    stop = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None  # cleans up when terminated
    try:
        config = preview.config()  # a broken mkdocs.yml is reported in Chinese, up front
        mount_path = urlsplit(config.site_url or "/").path
        server = PreviewServer(builder=preview.build, host=host, port=port, root=str(preview.scratch), mount_path=mount_path)
        server.error_handler = preview.error_handler
        server.bind(dev_addr)
        preview.server, preview.serve_url = server, server.url
        config.site_url = server.url
        say(f"预览地址：{server.url}")
        try:
            _run(preview, server, config)
        finally:
            server.server_close()
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, stop)
        shutil.rmtree(preview.scratch, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run(preview: Preview, server: LiveReloadServer, config: MkDocsConfig) -> None:
    """MkDocs' serve command around our builder: startup, first build, watches, shutdown."""
    logger = logging.getLogger("mkdocs")
    level, handler = logger.level, chinese_handler(logging.INFO, docs_name(preview.project_dir, config))
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        preview.build(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=preview.build)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            logger.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        logger.removeHandler(handler)
        logger.setLevel(level)
