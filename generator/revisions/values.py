"""How the diff shows field values: one-line Chinese strings as readers see them, and character diffs.

Values are shown generically from the model: referenced ids as the records' names (steps with
their number), coded choices by their Chinese labels, yes/no for flags, points with 分, nested
values field by field. A few value types have a customary wording (频次, 时限, 等次, 分支).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from qinglian.core.corpus import Corpus
from qinglian.core.labels import CHOICE_LABELS, deduction_text, frequency_text, time_limit_text
from qinglian.core.labels import field_label as label_of_description
from qinglian.core.model import Step, annotation_parts
from qinglian.core.numbering import step_name
from qinglian.core.resolve import ref_of

Segments = tuple[tuple[str, str], ...]  # (op, text), op in equal | delete | insert
NONE = "（无）"
_POINTS = frozenset({"points", "bonus_cap", "total", "max"})  # fields counted in 分
# Unchanged runs this short between two edits are folded into them: 改[-为-]{+成+} is easier
# to read than a diff that keeps one common character in the middle of a rewritten phrase.
_FOLD = 1


def show(model: type[BaseModel], name: str, value: object, corpus: Corpus) -> str:
    """The value of field `name` of a `model` as readers see it, e.g. 学校党组织书记、学校党组织."""
    if value is None or value == []:
        return NONE
    if isinstance(value, list):
        separator = "；" if any(isinstance(item, BaseModel) for item in value) else "、"
        return separator.join(_one(model, name, item, corpus) for item in value)
    return _one(model, name, value, corpus)


def field_label(model: type[BaseModel], name: str) -> str:
    """A field's Chinese name: its model description up to the first explanation."""
    return label_of_description(model.model_fields[name].description or name)


def ref_text(corpus: Corpus, record_id: str) -> str:
    """A referenced record as readers know it: its name or title; a step also by its number."""
    entry = corpus.entries.get(record_id)
    if entry is None:
        return record_id
    title = corpus.title(record_id)
    number = corpus.number(record_id)
    if isinstance(entry.record, Step) and number is not None:
        return f"{step_name(number)} {title}"
    return title


def _one(model: type[BaseModel], name: str, value: object, corpus: Corpus) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str) and ref_of(model, name) is not None:
        return ref_text(corpus, value)
    if isinstance(value, BaseModel):
        return value_text(value, corpus)
    if isinstance(value, str):
        return choice_labels(model, name).get(value, value)
    if isinstance(value, (int, float, Decimal)):
        return _number(value) + ("分" if name in _POINTS else "")
    return str(value)


def value_text(value: BaseModel, corpus: Corpus) -> str:
    """A nested value (not a record): its customary wording, else its fields one by one; fields a
    wording does not cover are added as （名称：值）, so nothing set is left out."""
    wording = _WORDINGS.get(type(value).__name__)
    if wording is not None:
        text, shown = wording(value, corpus)
        return text + _rest(value, shown, corpus)
    fields = [name for name in type(value).model_fields if not _unset(value, name)]
    head = next((name for name in fields if isinstance(getattr(value, name), str) and ref_of(type(value), name) is None), None)
    if head is None:
        return _rest(value, (), corpus, "").strip("（）") or NONE
    return str(getattr(value, head)) + _rest(value, (head,), corpus)


def _level(level: Any, corpus: Corpus) -> tuple[str, tuple[str, ...]]:
    note = f"，{level.note}" if getattr(level, "note", None) else ""
    barred = "，不作为命名等次" if getattr(level, "pass_", None) is False else ""
    return f"{level.name}（{_number(level.min)}分以上{note}{barred}）", ("name", "min", "note", "pass_")


def _branch(branch: Any, corpus: Corpus) -> tuple[str, tuple[str, ...]]:
    return f"{branch.when} → {show(type(branch), 'next', branch.next, corpus)}", ("when", "next")


def _deduction(deduction: Any, corpus: Corpus) -> tuple[str, tuple[str, ...]]:
    """In the site's words: 每少公开1次扣1.5分 / 公开内容不全，酌情扣0.5–1.5分 / 未公开，本项不得分."""
    return deduction_text(deduction), ("text", "points", "range", "all")


def _frequency(frequency: Any, corpus: Corpus) -> tuple[str, tuple[str, ...]]:
    return frequency_text(frequency), ("min", "max", "per")


def _time_limit(limit: Any, corpus: Corpus) -> tuple[str, tuple[str, ...]]:
    """E.g. 一般为15个工作日（自第1步 受理登记 开始时起算），经批准可延长."""
    start = ""
    anchor = getattr(limit, "anchor", None)
    if anchor is not None:
        start = f"（自{ref_text(corpus, anchor.step)} {'开始时' if getattr(anchor, 'at', '') == 'start' else ''}起算）"
    elif isinstance(getattr(limit, "from_", None), str):
        start = f"（自{ref_text(corpus, limit.from_)} 起算）"
    elif getattr(limit, "from_event", None):
        start = f"（自{limit.from_event}起算）"
    note = f"，{limit.note}" if getattr(limit, "note", None) else ""
    return time_limit_text(limit) + start + note, ("within", "unit", "typical", "from_", "from_event", "note")


# Values with a customary wording, by class name; they are shown and compared whole.
_WORDINGS: dict[str, Callable[[Any, Corpus], tuple[str, tuple[str, ...]]]] = {
    "Level": _level, "Branch": _branch, "Deduction": _deduction, "Frequency": _frequency, "TimeLimit": _time_limit,
}


def worded(value: object) -> bool:
    """Whether a nested value has a customary wording (and is compared as a whole)."""
    return type(value).__name__ in _WORDINGS


def _rest(value: BaseModel, shown: tuple[str, ...], corpus: Corpus, glue: str = "") -> str:
    """The other set fields of a value as （名称：值；…）, after `glue` when inside parentheses."""
    model = type(value)
    parts = [
        f"{field_label(model, name)}：{show(model, name, getattr(value, name), corpus)}"
        for name in model.model_fields
        if name not in shown and not _unset(value, name)
    ]
    if not parts:
        return ""
    return glue + "；".join(parts) if glue else "（" + "；".join(parts) + "）"


def _unset(value: BaseModel, name: str) -> bool:
    field = type(value).model_fields[name]
    current = getattr(value, name)
    return current is None or current == [] or (not field.is_required() and current == field.get_default(call_default_factory=True))


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


@functools.cache
def choice_labels(model: type[BaseModel], name: str) -> dict[str, str]:
    """Code -> label of a field with fixed choices: known label tables first, else the pairs its
    description lists (`类型：regulation 党内法规与法律、news 新闻报道`)."""
    info = model.model_fields[name]
    if not any(getattr(part, "__origin__", None) is Literal for part in annotation_parts(info.annotation)):
        return {}
    if name in CHOICE_LABELS:
        return CHOICE_LABELS[name]
    listed = (info.description or "").partition("：")[2]
    return dict(re.findall(r"([a-z][a-z0-9-]*) ([^、，；\s]+)", listed))


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
