"""The field types of the content model: ids, texts, numbers, dates, references, and the base classes.

Field names equal YAML keys. References carry a `Ref(kind)` marker so that `resolve` can check
every one of them generically; the Chinese `description`s feed the editors' JSON Schema.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError
from qinglian.core.labels import frequency_text, time_limit_text
from qinglian.core.numbers import NonNegativePoints as NonNegativePoints
from qinglian.core.numbers import PositivePoints as PositivePoints

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
ID_MAX = 64
NUMBER_MAX = 16
_HTML = re.compile(r"<[A-Za-z/!?][^>]*>?")
# `qinglian new` marks every text an editor must write with it; such a text is never published.
PLACEHOLDER = "请填写"
_URL = re.compile(r"^https?://[^\s/]+\S*$")


@dataclass(frozen=True)
class Ref:
    """Marks a field as naming the id of a record of `kind`; `scope='procedure'` keeps it local."""

    kind: str
    scope: str = "corpus"


def annotation_parts(annotation: Any) -> Iterator[Any]:
    """A type annotation, its `Annotated` metadata and its arguments, depth first."""
    yield annotation
    yield from getattr(annotation, "__metadata__", ())
    for arg in get_args(annotation):
        yield from annotation_parts(arg)


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The first model class inside an annotation such as `list[Indicator] | None`."""
    return next((t for t in annotation_parts(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)


@functools.cache
def nested_models(model: type[BaseModel]) -> tuple[tuple[str, type[BaseModel]], ...]:
    """(YAML key, model) of the fields of `model` that hold models, for walks over raw data."""
    found = ((info.alias or name, inner_model(info.annotation)) for name, info in model.model_fields.items())
    return tuple((key, inner) for key, inner in found if inner is not None)


def _check_id(value: str) -> str:
    if len(value) > ID_MAX:
        raise PydanticCustomError("id_too_long", "id 超过 {max} 个字符", {"max": ID_MAX})
    if not ID_PATTERN.match(value):
        raise PydanticCustomError("id_syntax", "id '{value}' 格式不正确", {"value": value})
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty", "不能为空")
    match = _HTML.search(value)
    if match:
        raise PydanticCustomError("raw_html", "文本中不能含有 HTML 标签 {tag}", {"tag": match.group(0)})
    if PLACEHOLDER in value:
        raise PydanticCustomError("placeholder", "仍是占位文字“{value}”", {"value": value.strip()})
    return value


def _check_number(value: str) -> str:
    if len(value) > NUMBER_MAX:
        raise PydanticCustomError("number_too_long", "编号超过 {max} 个字符", {"max": NUMBER_MAX})
    return value


def _check_url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", "网址应以 http:// 或 https:// 开头，且不含空格")
    return value


def _year_as_text(value: object) -> object:
    """`edition: 2022` and `date: 2022` are years: kept as the text an editor sees."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _check_date(value: str) -> str:
    year, month, day = ([int(part) for part in value.split("-")] + [1, 1])[:3]
    if not 1 <= month <= 12:
        raise PydanticCustomError("date_invalid", "日期 {value} 不存在：月份应为 01 至 12", {"value": value})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise PydanticCustomError("date_invalid", "日期 {value} 不存在：{year} 年 {month} 月只有 {days} 天", {"value": value, "year": year, "month": month, "days": days})
    return value


def _whole_number(value: object) -> object:
    """`within: 15.0` is 15, as JSON Schema's integer type (and an editor) reads it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN.pattern, "maxLength": ID_MAX})]
# Not blank, no HTML tag, no placeholder of `qinglian new`.
_TEXT_EXTRA = {"pattern": r"\S", "not": {"type": "string", "pattern": f"<[A-Za-z/!?]|{PLACEHOLDER}"}}
Text = Annotated[str, AfterValidator(_check_text), Field(min_length=1, json_schema_extra=_TEXT_EXTRA)]
Name = Text  # a one-line text: same rules, named apart for readers of the model
# The number a record carries in the original document: （六）, 16, 第3条.
Number = Annotated[Text, AfterValidator(_check_number), Field(json_schema_extra={**_TEXT_EXTRA, "maxLength": NUMBER_MAX})]
Url = Annotated[str, AfterValidator(_check_url), Field(json_schema_extra={"pattern": _URL.pattern})]
_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
_TEXT_SCHEMA = {"type": "string", "minLength": 1, **_TEXT_EXTRA}
# A year written as a number is read as its text: the JSON Schema allows both.
Date = Annotated[
    str,
    BeforeValidator(_year_as_text),
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    AfterValidator(_check_date),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": _DATE}, {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
]
Edition = Annotated[Name, BeforeValidator(_year_as_text), WithJsonSchema({"anyOf": [_TEXT_SCHEMA, {"type": "integer"}]})]
PositiveInt = Annotated[int, Field(gt=0), BeforeValidator(_whole_number)]
Status = Literal["illustrative", "draft", "trial", "official", "repealed"]
Responsibility = Literal["subject", "supervision", "first", "dual", "direct", "leadership", "related"]
SourceKind = Literal["regulation", "local-document", "news", "notice", "standard", "law", "party-regulation", "other"]

RoleRef = Annotated[Id, Ref("role")]
SourceRef = Annotated[Id, Ref("source")]
TermRef = Annotated[Id, Ref("term")]
TaskRef = Annotated[Id, Ref("task")]
IndicatorRef = Annotated[Id, Ref("indicator")]
UnitRef = Annotated[Id, Ref("unit")]
ChecklistRef = Annotated[Id, Ref("checklist")]
ProcedureRef = Annotated[Id, Ref("procedure")]
StepRef = Annotated[Id, Ref("step", scope="procedure")]
DocumentRef = Annotated[Id, Ref("document", scope="procedure")]

class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Record(Model):
    id: Id = Field(description="稳定的标识：小写字母、数字和连字符，全库唯一，用于网址和引用")
    replaces: Id | None = Field(None, description="该记录在上一版中的旧 id（仅在 id 不得不改时填写）")


def choice_error(kind: str, message: str, at: str | None = None) -> PydanticCustomError:
    """An error of a record as a whole; `at` names the field it is reported on (it may be absent)."""
    return PydanticCustomError(kind, message, {"at": at} if at else None)



# --- shared values ----------------------------------------------------------------------------


class Frequency(Model):
    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["min"]}, {"required": ["max"]}]})
    min: PositiveInt | None = Field(None, description="最少次数")
    max: PositiveInt | None = Field(None, description="最多次数")
    per: Literal["year", "half-year", "quarter", "month", "week"] = Field(description="周期：year 每年、half-year 每半年、quarter 每季度、month 每月、week 每周")

    @model_validator(mode="after")
    def _bounds(self) -> Frequency:
        if self.min is None and self.max is None:
            raise PydanticCustomError("frequency_empty", "频次至少需要 min 或 max 之一")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError("frequency_order", "min 不能大于 max")
        return self

    def describe(self) -> str:
        """E.g. 每年不少于4次 (the words are in `labels`)."""
        return frequency_text(self)


class StepAnchor(Model):
    step: StepRef = Field(description="起算的环节 id")
    at: Literal["start", "end"] = Field("end", description="起算时点：start 自该环节开始时、end 自该环节结束时（默认）")


class TimeLimit(Model):
    model_config = ConfigDict(populate_by_name=False, json_schema_extra={"not": {"required": ["from", "from_event"]}})
    within: PositiveInt = Field(description="期限数值")
    unit: Literal["hour", "day", "workday", "month"] = Field(description="单位：hour 小时、day 日、workday 工作日、month 月")
    from_: StepRef | StepAnchor | None = Field(
        None, alias="from", description="从哪个环节起算：环节 id（自该环节结束时），或 {step: 环节 id, at: start|end}"
    )
    from_event: Name | None = Field(None, description="从某一事件起算（文字），如 收到检举控告之日")
    typical: bool | None = Field(None, description="一般期限：true 时显示为“一般为15个工作日”")
    note: Text | None = Field(None, description="说明，如 经批准可延长15个工作日")

    @model_validator(mode="after")
    def _one_start(self) -> TimeLimit:
        if self.from_ is not None and self.from_event is not None:
            raise choice_error("from_and_event", "from 与 from_event 只能二选一", at="from_event")
        return self

    @property
    def anchor(self) -> StepAnchor | None:
        """Where the clock starts when it starts at a step (a bare id is the end of that step)."""
        if isinstance(self.from_, str):
            return StepAnchor(step=self.from_, at="end")
        return self.from_

    def describe(self) -> str:
        """E.g. 2个月内, 一般为15个工作日 (the words are in `labels`)."""
        return time_limit_text(self)
