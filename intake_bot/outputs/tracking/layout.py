"""How a sheet looks on screen and on paper: columns declared once (width, wrapped or not, number
format), thin borders, rows tall enough for their wrapped text, and a print setup that puts every
detail sheet on A4 landscape one page wide, the header row and the identifying columns on every
page, the title and date in the page header, "第 n 页 共 m 页" in the footer.

Widths are in spreadsheet character units (a CJK character is about two); each sheet's columns are
chosen to add up to what one A4 landscape page holds at a legible scale."""
from __future__ import annotations

import copy
import math
import datetime as dt
import unicodedata
from dataclasses import dataclass

DATE_FORMAT = "yyyy-mm-dd hh:mm"
SHORT_DATE_FORMAT = "mm-dd hh:mm"
DAY_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDEBF7"
FONT_SIZE = 10
LINE_POINTS = 14.5              # one line of 10 pt CJK text (Noto Sans CJK's line is ~1.45 em)
PAGE_UNITS = 150                # column units one A4 landscape page holds at 100 % with these margins


def clean_cell(value):
    """A cell's value as a sheet may hold it: text with control characters removed (openpyxl refuses
    them, and one pasted into a form field or a name would stop the run), its line breaks kept (one
    problem per line). Every sheet writes what came from a sender through this."""
    if not isinstance(value, str):
        return value
    from ...mail.names import clean_text
    return "\n".join(clean_text(line) for line in value.replace("\r\n", "\n").split("\n"))


@dataclass(frozen=True)
class Col:
    """One column: its width, whether its text wraps, its number format, and whether it is hidden
    (a technical key the bot needs to find a row again, not for reading)."""
    width: float = 10
    wrap: bool = True
    fmt: str | None = None
    hidden: bool = False


WIDE_UNITS, NARROW_UNITS = 1.7, 0.9   # one 10 pt character in column units: LibreOffice measures 1.5 and 0.8,
#                                       Excel and WPS (SimSun/DengXian against Calibri's digit) about 1.9 and 0.9


def text_units(text: str) -> float:
    """The width of a line of text in column units."""
    return sum(WIDE_UNITS if unicodedata.east_asian_width(ch) in "WF" else NARROW_UNITS for ch in text)


def lines_needed(value, width: float) -> int:
    """The lines a wrapped cell needs at this column width (each paragraph at least one)."""
    if value is None or value == "":
        return 1
    if isinstance(value, (dt.date, dt.datetime, int, float)):
        return 1
    per_line = max(2.0, width - 0.6)              # the cell's padding
    return sum(max(1, math.ceil(text_units(part) / per_line)) for part in str(value).split("\n"))


def style_sheet(ws, columns: dict[str, Col], rows: int | None = None) -> None:
    """Header, widths, borders, wrapping, formats and row heights of a sheet whose first row is its header.
    rows: the number of rows the caller wrote (openpyxl's max_row scans every cell)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = [c.value for c in ws[1]]
    specs = [columns.get(str(h), Col()) for h in header]
    last = rows if rows is not None else ws.max_row
    ws.row_dimensions[1].height = LINE_POINTS * max(lines_needed(h, s.width) for h, s in zip(header, specs)) + 6
    for cell, spec in zip(ws[1], specs):
        cell.font = Font(bold=True, size=FONT_SIZE)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    for i, spec in enumerate(specs, 1):
        letter = ws.cell(1, i).column_letter
        ws.column_dimensions[letter].width = spec.width
        ws.column_dimensions[letter].hidden = spec.hidden
    if last >= 2:
        # one styled cell per column, its style copied to the rest (styling every cell through openpyxl's
        # descriptors costs seconds in a season's workbook; a copied style array costs nothing)
        protos = []
        for i, spec in enumerate(specs, 1):
            proto = ws.cell(2, i)
            proto.font = Font(size=FONT_SIZE)
            proto.border = border
            proto.alignment = Alignment(wrap_text=spec.wrap, vertical="top")
            if spec.fmt:
                proto.number_format = spec.fmt
            protos.append(proto)
        for row in ws.iter_rows(min_row=3, max_row=last, max_col=len(specs)):
            for cell, proto in zip(row, protos):
                cell._style = copy.copy(proto._style)
        fit_heights(ws, specs, last)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{ws.cell(1, len(header)).column_letter}{max(last, 1)}"


def fit_heights(ws, specs: list[Col], last: int, first: int = 2) -> None:
    """Rows tall enough for their wrapped text (spreadsheets do not grow rows a program wrote)."""
    wrapped = [(i, s.width) for i, s in enumerate(specs) if s.wrap and not s.hidden]
    if not wrapped:
        return
    for r, row in enumerate(ws.iter_rows(min_row=first, max_row=last, values_only=True), first):
        lines = max((lines_needed(row[i], w) for i, w in wrapped if i < len(row)), default=1)
        ws.row_dimensions[r].height = min(LINE_POINTS * lines + 4, 409)


def print_setup(ws, title: str, updated: dt.datetime, *, title_columns: str | None = None,
                one_page: bool = False, area: str | None = None) -> None:
    """A4 landscape, one page wide (one page in all when one_page), the header row repeated on every
    page (and the identifying columns when given), page header and footer in Chinese."""
    from openpyxl.worksheet.page import PageMargins
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    if not one_page:
        ws.print_title_rows = "1:1"
        if title_columns:
            ws.print_title_cols = title_columns
    if area:
        ws.print_area = area
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.3, right=0.3, top=0.6, bottom=0.55, header=0.25, footer=0.25)
    for hf in (ws.oddHeader, ws.evenHeader):
        hf.left.text, hf.left.size = title, 9
        hf.right.text, hf.right.size = f"截至 {updated:%Y-%m-%d %H:%M}", 9
    for hf in (ws.oddFooter, ws.evenFooter):
        hf.center.text, hf.center.size = "第 &P 页 共 &N 页", 9


def total_width(columns: dict[str, Col], header: list[str]) -> float:
    """The printed width of a sheet's visible columns (what one page must hold)."""
    return sum(columns.get(h, Col()).width for h in header if not columns.get(h, Col()).hidden)


def set_role(wb, ws, role: str) -> None:
    """The defined name that finds a sheet by its role, whatever staff rename it to."""
    from openpyxl.workbook.defined_name import DefinedName
    from .staff import ROLE_PREFIX
    wb.defined_names[ROLE_PREFIX + role] = DefinedName(ROLE_PREFIX + role, attr_text=f"'{ws.title}'!$A$1")
