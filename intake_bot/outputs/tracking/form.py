"""The staff decision columns of the workbook as a small form: what each accepts in the header's
comment, a drop-down where a cell has fixed choices (other values stay allowed), and beside each the
bot's feedback — what it understood, 未识别 when it did not (decisions.py reads the values)."""
from __future__ import annotations

from ...standing import decisions as staff_form
from ...campaign import Campaign
from ...standing.decisions import ASSIGN_COLUMN, DONE_COLUMN, RECEIVED_COLUMN, Decisions

# Beside each staff decision column, the bot says what it understood (未识别 when it did not).
FEEDBACK = {RECEIVED_COLUMN: "认定结果", ASSIGN_COLUMN: "对应结果", DONE_COLUMN: "处理结果"}
CLOSED_FONT, CLOSED_FILL = "808080", "F2F2F2"
LIST_LIMIT = 255                                  # an inline drop-down list's length in the file format


def guide(sheet, campaign: Campaign, choices_from: str | None = None) -> None:
    """The staff decision columns as a small form: what each accepts in the header's comment, a
    drop-down where the cell has fixed choices (other values stay allowed and are said back)."""
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation
    for name in sheet.role.staff:
        if name not in FEEDBACK:
            continue
        col = sheet.column(name)
        head = sheet.ws.cell(1, col)
        head.comment = Comment(staff_form.help_text(name, campaign), "材料接收系统", width=320, height=150)
        letter = head.column_letter
        values = staff_form.choices(name, campaign)
        formula = f'"{",".join(values)}"' if values else choices_from
        if values and (len(formula) > LIST_LIMIT or any("," in v for v in values)):
            formula = None                        # too long for a list: the comment says the choices
        if formula and sheet.rows > 1:
            first = staff_form.help_text(name, campaign).split("。")[0] + "。"
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False,
                                showInputMessage=True, promptTitle=name[:32], prompt=first[:LIST_LIMIT])
            sheet.ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{sheet.rows}")
        beside = sheet.ws.cell(1, col + 1)
        beside.comment = Comment("系统对左边一格的理解；“未识别”表示没看懂，原值保留，也列在每日简报中。",
                                 "材料接收系统", width=240, height=80)


def feedback(decisions: Decisions, role: str, key: str, column: str) -> dict:
    """The feedback cell beside a staff decision: what was understood, 未识别 when not."""
    reading = decisions.reading(role, str(key))
    if reading is None:
        return {}
    text = f"未识别：{reading.unrecognised}" + (f"（{reading.said}）" if reading.said else "") if reading.unrecognised \
        else reading.said
    return {FEEDBACK[column]: text}


def grey(ws, row: int, columns: int, size: float | None = None) -> None:
    """A closed item's row: grey text on a light grey ground."""
    from openpyxl.styles import Font, PatternFill
    for col in range(1, columns + 1):
        cell = ws.cell(row, col)
        cell.font = Font(color=CLOSED_FONT, size=size)
        cell.fill = PatternFill("solid", fgColor=CLOSED_FILL)
