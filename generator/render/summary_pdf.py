"""评审汇总.pdf through the handbook's Typst pipeline: same fonts, same warnings-as-errors rule.

The PDF shows what the HTML page shows, charts included, except the per-unit detail (long; it
is in the workbook). Typst reads the charts' SVG as images.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from qinglian.assessment import summary_tables as tables
from qinglian.assessment.summary import Summary
from qinglian.core.numbers import format_number
from qinglian.render.handbook.compile import TEMPLATES, HandbookError
from qinglian.render.handbook.fonts import FontStack
from qinglian.render.summary_html import charts


def _text(value: tables.Value) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return format_number(value)
    return "" if value is None else str(value)


def _table(table: tables.Table) -> dict[str, Any]:
    numeric = [bool(table.rows) and all(isinstance(row[i], (int, Decimal)) or row[i] is None for row in table.rows)
               for i in range(len(table.headers))]
    return {"headers": list(table.headers), "widths": list(table.widths), "numeric": numeric,
            "rows": [[_text(value) for value in row] for row in table.rows]}


def summary_data(summary: Summary) -> dict[str, Any]:
    form, chart = summary.form, charts(summary)
    shown = {t.name: t for t in tables.all_tables(summary)}

    def section(heading: str, table: str | None, svg: str | None = None, note: str = "") -> dict[str, Any]:
        return {"heading": heading, "table": _table(shown[table]) if table else None, "chart": svg, "note": note}

    sections = [
        section("排名", "排名", note="按总分从高到低，不予命名的排在最后；同分同名次。"),
        section("等次统计", "等次统计"),
        section("总分分布", None, chart["totals"]),
        section("一级指标平均得分", "维度平均", chart["dimensions"]),
        section("失分最多的指标", "失分指标", chart["lost"], "平均失分多的在前；失分单位占比为失分单位数除以计入单位数。"),
    ]
    if "自评与复评对比" in shown:
        sections.append(section("自评与复评对比", "自评与复评对比"))
    sections.append(section("问题", "问题", note="读取和核对答卷时发现的问题，答卷未作任何修改。各单位逐项得分见评审汇总.xlsx 的“明细”表。"))
    facts = [["标准", f"{form.title}（{form.edition}）"], ["文件", f"{summary.files} 份"],
             ["计入单位", f"{len(summary.ranking)} 个"], ["平均总分", f"{format_number(summary.mean_total)} 分"],
             ["问题", f"{len(summary.problems)} 条"]]
    return {"summary": {"title": f"{form.title}评审汇总", "facts": facts, "sections": sections}}


def summary_pdf(summary: Summary, fonts: FontStack) -> bytes:
    """The PDF; `HandbookError` on any Typst error or warning (no boxes for missing glyphs)."""
    import typst

    payload = {**summary_data(summary), "fonts": {"serif": list(fonts.serif), "sans": list(fonts.sans), "latin": fonts.latin}}
    try:
        pdf, warnings = typst.compile_with_warnings(
            TEMPLATES / "summary.typ",
            root=TEMPLATES,
            font_paths=[Path(path) for path in fonts.paths],
            ignore_system_fonts=not fonts.system,
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False, sort_keys=True)},
            timestamp=0,
        )
    except typst.TypstError as error:
        raise HandbookError(f"排版评审汇总失败：{error.message}") from None
    if warnings:
        messages = "\n".join(dict.fromkeys(f"  {getattr(w, 'message', w)}" for w in warnings))
        raise HandbookError("排版评审汇总时出现问题（为避免印出缺字方框，按错误处理）：\n" + messages)
    return pdf
