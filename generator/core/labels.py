"""Numbering and label helpers shared by the site and the handbook renderers.

Display numbers are computed from order, never stored: 一、 for dimensions, （一） for the
next level, 1. below that. Nothing here escapes text: each output format does its own escaping.
"""

from __future__ import annotations

from qinglian.core.corpus import Corpus
from qinglian.core.fields import RESPONSIBILITY_LABELS, STATUS_LABELS

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (positive integers below 10000)."""
    if not 0 < number < 10000:
        raise ValueError(f"cannot write {number} in Chinese numerals")
    if number < 10:
        return _DIGITS[number]
    if number < 20:
        return "十" + (_DIGITS[number - 10] if number > 10 else "")
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        else:
            zero = True
    return "".join(parts)


def level1(index: int) -> str:
    """Display number of the `index`-th (0-based) top-level item: 一、"""
    return f"{chinese_numeral(index + 1)}、"


def level2(index: int) -> str:
    """Display number of the `index`-th (0-based) second-level item: （一）"""
    return f"（{chinese_numeral(index + 1)}）"


def level3(index: int) -> str:
    """Display number of the `index`-th (0-based) third-level item: 1."""
    return f"{index + 1}."


def role_name(corpus: Corpus, role_id: str) -> str:
    """The display name of a role id (the corpus is resolved, so the id exists)."""
    return corpus.role(role_id).name


def role_names(corpus: Corpus, role_ids: list[str], sep: str = "、") -> str:
    return sep.join(role_name(corpus, role_id) for role_id in role_ids)


def status_label(status: str) -> str:
    """illustrative -> 示例, official -> 正式, ..."""
    return STATUS_LABELS[status]


def responsibility_label(responsibility: str) -> str:
    """subject -> 主体责任, ... (the 四责)."""
    return RESPONSIBILITY_LABELS[responsibility]


def record_title(corpus: Corpus, record_id: str) -> str:
    """The short display text of any record: its title, name, term, task `what` or item text."""
    record = corpus.get(record_id)
    for field in ("label", "title", "name", "term", "what", "text"):
        value = getattr(record, field, None)
        if value:
            return str(value)
    return record_id
