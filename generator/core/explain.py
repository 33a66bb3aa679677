"""The message and hint for one pydantic error, in the words of an editor, with the offset of the
mistake inside the written value when it is a single character (a full-width comma, say)."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass

import yaml
from pydantic import BaseModel
from qinglian.core import slips
from qinglian.core.fields import ID_MAX, ID_PATTERN, Ref, annotation_parts, inner_model
from qinglian.core.kinds import label as kind_label
from qinglian.core.load import Loc
from qinglian.core.names import Names

_TYPE_NAMES = {str: "文本", int: "整数", float: "小数", bool: "布尔值", list: "列表", dict: "映射", type(None): "空值"}
_ID_HINT = "id 只能由小写字母、数字和连字符组成，以字母开头，如 school-resp-study"


@dataclass(frozen=True)
class Place:
    """Where the error is: the record's model, the loc inside it, the value's YAML node, the file."""

    model: type[BaseModel]
    loc: Loc
    node: typing.Any
    file: str
    names: Names
    mapping: typing.Any = None  # the YAML node of the mapping the field belongs to


@dataclass(frozen=True)
class Explained:
    message: str
    hint: str | None
    offset: int = 0
    node: typing.Any = None  # the YAML node the message is about, when not the field's own


def explain(item: typing.Any, place: Place) -> Explained:
    """Message and hint for one pydantic error."""
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx", {})
    node, loc = place.node, place.loc
    written = node.value if isinstance(node, yaml.ScalarNode) else str(value)
    if kind == "missing":
        return _swallowed(str(loc[-1]), place.mapping) or Explained("缺少必填字段", f"请添加 {loc[-1]}: …")
    if kind == "extra_forbidden":
        return _unknown_key(place)
    if value is None and kind.endswith("_type"):
        return Explained("不能为空", "请填写内容，或删除这一行（如果该字段可以省略）")
    if isinstance(value, str) and kind in ("number_type", "int_type", "float_type", "bool_type", "list_type", "id_syntax"):
        found = _text_slip(kind, value, place)
        if found is not None:
            return found
    if kind in _TYPE_EXPECTED:
        expected, hint = _TYPE_EXPECTED[kind]
        return Explained(f"应为{expected}，实际为{_type_name(value)}", _type_hint(kind, value, written, place) or hint)
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"是否应为 '{close[0]}'？" if close else None
        hint = hint or (slips.choice(str(loc[-1]), str(value), options) if loc else None) or f"可选值：{'、'.join(options)}"
        return Explained(f"取值 '{value}' 无效", hint)
    if kind == "too_short" and loc and loc[-1] == "branches":
        return Explained(f"至少需要 {ctx.get('min_length')} 项", "判断至少要有两个分支；只有一个去向时，删除 decision，改用 next")
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, list):
            return Explained(f"至少需要 {ctx.get('min_length')} 项", None)
        return Explained("不能为空", None)
    if kind == "greater_than":
        return Explained(f"应大于 {ctx.get('gt')}", None)
    if kind == "greater_than_equal":
        return Explained(f"不能小于 {ctx.get('ge')}", None)
    if kind == "number_type":
        return Explained(item["msg"], _number_hint(value, written))
    if kind == "string_pattern_mismatch":
        return Explained("日期格式不正确", "应为 YYYY、YYYY-MM 或 YYYY-MM-DD，如 2022-08")
    if kind == "raw_html":
        return Explained(item["msg"], "正文只能用纯文本和 **加粗**；如需尖括号请用全角〈〉")
    return Explained(item["msg"], _CUSTOM_HINTS.get(kind))


def _text_slip(kind: str, value: str, place: Place) -> Explained | None:
    """A text where a number, true/false, list or id belongs, explained by what it looks like."""
    key = next((str(step) for step in reversed(place.loc) if isinstance(step, str)), "")
    quoted = isinstance(place.node, yaml.ScalarNode) and place.node.style in ("'", '"')
    if kind in ("number_type", "int_type", "float_type"):
        found = slips.number(key, value, quoted)
        return Explained(found.message, found.hint, found.offset) if found else None
    if kind == "bool_type":
        hint = slips.boolean(value)
        return Explained("应为 true 或 false，实际为文本", hint) if hint else None
    if kind == "list_type":
        return _list_slip(key, value, place)
    return _id_slip(value, place)


def _swallowed(key: str, mapping: typing.Any) -> Explained | None:
    """A missing key typed after a Chinese comma in the value before it: `{name: 达标，min: 8}`."""
    for key_node, value_node in getattr(mapping, "value", ()):
        if isinstance(value_node, yaml.ScalarNode) and not value_node.style:
            found = slips.swallowed_key(key, value_node.value)
            if found is not None:
                return Explained(found.message, f"改为“{key_node.value}: {found.hint}”", found.offset, value_node)
    return None


def _list_slip(key: str, value: str, place: Place) -> Explained:
    ref = _ref_at(place.model, place.loc)
    items = slips.bracketed(value)
    if items is not None:
        found = slips.bracket_slip(value)
        return Explained(found.message, f"改为“{key}: [{', '.join(_meant(item, ref, place) for item in items)}]”", found.offset)
    parts = slips.split_items(value) or [value.strip()]
    listed = f"[{', '.join(_meant(part, ref, place) for part in parts)}]"
    if len(parts) > 1 and ref is None:
        return Explained("应为列表，实际为文本", f"写成列表：{listed}；如果是一项，写成 ['{value.strip()}']")
    if len(parts) > 1:
        return Explained("应为列表，实际为文本", f"写成列表：{listed}")
    return Explained("应为列表，实际为文本", f"只有一项时也要写成列表：{listed}")


def _id_slip(value: str, place: Place) -> Explained:
    """An id that is not one: a list typed with Chinese commas, full-width letters, a name."""
    ref = _ref_at(place.model, place.loc)
    in_list = bool(place.loc) and isinstance(place.loc[-1], int)
    parts = slips.split_items(value) if in_list else None
    if parts is not None:
        found = slips.separator(value)
        assert found is not None
        key = str(place.loc[-2])
        return Explained(found.message, f"改为“{key}: [{', '.join(_meant(part, ref, place) for part in parts)}]”", found.offset)
    items = slips.bracketed(value)
    if items is not None:
        found = slips.bracket_slip(value)
        return Explained(found.message, f"改为“{place.loc[-1]}: [{', '.join(_meant(item, ref, place) for item in items)}]”", found.offset)
    plain = slips.as_id(value)
    found = slips.full_width(value)
    if plain is not None and found is not None:
        return Explained(found.message, f"改为 {plain}", found.offset)
    if ref is not None and not value.isascii():
        return _name_for_id(value, ref, place)
    return Explained(f"id '{value}' 格式不正确", _ID_HINT + _id_suggestion(value, ref is None))


def _name_for_id(value: str, ref: Ref, place: Place) -> Explained:
    label = kind_label(ref.kind)
    found, exact = place.names.find(ref.kind, value, place.file, local=ref.scope != "corpus")
    if exact:
        return Explained(f"'{value}' 是{label}的名称，此处应写它的 id", f"改为 {found[0].id}")
    if found:
        listed = "、".join(f"{named.id}（{named.name}）" for named in found)
        return Explained(f"此处应写{label}的 id，'{value}' 不是 id", f"是否应为 {listed}？")
    known = place.names.all(ref.kind, place.file, local=ref.scope != "corpus")
    if known and len(known) <= 8:
        listed = "、".join(f"{named.id}（{named.name}）" for named in known)
        return Explained(f"此处应写{label}的 id，'{value}' 不是 id", f"可用的{label}：{listed}")
    return Explained(f"此处应写{label}的 id，'{value}' 不是 id", _ID_HINT)


def _meant(written: str, ref: Ref | None, place: Place) -> str:
    """What an item of a list most likely should read: ASCII, and an id for a name."""
    plain = slips.as_id(written) or written
    if ref is None or ID_PATTERN.match(plain):
        return plain
    found, exact = place.names.find(ref.kind, plain, place.file, local=ref.scope != "corpus")
    return found[0].id if exact else plain


def _ref_at(model: type[BaseModel], loc: Loc) -> Ref | None:
    """The `Ref` of the field at `loc` (a list index at the end is the field's item)."""
    keys = loc[:-1] if loc and isinstance(loc[-1], int) else loc
    if not keys or not isinstance(keys[-1], str):
        return None
    owner = model_at(model, keys[:-1])
    if owner is None:
        return None
    info = next((info for name, info in owner.model_fields.items() if (info.alias or name) == keys[-1]), None)
    if info is None:
        return None
    return next((part for part in [*info.metadata, *annotation_parts(info.annotation)] if isinstance(part, Ref)), None)


_CUSTOM_HINTS = {
    "empty": "请填写内容",
    "id_too_long": "请缩短 id，可以用常见的拼音或英文缩写",
    "frequency_empty": "例如 {min: 4, per: year} 表示每年不少于4次",
    "frequency_order": "min 是最少次数，max 是最多次数",
    "decision_and_next": "有判断时，把去向写在各分支的 next 中，并删除环节上的 next",
    "handbook_empty": "手册至少要收录一项单元标准、责任清单或联动程序",
    "decimal_places": "分值精确到 0.01 分，如 1.5、0.25",
    "number_too_long": "number 是原文中的编号，如 （六）、16、第3条；标题请写在 title 中",
    "placeholder": "这是 qinglian new 生成的骨架中的占位文字，请改为实际内容",
    "date_invalid": "月份为 01 至 12，日期须真实存在，如 2022-08-29",
    "url": "例如 https://www.ccdi.gov.cn/；网站不会生成外部链接，网址只作文字显示",
    "from_and_event": "从某个环节起算时写 from，从某一事件起算时写 from_event，请删除其中一项",
    "bonus_points_and_max": "固定加分写 points，由评价者酌定的写 max，请删除其中一项",
    "bonus_points_or_max": "固定加分写 points: 2；由评价者在 0 至 3 分之间酌定时写 max: 3",
    "deduction_several": "每条扣分规则只写一种方式：每次扣分 points、酌情扣分 range 或本项不得分 all: true",
    "deduction_none": "写 points: 1（每出现一次扣1分）、range: [0.5, 1.5]（酌情扣分）或 all: true（本项不得分）",
    "deduction_all_false": "本项不得分时写 all: true；否则删除 all",
    "deduction_range_size": "range 写成 [最少, 最多]，如 [0.5, 1.5]",
}


_TYPE_EXPECTED = {
    "string_type": ("文本", None),
    "int_type": ("整数", None),
    "int_from_float": ("整数", "次数和期限只能是整数"),
    "bool_type": ("true 或 false", None),
    "list_type": ("列表", "写成 [甲, 乙]，或每项一行、以 - 开头"),
    "model_type": ("映射（键: 值）", None),
    "dict_type": ("映射（键: 值）", None),
    "model_attributes_type": ("映射（键: 值）", None),
}
TYPE_EXPECTED = frozenset(_TYPE_EXPECTED)


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _type_hint(kind: str, value: object, written: str, place: Place) -> str | None:
    """`written` is the value as typed in the file."""
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        if place.loc and place.loc[-1] in ("id", "replaces") or _ref_at(place.model, place.loc):
            return _ID_HINT
        return f"如果要写成文本，请加引号：'{written}'"
    if kind == "string_type" and isinstance(value, dict):
        return "文本中的“: ”（冒号加空格）会被当成“键: 值”；请给整段文本加引号，或改用全角冒号“：”"
    if kind == "int_type" and isinstance(value, float):
        return "次数和期限只能是整数"
    return None


def _number_hint(value: object, written: str) -> str:
    if isinstance(value, float):
        return "分值写成有限的数字，如 2 或 1.5"
    if isinstance(value, str):
        return "分值写成数字，如 2 或 1.5"
    return f"分值写成数字，如 2 或 1.5（YAML 把 {written} 读作{_type_name(value)}）"


def slug(value: str) -> str:
    """The id an invalid one most likely meant: lower case, hyphens, pinyin for Chinese words."""
    if not value.isascii():
        from pypinyin import lazy_pinyin  # loads a large dictionary: only when needed

        value = "-".join(lazy_pinyin(value))
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:ID_MAX].strip("-")


