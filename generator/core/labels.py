"""Every Chinese word the outputs print for a coded value: statuses, 四责, source kinds, periods,
time units, frequencies, time limits, deductions, levels, bonus items and field names. Site, PDF,
xlsx, JSON and diff ask here.

Nearly a leaf module: at run time it imports only `numbers` (which imports nothing of the
package), so the model can use it too. Nothing here escapes text: each output format does its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from qinglian.core.numbers import format_number

if TYPE_CHECKING:
    from qinglian.core.fields import Frequency, TimeLimit
    from qinglian.core.model import BonusItem, Indicator, Level, UnitStandard

STATUS_LABELS = {"illustrative": "示例", "draft": "草案", "trial": "试行", "official": "正式", "repealed": "已废止"}
RESPONSIBILITY_LABELS = {
    "subject": "主体责任",
    "supervision": "监督责任",
    "first": "第一责任人责任",
    "dual": "一岗双责",
    "direct": "直接责任",
    "leadership": "领导责任",
    "related": "相关责任",
}
# In the order the 依据文件 page groups them.
SOURCE_KIND_LABELS = {
    "regulation": "党内法规与法律",
    "local-document": "地方文件",
    "news": "新闻报道",
    "notice": "通知",
    "standard": "标准",
    "law": "法律法规",
    "party-regulation": "党内法规",
    "other": "其他",
}
PERIOD_LABELS = {"year": "每年", "half-year": "每半年", "quarter": "每季度", "month": "每月", "week": "每周"}
TIME_UNIT_LABELS = {"hour": "小时", "day": "日", "workday": "个工作日", "month": "个月"}
VETO_INTRO = "出现下列情形之一的，不予命名"  # a unit's veto list without its own `veto_intro`
NOT_NAMED = "不予命名"
# The labels of coded values, by the name of the field that holds them.
CHOICE_LABELS = {
    "status": STATUS_LABELS,
    "responsibility": RESPONSIBILITY_LABELS,
    "kind": SOURCE_KIND_LABELS,
    "per": PERIOD_LABELS,
    "unit": TIME_UNIT_LABELS,
}

_FIELD_LABEL_END = re.compile(r"[：，；（(\s]")
_FIELD_TITLE_END = re.compile(r"[：，；（(]")


def status_label(status: str) -> str:
    """illustrative -> 示例, official -> 正式, ..."""
    return STATUS_LABELS[status]


def responsibility_label(responsibility: str) -> str:
    """subject -> 主体责任, ... (the 四责)."""
    return RESPONSIBILITY_LABELS[responsibility]


def source_kind_label(kind: str) -> str:
    """regulation -> 党内法规与法律, ..."""
    return SOURCE_KIND_LABELS[kind]


def frequency_text(frequency: Frequency) -> str:
    """E.g. 每年不少于4次, 每季度至少1次, 每月2至4次, 每年不超过2次."""
    period = PERIOD_LABELS[frequency.per]
    low, high = frequency.min, frequency.max
    if low is not None and high is not None:
        return f"{period}{low}次" if low == high else f"{period}{low}至{high}次"
    if low is not None:
        return f"{period}至少1次" if low == 1 else f"{period}不少于{low}次"
    return f"{period}不超过{high}次"


def time_limit_text(limit: TimeLimit) -> str:
    """E.g. 5个工作日内, 2个月内; a typical (soft) limit 一般为15个工作日."""
    if limit.typical:
        return f"一般为{limit.within}{TIME_UNIT_LABELS[limit.unit]}"
    return f"{limit.within}{TIME_UNIT_LABELS[limit.unit]}内"


def time_limit_full(limit: TimeLimit, steps: Mapping[str, str] | None = None, *, note: bool = True) -> str:
    """The limit with where it starts and its note, as the original words it:
    自收到检举控告之日起7个工作日内, 自第2步“集体研判”完成之日起，一般为2个月；经批准可延长.

    `steps` names the steps a limit may start at (id -> 第2步“集体研判”); the id stands in otherwise.
    """
    text = time_limit_text(limit)
    start = ""
    if limit.from_event is not None:
        start = f"自{limit.from_event.removeprefix('自').removesuffix('起')}起"
    elif limit.anchor is not None:
        step = (steps or {}).get(limit.anchor.step, limit.anchor.step)
        start = f"自{step}{'开始' if limit.anchor.at == 'start' else '完成'}之日起"
    if start:
        text = f"{start}，{text}" if limit.typical else start + text
    if note and limit.note:
        text += "；" + _clause(limit.note)
    return text


class DeductionRule(Protocol):
    """A 扣分 rule: the model's `Deduction`, or the self-assessment form's `Rule`."""

    @property
    def text(self) -> str: ...
    @property
    def points(self) -> Decimal | None: ...
    @property
    def range(self) -> Sequence[Decimal] | None: ...


def deduction_text(deduction: DeductionRule) -> str:
    """A 扣分 rule in the original's words, the same on the site, the forms and in the revision
    table: 每少公开1次扣1分, 公开内容不全，酌情扣0.5–1.5分, 未公开，本项不得分."""
    text = _clause(deduction.text)
    if deduction.points is not None:
        return f"{text}扣{format_number(deduction.points)}分"
    if deduction.range is not None:
        low, high = (format_number(value) for value in deduction.range)
        return f"{text}，酌情扣{low}–{high}分"
    return f"{text}，本项不得分"


def level_texts(levels: Sequence[Level]) -> list[str]:
    """Each level (highest first) with its threshold and note: 示范村（90分及以上，按比例认定）;
    a `pass: false` level says it is not named: 不达标（低于75分，不予命名）."""
    texts = []
    for index, level in enumerate(levels):
        above = levels[index - 1].min if index else None
        if level.min == 0 and above is not None:
            reach = f"低于{format_number(above)}分"
        else:
            reach = f"{format_number(level.min)}分及以上"
        parts = [reach, *([_clause(level.note)] if level.note else []), *([] if level.passes else [NOT_NAMED])]
        texts.append(f"{level.name}（{'，'.join(parts)}）")
    return texts


def veto_intro(unit: UnitStandard) -> str:
    """The sentence that leads a unit's veto list: its own `veto_intro` or 出现下列情形之一的，不予命名."""
    return _clause(unit.veto_intro) if unit.veto_intro else VETO_INTRO


