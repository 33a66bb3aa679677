"""The 自评表 workbook of a unit standard (openpyxl), with the same rules as the 在线自评 page.

One sheet: a header row, the indicator rows grouped by 一级指标 each closed by a 小计 row, the
bonus items, the veto list, the totals and the level. Scores are validated as decimals in
[0, points]; subtotals, the capped bonus, the total and the level are formulas, so the workbook
computes the result in Excel, WPS or LibreOffice. The bytes depend on the standard only.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from copy import copy
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .form import LEVEL_NONE, LEVEL_VETOED, Form, Item, Section

SHEET = "自评表"
HEADERS = ("一级指标", "二级指标", "评价要点", "分值", "评分方法", "佐证材料", "自评得分", "扣分说明")
WIDTHS = (18, 18, 46, 7, 30, 24, 10, 26)
SCORE = "G"  # the column of 自评得分
HEADER_ROW = 3
FIXED_TIME = datetime(2000, 1, 1)  # workbook properties and zip entries: no build timestamps
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_INPUT = PatternFill("solid", fgColor="FFF8DC")
_COMPUTED = PatternFill("solid", fgColor="E8E8E8")
_HEAD = PatternFill("solid", fgColor="D9E2F3")


class _Sheet:
    """Writes the form row by row and remembers the cells the formulas refer to."""

    def __init__(self, ws: Worksheet, form: Form):
        self.ws = ws
        self.form = form
        self.row = HEADER_ROW
        self.subtotals: list[str] = []
        self.score_checks: dict[int, DataValidation] = {}
        self.styles: dict[str, StyleArray] = {}  # style name -> the style array of its first cell

    def put(self, column: str, value: object, style: str = "text") -> None:
        cell = self.ws[f"{column}{self.row}"]
        cell.value = value
        if style in self.styles:
            # A copy of the style's index array, as openpyxl copies styles itself: assigning border,
            # alignment, fill and font re-hashes each style object per cell (most of the time
            # spent on a workbook). Each style sets every attribute a previous put may have set.
            cell._style = copy(self.styles[style])
            return
        cell.border = _BORDER
        cell.alignment = _CENTER if style in ("number", "input", "computed") else _WRAP
        if style == "input":
            cell.fill = _INPUT
        elif style == "computed":
            cell.fill, cell.font = _COMPUTED, Font(bold=True)
        self.styles[style] = copy(cell._style)

    def line(self, values: dict[str, tuple[object, str]]) -> int:
        """A new row with bordered cells A..H; returns its number."""
        self.row += 1
        for column in "ABCDEFGH":
            self.put(column, *values.get(column, (None, "text")))
        return self.row

    def banner(self, text: str) -> None:
        self.row += 1
        self.put("A", text)
        self.ws[f"A{self.row}"].font = Font(bold=True)
        self.ws[f"A{self.row}"].fill = _HEAD
        self.ws.merge_cells(f"A{self.row}:H{self.row}")

    def score_check(self, points: int) -> DataValidation:
        if points not in self.score_checks:
            check = DataValidation(
                type="decimal", operator="between", formula1="0", formula2=str(points), allow_blank=True,
                showErrorMessage=True, errorStyle="stop", errorTitle="得分超出范围",
                error=f"自评得分应为 0 至 {points} 之间的数（可含小数）。",
                showInputMessage=True, promptTitle="自评得分", prompt=f"0 至 {points} 分",
            )
            self.score_checks[points] = check
        return self.score_checks[points]

    def score_cell(self, points: int) -> None:
        self.put(SCORE, None, "input")
        self.score_check(points).add(f"{SCORE}{self.row}")
        self.put("H", None, "input")


def _join(values: Iterable[str]) -> str:
    return "、".join(values)


def _section(sheet: _Sheet, section: Section) -> None:
    first = sheet.row + 1
    for row in section.rows:
        requirement = row.requirement + (f"\n频次：{row.frequency}" if row.frequency else "")
        sheet.line({
            "A": (f"{section.number}{section.title}（{section.points}分）", "text"),
            "B": (f"{row.number}{row.title}", "text"),
            "C": (requirement, "text"),
            "D": (row.points, "number"),
            "E": (row.scoring, "text"),
            "F": (_join(row.evidence), "text"),
        })
        sheet.score_cell(row.points)
    last = sheet.row
    sheet.line({
        "B": ("小计", "text"),
        "D": (section.points, "number"),
        SCORE: (f"=SUM({SCORE}{first}:{SCORE}{last})", "computed"),
    })
    sheet.ws.merge_cells(f"A{first}:A{sheet.row}")
    sheet.subtotals.append(f"{SCORE}{sheet.row}")


def _bonus(sheet: _Sheet, items: tuple[Item, ...]) -> str:
    """The bonus rows; returns the cell of the capped bonus ("0" when there is none)."""
    if not items:
        return "0"
    sheet.banner(f"加分项（合计不超过 {sheet.form.bonus_limit} 分）")
    first = sheet.row + 1
    for item in items:
        sheet.line({"A": ("加分项", "text"), "B": (item.number, "text"), "C": (item.text, "text"), "D": (item.points, "number")})
        sheet.score_cell(item.points or 0)
    last = sheet.row
    formula = f"=MIN(SUM({SCORE}{first}:{SCORE}{last}),{sheet.form.bonus_limit})"
    sheet.line({"B": ("加分合计", "text"), "D": (sheet.form.bonus_limit, "number"), SCORE: (formula, "computed")})
    return f"{SCORE}{sheet.row}"


def _veto(sheet: _Sheet, items: tuple[Item, ...]) -> str | None:
    """The veto rows answered 是/否; returns their range, or None when there is no veto list."""
    if not items:
        return None
    sheet.banner("负面清单（任一项为“是”则不予命名）")
    check = DataValidation(
        type="list", formula1='"是,否"', allow_blank=False, showErrorMessage=True,
        errorTitle="请选择", error="请填写“是”或“否”。",
    )
    sheet.ws.add_data_validation(check)
    first = sheet.row + 1
    for item in items:
        sheet.line({"A": ("负面清单", "text"), "B": (item.number, "text"), "C": (item.text, "text"), SCORE: ("否", "input")})
        check.add(f"{SCORE}{sheet.row}")
    return f"{SCORE}{first}:{SCORE}{sheet.row}"


def _result(sheet: _Sheet, bonus_cell: str, veto_range: str | None) -> None:
    form = sheet.form
    sheet.banner("自评结果")
    base = sheet.line({"B": ("基本分", "text"), "D": (form.total, "number"), SCORE: (f"=SUM({','.join(sheet.subtotals)})", "computed")})
    bonus = sheet.line({"B": ("加分", "text"), SCORE: (f"={bonus_cell}" if bonus_cell != "0" else 0, "computed")})
    total = sheet.line({"B": ("总分", "text"), SCORE: (f"=SUM({SCORE}{base},{SCORE}{bonus})", "computed")})
    # The level table follows the total: level i (highest first) sits on row total + 1 + i.
    choice = f'"{LEVEL_NONE}"'
    for index in reversed(range(len(form.levels))):
        row = total + 1 + index
        choice = f"IF({SCORE}{total}>=D{row},B{row},{choice})"
    if veto_range:
        choice = f'IF(COUNTIF({veto_range},"是")>0,"{LEVEL_VETOED}",{choice})'
    for name, minimum in form.levels:
        sheet.line({"A": ("等次标准", "text"), "B": (name, "text"), "C": (f"总分不低于 {minimum} 分", "text"), "D": (minimum, "number")})
    sheet.line({"B": ("评定等次", "text"), "C": ("存在负面清单事项的不予命名", "text"), SCORE: (f"={choice}", "computed")})


def _page_setup(ws: Worksheet, form: Form) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.center.text = f"{form.title}自评表"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


def _head(ws: Worksheet, form: Form) -> None:
    ws["A1"] = f"{form.title}自评表"
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = _CENTER
    ws.merge_cells("A1:H1")
    ws["A2"] = (
        f"版次：{form.edition}　单位：＿＿＿＿＿＿＿＿　自评日期：＿＿＿＿＿＿。"
        f"在“自评得分”列填写 0 至该项分值之间的得分（可含小数），在“扣分说明”列写明扣分理由；"
        f"负面清单填“是”或“否”。小计、总分和等次自动计算。"
    )
    ws["A2"].alignment = _WRAP
    ws.merge_cells("A2:H2")
    ws.row_dimensions[2].height = 32
    for index, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        column = "ABCDEFGH"[index]
        ws.column_dimensions[column].width = width
        cell = ws[f"{column}{HEADER_ROW}"]
        cell.value, cell.font, cell.fill, cell.border, cell.alignment = title, Font(bold=True), _HEAD, _BORDER, _CENTER


def build_workbook(form: Form) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET
    _head(ws, form)
    sheet = _Sheet(ws, form)
    for section in form.sections:
        _section(sheet, section)
    bonus_cell = _bonus(sheet, form.bonus)
    veto_range = _veto(sheet, form.veto)
    _result(sheet, bonus_cell, veto_range)
    for points in sorted(sheet.score_checks):
        ws.add_data_validation(sheet.score_checks[points])
    _page_setup(ws, form)
    props = workbook.properties
    props.creator = props.lastModifiedBy = "清廉标准库"
    props.title = f"{form.title}自评表"
    props.created = props.modified = FIXED_TIME
    return workbook


def workbook_bytes(form: Form) -> bytes:
    """The .xlsx file; identical bytes for identical forms."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # ExcelWriter rather than Workbook.save, which stamps `modified` with the current time.
        ExcelWriter(build_workbook(form), archive).write_data()
    return _normalised(buffer.getvalue())


def _normalised(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed (zipfile stamps entries with `now`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
