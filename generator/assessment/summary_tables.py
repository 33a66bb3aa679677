"""The summary's tables, as rows of plain values: what the xlsx, HTML and PDF writers all show.

Numbers stay `Decimal` (writers format them); shares are percentages as text (37.5%).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qinglian.assessment.summary import Summary
from qinglian.core.numbers import format_number

Value = str | int | Decimal | None


@dataclass(frozen=True)
class Table:
    name: str
    headers: tuple[str, ...]
    widths: tuple[int, ...]  # column widths in the workbook (characters of "0")
    rows: list[tuple[Value, ...]]


def percent(share: Decimal) -> str:
    return format_number((share * 100).quantize(Decimal("0.1"))) + "%"


def ranking(summary: Summary) -> Table:
    tiers = bool(summary.tiers)
    headers: tuple[str, ...] = ("名次", "单位名称", "单位代码", "地区", "类别", "阶段", "基本分", "加分", "总分", "等次")
    widths: tuple[int, ...] = (6, 24, 12, 10, 10, 8, 8, 6, 8, 12)
    rows: list[tuple[Value, ...]] = []
    for r in summary.ranking:
        unit, result = r.scored.submission.sheet.unit, r.scored.result
        row: tuple[Value, ...] = (r.rank, r.scored.name, unit.code, unit.region, unit.category, r.scored.stage,
                                  result.base, result.bonus, result.total, result.level)
        rows.append(row + ((r.tier,) if tiers else ()) + (r.scored.submission.file,))
    if tiers:
        headers, widths = headers + ("档次",), widths + (10,)
    return Table("排名", headers + ("文件",), widths + (30,), rows)


def levels(summary: Summary) -> Table:
    count = len(summary.ranking)
    rows: list[tuple[Value, ...]] = [
        (name, number, percent(Decimal(number) / count) if count else "0%") for name, number in summary.levels
    ]
    return Table("等次统计", ("等次", "单位数", "占比"), (16, 10, 10), rows)


def lost(summary: Summary) -> Table:
    rows: list[tuple[Value, ...]] = [
        (item.row.heading, f"{item.section.number}{item.section.title}", item.row.points, item.mean, item.losing,
         percent(item.share))
        for item in summary.lost
    ]
    return Table("失分指标", ("指标", "一级指标", "分值", "平均失分", "失分单位数", "失分单位占比"), (40, 20, 6, 8, 10, 10), rows)


def dimensions(summary: Summary) -> Table:
    rows: list[tuple[Value, ...]] = [
        (f"{section.number}{section.title}", section.points, average,
         percent(average / section.points) if section.points else "")
        for section, average in summary.dimensions
    ]
    return Table("维度平均", ("一级指标", "分值", "平均得分", "得分率"), (30, 8, 10, 10), rows)


def detail(summary: Summary) -> Table:
    rows: list[tuple[Value, ...]] = []
    for item in sorted(summary.counted, key=lambda s: (s.name, s.key, s.stage, s.submission.file)):
        for section in summary.form.sections:
            for row in section.rows:
                score = item.result.records[row.id]
                rows.append((item.name, item.stage, section.title, row.heading, row.points, score, row.points - score))
        rows.append((item.name, item.stage, "总分", f"基本分 {format_number(item.result.base)}，加分 "
                     f"{format_number(item.result.bonus)}，{item.result.level}", summary.form.total, item.result.total, None))
    return Table("明细", ("单位名称", "阶段", "一级指标", "指标", "分值", "得分", "失分"), (20, 8, 16, 40, 6, 6, 6), rows)


def compared(summary: Summary) -> Table:
    rows: list[tuple[Value, ...]] = [
        (c.name, c.first.result.total, c.first.result.level, c.second.result.total, c.second.result.level, c.change)
        for c in summary.compared
    ]
    headers = ("单位名称", "自评总分", "自评等次", "复评总分", "复评等次", "变化")
    return Table("自评与复评对比", headers, (24, 10, 12, 10, 12, 8), rows)


def problems(summary: Summary) -> Table:
    rows: list[tuple[Value, ...]] = [(p.file, p.where, p.kind, p.message) for p in summary.problems]
    return Table("问题", ("文件", "位置", "类别", "说明"), (30, 22, 10, 60), rows)


def all_tables(summary: Summary) -> list[Table]:
    found = [ranking(summary), levels(summary), lost(summary), dimensions(summary), detail(summary)]
    if summary.compared:
        found.append(compared(summary))
    return [*found, problems(summary)]
