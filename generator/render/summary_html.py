"""评审汇总.html: the summary as one static page (inline CSS and SVG, no script, no external link).

A working document for the commission, opened from disk; never part of the published site.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from qinglian.assessment import summary_tables as tables
from qinglian.assessment.summary import Summary
from qinglian.core.numbers import format_number
from qinglian.render.summary_charts import bars, histogram

LOST_SHOWN = 10  # the charts show the indicators losing most; the tables list them all
CSS = """
body{font-family:"Noto Sans SC","Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;color:#1a1a1a;
margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.6}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:2px solid #a61b29}
table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.9rem}
th,td{border:1px solid #808080;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#d9e2f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
figure{margin:1rem 0}svg{max-width:100%;height:auto}
.facts{display:flex;gap:2rem;flex-wrap:wrap}.facts p{margin:.2rem 0}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,tr{break-inside:avoid}}
"""


def _cell(value: tables.Value, header: bool = False) -> str:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return f'<td class="n">{format_number(value)}</td>'
    text = escape("" if value is None else str(value))
    return f'<th scope="row">{text}</th>' if header else f"<td>{text}</td>"


def table_html(table: tables.Table, caption: str) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.headers)
    body = "".join(
        "<tr>" + "".join(_cell(value, index == 0 and table.name != "排名") for index, value in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    empty = f'<tr><td colspan="{len(table.headers)}">（无）</td></tr>' if not table.rows else ""
    return (f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}{empty}</tbody></table>")


def charts(summary: Summary) -> dict[str, str]:
    """The three charts as SVG, by name (the PDF embeds the same images)."""
    form = summary.form
    totals = [r.scored.result.total for r in summary.ranking]
    dimension_items = [
        (f"{s.number}{s.title}", average / s.points * 100 if s.points else Decimal(0),
         f"{format_number(average)} / {format_number(s.points)} 分")
        for s, average in summary.dimensions
    ]
    lost = summary.lost[:LOST_SHOWN]
    top_lost = max((item.mean for item in lost), default=Decimal(0)) or Decimal(1)
    lost_items = [(item.row.heading, item.mean, f"{format_number(item.mean)} 分（{tables.percent(item.share)} 单位失分）")
                  for item in lost]
    return {
        "totals": histogram("chart-totals", "总分分布（各分数段的单位数）", totals, form.total),
        "dimensions": bars("chart-dimensions", "各一级指标平均得分率", dimension_items, Decimal(100), "平均得分率（满格为 100%）"),
        "lost": bars("chart-lost", f"失分最多的 {len(lost)} 项指标（平均失分）", lost_items, top_lost, "平均失分（分）"),
    }


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def summary_html(summary: Summary) -> str:
    form, chart = summary.form, charts(summary)
    all_tables = {t.name: t for t in tables.all_tables(summary)}
    facts = (f"<div class=\"facts\"><p>标准：{escape(form.title)}（{escape(form.edition)}）</p>"
             f"<p>文件 {summary.files} 份，计入单位 {len(summary.ranking)} 个</p>"
             f"<p>平均总分 {format_number(summary.mean_total)} 分</p><p>问题 {len(summary.problems)} 条</p></div>")
    parts = [
        f"<h1>{escape(form.title)}评审汇总</h1>", facts,
        "<h2>排名</h2>", table_html(all_tables["排名"], "按总分从高到低，不予命名的排在最后"),
        "<h2>等次</h2>", table_html(all_tables["等次统计"], "各等次单位数"),
        "<h2>总分分布</h2>", _figure(chart["totals"], "各分数段的单位数"),
        "<h2>一级指标平均得分</h2>", _figure(chart["dimensions"], "平均得分占该一级指标分值的比例"),
        table_html(all_tables["维度平均"], "各一级指标平均得分"),
        "<h2>失分最多的指标</h2>", _figure(chart["lost"], "平均失分最多的指标"),
        table_html(all_tables["失分指标"], "各指标平均失分与失分单位占比，失分多的在前"),
    ]
    if "自评与复评对比" in all_tables:
        parts += ["<h2>自评与复评对比</h2>", table_html(all_tables["自评与复评对比"], "同一单位自评与复评的总分和等次")]
    parts += ["<h2>问题</h2>", table_html(all_tables["问题"], "读取和核对答卷时发现的问题（未作任何修改）"),
              "<h2>明细</h2>", table_html(all_tables["明细"], "每个单位各指标的得分")]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(form.title)}评审汇总</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )
