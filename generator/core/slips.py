"""Slips in values of files that parse: full-width digits and letters, units after numbers,
Chinese commas and brackets in lists, names for ids, Chinese labels for coded values.

Each function returns a `Slip` (message, hint and the offset of the slip inside the written
value) or None when the value shows no such slip. The hints, when followed, give a valid value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from qinglian.core.fields import ID_PATTERN
from qinglian.core.fullwidth import NAMES, named
from qinglian.core.labels import CHOICE_LABELS as CODE_LABELS

# The Chinese labels of coded values, by the YAML key that holds them, and the words for where a
# time limit starts counting, which writers may use instead of the codes.
CHOICE_LABELS = {**CODE_LABELS, "at": {"start": "开始", "end": "结束"}}
_SYNONYMS = {"天": "日", "季": "季度", "半年度": "半年", "年度": "年", "工作日": "工作日"}
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")
_WITH_UNIT = re.compile(r"(?P<number>[-+]?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s.].*)")
_SEPARATORS = re.compile(r"[，、]")
_BRACKETS = ("【】", "［］", "[］", "【]", "［]", "[】")
_TRUE, _FALSE = ("yes", "y", "on", "是", "对", "真"), ("no", "n", "off", "否", "不", "错", "假")


@dataclass(frozen=True)
class Slip:
    message: str
    hint: str
    offset: int = 0  # where in the written value the slip is


def number(key: str, value: str, quoted: bool) -> Slip | None:
    """`points: ２０`, `points: 20分`, `within: 15天`, `points: '20'`."""
    plain = unicodedata.normalize("NFKC", value).strip()
    if _NUMBER.fullmatch(plain):
        if quoted:
            return Slip("应为数字，实际为文本", f"去掉引号，写成 {plain}")
        offset = _first_changed(value)
        return Slip(_named_run(value, offset), f"改为“{key}: {plain}”", offset)
    match = _WITH_UNIT.fullmatch(plain)
    if match is None:
        return None
    unit = match.group("unit")
    hint = f"改为“{key}: {match.group('number')}”" + ("，单位写在 unit 中" if key == "within" else "")
    offset = value.find(unit) if unit in value else len(value.rstrip()) - 1
    return Slip(f"数字后不能带单位“{unit}”", hint, max(offset, 0))


def boolean(value: str) -> str | None:
    """The hint for a text given to a true/false field: yes -> true, 否 -> false."""
    word = value.strip().lower()
    if word in _TRUE:
        return "写成 true（YAML 1.2 中只有 true 和 false 是布尔值，yes、on 是文本）"
    if word in _FALSE:
        return "写成 false（YAML 1.2 中只有 true 和 false 是布尔值，no、off 是文本）"
    return None


def choice(key: str, value: str, options: list[str]) -> str | None:
    """The hint for a Chinese label written instead of its code: `unit: 月` -> month."""
    labels = {code: label for code, label in CHOICE_LABELS.get(key, {}).items() if code in options}
    wanted = _bare(value)
    exact = [code for code, label in labels.items() if _bare(label) == wanted]
    found = exact or [code for code, label in labels.items() if wanted and (wanted in _bare(label) or _bare(label) in wanted)]
    if not found:
        return None
    listed = "、".join(f"{code}（{labels[code]}）" for code in found)
    return f"应写代码 {listed}" if len(found) == 1 else f"应写代码，可选：{listed}"


def _bare(label: str) -> str:
    """A label without the words that vary: 每季度 -> 季度, 个工作日 -> 工作日, 天 -> 日."""
    word = label.strip().removeprefix("每").removeprefix("个")
    return _SYNONYMS.get(word, word)


def split_items(value: str) -> list[str] | None:
    """The items of `a，b` or `a、b` (two or more, none empty), or None."""
    if not _SEPARATORS.search(value):
        return None
    parts = [part.strip() for part in _SEPARATORS.split(value)]
    return parts if len(parts) > 1 and all(parts) else None


def separator(value: str) -> Slip | None:
    """The first Chinese comma or 顿号 in `value`, as a slip without a hint yet."""
    match = _SEPARATORS.search(value)
    return Slip(named(match.group(0)), "", match.start()) if match else None


def bracketed(value: str) -> list[str] | None:
    """The items of `【a, b】`, `［a，b］` (a list typed with full-width brackets), or None."""
    text = value.strip()
    if len(text) < 2 or text[0] + text[-1] not in _BRACKETS:
        return None
    inner = text[1:-1].strip()
    return [part.strip() for part in re.split(r"[,，、]", inner)] if inner else []


def bracket_slip(value: str) -> Slip:
    offset = len(value) - len(value.lstrip())
    return Slip(named(value[offset]), "", offset)


def as_id(value: str) -> str | None:
    """The id `value` spells in full-width or upper-case letters, if it is one."""
    plain = unicodedata.normalize("NFKC", value).strip()
    return plain if plain != value and ID_PATTERN.match(plain) else None


def full_width(value: str) -> Slip | None:
    """The first full-width character of `value` that NFKC turns into ASCII."""
    offset = _first_changed(value)
    if offset < 0:
        return None
    return Slip(_named_run(value, offset), "", offset)


def swallowed_key(key: str, value: str) -> Slip | None:
    """`{name: 达标，min: 8}`: the key `min` swallowed by the text before it, after a Chinese comma."""
    match = re.search(rf"[，,]\s*{re.escape(key)}\s*[:：]\s*", value)
    if match is None or "，" not in match.group(0) + value[: match.start()] and "：" not in match.group(0):
        return None
    fixed = f"{value[: match.start()].rstrip()}, {key}: {value[match.end():].lstrip()}"
    offset = match.start() if match.group(0)[0] == "，" else value.index("：", match.start())
    return Slip(_named_run(value, offset), fixed, offset)


def _first_changed(value: str) -> int:
    return next((i for i, char in enumerate(value) if unicodedata.normalize("NFKC", char) != char), -1)


def _named_run(value: str, offset: int) -> str:
    """此处是全角数字“２０”，应为半角数字“20”: the full-width characters from `offset` on."""
    if value[offset] in NAMES:
        return named(value[offset])
    end = offset
    while end < len(value) and value[end] not in NAMES and unicodedata.normalize("NFKC", value[end]) != value[end]:
        end += 1
    written = value[offset:end]
    plain = unicodedata.normalize("NFKC", written)
    kind = "数字" if plain.replace(".", "").isdigit() else "字母" if plain.isalpha() else "字符"
    return f"此处是全角{kind}“{written}”，应为半角{kind}“{plain}”"
