"""How the diff shows field values: one-line Chinese display strings and character diffs."""

from __future__ import annotations

import difflib

from qinglian.core.corpus import Corpus
from qinglian.core.labels import record_title, responsibility_label, status_label
from qinglian.core.model import Decision, Frequency, Model, Scoring, TimeLimit

Segments = tuple[tuple[str, str], ...]  # (op, text), op in equal | delete | insert
NONE = "（无）"
_UNITS = {"points": "分", "bonus_cap": "分", "total": "分"}
_LABELS = {"status": status_label, "responsibility": responsibility_label}
# Unchanged runs this short between two edits are folded into them: 改[-为-]{+成+} is easier
# to read than a diff that keeps one common character in the middle of a rewritten phrase.
_FOLD = 1


def show(field: str, value: object, corpus: Corpus, ref: bool = False) -> str:
    """A value as readers see it: frequencies described, referenced ids (`ref`) as the records'
    titles or names, points with 分, lists joined by 、."""
    if value is None or value == []:
        return NONE
    if field in _LABELS:
        return _LABELS[field](str(value))
    if isinstance(value, list):
        return "、".join(_item(item, corpus, ref) for item in value)
    if isinstance(value, Model):
        return _model(value)
    return _item(value, corpus, ref) + _UNITS.get(field, "")


def _item(value: object, corpus: Corpus, ref: bool) -> str:
    if ref and isinstance(value, str) and value in corpus.entries:
        return record_title(corpus, value)
    return str(value)


def _model(value: Model) -> str:
    if isinstance(value, (Frequency, TimeLimit)):
        start = f"（自环节 {value.from_} 起算）" if isinstance(value, TimeLimit) and value.from_ else ""
        return value.describe() + start
    if isinstance(value, Decision):
        branches = "；".join(f"{branch.when} → {branch.next}" for branch in value.branches)
        return f"{value.question}（{branches}）"
    if isinstance(value, Scoring):
        levels = "、".join(f"{level.name}{level.min}分以上" for level in value.levels)
        cap = f"，加分上限{value.bonus_cap}分" if value.bonus_cap else ""
        return f"总分{value.total}分，{levels}{cap}"
    return str(value.model_dump(by_alias=True, exclude_none=True))


def text_segments(old: str, new: str) -> Segments:
    """A character-level diff (suits Chinese, which has no spaces between words)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    raw: list[tuple[str, str, str]] = []  # (tag, old part, new part)
    for opcode, i1, i2, j1, j2 in matcher.get_opcodes():
        raw.append((opcode, old[i1:i2], new[j1:j2]))
    for index in range(1, len(raw) - 1):
        tag, part, _ = raw[index]
        if tag == "equal" and len(part) <= _FOLD and raw[index - 1][0] != "equal" and raw[index + 1][0] != "equal":
            raw[index] = ("replace", part, part)
    segments: list[tuple[str, str]] = []
    for tag, before, after in raw:
        if tag == "equal":
            segments.append(("equal", before))
            continue
        segments += [("delete", before)] if before else []
        segments += [("insert", after)] if after else []
    return _merged(segments)


def _merged(segments: list[tuple[str, str]]) -> Segments:
    """Adjacent runs of the same op joined; deletions of a changed run before its insertions."""
    runs: list[tuple[str, str]] = []
    pending = {"delete": "", "insert": ""}
    for op, text in segments + [("equal", "")]:
        if op != "equal":
            pending[op] += text
            continue
        runs += [(kind, pending[kind]) for kind in ("delete", "insert") if pending[kind]]
        pending = {"delete": "", "insert": ""}
        if text:
            runs.append(("equal", text))
    return tuple(runs)
