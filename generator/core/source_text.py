"""Stage 1a: a file's bytes -> the text its editor meant, or one located, plain-Chinese reason why not.

Refuses what YAML would misread or what must not be read at all (files outside the project, huge
files, a BOM, NUL and control characters, other encodings, tab indentation). libyaml's syntax
errors are translated by `qinglian.core.syntax`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from qinglian.core.diagnostics import Diagnostic, Severity

MAX_FILE_BYTES = 20 * 1024 * 1024


def problem(file: str, line: int, column: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, "", message, hint)


def read_text(project_dir: Path, path: Path, rel: str, out: list[Diagnostic]) -> str | None:
    """The file's text, or None with the reason appended to `out`."""
    raw = _read_bytes(project_dir, path, rel, out)
    if raw is None:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        out.append(problem(rel, 1, 1, "文件以 UTF-8 BOM（字节顺序标记）开头", "请在编辑器中另存为“UTF-8（无 BOM）”"))
        return None
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        out.append(problem(rel, line, column, "文件含有 NUL 空字节，可能是二进制文件", "请确认这是文本文件，并删除该字符"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position_of(raw, error.start)
        out.append(problem(rel, line, column, "文件不是 UTF-8 编码", "请在编辑器中以 UTF-8 编码另存（GBK 等编码不受支持）"))
        return None
    control = _CONTROL.search(text)
    if control:
        line, column = _position_of(raw, len(text[: control.start()].encode("utf-8")))
        out.append(problem(rel, line, column, f"文件含有不允许的控制字符 U+{ord(control.group(0)):04X}", _CONTROL_HINT))
        return None
    tab = _TAB_INDENT.search(text)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        column = tab.group(0).index("\t") + 1
        out.append(problem(rel, line, column, "缩进中使用了制表符（Tab）", "YAML 只允许用空格缩进，请把 Tab 换成两个空格"))
        return None
    return text


def _read_bytes(project_dir: Path, path: Path, rel: str, out: list[Diagnostic]) -> bytes | None:
    """The file's bytes, unless it lies outside the project (also through a linked folder)."""
    try:
        resolved = path.resolve()
        if not resolved.is_relative_to(project_dir.resolve()):
            out.append(problem(rel, 0, 0, "符号链接指向项目之外，已拒绝读取", "请把文件本身放进 standards/，不要链接到外部"))
            return None
        if not resolved.is_file():
            out.append(problem(rel, 0, 0, "无法读取：不是普通文件", "请确认它是一个普通的文本文件，而不是文件夹或失效的链接"))
            return None
        if resolved.stat().st_size > MAX_FILE_BYTES:
            out.append(problem(rel, 0, 0, f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB，已拒绝读取", "请把内容拆分到多个文件"))
            return None
        return resolved.read_bytes()
    except RuntimeError:  # Python 3.11 reports a symlink loop this way
        out.append(problem(rel, 0, 0, "无法读取：符号链接循环指向自身", "请删除这个链接，把文件本身放进 standards/"))
        return None
    except OSError as error:  # permission denied, a vanished file; strerror names no path
        out.append(problem(rel, 0, 0, f"无法读取：{error.strerror or '系统错误'}", "请检查文件是否存在以及读取权限"))
        return None


_TAB_INDENT = re.compile(r"^ *\t[ \t]*(?=\S)", re.MULTILINE)
# Characters YAML does not allow in a stream (YAML 1.1, "printable characters").
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_CONTROL_HINT = "这类字符通常是从别处复制时带进来的，在编辑器中看不见；请删除这一处并重新输入"


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def reader_problem(rel: str, error: yaml.reader.ReaderError) -> Diagnostic:
    """A character libyaml refuses that `_read_text` did not catch (kept as a safety net)."""
    return problem(rel, 1, 1, f"文件含有不允许的字符（{error.reason}）", _CONTROL_HINT)
