"""Writing the 自评表 sheet row by row: cell styles, formulas with their cached values, input cells
with validation and a red flag for entries out of range, and row heights that fit the text.

LibreOffice and WPS do not fit row heights to wrapped text on opening a file, so every row gets a
height computed from the length of its texts and the width of their columns.
"""

from __future__ import annotations

import math
import unicodedata
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format as CellFormat
from xlsxwriter.worksheet import Worksheet

COLUMNS = "ABCDEFGHIJ"
HEADERS = ("一级指标", "二级指标", "评价内容", "分值", "评分方法", "佐证材料", "填写", "得分", "扣分说明", "编号")
WIDTHS = (12, 16, 40, 6, 22, 16, 10, 8, 20, 16)
LINE_POINTS = 15.5  # one line of 11 pt text, CJK fallback fonts included
PADDING_POINTS = 3
MIN_HEIGHT = 18

_BORDER = {"border": 1, "border_color": "#808080"}
_WRAP = {"text_wrap": True, "valign": "top"}
_CENTER = {"align": "center", "valign": "vcenter", "text_wrap": True}
STYLES: dict[str, dict[str, Any]] = {
    "text": _BORDER | _WRAP,
    "rule": _BORDER | _WRAP | {"font_color": "#404040", "indent": 1},
    "number": _BORDER | _CENTER,
    "input": _BORDER | _CENTER | {"bg_color": "#FFF8DC"},
    "input-text": _BORDER | _WRAP | {"bg_color": "#FFF8DC"},
    "input-date": _BORDER | _CENTER | {"bg_color": "#FFF8DC", "num_format": "yyyy-mm-dd"},
    "computed": _BORDER | _CENTER | {"bg_color": "#E8E8E8", "bold": True},
    "deducted": _BORDER | _CENTER | {"bg_color": "#E8E8E8", "num_format": '"扣"General;-General;""'},
    "none": _BORDER | _CENTER | {"bg_color": "#E8E8E8"},
    "head": _BORDER | _CENTER | {"bg_color": "#D9E2F3", "bold": True},
    "label": _BORDER | _CENTER | {"bg_color": "#D9E2F3"},
    "banner": _BORDER | _WRAP | {"bg_color": "#D9E2F3", "bold": True},
    "title": _CENTER | {"bold": True, "font_size": 16},
    "note": _WRAP,
    "flag": {"bg_color": "#F4B6B6", "font_color": "#9C0006"},
}

Value = str | int | float | Decimal | bool | None


def text_width(text: str) -> float:
    """Width in column units (the width of "0"): CJK and full-width characters take about two."""
    return sum(2.1 if unicodedata.east_asian_width(char) in "WF" else 1.0 for char in text)


def text_lines(text: str, width: float) -> int:
    """Lines `text` wraps to in a column `width` units wide."""
    usable = max(width - 1.0, 1.0)
    return sum(max(1, math.ceil(text_width(line) / usable)) for line in str(text).split("\n"))


class SheetWriter:
    """Writes 1-based rows of A1 cells; computes each row's height from the texts put in it."""

    def __init__(self, workbook: xlsxwriter.Workbook, ws: Worksheet):
        self.ws = ws
        self.row = 0
        self.formats: dict[str, CellFormat] = {name: workbook.add_format(style) for name, style in STYLES.items()}
        self.lines: dict[int, int] = {}
        self.names: list[tuple[str, str]] = []  # (defined name, A1 cell)

    def fit(self, row: int, text: object, columns: str) -> None:
        """Counts the lines of `text` in `columns` (merged cells: their widths added)."""
        if text is None or text == "" or columns == "J":  # J, the ids, is hidden
            return
        width = sum(WIDTHS[COLUMNS.index(column)] for column in columns)
        self.lines[row] = max(self.lines.get(row, 1), text_lines(str(text), width))

    def put(self, column: str, value: Value, style: str = "text", row: int | None = None) -> None:
        """Text is always written as text: content starting with = never becomes a formula."""
        row = row or self.row
        cell, cell_format = f"{column}{row}", self.formats[style]
        if value is None or value == "":
            self.ws.write_blank(cell, None, cell_format)
        elif isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            self.ws.write_number(cell, float(value), cell_format)
        else:
            self.ws.write_string(cell, str(value), cell_format)
            self.fit(row, value, column)

    def formula(self, column: str, formula: str, cached: Value, style: str = "computed", row: int | None = None) -> None:
        """A formula with the value it has in the blank workbook, so that readers that do not
        recalculate (viewers, previews, LibreOffice by default) show the right result."""
        value: Any = float(cached) if isinstance(cached, Decimal) else cached
        self.ws.write_formula(f"{column}{row or self.row}", formula, self.formats[style], value)

    def name(self, name: str, column: str, row: int | None = None) -> None:
        """A defined name for a cell of this row (or of `row`)."""
        self.names.append((name, f"{column}{row or self.row}"))

    def merge(self, first: str, last: str, value: Value, style: str = "text", rows: tuple[int, int] | None = None) -> None:
        top, bottom = rows or (self.row, self.row)
        self.ws.merge_range(f"{first}{top}:{last}{bottom}", str(value) if value is not None else "", self.formats[style])
        if top == bottom:
            self.fit(top, value, COLUMNS[COLUMNS.index(first): COLUMNS.index(last) + 1])

    def line(self, values: dict[str, tuple[Value, str]]) -> int:
        """A new row with bordered cells A..J; returns its number."""
        self.row += 1
        for column in COLUMNS:
            self.put(column, *values.get(column, (None, "text")))
        return self.row

    def entry(self, column: str, validation: dict[str, Any], flag: str, value: Value = None) -> None:
        """An input cell: validated when typed, flagged red when out of range (e.g. pasted)."""
        cell = f"{column}{self.row}"
        self.put(column, value, "input")
        self.ws.data_validation(cell, validation)
        self.ws.conditional_format(cell, {"type": "formula", "criteria": "=" + flag, "format": self.formats["flag"]})

    def heights(self, fixed: dict[int, float]) -> None:
        """Every written row gets the height of its text (`fixed` rows keep theirs)."""
        for row in range(1, self.row + 1):
            height = fixed.get(row, max(MIN_HEIGHT, self.lines.get(row, 1) * LINE_POINTS + PADDING_POINTS))
            self.ws.set_row(row - 1, height)
