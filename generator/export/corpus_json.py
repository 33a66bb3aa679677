"""The whole resolved corpus as one documented JSON file, for OA systems, dashboards and scripts.

Every record keeps its YAML fields under the same names and gains:
`kind`; `url` (its page on the site, relative to the site root, `#id` for nested records);
`number` (the display number 一、/（一）/1. where the site shows one); `referenced_by` (who names
it, in which field). A source's own `kind` (通知/报道…) and `url` (its web address) are listed as
`source_kind` and `source_url`, so that `kind` and `url` mean the same for every record.
Indicators gain `linked_tasks`, tasks `linked_indicators` (the link read from both sides), roles `duties`; frequencies and time limits gain `text` (每年不少于4次,
自第1步“受理登记”完成之日起，一般为15个工作日；经批准可延长). Points are JSON numbers (1.5).
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from qinglian.core.corpus import Corpus
from qinglian.core.fields import Frequency, Record, TimeLimit
from qinglian.core.kinds import kind as kind_named
from qinglian.core.labels import frequency_text, time_limit_full
from qinglian.core.model import Procedure
from qinglian.core.numbering import step_names
from qinglian.core.numbers import json_number
from qinglian.core.urls import url_of

FORMAT = "qinglian-corpus"
VERSION = 2  # 2: a source's own kind and url are `source_kind`, `source_url`
DESCRIPTION = (
    "清廉标准库的全部标准数据（已校验、已解析引用）。顶层按类别列出记录；每条记录保留 YAML 中的字段名，"
    "并增加 kind（类别）、url（在网站中的位置，相对网站根目录）、number（显示编号）、"
    "referenced_by（引用它的记录及字段）。依据文件自身的 kind（文件类型）和 url（网址）列为 source_kind、source_url。"
    "指标另有 linked_tasks，任务另有 linked_indicators，"
    "角色另有 duties（负责的指标、牵头和配合的任务、承担的环节（含共同承办）、参与的程序）。"
    "频次和时限另有 text（文字表述，时限含起算点和说明）；分值为数字，可有两位小数。"
)
COMMENT = "由 qinglian export json 生成，请勿手工修改；字段说明见 description。"

ADDED = ("kind", "url")  # keys every record gains, before its own fields
# The kinds listed at the top level: the documents first, then what they refer to.
SECTIONS = ("unit", "checklist", "procedure", "role", "term", "source", "handbook")


class _Dumper:
    def __init__(self, corpus: Corpus, directory_urls: bool):
        self.corpus = corpus
        self.directory_urls = directory_urls
        self.steps: dict[str, str] = {}  # the steps of the procedure being written, as time limits name them
        # Keyed by (id, kind, field) so that a repeated mention is dropped in constant time: a role
        # or source may be named by tens of thousands of records.
        mentions: dict[str, dict[tuple[str, str, str], None]] = defaultdict(dict)
        for reference in corpus.references:
            mentions[reference.target][(reference.referrer.id, reference.referrer.kind, reference.field)] = None
        self.referrers = {
            target: [{"id": id_, "kind": kind, "field": field} for id_, kind, field in found]
            for target, found in mentions.items()
        }

    def record(self, record: Record) -> dict[str, Any]:
        kind = self.corpus.kind_of(record.id)
        if isinstance(record, Procedure):
            self.steps = step_names(record)
        data: dict[str, Any] = {"kind": kind, "url": url_of(self.corpus, record.id, self.directory_urls)}
        number = self.corpus.number(record.id)
        if number is not None:
            data["number"] = number
        for name, info in type(record).model_fields.items():
            value = getattr(record, name)
            if value is not None:
                key = info.alias or name
                # A field named like an added key (a source's `kind`) is prefixed with the record kind.
                data[f"{kind}_{key}" if key in ADDED else key] = self.value(value)
        data.update(self.links(kind, record.id))
        data["referenced_by"] = self.referrers.get(record.id, [])
        return data

    def value(self, value: Any) -> Any:
        if isinstance(value, list) and value and isinstance(value[0], Record):
            return [self.record(item) for item in value]
        if isinstance(value, Frequency):
            return {**value.model_dump(mode="json", by_alias=True, exclude_none=True), "text": frequency_text(value)}
        if isinstance(value, TimeLimit):
            return {**value.model_dump(mode="json", by_alias=True, exclude_none=True), "text": time_limit_full(value, self.steps)}
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, Decimal):
            return json_number(value)
        return value

    def links(self, kind: str, record_id: str) -> dict[str, Any]:
        if kind == "indicator":
            return {"linked_tasks": self.corpus.tasks_of(record_id)}
        if kind == "task":
            return {"linked_indicators": self.corpus.indicators_of(record_id)}
        if kind == "role":
            return {"duties": self.duties(record_id)}
        return {}

    def duties(self, role_id: str) -> dict[str, list[str]]:
        def ids(field: str, kind: str) -> list[str]:
            return [entry.id for entry in self.corpus.referrers(role_id, field, kind=kind)]

        return {
            "indicators": ids("responsible", "indicator"),
            "tasks_lead": ids("lead", "task"),
            "tasks_assist": ids("assist", "task"),
            "steps": ids("actor", "step"),
            "procedures": ids("lanes", "procedure"),
        }


def corpus_document(corpus: Corpus, directory_urls: bool = True) -> dict[str, Any]:
    """The export as a JSON-ready dict; records in corpus order within each section. URLs end in
    `/` (directory URLs) or, for the offline edition, `.html`."""
    dumper = _Dumper(corpus, directory_urls)
    document: dict[str, Any] = {"$comment": COMMENT, "description": DESCRIPTION, "format": FORMAT, "version": VERSION}
    for kind in SECTIONS:
        document[kind_named(kind).section or kind] = [dumper.record(record) for record in corpus.records(kind)]
    return document


def corpus_json(corpus: Corpus, *, compact: bool = False, directory_urls: bool = True) -> str:
    """The export as text: UTF-8 JSON, newline-terminated, deterministic; indented for people
    unless `compact` (the site's copy: the indenting encoder is pure Python, 1 s at 10k indicators)."""
    document = corpus_document(corpus, directory_urls)
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