def _id_suggestion(value: str, own: bool) -> str:
    """A corrected id; pinyin only for a record's own id, never for a reference (it would not exist)."""
    if not own and not value.isascii():
        return ""
    suggestion = slug(value)
    if suggestion != value and ID_PATTERN.match(suggestion):
        return f"；可改为 '{suggestion}'"
    return ""


def _unknown_key(place: Place) -> Explained:
    key = str(place.loc[-1])
    found = slips.full_width(key)
    if found is not None and "：" in key:
        name, _, rest = key.partition("：")
        return Explained(found.message, f"改为“{name.strip()}: {rest.strip()}”", key.index("："))
    owner = model_at(place.model, place.loc[:-1])
    if owner is None:
        return Explained("未知字段", None)
    close = closest_field(owner, key)
    if close:
        return Explained("未知字段", f"是否应为 '{close}'？")
    allowed = [info.alias or name for name, info in owner.model_fields.items()]
    return Explained("未知字段", f"可用的字段：{'、'.join(allowed)}")


def closest_field(owner: type[BaseModel], key: str) -> str | None:
    allowed = [info.alias or name for name, info in owner.model_fields.items()]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (list indexes are skipped)."""
    current: typing.Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if step not in fields:
            return None
        inner: type[BaseModel] | None = inner_model(fields[step].annotation)
        if inner is None:
            return None
        current = inner
    return typing.cast("type[BaseModel]", current)
