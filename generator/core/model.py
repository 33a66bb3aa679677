"""The typed, frozen content model: one class per record of the YAML contract. No I/O.

The field types (ids, texts, points, references), the base classes and the shared values
(frequency, time limit) live in `fields`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

# Imports written `X as X` are re-exports: code outside core finds the model's vocabulary here.
from qinglian.core.fields import ID_MAX as ID_MAX
from qinglian.core.fields import ID_PATTERN as ID_PATTERN
from qinglian.core.fields import (
    ChecklistRef,
    Date,
    DocumentRef,
    Edition,
    Frequency,
    IndicatorRef,
    Model,
    Name,
    NonNegativePoints,
    Number,
    PositivePoints,
    ProcedureRef,
    Responsibility,
    RoleRef,
    SourceKind,
    SourceRef,
    Status,
    StepRef,
    TaskRef,
    TermRef,
    Text,
    TimeLimit,
    UnitRef,
    Url,
    choice_error,
)
from qinglian.core.fields import (
    Record as Record,  # re-exported: records are typed as model.Record across the package
)
from qinglian.core.fields import Ref as Ref
from qinglian.core.fields import annotation_parts as annotation_parts
from qinglian.core.fields import inner_model as inner_model
from qinglian.core.numbers import Share

LABEL_MAX = 40
_NUMBER = "原文编号：如 （六）、16、第3条，不超过16个字符；不填时按顺序自动编号"
_DOC_NUMBER = "文号，如 温委农办〔2024〕8号"
_DATE = "印发或施行日期：YYYY、YYYY-MM 或 YYYY-MM-DD"


# --- roles, sources, glossary -----------------------------------------------------------------


class Role(Record):
    name: Name = Field(description="名称，如 学校党组织")
    group: Name | None = Field(None, description="分组，用于责任主体索引")
    description: Text | None = Field(None, description="说明")


class Source(Record):
    title: Name = Field(description="文件或报道标题")
    kind: SourceKind = Field(
        description="类型：regulation 党内法规与法律、local-document 地方文件、news 新闻报道、notice 通知、standard 标准、"
        "law 法律法规、party-regulation 党内法规、other 其他"
    )
    number: Name | None = Field(None, description=_DOC_NUMBER)
    issuer: Name | None = Field(None, description="发布机关或媒体")
    date: Date | None = Field(None, description="日期：YYYY、YYYY-MM 或 YYYY-MM-DD")
    url: Url | None = Field(None, description="网址（http:// 或 https://），仅作文字显示")
    note: Text | None = Field(None, description="备注")


class Term(Record):
    term: Name = Field(description="术语")
    aliases: list[Name] = Field(default_factory=list, description="别称、简称")
    definition: Text = Field(description="释义，一两句话")
    related: list[TermRef] = Field(default_factory=list, description="相关术语的 id")


# --- unit standards ---------------------------------------------------------------------------


class Level(Model):
    name: Name = Field(description="等次名称，如 示范")
    min: NonNegativePoints = Field(description="达到该等次的最低分")
    note: Text | None = Field(None, description="说明，如 按不超过70%比例认定")
    pass_: bool | None = Field(None, alias="pass", description="是否命名：false 表示达到该等次也不予命名（只能是最低等次），默认命名")

    @property
    def passes(self) -> bool:
        """Reaching this level names the unit (only a lowest `pass: false` level does not)."""
        return self.pass_ is not False


class ShareTier(Model):
    name: Name = Field(description="档次名称，如 引领型")
    share: Share = Field(description="比例：命名单位中按总分从高到低取前该比例（0 至 1，如 0.25）")


class Scoring(Model):
    total: PositivePoints = Field(description="总分，通常为 100")
    levels: list[Level] = Field(min_length=1, description="等次，从高到低")
    bonus_cap: PositivePoints | None = Field(None, description="加分上限")
    tiers_by_share: list[ShareTier] = Field(
        default_factory=list, description="按比例认定的档次（评审汇总用），从高到低，如 [{name: 引领型, share: 0.25}]；比例合计不超过 1"
    )

    @model_validator(mode="after")
    def _shares_within_one(self) -> Scoring:
        total = sum((tier.share for tier in self.tiers_by_share), Decimal(0))
        if total > 1:
            raise choice_error("tier_shares_over_one", f"各档次比例合计为 {total}，不能超过 1", at="tiers_by_share")
        return self


class VetoItem(Record):
    text: Text = Field(description="负面清单事项：出现即不予命名")
    bars: list[Name] = Field(default_factory=list, description="排除的等次：该事项答“是”时排除的等次名称；不填表示排除所有等次")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")


class BonusItem(Record):
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["points"]}, {"required": ["max"]}]})
    text: Text = Field(description="加分事项")
    points: PositivePoints | None = Field(None, description="加分分值（与 max 二选一）")
    max: PositivePoints | None = Field(None, description="最多加分：由评价者在 0 至 max 之间酌定（与 points 二选一）")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")

    @model_validator(mode="after")
    def _points_or_max(self) -> BonusItem:
        if self.points is not None and self.max is not None:
            raise choice_error("bonus_points_and_max", "points 与 max 只能二选一", at="max")
        if self.points is None and self.max is None:
            raise choice_error("bonus_points_or_max", "缺少加分分值", at="points")
        return self

    @property
    def limit(self) -> Decimal:
        """The most this item can add: its points, or its max."""
        return self.points if self.points is not None else self.max  # type: ignore[return-value]


class Deduction(Model):
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": [name]} for name in ("points", "range", "all")]})
    text: Text = Field(description="扣分情形，照录原文，如 每少公开1次")
    points: PositivePoints | None = Field(None, description="每次扣分：每出现一次扣的分数，评价者填写次数")
    range: list[NonNegativePoints] | None = Field(
        None, description="酌情扣分范围：[最少, 最多]，评价者在其中选定扣分", json_schema_extra={"minItems": 2, "maxItems": 2}
    )
    all: bool | None = Field(None, description="本项不得分：true 表示出现该情形时本项不得分", json_schema_extra={"enum": [True, None]})

    @model_validator(mode="after")
    def _one_rule(self) -> Deduction:
        given = [name for name in ("points", "range", "all") if getattr(self, name) is not None]
        if len(given) > 1:
            raise choice_error("deduction_several", "points、range、all 只能填写其中一项", at=given[1])
        if not given:
            raise choice_error("deduction_none", "缺少扣分方式", at="points")
        if self.all is False:
            raise choice_error("deduction_all_false", "all 只能为 true", at="all")
        if self.range is not None and len(self.range) != 2:
            raise choice_error("deduction_range_size", f"range 应为两个数，实际为 {len(self.range)} 个", at="range")
        return self


class Item(Record):
    number: Number | None = Field(None, description=_NUMBER)
    text: Text = Field(description="三级指标（评分细则）的内容")
    points: PositivePoints = Field(description="分值")
    scoring: Text | None = Field(None, description="评分方法（文字）")
    deductions: list[Deduction] = Field(default_factory=list, description="扣分规则")
    evidence: list[Name] = Field(default_factory=list, description="佐证材料")
    methods: list[Name] = Field(default_factory=list, description="测评方式，如 查阅资料")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    note: Text | None = Field(None, description="备注")


class Indicator(Record):
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["requirement"]}, {"required": ["items"], "properties": {"items": {"minItems": 1}}}]}
    )
    number: Number | None = Field(None, description=_NUMBER)
    title: Name | None = Field(None, description="二级指标名称（原文没有时可省略）")
    requirement: Text | None = Field(None, description="评价要点：具体要求（有三级指标 items 时可省略）")
    frequency: Frequency | None = Field(None, description="频次，如 {min: 4, per: year}")
    points: PositivePoints = Field(description="分值；有三级指标时等于其分值之和")
    scoring: Text | None = Field(None, description="评分方法，如 每少1次扣1分")
    deductions: list[Deduction] = Field(default_factory=list, description="扣分规则")
    items: list[Item] = Field(default_factory=list, description="三级指标（评分细则），分别计分")
    evidence: list[Name] = Field(default_factory=list, description="佐证材料")
    methods: list[Name] = Field(default_factory=list, description="测评方式，如 查阅资料、座谈了解")
    responsible: list[RoleRef] = Field(default_factory=list, description="责任主体（角色 id）")
    tasks: list[TaskRef] = Field(default_factory=list, description="关联的责任清单任务 id")
    terms: list[TermRef] = Field(default_factory=list, description="涉及的术语 id")
    sources: list[SourceRef] = Field(default_factory=list, description="依据（来源 id）")
    note: Text | None = Field(None, description="备注")

    @model_validator(mode="after")
    def _has_text(self) -> Indicator:
        if self.requirement is None and not self.items:
            raise PydanticCustomError("missing", "缺少必填字段", {"at": "requirement"})
        return self

    @property
    def label(self) -> str:
        """The indicator's name for lists: its title, else its number and the first line of its
        requirement (or of its first item), shortened to LABEL_MAX characters."""
        if self.title:
            return self.title
        text = (self.requirement or self.items[0].text).strip().splitlines()[0]
        text = text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"
        return f"{self.number} {text}" if self.number else text


class Dimension(Record):
    number: Number | None = Field(None, description=_NUMBER)
    title: Name = Field(description="一级指标名称")
    points: PositivePoints = Field(description="分值，等于其下二级指标分值之和")
    summary: Text | None = Field(None, description="说明")
    indicators: list[Indicator] = Field(min_length=1, description="二级指标")


class UnitStandard(Record):
    title: Name = Field(description="标准名称，如 清廉学校建设标准")
    unit_type: Name = Field(description="单元类型，如 学校")
    edition: Edition = Field(description="版次，如 2022 试行")
    status: Status = Field(description="状态：illustrative 示例、draft 草案、trial 试行、official 正式、repealed 已废止")
    issuer: Name | None = Field(None, description="发布机关")
    number: Name | None = Field(None, description=_DOC_NUMBER)
    date: Date | None = Field(None, description=_DATE)
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    scoring: Scoring = Field(description="计分规则")
    assessment: list[Name] = Field(default_factory=list, description="评价程序的各阶段，如 自评、复评")
    veto_intro: Text | None = Field(None, description="负面清单的引导语；默认为 出现下列情形之一的，不予命名")
    veto: list[VetoItem] = Field(default_factory=list, description="负面清单")
    bonus: list[BonusItem] = Field(default_factory=list, description="加分项")
    dimensions: list[Dimension] = Field(min_length=1, description="一级指标")


# --- checklists -------------------------------------------------------------------------------


class Task(Record):
    number: Number | None = Field(None, description=_NUMBER)
    what: Text = Field(description="做什么")
    lead: list[RoleRef] = Field(min_length=1, description="牵头（角色 id）")
    assist: list[RoleRef] = Field(default_factory=list, description="配合（角色 id）")
    how: Text | None = Field(None, description="怎么做")
    frequency: Frequency | None = Field(None, description="频次")
    deadline: Name | None = Field(None, description="时限（文字），如 每年3月底前")
    evidence: list[Name] = Field(default_factory=list, description="佐证材料")
    indicators: list[IndicatorRef] = Field(default_factory=list, description="关联的评价指标 id")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    note: Text | None = Field(None, description="备注")


class Aspect(Record):
    number: Number | None = Field(None, description=_NUMBER)
    title: Name = Field(description="方面名称，如 市委主体责任")
    responsibility: Responsibility = Field(
        description="责任类别：subject 主体责任、supervision 监督责任、first 第一责任人责任、dual 一岗双责、"
        "direct 直接责任、leadership 领导责任、related 相关责任"
    )
    summary: Text | None = Field(None, description="说明")
    tasks: list[Task] = Field(min_length=1, description="任务")


class Checklist(Record):
    title: Name = Field(description="清单名称")
    status: Status = Field(description="状态")
    holder: Name = Field(description="清单约束的主体，如 中共衡阳市委")
    edition: Edition | None = Field(None, description="版次")
    issuer: Name | None = Field(None, description="发布机关")
    number: Name | None = Field(None, description=_DOC_NUMBER)
    date: Date | None = Field(None, description=_DATE)
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    aspects: list[Aspect] = Field(min_length=1, description="责任方面")


# --- procedures -------------------------------------------------------------------------------


class Document(Record):
    title: Name = Field(description="文书名称")
    note: Text | None = Field(None, description="说明")


class Branch(Model):
    when: Name = Field(description="分支条件")
    next: StepRef | Annotated[list[StepRef], Field(min_length=1)] = Field(description="转到的环节 id；转到几个并行环节时写成列表")

    @property
    def targets(self) -> list[str]:
        return [self.next] if isinstance(self.next, str) else list(self.next)


class Decision(Model):
    question: Name = Field(description="判断的问题")
    branches: list[Branch] = Field(min_length=2, description="分支，至少两个")


class Step(Record):
    model_config = ConfigDict(json_schema_extra={"not": {"required": ["decision", "next"], "properties": {"next": {"minItems": 1}}}})
    number: Number | None = Field(None, description=_NUMBER)
    title: Name = Field(description="环节名称")
    actor: RoleRef | Annotated[list[RoleRef], Field(min_length=1)] = Field(description="责任主体（必须是 lanes 之一）；几个主体共同承办时写成列表")
    action: Text = Field(description="工作内容")
    inputs: list[DocumentRef] = Field(default_factory=list, description="输入文书 id")
    outputs: list[DocumentRef] = Field(default_factory=list, description="输出文书 id")
    time_limit: TimeLimit | None = Field(None, description="时限，如 {within: 5, unit: workday}")
    frequency: Frequency | None = Field(None, description="频次（定期进行的环节），如 {min: 1, per: quarter}")
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
    def actors(self) -> list[str]:
        """Every role that acts in this step, the first one leading."""
        return [self.actor] if isinstance(self.actor, str) else list(self.actor)

    @property
    def lane(self) -> str:
        """The lane the step is drawn in: its first actor's."""
        return self.actors[0]

    @property
    def targets(self) -> list[str]:
        if self.decision is not None:
            return [target for branch in self.decision.branches for target in branch.targets]
        return list(self.next)


class Procedure(Record):
    title: Name = Field(description="程序名称")
    category: Name = Field(description="类别，如 纪巡联动")
    status: Status = Field(description="状态")
    edition: Edition | None = Field(None, description="版次")
    issuer: Name | None = Field(None, description="发布机关")
    number: Name | None = Field(None, description=_DOC_NUMBER)
    date: Date | None = Field(None, description=_DATE)
    summary: Text = Field(description="概述")
    sources: list[SourceRef] = Field(default_factory=list, description="依据")
    lanes: list[RoleRef] = Field(min_length=1, description="参与主体（角色 id），按泳道顺序")
    documents: list[Document] = Field(default_factory=list, description="使用的文书")
    steps: list[Step] = Field(min_length=1, description="环节；第一个环节为起点")


# --- handbooks --------------------------------------------------------------------------------


class Handbook(Record):
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": [name], "properties": {name: {"minItems": 1}}} for name in ("units", "checklists", "procedures")]}
    )
    title: Name = Field(description="手册名称")
    audience: Name = Field(description="读者对象")
    edition: Edition | None = Field(None, description="版次")
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
