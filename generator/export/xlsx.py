"""The 自评表 workbook of a unit standard (XlsxWriter), scored by formulas with the rules of
`qinglian.assessment.scoring`, exact to the cent.

One sheet: who fills it in (named cells), the indicators grouped by 一级指标, each followed by a
line per deduction rule and by its 三级指标 (each with its rules), a 小计 per 一级指标, the bonus
items, the veto list, the levels and the result. Column G takes the entries (a score, a count, an
amount, 是/否), column H computes: scores clamped to [0, points], deductions, max(0, start −
deductions), every sum rounded to the cent so that floating point never shows. Hidden column J
holds each line's id (`<id>#<n>` for the n-th deduction rule of a record). Every formula carries
its value in the blank workbook. The bytes depend on the standard only.
"""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from qinglian.assessment.answers import FORMAT, STAGES, VERSION
from qinglian.assessment.form import LEVEL_NONE, LEVEL_VETOED, Form, Part, Row, Rule, Section
from qinglian.assessment.scoring import Answers, evaluate
from qinglian.core.numbers import format_number
from qinglian.export.xlsx_sheet import HEADERS, WIDTHS, SheetWriter

SHEET = "自评表"
HEADER_ROW = 6
FIXED_TIME = datetime(2000, 1, 1)  # workbook properties; XlsxWriter then dates zip entries 1980-01-01
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Who filled it in, and which standard: (defined name, label, label cell, value cells).
META = (
    ("QL_UNIT_NAME", "单位名称", "A2", "B2:C2"), ("QL_UNIT_CODE", "单位代码", "E2", "F2"), ("QL_REGION", "地区", "G2", "H2:I2"),
    ("QL_CATEGORY", "类别", "A3", "B3:C3"), ("QL_STAGE", "评价阶段", "E3", "F3"), ("QL_ASSESSOR", "填报人", "G3", "H3:I3"),
    ("QL_DATE", "日期", "A4", "B4:C4"), ("QL_STANDARD", "标准编号", "E4", "F4"), ("QL_EDITION", "版次", "G4", "H4:I4"),
)
NOTE = ("在“填写”列（浅黄色）填写：没有扣分规则的项目填得分（0 至分值）；扣分规则逐条填次数、扣分或“是”（本项不得分），"
        "不填得分时从满分起扣，扣完为止；有三级指标的指标按各项计分。加分项填加分，负面清单填“是”或“否”。"
        "“得分”列、小计、总分和等次自动计算，超出范围的填写以红色标出，按范围内的值计分。")
YES = '"是"'


def _n(value: Decimal) -> str:
    return format_number(value)


def _in_range(cell: str, high: str) -> str:
    """The flag of a score cell: a number outside [0, high], or text."""
    return f'IF(ISNUMBER({cell}),OR({cell}<0,{cell}>{high}),{cell}<>"")'


def _decimal(high: Decimal, title: str, low: Decimal = Decimal(0)) -> dict[str, object]:
    return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": float(high),
            "error_title": f"{title}超出范围", "error_message": f"{title}应为 0 至 {_n(high)} 之间的数（可含小数）。",
            "input_title": title, "input_message": f"{_n(low)} 至 {_n(high)} 分"}


CHOICE = {"validate": "list", "source": ["是", "否"], "error_title": "请选择", "error_message": "请填写“是”或“否”。"}
COUNT = {"validate": "integer", "criteria": ">=", "value": 0, "error_title": "次数",
         "error_message": "请填写次数（0 或正整数）。", "input_title": "次数", "input_message": "出现的次数"}


