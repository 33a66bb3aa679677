"""修订对照表: the revision table of the site (HTML), and the diff's text, Markdown and JSON outputs.

`revision_rows` turns a `Diff` into the rows of a 新旧条款对照表 (old clause, new clause, note),
with the character diff kept as segments so that each output format marks deletions and
insertions with its own escaping (the handbook can use the rows too).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any

import click
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from markupsafe import escape as html_escape
from qinglian.core.corpus import Corpus
from qinglian.core.kinds import label as kind_label
from qinglian.core.urls import REVISIONS
from qinglian.render.settings import Settings
from qinglian.render.site.page import Page, SitePage
from qinglian.revisions.diff import Diff, FieldChange, RecordChange
from qinglian.revisions.items import TITLE_FIELDS
from qinglian.revisions.values import NONE, Segments

STATUS_WORDS = {"added": "新增", "removed": "删除", "renamed": "更名", "moved": "移动", "changed": "修改"}
_SIGNS = {"added": ("+", "green"), "removed": ("-", "red")}


def produce(corpus: Corpus, settings: Settings) -> Iterable[tuple[str, SitePage]]:
    """The 修订对照表 page; without a usable baseline, a page that says why."""
    diff = settings.revision
    yield Page(corpus, settings).render(
        "revisions.html.j2", REVISIONS, link_terms=False, diff=diff, groups=_grouped(revision_rows(diff)) if diff else [],
        summary=summary(diff) if diff else "", baseline=settings.baseline, problem=settings.revision_problem,
        missing=settings.revision_missing, marked=_marked_html,
    )


def markdown(diff: Diff) -> str:
    """The table as a CommonMark document for a merge request, escaped with plain characters
    wherever they are safe."""
    return _markdown_environment().get_template("revisions.md.j2").render(
        diff=diff, groups=_grouped(revision_rows(diff)), summary=summary(diff), text=_md_line, cell=_md_cell,
        marked=functools.partial(_marked_cell, escape=_md_text),
    )


@functools.cache
def _markdown_environment() -> Environment:
    return Environment(
        loader=PackageLoader("qinglian", "templates/diff"), undefined=StrictUndefined, autoescape=False,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


def revision_rows(diff: Diff) -> list[dict[str, Any]]:
    """One row per changed record, in document order.

    Keys: document_kind, document_id, document_title, kind, kind_label, id (new id, or old id if
    removed), new_id, status (tuple of added/removed/renamed/moved/changed), old and new (clause
    segments: (op, text) with op equal/delete in old, equal/insert in new; empty when the record
    does not exist on that side), old_text and new_text (the same clauses unmarked), note (修订说明).
    """
    rows = []
    for document in diff.documents:
        changes = ([document.record] if document.record else []) + list(document.changes)
        for change in changes:
            old, new = _clause(change, "old"), _clause(change, "new")
            rows.append({
                "document_kind": document.kind, "document_id": document.id,
                "document_title": "" if document.is_list else document.title,
                "kind": change.kind, "kind_label": kind_label(change.kind), "id": change.id,
                "new_id": change.new_id, "status": change.status, "old": old, "new": new,
                "old_text": _plain(old), "new_text": _plain(new), "note": _note(change),
            })
    return rows


def summary(diff: Diff) -> str:
    counts = diff.counts()
    if not any(counts.values()):
        return "两个版本的标准数据没有差异。"
    parts = [f"{STATUS_WORDS[status]} {count} 条" for status, count in counts.items() if count]
    return "共有" + "，".join(parts) + "。"


def _clause(change: RecordChange, side: str) -> Segments:
    """Number, title and main text of the record on one side, edits marked."""
    if getattr(change, f"{side}_id") is None:
        return ()
    keep = "delete" if side == "old" else "insert"
    number = getattr(change, f"{side}_number")
    head = _side(_field(change, *TITLE_FIELDS), getattr(change, f"{side}_title"), keep)
    body = _side(_field(change, change.text_field), getattr(change, f"{side}_text"), keep)
    glue = (("equal", "："),) if head and body else ()
    number += " " if number.endswith(".") else ""
    return _join((("equal", number),) + head + glue + body)


def _field(change: RecordChange, *names: str) -> FieldChange | None:
    return next((field for field in change.fields if field.field in names and field.segments), None)


def _side(field: FieldChange | None, text: str, keep: str) -> Segments:
    if field is None or field.segments is None:
        return (("equal", text),) if text else ()
    return tuple((op, part) for op, part in field.segments if op in ("equal", keep))


def _join(segments: Segments) -> Segments:
    joined: list[tuple[str, str]] = []
    for op, text in segments:
        if text and joined and joined[-1][0] == op:
            joined[-1] = (op, joined[-1][1] + text)
        elif text:
            joined.append((op, text))
    return tuple(joined)


def _plain(segments: Segments) -> str:
    return "".join(text for _, text in segments)


def _note(change: RecordChange) -> str:
    """修订说明: what happened to the clause, in words."""
    if change.status in (("added",), ("removed",)):
        return STATUS_WORDS[change.status[0]] + kind_label(change.kind) + "。"
    notes = []
    if "renamed" in change.status:
        notes.append(f"标识由 {change.old_id} 改为 {change.new_id}")
    if change.moved:
        moved = f"由 {change.old_number} 调整为 {change.new_number}" if change.old_number != change.new_number else ""
        notes.append("调整位置" + (f"（{moved}）" if moved else ""))
    for field in change.fields:
        if field.field in (*TITLE_FIELDS, change.text_field):
            notes.append(f"修改{field.label}")
        else:
            notes.append(f"{field.label}由“{field.old}”改为“{field.new}”")
    return "；".join(notes) + "。"


def _grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["id"] != row["document_id"]:
            label = kind_label(row["document_kind"])
            groups.append({"id": row["document_id"], "title": row["document_title"], "label": label, "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _marked_cell(segments: Segments, escape: Callable[[str], str]) -> str:
    """Clause segments -> one table cell, deletions in <del>, insertions in <ins>, each text escaped."""
    if not segments:
        return "—"
    tags = {"delete": "del", "insert": "ins"}
    cell = ""
    for op, text in segments:
        escaped = "<br>".join(escape(line) for line in text.splitlines() if line.strip())
        cell += f"<{tags[op]}>{escaped}</{tags[op]}>" if op in tags else escaped
    return cell


def _marked_html(segments: Segments) -> Markup:
    return Markup(_marked_cell(segments, lambda text: str(html_escape(text))))


# CommonMark (merge requests): only what could start markup is escaped, with a backslash. The
# template never puts such text at the start of a line, so `-`, `.`, `1.`, `#` and `(` are safe.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|~]|&(?=#?\w+;)|(?<= )#+$")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(lambda match: "\\" + match.group(0), text)


def _md_line(text: str) -> str:
    """Text for one line of a CommonMark document: lines joined, markup characters escaped."""
    return _md_text(" ".join(part.strip() for part in str(text).splitlines() if part.strip()))


def _md_cell(text: str) -> str:
    """Text for a CommonMark table cell: one line per paragraph, joined by <br>."""
    return "<br>".join(_md_line(part) for part in re.split(r"\n\s*\n", str(text)) if part.strip())


def format_json(diff: Diff) -> str:
    """The diff as JSON: labels, counts, documents and their changes, with each change's status."""

    def change(item: RecordChange | None) -> dict[str, Any] | None:
        return None if item is None else {"status": list(item.status), **asdict(item)}

    documents = [
        {"kind": d.kind, "id": d.id, "title": d.title, "record": change(d.record), "changes": [change(c) for c in d.changes]}
        for d in diff.documents
    ]
    data = {"old": diff.old_label, "new": diff.new_label, "counts": diff.counts(), "documents": documents}
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_text(diff: Diff) -> str:
    """The diff for a terminal; styled with ANSI colours that `click.echo` strips when not a TTY."""
    lines = [click.style(f"修订对照：{diff.old_label} → {diff.new_label}", bold=True), summary(diff)]
    for document in diff.documents:
        heading = document.title if document.is_list else f"{kind_label(document.kind)} {document.id} {document.title}"
        lines += ["", click.style(heading, bold=True)]
        for change in ([document.record] if document.record else []) + list(document.changes):
            lines += _text_change(change)
    return "\n".join(lines)


