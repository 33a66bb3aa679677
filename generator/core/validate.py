"""Stage 2: plain data -> typed records, with every problem as a located, plain-Chinese diagnostic."""

from __future__ import annotations

import difflib
import re
import typing
from collections import defaultdict
from dataclasses import dataclass, field

import yaml
from pydantic import BaseModel, ValidationError
from qinglian.core.diagnostics import Diagnostic, Severity
from qinglian.core.fields import ID_MAX, ID_PATTERN, Record, inner_model
from qinglian.core.load import Loc, SourceFile
from qinglian.core.model import FILE_MODELS, RECORD_KINDS


@dataclass(frozen=True)
class Parsed:
    """A validated top-level record and where it came from."""

    record: Record
    source: SourceFile
    loc: Loc  # () for one-record files, (index,) for list files


@dataclass(frozen=True)
class Broken:
    """A top-level record that failed validation: its raw data, kept to check its references."""

    model: type[Record]
    data: object
    source: SourceFile
    loc: Loc


@dataclass
class ValidationResult:
    records: list[Parsed] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    # Ids declared in records that failed, by kind: references to them are not reported as
    # dangling (the record's own error is), but they are offered as suggestions.
    broken_ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # Kinds some unreadable file may have declared: references to them cannot be checked.
    unknown_kinds: set[str] = field(default_factory=set)

    def is_broken(self, value: str) -> bool:
        return any(value in ids for ids in self.broken_ids.values())


def validate(files: list[SourceFile], unreadable: typing.Iterable[str] = ()) -> ValidationResult:
    """Typed records of `files`; `unreadable` are the kinds of files that could not be read."""
    result = ValidationResult()
    for kind in unreadable:
        result.unknown_kinds.update(_kinds_of(FILE_MODELS[kind]))
    for source in files:
        model = FILE_MODELS[source.kind]
        items = list(enumerate(source.data)) if isinstance(source.data, list) else [(None, source.data)]
        for index, data in items:
            loc: Loc = () if index is None else (index,)
            try:
                if loc in source.damaged:  # already reported by the loader; its values are partial
                    raise _Damaged
                record = model.model_validate(data)
            except (ValidationError, _Damaged) as error:
                if isinstance(error, ValidationError):
                    result.diagnostics.extend(_diagnostics(source, loc, model, data, error))
                for kind, declared in _declared_ids(model, data):
                    result.broken_ids[kind].add(declared)
                result.broken.append(Broken(model, data, source, loc))
                continue
            result.records.append(Parsed(record, source, loc))
            if index is None:
                result.diagnostics.extend(_check_file_name(source, record))
    return result


class _Damaged(Exception):
    """A record the loader could only read in part."""


def _kinds_of(model: type[BaseModel]) -> typing.Iterator[str]:
    if model in RECORD_KINDS:
        yield RECORD_KINDS[model]  # type: ignore[index]
    for info in model.model_fields.values():
        inner = inner_model(info.annotation)
        if inner is not None:
            yield from _kinds_of(inner)


def _check_file_name(source: SourceFile, record: Record) -> list[Diagnostic]:
    stem = source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if record.id == stem:
        return []
    line, column = source.locate(("id",))
    hint = f"请把文件改名为 {record.id}.yaml，或把 id 改为 {stem}"
    return [Diagnostic(source.path, line, column, Severity.ERROR, "id", f"id '{record.id}' 与文件名 '{stem}' 不一致", hint)]


def _declared_ids(model: type[BaseModel], data: object) -> typing.Iterator[tuple[str, str]]:
    """(kind, id) of the records in raw `data`; an id with a syntax error also as its corrected form,
    so that references already written that way are not reported a second time."""
    if not isinstance(data, dict):
        return
    value = data.get("id")
    if isinstance(value, str) and model in RECORD_KINDS:
        yield RECORD_KINDS[model], value  # type: ignore[index]
        yield "", slug(value)  # kind unknown: suppresses references to it, is never suggested
    for name, info in model.model_fields.items():
        inner = inner_model(info.annotation)
        value = data.get(info.alias or name)
        for item in value if isinstance(value, list) else [value]:
            if inner is not None:
                yield from _declared_ids(inner, item)


