"""MkDocs' log messages in Chinese, in the form `qinglian check` uses (`file: 警告: …` and a hint).

The common messages an editor causes (links, anchors, the nav, strict mode) and those of the live
preview are translated; any other message is shown as MkDocs wrote it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

_REF_HINT = "链接标准、清单、程序或其中的条目时写 id，例如 [](qinglian:joint-case)，不写网页路径"


@dataclass(frozen=True)
class Message:
    text: str
    file: str | None = None  # relative to the project, for messages about a page
    hint: str | None = None


def _did_you_mean(match: re.Match[str]) -> str | None:
    return f"是否应为 '{match['suggest']}'？" if match["suggest"] else None


_SUGGEST = r"(?: Did you mean '(?P<suggest>[^']*)'\?)?$"
_PAGE = r"^Doc file '(?P<page>[^']+)' contains "
# (pattern, message, hint); the message names the groups it shows.
_PAGE_MESSAGES: list[tuple[re.Pattern[str], str, Callable[[re.Match[str]], str | None]]] = [
    (
        re.compile(_PAGE + r"a link '(?P<link>[^']+)', but the target(?: '(?P<target>[^']+)')? is not found among documentation files\." + _SUGGEST),
        "链接 '{link}' 指向的页面不存在",
        lambda m: _did_you_mean(m) or _REF_HINT,
    ),
    (
        re.compile(_PAGE + r"a link '(?P<link>[^']+)', but there is no such anchor on this page\.(?P<more>.*)$"),
        "链接 '{link}' 指向的锚点在本页不存在",
        lambda m: None,
    ),
    (
        re.compile(_PAGE + r"a link '(?P<link>[^']+)', but the doc '(?P<doc>[^']+)' does not contain an anchor '(?P<anchor>[^']+)'\.$"),
        "链接 '{link}' 指向的锚点 {anchor} 在页面 {doc} 中不存在",
        lambda m: _REF_HINT,
    ),
    (
        re.compile(_PAGE + r"an unrecognized relative link '(?P<link>[^']+)', it was left as is\." + _SUGGEST),
        "无法识别的相对链接 '{link}'，已原样保留",
        _did_you_mean,
    ),
    (
        re.compile(_PAGE + r"an absolute link '(?P<link>[^']+)', it was left as is\." + _SUGGEST),
        "绝对链接 '{link}' 已原样保留",
        _did_you_mean,
    ),
]
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^A reference to '(?P<x>[^']+)' is included in the 'nav' configuration, which is not found in the documentation files\.$"), "mkdocs.yml 的 nav 中列出的 '{x}' 不存在"),
    (re.compile(r"^Aborted with (?P<x>.+) in strict mode!$"), "mkdocs.yml 设置了 strict: true，上述 {x}按错误处理，已停止生成"),
    (re.compile(r"^Aborted with a BuildError!$"), "生成中断（原因见上文）"),
    (re.compile(r"^Building documentation\.\.\.$"), "正在生成网站……"),
    (re.compile(r"^Documentation built in (?P<x>[\d.]+) seconds$"), "网站生成完成，用时 {x} 秒"),
    (re.compile(r"^Detected file changes$"), "检测到文件修改"),
    (re.compile(r"^Reloading browsers$"), "已通知浏览器刷新"),
    (re.compile(r"^Serving on (?P<x>\S+)$"), "预览服务已启动：{x}"),
    (re.compile(r"^Watching paths for changes: (?P<x>.+)$"), "监视以下位置的修改：{x}"),
    (re.compile(r"^Shutting down\.\.\.$"), "预览服务已停止"),
    (re.compile(r"^Browser connected: (?P<x>\S+)$"), "浏览器已打开 {x}"),
    (re.compile(r"^Cleaning site directory$"), ""),
    (re.compile(r'^"GET (?P<x>\S+) HTTP/[\d.]+" code 404$'), "找不到 {x}（404）"),
]
_COUNTED = re.compile(r"(\d+) (warning|error)s")
_KINDS = {"warning": "警告", "error": "错误"}


def _counted(text: str) -> str:
    """"2 warnings, 1 errors" -> "2 个警告、1 个错误"."""
    return _COUNTED.sub(lambda m: f"{m[1]} 个{_KINDS[m[2]]}", text.replace(", ", "、"))


_TIME = re.compile(r"^\[\d\d:\d\d:\d\d\] ")  # the live server stamps its messages


def translate(message: str, docs: str = "content") -> Message:
    """`message` in Chinese; page paths are given relative to the project (`docs` is docs_dir)."""
    stamp = _TIME.match(message)
    if stamp:
        found = translate(message[stamp.end() :], docs)
        return Message(stamp.group(0) + found.text if found.text else "", found.file, found.hint)
    for pattern, text, hint in _PAGE_MESSAGES:
        match = pattern.match(message)
        if match:
            return Message(text.format(**match.groupdict()), f"{docs}/{match['page']}", hint(match))
    for pattern, text in _MESSAGES:
        match = pattern.match(message)
        if match:
            return Message(text.format(**{key: _counted(value) for key, value in match.groupdict().items()}))
    return Message(message)


_LABELS = {logging.WARNING: "警告", logging.ERROR: "错误", logging.CRITICAL: "错误"}


def describe(message: Message, level: int = logging.WARNING) -> str:
    """`content/index.md: 警告: …` plus an indented hint, like the lines of `qinglian check`."""
    label = _LABELS.get(level)
    text = f"{label}: {message.text}" if label else message.text
    if message.file:
        text = f"{message.file}: {text}"
    return text + (f"\n  提示: {message.hint}" if message.hint else "")


class ChineseFormatter(logging.Formatter):
    """Formats MkDocs' records translated; an empty translation hides a record (see `ChineseFilter`)."""

    def __init__(self, docs: str = "content") -> None:
        super().__init__()
        self.docs = docs

    def format(self, record: logging.LogRecord) -> str:
        return describe(translate(record.getMessage(), self.docs), record.levelno)


def hidden(record: logging.LogRecord) -> bool:
    """Messages with nothing to tell an editor (translated to "")."""
    return not translate(record.getMessage()).text


def chinese_handler(level: int, docs: str = "content") -> logging.Handler:
    handler = logging.StreamHandler()
    handler.setLevel(level)
    handler.setFormatter(ChineseFormatter(docs))
    handler.addFilter(lambda record: not hidden(record))
    return handler
