"""Every Chinese word the outputs print for a coded value: statuses, 四责, source kinds, periods,
time units, frequencies, time limits and field names. Site, PDF, xlsx, JSON and diff ask here.

A leaf module: it imports nothing of the package at run time, so the model can use it too.
Nothing here escapes text: each output format does its own escaping.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qinglian.core.fields import Frequency, TimeLimit

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


def field_label(description: str) -> str:
    """A field's Chinese name for readers (the diff): its model description up to the first
    explanation or space, so 下一环节 id（…） -> 下一环节."""
    return _FIELD_LABEL_END.split(description, maxsplit=1)[0]


def field_title(description: str) -> str:
    """A field's title for editors (JSON Schema hover): as `field_label`, but spaces kept, so
    that 下一环节 id（…） -> 下一环节 id tells the editor an id is wanted."""
    return _FIELD_TITLE_END.split(description, maxsplit=1)[0]