class _Layout:
    def __init__(self, sheet: SheetWriter, form: Form):
        self.sheet, self.form = sheet, form
        self.result = evaluate(form, Answers())  # the blank workbook's values
        self.subtotals: list[str] = []

    def record(self, record: Row | Part, title: str, text: str, parts: list[str] | None = None) -> int:
        """A row or item and a line per deduction rule after it; returns the record's line."""
        sheet = self.sheet
        evidence = "、".join(record.evidence) + (f"\n测评方式：{'、'.join(record.methods)}" if record.methods else "")
        line = sheet.line({"B": (title, "text"), "C": (text, "text"), "D": (record.points, "number"),
                           "E": (record.scoring, "text"), "F": (evidence.strip(), "text"), "J": (record.id, "text")})
        g = f"G{line}"
        if parts is None:
            sheet.entry("G", _decimal(record.points, "自评得分"), _in_range(g, f"D{line}"))
        else:
            sheet.put("G", None, "none")  # scored by its items
        sheet.put("I", None, "input-text")
        rules = [self.rule(rule, index, record.id, line) for index, rule in enumerate(record.deductions)]
        taken = f"SUM(H{rules[0]}:H{rules[-1]})" if rules else ""
        if parts is not None:
            start = f"SUM({','.join(parts)})"
            formula = f"MAX(0,ROUND({start}-{taken},2))" if taken else f"ROUND({start},2)"
        else:
            rest = f"MAX(0,ROUND(D{line}-{taken},2))" if taken else "0"
            formula = f"IF(ISNUMBER({g}),MIN(MAX(ROUND({g},2),0),D{line}),{rest})"
        sheet.formula("H", "=" + formula, self.result.records[record.id], row=line)
        return line

    def rule(self, rule: Rule, index: int, record_id: str, line: int) -> int:
        sheet = self.sheet
        row = sheet.line({"C": (rule.describe(), "rule"), "J": (f"{record_id}#{index + 1}", "text")})
        g = f"G{row}"
        if rule.kind == "all":
            sheet.entry("G", CHOICE, f'AND({g}<>"",{g}<>"是",{g}<>"否")')
            formula = f"IF({g}={YES},D{line},0)"
        elif rule.kind == "count":
            sheet.entry("G", COUNT, f'IF(ISNUMBER({g}),OR({g}<0,{g}<>INT({g})),{g}<>"")')
            formula = f"IF(ISNUMBER({g}),IF(ROUND({g},2)>0,ROUND({_n(rule.points)}*INT(ROUND({g},2)),2),0),0)"  # type: ignore[arg-type]
        else:
            low, high = rule.range  # type: ignore[misc]
            flag = f'IF(ISNUMBER({g}),OR({g}<0,{g}>{_n(high)},AND({g}>0,{g}<{_n(low)})),{g}<>"")'
            sheet.entry("G", _decimal(high, "扣分", low), flag)
            formula = f"IF(ISNUMBER({g}),IF(ROUND({g},2)>0,MIN(MAX(ROUND({g},2),{_n(low)}),{_n(high)}),0),0)"
        sheet.formula("H", "=" + formula, 0, "deducted")
        return row

    def section(self, section: Section) -> None:
        sheet, first, cells = self.sheet, self.sheet.row + 1, []
        for row in section.rows:
            requirement = row.requirement + (f"\n频次：{row.frequency}" if row.frequency else "")
            parts, at = [], sheet.row + 2 + len(row.deductions)  # where the items' lines will be
            for part in row.parts:
                parts.append(f"H{at}")
                at += 1 + len(part.deductions)
            title = row.heading if row.titled else row.number  # untitled: its requirement is the text
            cells.append(f"H{self.record(row, title, requirement, parts if row.parts else None)}")
            for part, cell in zip(row.parts, parts, strict=True):
                assert f"H{self.record(part, '', part.heading)}" == cell
        sheet.line({"B": ("小计", "text"), "D": (section.points, "number")})
        sheet.formula("H", f"=ROUND(SUM({','.join(cells)}),2)", self.result.dimensions[section.id])
        sheet.merge("A", "A", f"{section.number}{section.title}（{_n(section.points)}分）", rows=(first, sheet.row))
        self.subtotals.append(f"H{sheet.row}")

    def banner(self, text: str) -> None:
        self.sheet.row += 1
        self.sheet.merge("A", "I", text, "banner")

    def bonus(self) -> str:
        """The bonus lines; returns the formula of the capped bonus ("0" when there is none)."""
        form, sheet = self.form, self.sheet
        if not form.bonus:
            return "0"
        self.banner(f"加分项（合计不超过 {_n(form.bonus_limit)} 分）")
        first = sheet.row + 1
        for item in form.bonus:
            points = item.points or Decimal(0)
            text = item.text + ("（视情酌定）" if item.discretionary else "")
            line = sheet.line({"A": ("加分项", "text"), "B": (item.number, "text"), "C": (text, "text"),
                               "D": (points, "number"), "J": (item.id, "text")})
            sheet.entry("G", _decimal(points, "加分"), _in_range(f"G{line}", f"D{line}"))
            sheet.formula("H", f"=IF(ISNUMBER(G{line}),MIN(MAX(ROUND(G{line},2),0),D{line}),0)", 0)
            sheet.put("I", None, "input-text")
        sheet.line({"B": ("加分合计", "text"), "D": (form.bonus_limit, "number")})
        sheet.formula("H", f"=MIN(ROUND(SUM(H{first}:H{sheet.row - 1}),2),{_n(form.bonus_limit)})", self.result.bonus)
        return f"H{sheet.row}"

    def veto(self) -> dict[str, str]:
        """The veto lines answered 是/否 (否 to begin with); returns each item's cell."""
        cells: dict[str, str] = {}
        if self.form.veto:
            self.banner(f"负面清单（{self.form.veto_intro}）")
        for item in self.form.veto:
            text = item.text + (f"（{item.bars_text}）" if item.bars else "")
            line = self.sheet.line({"A": ("负面清单", "text"), "B": (item.number, "text"), "C": (text, "text"), "J": (item.id, "text")})
            self.sheet.entry("G", CHOICE, f'AND(G{line}<>"是",G{line}<>"否")', "否")
            cells[item.id] = f"G{line}"
        return cells

    def levels(self, veto: dict[str, str]) -> int:
        """The level lines (G: 排除 when a veto answered 是 rules the level out); returns the first."""
        first = self.sheet.row + 1
        for level in self.form.levels:
            self.sheet.line({"A": ("等次标准", "text"), "B": (level.name, "text"), "C": (level.describe(), "text"),
                             "D": (level.min, "number")})
            barring = [cell for item in self.form.veto if not item.bars or level.name in item.bars for cell in [veto[item.id]]]
            if barring:
                self.sheet.formula("G", f'=IF(OR({",".join(cell + "=" + YES for cell in barring)}),"排除","")', "", "none")
        return first

    def outcome(self, bonus: str, veto: dict[str, str]) -> None:
        form, sheet, result = self.form, self.sheet, self.result
        self.banner("自评结果")
        lines = {}
        for name, label, formula, value in (
            ("QL_BASE", "基本分", f"=ROUND(SUM({','.join(self.subtotals)}),2)", result.base),
            ("QL_BONUS", "加分", f"={bonus}", result.bonus),
            ("QL_TOTAL", "总分", "=ROUND(H{QL_BASE}+H{QL_BONUS},2)", result.total),
        ):
            lines[name] = sheet.line({"B": (label, "text"), "D": (form.total if name == "QL_BASE" else None, "number")})
            sheet.formula("H", formula.format(**lines), value)
            sheet.name(name, "H")
        total, first = lines["QL_TOTAL"], self.levels(veto)
        choice = f'IF(COUNTIF(G{first}:G{sheet.row},"排除")={len(form.levels)},"{LEVEL_VETOED}","{LEVEL_NONE}")'
        for index in reversed(range(len(form.levels))):
            choice = f'IF(AND(H{total}>=D{first + index},G{first + index}<>"排除"),B{first + index},{choice})'
        level = sheet.line({"B": ("评定等次", "text"), "C": ("达到的最高等次；负面清单事项排除其所列等次", "text")})
        sheet.formula("H", "=" + choice, result.level)
        sheet.name("QL_LEVEL", "H")
        sheet.line({"B": ("是否命名", "text"), "C": ("达到的等次为命名等次时为“是”", "text")})
        passing = [f"H{level}=B{first + index}" for index, lv in enumerate(form.levels) if lv.passes]
        sheet.formula("H", f'=IF(OR({",".join(passing)}),"是","否")' if passing else '="否"', "是" if result.named else "否")
        sheet.name("QL_NAMED", "H")


