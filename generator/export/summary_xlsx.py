"""评审汇总.xlsx: the summary as a workbook, one table per sheet, each printable on A4.

Sheets: 排名, 等次统计, 失分指标, 维度平均, 明细 (a line per unit and indicator), 自评与复评对比
(only when some unit has both), 问题. Row heights are computed from the texts and column widths
(LibreOffice and WPS do not fit wrapped rows on opening). The bytes depend on the summary only.
"""

from __future__ import annotations

import io
import math
import unicodedata
from datetime import datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from qinglian.assessment import summary_tables as tables
from qinglian.assessment.summary import Summary
from qinglian.core.numbers import format_number

FIXED_TIME = datetime(2000, 1, 1)
LINE_POINTS = 15.5
PADDING_POINTS = 3
_BORDER = {"border": 1, "border_color": "#808080", "valign": "top", "text_wrap": True}
STYLES: dict[str, dict[str, Any]] = {
    "text": _BORDER,
    "number": _BORDER | {"align": "right"},
    "head": _BORDER | {"bold": True, "bg_color": "#D9E2F3", "align": "center", "valign": "vcenter"},
    "title": {"bold": True, "font_size": 14},
}


def text_width(text: str) -> float:
    """Width in column units: CJK and full-width characters take about two."""
    return sum(2.1 if unicodedata.east_asian_width(char) in "WF" else 1.0 for char in text)


def text_lines(text: str, width: float) -> int:
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(line) / usable)) for line in text.split("\n"))


def _cell(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def _table(workbook: Any, styles: dict[str, Any], table: tables.Table, title: str) -> None:
    ws = workbook.add_worksheet(table.name)
    ws.write_string(0, 0, title, styles["title"])
    ws.set_row(0, 24)
    for column, (header, width) in enumerate(zip(table.headers, table.widths, strict=True)):
        ws.set_column(column, column, width)
        ws.write_string(1, column, header, styles["head"])
    ws.set_row(1, LINE_POINTS * max(text_lines(h, w) for h, w in zip(table.headers, table.widths, strict=True)) + PADDING_POINTS)
    for index, row in enumerate(table.rows, start=2):
        lines = 1
        for column, value in enumerate(row):
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                ws.write_number(index, column, _cell(value), styles["number"])
                text = format_number(value)
            else:
                text = "" if value is None else str(value)
                ws.write_string(index, column, text, styles["text"])
            lines = max(lines, text_lines(text, table.widths[column]))
        ws.set_row(index, lines * LINE_POINTS + PADDING_POINTS)
    ws.set_paper(9)  # A4
    if sum(table.widths) > 100:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(1)
    ws.freeze_panes(2, 0)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.set_header(f"&C{title}")


def workbook_bytes(summary: Summary) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": f"{summary.form.title}评审汇总", "author": "清廉标准库", "created": FIXED_TIME})
    styles = {name: workbook.add_format(style) for name, style in STYLES.items()}
    for table in tables.all_tables(summary):
        _table(workbook, styles, table, f"{summary.form.title}评审汇总：{table.name}")
    workbook.close()
    return buffer.getvalue()


