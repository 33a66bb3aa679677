"""The typed, frozen content model: one class per record of the YAML contract. No I/O.

Field names equal YAML keys. References carry a `Ref(kind)` marker so that `resolve` can check
every one of them generically; the Chinese `description`s feed the editors' JSON Schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
ID_MAX = 64
_HTML = re.compile(r"<[A-Za-z/!?][^>]*>?")


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
    return value


Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN.pattern})]
Text = Annotated[str, AfterValidator(_check_text), Field(min_length=1)]
Name = Text  # a one-line text: same rules, named apart for readers of the model
PositiveInt = Annotated[int, Field(gt=0)]
Status = Literal["illustrative", "draft", "trial", "official", "repealed"]
Responsibility = Literal["subject", "supervision", "first", "dual"]

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

STATUS_LABELS = {"illustrative": "示例", "draft": "草案", "trial": "试行", "official": "正式", "repealed": "已废止"}
RESPONSIBILITY_LABELS = {
    "subject": "主体责任",
    "supervision": "监督责任",
    "first": "第一责任人责任",
    "dual": "一岗双责",
}
PERIOD_LABELS = {"year": "每年", "half-year": "每半年", "quarter": "每季度", "month": "每月", "week": "每周"}
UNIT_LABELS = {"hour": "小时", "day": "日", "workday": "个工作日", "month": "个月"}


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Record(Model):
    id: Id = Field(description="稳定的标识：小写字母、数字和连字符，全库唯一，用于网址和引用")
    replaces: Id | None = Field(None, description="该记录在上一版中的旧 id（仅在 id 不得不改时填写）")


# --- shared value types -----------------------------------------------------------------------


class Frequency(Model):
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
        """E.g. 每年不少于4次, 每季度至少1次, 每月2至4次, 每年不超过2次."""
        period = PERIOD_LABELS[self.per]
        if self.min is not None and self.max is not None:
            return f"{period}{self.min}次" if self.min == self.max else f"{period}{self.min}至{self.max}次"
        if self.min is not None:
            return f"{period}至少1次" if self.min == 1 else f"{period}不少于{self.min}次"
        return f"{period}不超过{self.max}次"


class TimeLimit(Model):
    model_config = ConfigDict(populate_by_name=False)
    within: PositiveInt = Field(description="期限数值")
    unit: Literal["hour", "day", "workday", "month"] = Field(description="单位：hour 小时、day 日、workday 工作日、month 月")
    from_: StepRef | None = Field(None, alias="from", description="从哪个环节起算（环节 id，可省略）")

    def describe(self) -> str:
        return f"{self.within}{UNIT_LABELS[self.unit]}内"


# --- roles, sources, glossary -----------------------------------------------------------------


class Role(Record):
    name: Name = Field(description="名称，如 学校党组织")
    group: Name | None = Field(None, description="分组，用于责任主体索引")
    description: Text | None = Field(None, description="说明")


class Source(Record):
    title: Name = Field(description="文件或报道标题")
    kind: Literal["regulation", "local-document", "news"] = Field(description="类型：regulation 党内法规与法律、local-document 地方文件、news 新闻报道")
    issuer: Name | None = Field(None, description="发布机关或媒体")
    date: Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")] | int | None = Field(
        None, description="日期：YYYY、YYYY-MM 或 YYYY-MM-DD"
    )
    note: Text | None = Field(None, description="备注")


class Term(Record):
    term: Name = Field(description="术语")
    aliases: list[Name] = Field(default_factory=list, description="别称、简称")
    definition: Text = Field(description="释义，一两句话")
    related: list[TermRef] = Field(default_factory=list, description="相关术语的 id")


# --- unit standards ---------------------------------------------------------------------------


class Level(Model):
    name: Name = Field(description="等次名称，如 示范")
    min: Annotated[int, Field(ge=0)] = Field(description="达到该等次的最低分")


class Scoring(Model):
    total: PositiveInt = Field(description="总分，通常为 100")
    levels: list[Level] = Field(min_length=1, description="等次，从高到低")
    bonus_cap: PositiveInt | None = Field(None, description="加分上限")


class VetoItem(Record):
    text: Text = Field(description="负面清单事项：出现即不予命名")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")


class BonusItem(Record):
    text: Text = Field(description="加分事项")
    points: PositiveInt = Field(description="加分分值")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")


class Indicator(Record):
    title: Name = Field(description="二级指标名称")
    requirement: Text = Field(description="评价要点：具体要求")
    frequency: Frequency | None = Field(None, description="频次，如 {min: 4, per: year}")
    points: PositiveInt = Field(description="分值")
    scoring: Text | None = Field(None, description="评分方法，如 每少1次扣1分")
    evidence: list[Name] = Field(default_factory=list, description="佐证材料")
    methods: list[Name] = Field(default_factory=list, description="测评方式，如 查阅资料、座谈了解")
    responsible: list[RoleRef] = Field(min_length=1, description="责任主体（角色 id），至少一个")
    tasks: list[TaskRef] = Field(default_factory=list, description="关联的责任清单任务 id")
    terms: list[TermRef] = Field(default_factory=list, description="涉及的术语 id")
    sources: list[SourceRef] = Field(default_factory=list, description="依据（来源 id）")
    note: Text | None = Field(None, description="备注")


class Dimension(Record):
    title: Name = Field(description="一级指标名称")
    points: PositiveInt = Field(description="分值，等于其下二级指标分值之和")
    summary: Text | None = Field(None, description="说明")
    indicators: list[Indicator] = Field(min_length=1, description="二级指标")


class UnitStandard(Record):
    title: Name = Field(description="标准名称，如 清廉学校建设标准")
    unit_type: Name = Field(description="单元类型，如 学校")
    edition: Name | int = Field(description="版次，如 2022 试行")
    status: Status = Field(description="状态：illustrative 示例、draft 草案、trial 试行、official 正式、repealed 已废止")
    issuer: Name | None = Field(None, description="发布机关")
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    scoring: Scoring = Field(description="计分规则")
    assessment: list[Name] = Field(default_factory=list, description="评价程序的各阶段，如 自评、复评")
    veto: list[VetoItem] = Field(default_factory=list, description="负面清单")
    bonus: list[BonusItem] = Field(default_factory=list, description="加分项")
    dimensions: list[Dimension] = Field(min_length=1, description="一级指标")


# --- checklists -------------------------------------------------------------------------------


class Task(Record):
    what: Text = Field(description="做什么")
    lead: list[RoleRef] = Field(min_length=1, description="牵头（角色 id）")
    assist: list[RoleRef] = Field(default_factory=list, description="配合（角色 id）")
    how: Text = Field(description="怎么做")
    frequency: Frequency | None = Field(None, description="频次")
    deadline: Name | None = Field(None, description="时限（文字），如 每年3月底前")
    evidence: list[Name] = Field(default_factory=list, description="佐证材料")
    indicators: list[IndicatorRef] = Field(default_factory=list, description="关联的评价指标 id")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    note: Text | None = Field(None, description="备注")


class Aspect(Record):
    title: Name = Field(description="方面名称，如 市委主体责任")
    responsibility: Responsibility = Field(description="四责类别：subject 主体责任、supervision 监督责任、first 第一责任人责任、dual 一岗双责")
    summary: Text | None = Field(None, description="说明")
    tasks: list[Task] = Field(min_length=1, description="任务")


class Checklist(Record):
    title: Name = Field(description="清单名称")
    status: Status = Field(description="状态")
    holder: Name = Field(description="清单约束的主体，如 中共衡阳市委")
    edition: Name | int | None = Field(None, description="版次")
    issuer: Name | None = Field(None, description="发布机关")
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    aspects: list[Aspect] = Field(min_length=1, description="责任方面")


# --- procedures -------------------------------------------------------------------------------


class Document(Record):
    title: Name = Field(description="文书名称")
    note: Text | None = Field(None, description="说明")


class Branch(Model):
    when: Name = Field(description="分支条件")
    next: StepRef = Field(description="转到的环节 id")


class Decision(Model):
    question: Name = Field(description="判断的问题")
    branches: list[Branch] = Field(min_length=2, description="分支，至少两个")


class Step(Record):
    title: Name = Field(description="环节名称")
    actor: RoleRef = Field(description="责任主体（必须是 lanes 之一）")
    action: Text = Field(description="工作内容")
    inputs: list[DocumentRef] = Field(default_factory=list, description="输入文书 id")
    outputs: list[DocumentRef] = Field(default_factory=list, description="输出文书 id")
    time_limit: TimeLimit | None = Field(None, description="时限，如 {within: 5, unit: workday}")
    decision: Decision | None = Field(None, description="判断（与 next 二选一）")
    next: list[StepRef] = Field(default_factory=list, description="下一环节 id（与 decision 二选一；都没有则为结束环节）")
    note: Text | None = Field(None, description="备注")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")

    @model_validator(mode="after")
    def _one_way_on(self) -> Step:
        if self.decision is not None and self.next:
            raise PydanticCustomError("decision_and_next", "decision 与 next 只能二选一")
        return self

    @property
    def targets(self) -> list[str]:
        if self.decision is not None:
            return [branch.next for branch in self.decision.branches]
        return list(self.next)


class Procedure(Record):
    title: Name = Field(description="程序名称")
    category: Name = Field(description="类别，如 纪巡联动")
    status: Status = Field(description="状态")
    edition: Name | int | None = Field(None, description="版次")
    issuer: Name | None = Field(None, description="发布机关")
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    lanes: list[RoleRef] = Field(min_length=1, description="参与主体（角色 id），按泳道顺序")
    documents: list[Document] = Field(default_factory=list, description="使用的文书")
    steps: list[Step] = Field(min_length=1, description="环节；第一个环节为起点")


# --- handbooks --------------------------------------------------------------------------------


class Handbook(Record):
    title: Name = Field(description="手册名称")
    audience: Name = Field(description="读者对象")
    edition: Name | int | None = Field(None, description="版次")
    issuer: Name | None = Field(None, description="印发单位")
    units: list[UnitRef] = Field(default_factory=list, description="收录的单元标准 id")
    checklists: list[ChecklistRef] = Field(default_factory=list, description="收录的责任清单 id")
    procedures: list[ProcedureRef] = Field(default_factory=list, description="收录的联动程序 id")
    glossary: bool = Field(False, description="是否附录所收内容引用的术语")
    self_assessment: bool = Field(False, description="是否为每个单元标准附自评表")

    @model_validator(mode="after")
    def _not_empty(self) -> Handbook:
        if not (self.units or self.checklists or self.procedures):
            raise PydanticCustomError("handbook_empty", "units、checklists、procedures 至少一项不能为空")
        return self


# Which model validates which file kind; list kinds validate one record per item.
FILE_MODELS: dict[str, type[Record]] = {
    "roles": Role,
    "sources": Source,
    "glossary": Term,
    "handbooks": Handbook,
    "units": UnitStandard,
    "checklists": Checklist,
    "procedures": Procedure,
}

# The kind of record each model's id registers as, for references.
RECORD_KINDS: dict[type[Record], str] = {
    Role: "role",
    Source: "source",
    Term: "term",
    Handbook: "handbook",
    UnitStandard: "unit",
    Checklist: "checklist",
    Procedure: "procedure",
    Dimension: "dimension",
    Indicator: "indicator",
    VetoItem: "veto",
    BonusItem: "bonus",
    Aspect: "aspect",
    Task: "task",
    Document: "document",
    Step: "step",
}