def _head(sheet: SheetWriter, form: Form) -> None:
    sheet.row = 1
    sheet.merge("A", "I", f"{form.title}自评表", "title")
    for column, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.ws.set_column(column, column, width, None, {"hidden": title == "编号"})
    given = {"QL_STAGE": STAGES[0], "QL_STANDARD": form.unit_id, "QL_EDITION": form.edition}
    for name, label, label_cell, cells in META:
        sheet.row = int(label_cell[1:])
        sheet.put(label_cell[0], label, "label")
        style = "text" if name in ("QL_STANDARD", "QL_EDITION") else "input-date" if name == "QL_DATE" else "input-text"
        first, _, last = cells.partition(":")
        if last:
            sheet.merge(first[0], last[0], given.get(name, ""), style)
        else:
            sheet.put(first[0], given.get(name), style)
        sheet.name(name, first[0])
    sheet.ws.data_validation("F3", {"validate": "list", "source": list(STAGES)})
    sheet.row = 5
    sheet.merge("A", "I", NOTE, "note")
    sheet.row = HEADER_ROW
    for letter, title in zip("ABCDEFGHIJ", HEADERS, strict=True):
        sheet.put(letter, title, "head")


def _page_setup(sheet: SheetWriter, form: Form) -> None:
    ws = sheet.ws
    ws.set_paper(9)  # A4
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.print_area(0, 0, sheet.row - 1, 8)  # A..I: the id column stays off paper
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_header(f"&C{form.title}自评表")
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(HEADER_ROW, 0)


def workbook_bytes(form: Form) -> bytes:
    """The .xlsx file; identical bytes for identical forms."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    workbook.set_properties({"title": f"{form.title}自评表", "author": "清廉标准库", "created": FIXED_TIME})
    for name, value in (("qinglian_format", f"{FORMAT}-xlsx"), ("qinglian_version", VERSION),
                        ("qinglian_standard", form.unit_id), ("qinglian_edition", form.edition)):
        workbook.set_custom_property(name, value)
    sheet = SheetWriter(workbook, workbook.add_worksheet(SHEET))
    _head(sheet, form)
    layout = _Layout(sheet, form)
    for section in form.sections:
        layout.section(section)
    bonus = layout.bonus()
    layout.outcome(bonus, layout.veto())
    sheet.heights({1: 30})
    _page_setup(sheet, form)
    for name, cell in sheet.names:
        workbook.define_name(name, f"='{SHEET}'!${cell[0]}${cell[1:]}")
    workbook.close()
    return buffer.getvalue()
