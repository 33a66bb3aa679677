"""Stage 2: plain data -> typed records, with every problem as a located, plain-Chinese diagnostic."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, Severity
from .load import Loc, SourceFile
from .model import FILE_MODELS, Record


@dataclass(frozen=True)
class Parsed:
    """A validated top-level record and where it came from."""

    record: Record
    source: SourceFile
    loc: Loc  # () for one-record files, (index,) for list files


@dataclass
class ValidationResult:
    records: list[Parsed] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    broken_ids: set[str] = field(default_factory=set)  # ids declared in records that failed


def validate(files: list[SourceFile]) -> ValidationResult:
    result = ValidationResult()
    for source in files:
        model = FILE_MODELS[source.kind]
        items = list(enumerate(source.data)) if isinstance(source.data, list) else [(None, source.data)]
        for index, data in items:
            loc: Loc = () if index is None else (index,)
            try:
                record = model.model_validate(data)
            except ValidationError as error:
                result.diagnostics.extend(_diagnostics(source, loc, model, data, error))
                result.broken_ids.update(_declared_ids(data))
                continue
            result.records.append(Parsed(record, source, loc))
            if index is None:
                result.diagnostics.extend(_check_file_name(source, record))
    return result


def _check_file_name(source: SourceFile, record: Record) -> list[Diagnostic]:
    stem = source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if record.id == stem:
        return []
    line, column = source.locate(("id",))
    hint = f"请把文件改名为 {record.id}.yaml，或把 id 改为 {stem}"
    return [Diagnostic(source.path, line, column, Severity.ERROR, "id", f"id '{record.id}' 与文件名 '{stem}' 不一致", hint)]


def _declared_ids(data: object) -> typing.Iterator[str]:
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield data["id"]
        for value in data.values():
            yield from _declared_ids(value)
    elif isinstance(data, list):
        for item in data:
            yield from _declared_ids(item)


def format_loc(loc: Loc) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _diagnostics(
    source: SourceFile, prefix: Loc, model: type[BaseModel], data: object, error: ValidationError
) -> list[Diagnostic]:
    found: dict[Loc, Diagnostic] = {}
    for item in error.errors():
        loc = _data_loc(data, item["loc"])
        if loc in found:  # a union reports once per alternative: the first is enough
            continue
        message, hint = _explain(item, model, loc)
        line, column = source.locate(prefix + loc, key=item["type"] == "extra_forbidden")
        path = format_loc(prefix + loc)
        found[loc] = Diagnostic(source.path, line, column, Severity.ERROR, path, message, hint)
    return list(found.values())


def _data_loc(data: object, loc: tuple[int | str, ...]) -> Loc:
    """The part of pydantic's `loc` that names places in the data (drops union tags)."""
    kept: list[int | str] = []
    node = data
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str):
            kept.append(step)
            if step not in node:
                break
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


def _explain(item: typing.Any, model: type[BaseModel], loc: Loc) -> tuple[str, str | None]:
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx", {})
    if kind == "missing":
        return "缺少必填字段", f"请添加 {loc[-1]}: …"
    if kind == "extra_forbidden":
        return "未知字段", _unknown_key_hint(model, loc)
    if value is None and kind.endswith("_type"):
        return "不能为空", "请填写内容，或删除这一行（如果该字段可以省略）"
    if kind in _TYPE_EXPECTED:
        expected, hint = _TYPE_EXPECTED[kind]
        return f"应为{expected}，实际为{_type_name(value)}", _type_hint(kind, value) or hint
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"是否应为 '{close[0]}'？" if close else f"可选值：{'、'.join(options)}"
        return f"取值 '{value}' 无效", hint
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, list):
            return f"至少需要 {ctx.get('min_length')} 项", None
        return "不能为空", None
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}", None
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}", None
    if kind == "string_pattern_mismatch":
        return "日期格式不正确", "应为 YYYY、YYYY-MM 或 YYYY-MM-DD，如 2022-08"
    if kind == "id_syntax":
        return item["msg"], _ID_HINT + _id_suggestion(str(value))
    if kind == "raw_html":
        return item["msg"], "正文只能用纯文本和 **加粗**；如需尖括号请用全角〈〉"
    return item["msg"], None


_TYPE_EXPECTED = {
    "string_type": ("文本", None),
    "int_type": ("整数", None),
    "int_from_float": ("整数", "分值和次数只能是整数"),
    "bool_type": ("true 或 false", None),
    "list_type": ("列表", "写成 [甲, 乙]，或每项一行、以 - 开头"),
    "model_type": ("映射（键: 值）", None),
    "dict_type": ("映射（键: 值）", None),
    "model_attributes_type": ("映射（键: 值）", None),
}


def _type_hint(kind: str, value: object) -> str | None:
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f"如果要写成文本，请加引号：'{value}'"
    if kind == "int_type" and isinstance(value, str) and value.strip().isdigit():
        return f"去掉引号，写成 {value.strip()}"
    if kind == "list_type" and isinstance(value, str):
        return f"只有一项时也要写成列表：[{value}]"
    return None


def _id_suggestion(value: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    if slug and slug != value and re.match(r"^[a-z]", slug):
        return f"；可改为 '{slug}'"
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
        current = _inner_model(fields[step].annotation)
        if current is None:
            return None
    return current


def _inner_model(annotation: typing.Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
