"""Record references in the hand-written pages (`content/**/*.md`).

`[](qinglian:joint-case)` links the record `joint-case` with its title as the link text;
`[自定义文字](qinglian:joint-case)` keeps the given text. The MkDocs plugin turns each reference
into a link to the record's page and anchor; `check` reports references to missing records with
file:line:col, so replacing `standards/` never leaves English MkDocs warnings behind.

The scanner skips fenced code blocks and inline code, so the syntax can be shown in examples.
Checker and plugin use the same scanner: what one reports is exactly what the other resolves.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from qinglian.core.corpus import Corpus
from qinglian.core.diagnostics import Diagnostic, Severity
from qinglian.core.resolve import closest_hint

CONTENT_DIR = "content"
SCHEME = "qinglian:"

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")  # also inside list items
# A code span: a run of backticks up to the next run of the same length, within one paragraph.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
_REF = re.compile(r"(?<![!\\])\[((?:[^\[\]\\\n]|\\.)*)\]\(\s*" + re.escape(SCHEME) + r"([^\s()]*)\s*\)")


@dataclass(frozen=True)
class PageRef:
    """One `[text](qinglian:id)`: its span in the text, the target's position (1-based), text and id."""

    start: int
    end: int
    line: int
    column: int
    text: str
    target: str


def _code_ranges(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks and inline code, which hold examples, not references."""
    ranges: list[tuple[int, int]] = []
    offset, fence, fence_start = 0, "", 0
    prose: list[tuple[int, int]] = []
    for line in text.splitlines(keepends=True):
        found = _FENCE.match(line)
        if fence:
            if found and found.group(1)[0] == fence[0] and len(found.group(1)) >= len(fence) and not line.strip(" \r\n`~"):
                ranges.append((fence_start, offset + len(line)))
                fence = ""
        elif found and not (found.group(1)[0] == "`" and "`" in line[found.end() :]):
            fence, fence_start = found.group(1), offset
        else:
            prose.append((offset, offset + len(line)))
        offset += len(line)
    if fence:
        ranges.append((fence_start, offset))
    for start, end in _merge(prose):
        ranges.extend((start + m.start(), start + m.end()) for m in _CODE_SPAN.finditer(text, start, end))
    return ranges


def _merge(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Adjacent prose lines as one stretch, so code spans across line breaks are seen whole."""
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current is not None and current[1] == start:
            current = (current[0], end)
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def find_refs(text: str) -> list[PageRef]:
    """Every record reference in a page's Markdown, outside code."""
    code = _code_ranges(text)
    refs = []
    for match in _REF.finditer(text):
        if any(start <= match.start() < end for start, end in code):
            continue
        where = match.start(2) - len(SCHEME) if not match.group(2) else match.start(2)
        line = text.count("\n", 0, where) + 1
        column = where - (text.rfind("\n", 0, where) + 1) + 1
        refs.append(PageRef(match.start(), match.end(), line, column, match.group(1), match.group(2)))
    return refs


def problem(corpus: Corpus, ref: PageRef, skip: Collection[str] = ()) -> tuple[str, str] | None:
    """(message, hint) when the reference does not name a record; None when it does, or when the
    id is in `skip` (records whose own errors are reported elsewhere)."""
    if not ref.target:
        return f"链接 ({SCHEME}) 缺少记录 id", f"在 {SCHEME} 后写上要链接的记录 id，例如 [](qinglian:某个id)"
    if ref.target in corpus.entries or ref.target in skip:
        return None
    renamed = {entry.record.replaces: entry.id for entry in corpus.entries.values() if entry.record.replaces}
    if ref.target in renamed:
        return f"链接指向不存在的记录 '{ref.target}'", f"已更名为 '{renamed[ref.target]}'"
    return f"链接指向不存在的记录 '{ref.target}'", closest_hint(ref.target, sorted({*corpus.entries, *skip}), "记录")


def pages(docs_dir: Path) -> list[Path]:
    return sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []


def check_pages(project_dir: Path, corpus: Corpus, skip: Collection[str] = (), docs_dir: Path | None = None) -> list[Diagnostic]:
    """Diagnostics for the record references of every page under `docs_dir` (default content/)."""
    docs_dir = docs_dir if docs_dir is not None else project_dir / CONTENT_DIR
    diagnostics = []
    for path in pages(docs_dir):
        rel = _relative(path, project_dir)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            diagnostics.append(Diagnostic(rel, 0, 0, Severity.ERROR, "", "无法读取：文件应为 UTF-8 编码的文本"))
            continue
        for ref in find_refs(text):
            found = problem(corpus, ref, skip)
            if found is not None:
                diagnostics.append(Diagnostic(rel, ref.line, ref.column, Severity.ERROR, "", *found))
    return diagnostics


def _relative(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()