def _text_change(change: RecordChange) -> list[str]:
    sign, colour = _SIGNS.get(change.status[0], ("~", "yellow"))
    ids = f"{change.old_id} → {change.new_id}" if "renamed" in change.status else change.id
    numbers = change.new_number or change.old_number
    if change.old_id and change.new_id and change.old_number != change.new_number:
        numbers = f"{change.old_number} → {change.new_number}"
    title = _short(change.new_title or change.old_title or change.new_text or change.old_text)
    words = "、".join(STATUS_WORDS[status] for status in change.status)
    head = " ".join(part for part in (sign, kind_label(change.kind), ids, numbers, title) if part)
    lines = [click.style(f"  {head}（{words}）", fg=colour)]
    for field in change.fields:
        lines += _text_field(field)
    return lines


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_field(field: FieldChange) -> list[str]:
    """Free text as a character diff; other values as 旧 → 新, on two lines when long or when
    the values hold arrows themselves (branches)."""
    if field.prose and NONE not in (field.old, field.new):
        return [f"      {field.label}：{_marked_text(field)}"]
    if "→" in field.old + field.new or len(field.old + field.new) > 60:
        return [f"      {field.label}：", f"        旧：{field.old}", f"        新：{field.new}"]
    return [f"      {field.label}：{field.old} → {field.new}"]


def _marked_text(field: FieldChange) -> str:
    marks = {"delete": ("[-", "-]", "red"), "insert": ("{+", "+}", "green")}
    out = ""
    for op, text in field.segments:
        if op in marks:
            start, end, colour = marks[op]
            out += click.style(f"{start}{text}{end}", fg=colour)
        else:
            out += text
    return out.replace("\n", " ")