def bars_text(bars: Sequence[str]) -> str:
    """What a veto item rules out when it does not rule out every level: 不得评为示范村; "" otherwise."""
    return f"不得评为{'、'.join(bars)}" if bars else ""


def bonus_text(item: BonusItem) -> str:
    """加2分, or 最高加3分 for an item the assessor decides."""
    if item.points is not None:
        return f"加{format_number(item.points)}分"
    return f"最高加{format_number(item.max or Decimal(0))}分"


def indicator_heading(indicator: Indicator) -> str:
    """What follows an indicator's number in a heading: its title, else its label (the first line
    of its text) without the number the heading already shows."""
    if indicator.title or not indicator.number:
        return indicator.label
    return indicator.label.removeprefix(f"{indicator.number} ")


def closing_stop(text: str) -> tuple[str, str]:
    """A sentence and its closing 。 apart, so that a note in brackets goes before the stop:
    经验被发文推广（加2分）。 rather than 经验被发文推广。（加2分）."""
    stripped = text.rstrip()
    return (stripped[:-1], "。") if stripped.endswith("。") else (text, "")


def _clause(text: str) -> str:
    """A text to be continued in a sentence: on one line, without its closing punctuation."""
    return " ".join(text.split()).rstrip("。；，,;.：: ")


def field_label(description: str) -> str:
    """A field's Chinese name for readers (the diff): its model description up to the first
    explanation or space, so 下一环节 id（…） -> 下一环节."""
    return _FIELD_LABEL_END.split(description, maxsplit=1)[0]


def field_title(description: str) -> str:
    """A field's title for editors (JSON Schema hover): as `field_label`, but spaces kept, so
    that 下一环节 id（…） -> 下一环节 id tells the editor an id is wanted."""
    return _FIELD_TITLE_END.split(description, maxsplit=1)[0]