def format_loc(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _diagnostics(
    source: SourceFile, prefix: Loc, model: type[BaseModel], data: object, error: ValidationError
) -> list[Diagnostic]:
    found: dict[Loc, Diagnostic] = {}
    located = [(_data_loc(data, item["loc"], item["type"]), item) for item in error.errors()]
    located.sort(key=lambda pair: pair[1]["type"] in _TYPE_EXPECTED)  # of a union's errors, the telling one first
    deeper = {loc[:depth] for loc, _ in located for depth in range(len(loc))}
    for loc, item in located:
        at = item.get("ctx", {}).get("at")
        if at is not None:  # a record's own check, reported on the field it concerns
            loc += (at,)
        if loc in found:  # a union reports once per alternative: the first is enough
            continue
        if loc in deeper and item["type"] in _TYPE_EXPECTED:
            continue  # the alternative of a union that did not fit; another one reports inside
        message, hint = _explain(item, model, loc, source.node_at(prefix + loc))
        line, column = source.locate(prefix + loc, key=item["type"] == "extra_forbidden")
        path = format_loc(prefix + loc)
        found[loc] = Diagnostic(source.path, line, column, Severity.ERROR, path, message, hint)
    return list(found.values())


def _data_loc(data: object, loc: tuple[int | str, ...], kind: str = "missing") -> Loc:
    """The part of pydantic's `loc` that names places in the data (drops union tags).

    A key absent from the mapping is kept only as the last step of a missing-field error: any
    other absent name is the tag of a union alternative (`StepAnchor`, `str`).
    """
    kept: list[int | str] = []
    node = data
    for index, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(step, str):
            if step not in node:
                if kind == "missing" and index == len(loc) - 1:
                    kept.append(step)
                    break
                continue
            kept.append(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int):
            kept.append(step)
            node = node[step]
        else:
            break
    return tuple(kept)


_TYPE_NAMES = {str: "文本", int: "整数", float: "小数", bool: "布尔值", list: "列表", dict: "映射", type(None): "空值"}
_ID_HINT = "id 只能由小写字母、数字和连字符组成，以字母开头，如 school-resp-study"


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _explain(item: typing.Any, model: type[BaseModel], loc: Loc, node: typing.Any = None) -> tuple[str, str | None]:
    """Message and hint for one pydantic error; `node` is the YAML node of the value, if any."""
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx", {})
    written = node.value if isinstance(node, yaml.ScalarNode) else str(value)
    if kind == "missing":
        return "缺少必填字段", f"请添加 {loc[-1]}: …"
    if kind == "extra_forbidden":
        return "未知字段", _unknown_key_hint(model, loc)
    if value is None and kind.endswith("_type"):
        return "不能为空", "请填写内容，或删除这一行（如果该字段可以省略）"
    if kind in _TYPE_EXPECTED:
        expected, hint = _TYPE_EXPECTED[kind]
        return f"应为{expected}，实际为{_type_name(value)}", _type_hint(kind, value, written) or hint
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"是否应为 '{close[0]}'？" if close else f"可选值：{'、'.join(options)}"
        return f"取值 '{value}' 无效", hint
    if kind == "too_short" and loc and loc[-1] == "branches":
        return f"至少需要 {ctx.get('min_length')} 项", "判断至少要有两个分支；只有一个去向时，删除 decision，改用 next"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, list):
            return f"至少需要 {ctx.get('min_length')} 项", None
        return "不能为空", None
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}", None
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}", None
    if kind == "number_type":
        return item["msg"], _number_hint(value, written)
    if kind == "string_pattern_mismatch":
        return "日期格式不正确", "应为 YYYY、YYYY-MM 或 YYYY-MM-DD，如 2022-08"
    if kind == "id_syntax":
        return item["msg"], _ID_HINT + _id_suggestion(str(value))
    if kind == "raw_html":
        return item["msg"], "正文只能用纯文本和 **加粗**；如需尖括号请用全角〈〉"
    return item["msg"], _CUSTOM_HINTS.get(kind)


_CUSTOM_HINTS = {
    "empty": "请填写内容",
    "id_too_long": "请缩短 id，可以用常见的拼音或英文缩写",
    "frequency_empty": "例如 {min: 4, per: year} 表示每年不少于4次",
    "frequency_order": "min 是最少次数，max 是最多次数",
    "decision_and_next": "有判断时，把去向写在各分支的 next 中，并删除环节上的 next",
    "handbook_empty": "手册至少要收录一项单元标准、责任清单或联动程序",
    "decimal_places": "分值精确到 0.01 分，如 1.5、0.25",
    "number_too_long": "number 是原文中的编号，如 （六）、16、第3条；标题请写在 title 中",
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


def _type_hint(kind: str, value: object, written: str) -> str | None:
    """`written` is the value as typed in the file (YAML reads `yes` as true and `1:30` as 90)."""
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f"如果要写成文本，请加引号：'{written}'"
    if kind == "string_type" and isinstance(value, dict):
        return "文本中的“: ”（冒号加空格）会被当成“键: 值”；请给整段文本加引号，或改用全角冒号“：”"
    if kind == "int_type" and isinstance(value, float):
        return "次数和期限只能是整数"
    if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
        return f"去掉引号，写成 {value.strip()}"
    if kind == "list_type" and isinstance(value, str):
        return f"只有一项时也要写成列表：[{value}]"
    return None


def _number_hint(value: object, written: str) -> str:
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(\.\d+)?\s*", value):
        return f"去掉引号，写成 {value.strip()}"
    if isinstance(value, float):
        return "分值写成有限的数字，如 2 或 1.5"
    return f"分值写成数字，如 2 或 1.5（YAML 把 {written} 读作{_type_name(value)}）"


def slug(value: str) -> str:
    """The id an invalid one most likely meant: lower case, hyphens, pinyin for Chinese words."""
    if not value.isascii():
        from pypinyin import lazy_pinyin  # loads a large dictionary: only when needed

        value = "-".join(lazy_pinyin(value))
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:ID_MAX].strip("-")


def _id_suggestion(value: str) -> str:
    suggestion = slug(value)
    if suggestion != value and ID_PATTERN.match(suggestion):
        return f"；可改为 '{suggestion}'"
    return ""


def _unknown_key_hint(model: type[BaseModel], loc: Loc) -> str | None:
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return None
    allowed = [info.alias or name for name, info in owner.model_fields.items()]
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"是否应为 '{close[0]}'？"
    return f"可用的字段：{'、'.join(allowed)}"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc` (list indexes are skipped)."""
    current: typing.Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if step not in fields:
            return None
        current = inner_model(fields[step].annotation)
        if current is None:
            return None
    return current
