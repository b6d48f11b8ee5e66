"""The sheets that sum up: 总览 (counts and charts, one page), 今日概要 (today's figures, whom to chase
with contact and phone, what waits for a person, the mail since yesterday — one page to print each
morning) and 全区汇总 (the region's totals of the forms, saying what they leave out)."""
from __future__ import annotations

import datetime as dt

from ...campaign import Campaign
from ...standing.entry_state import STATUS_MEANING, Season
from ...store.records import DocClass, MessageKind, StoredMessage
from . import view
from .layout import (
    DATE_FORMAT,
    DAY_FORMAT,
    FONT_SIZE,
    LINE_POINTS,
    SHORT_DATE_FORMAT,
    clean_cell,
    lines_needed,
    print_setup,
    set_role,
)
from .refs import item_ref, mail_ref
from .region import RegionTotals
from .staff import ROLES

TODAY_TITLE = "今日概要"
CHASE_ROWS = 15                 # what one page holds beside the other sections; the rest: 「材料跟踪」
WAITING_ROWS = 6
NEW_ROWS = 8
CHASED = (view.NO_MAIL, view.MISSING, view.TO_CORRECT)


def _role(wb, ws, role: str) -> None:
    set_role(wb, ws, role)


def _borders():
    from openpyxl.styles import Border, Side
    thin = Side(style="thin", color="999999")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _table_row(ws, row: int, values: list, widths: list[float], header: bool = False, merge_last: int = 0) -> None:
    """One row of a small table: bordered, wrapped, tall enough; the last cell may span `merge_last` more columns."""
    from openpyxl.styles import Alignment, Font, PatternFill
    border = _borders()
    values = [clean_cell(v) for v in values]        # names, file names, form fields: a sender's text
    for col, value in enumerate(values, 1):
        cell = ws.cell(row, col, value)
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center" if header else "top")
        cell.font = Font(bold=header, size=FONT_SIZE)
        if header:
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
    if merge_last:
        last = len(values)
        for col in range(last + 1, last + merge_last + 1):
            ws.cell(row, col).border = border
        ws.merge_cells(start_row=row, start_column=last, end_row=row, end_column=last + merge_last)
    spans = list(widths[:len(values)])
    if merge_last:
        spans[-1] = sum(widths[len(values) - 1:len(values) + merge_last])
    lines = max(lines_needed(v, w) for v, w in zip(values, spans))
    ws.row_dimensions[row].height = LINE_POINTS * lines + 4


def _heading(ws, row: int, text: str, size: int = 12) -> None:
    from openpyxl.styles import Font
    ws.cell(row, 1, clean_cell(text)).font = Font(bold=True, size=size)
    ws.row_dimensions[row].height = LINE_POINTS + 8


def _widths(ws, widths: list[float]) -> None:
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = w


def _deadline_line(campaign: Campaign, now: dt.datetime) -> str:
    today = now.astimezone(view.CHINA_TZ).date()
    return f"截止日期 {campaign.deadline:%Y-%m-%d}，{view.days_left_text(campaign.deadline, today)}"


def _gaps(campaign: Campaign, v: view.EntryView) -> str:
    parts = []
    if v.missing:
        parts.append("缺：" + "、".join(campaign.material(k).short for k in v.missing))
    fix = v.standing.correction_lines
    if fix:
        parts.append("需更正：" + fix[0] + (f"（另有 {len(fix) - 1} 个问题）" if len(fix) > 1 else ""))
    return "\n".join(parts)


def _brought(campaign: Campaign, m: StoredMessage) -> str:
    """What a mail brought, in a few words."""
    r = m.view
    if r.kind is not MessageKind.SUBMISSION:
        return view.kind_text(campaign, r.kind)
    got = [view.class_text(campaign, d) for d in r.documents if d.cls is DocClass.MATERIAL]
    if r.declares_no_other and campaign.body_statement_material:
        got.append(campaign.material(campaign.body_statement_material).short + "（正文说明）")
    return "报送：" + ("、".join(dict.fromkeys(got)) if got else "未识别出材料")


def today(wb, ws, campaign: Campaign, season: Season, views, rows: dict, now) -> None:
    """今日概要: one page to print each morning; the figures are the season's (one definition of each status)."""
    from openpyxl.styles import PatternFill
    _role(wb, ws, "today")
    local = now.astimezone(view.CHINA_TZ)
    widths = [11, 9, 26, 12, 14, 46]
    _widths(ws, widths)
    _heading(ws, 1, f"今日概要：{campaign.title}", 14)
    ws.cell(2, 1, f"{local:%Y-%m-%d %H:%M} 更新；{_deadline_line(campaign, now)}")
    counts = season.counts()
    messages, open_items = season.messages, season.waiting
    _table_row(ws, 4, [*view.STATUSES, "合计"], widths, header=True)
    _table_row(ws, 5, [*counts.values(), len(views)], widths)
    for col, status in enumerate(view.STATUSES, 1):
        ws.cell(5, col).fill = PatternFill("solid", fgColor=view.STATUS_COLOURS[status])
    units = {v.entry["id"]: v.entry.get("host") or "" for v in views}

    chase = sorted((v for v in views if v.status in CHASED),
                   key=lambda v: (CHASED.index(v.status), -len(v.missing), v.entry["id"]))
    row = 7
    _heading(ws, row, f"一、需要催报的竞赛 {len(chase)} 项")
    row += 1
    _table_row(ws, row, ["编号", "状态", "牵头主办单位", "联系人", "联系电话", "尚缺或需更正"], widths, header=True)
    for v in chase[:CHASE_ROWS]:
        row += 1
        _table_row(ws, row, [v.entry["id"], v.status, v.entry.get("host"), v.entry.get("contact"), v.entry.get("phone"),
                             _gaps(campaign, v)], widths)
    if len(chase) > CHASE_ROWS:
        row += 1
        ws.cell(row, 1, f"另有 {len(chase) - CHASE_ROWS} 项，见「{ROLES['tracking'].title}」。")

    row += 2
    _heading(ws, row, f"二、等待人工处理 {len(open_items)} 项")
    row += 1
    _table_row(ws, row, ["事项", "编号", "单位", "原因"], widths, header=True, merge_last=2)
    for item in open_items[:WAITING_ROWS]:
        row += 1
        _table_row(ws, row, [item_ref(item.key, rows), item.roster_id or "未对应", units.get(item.roster_id, ""),
                             f"{item.file}：{item.reason}"], widths, merge_last=2)
    if len(open_items) > WAITING_ROWS:
        row += 1
        ws.cell(row, 1, f"另有 {len(open_items) - WAITING_ROWS} 项，见「{ROLES['manual'].title}」。")

    since = dt.datetime.combine(local.date() - dt.timedelta(days=1), dt.time())
    new = [m for m in messages if (view.local_time(m.view.received_at or m.view.date) or dt.datetime.min) >= since]
    row += 2
    _heading(ws, row, f"三、昨天以来的新来信 {len(new)} 封（{since:%m-%d} 0:00 起）")
    row += 1
    _table_row(ws, row, ["来信", "编号", "单位", "收到时间", "发件人", "内容"], widths, header=True)
    for m in new[-NEW_ROWS:]:
        row += 1
        rid = m.view.roster_id or ""
        _table_row(ws, row, [mail_ref(m.row), rid or "未对应", units.get(rid, ""),
                             view.local_time(m.view.received_at or m.view.date), m.view.sender_name or m.view.sender,
                             _brought(campaign, m)], widths)
        ws.cell(row, 4).number_format = SHORT_DATE_FORMAT
    if len(new) > NEW_ROWS:
        row += 1
        ws.cell(row, 1, f"以上为最近 {NEW_ROWS} 封，全部见「{ROLES['mail'].title}」。")
    print_setup(ws, f"今日概要（{campaign.title}）", local.replace(tzinfo=None), one_page=True, area=f"A1:F{row}")


def overview(wb, ws, campaign: Campaign, roster, season: Season, views, now: dt.datetime) -> None:
    """总览: the five statuses (each cell's comment says what it means), each material's count, two charts;
    one page (the chart data beside it, not printed). The counts are the season's, as everywhere."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    _role(wb, ws, "overview")
    local = now.astimezone(view.CHINA_TZ)
    ws["A1"] = f"{campaign.title}：材料收集情况"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "更新时间"
    ws["B2"] = local.replace(tzinfo=None)
    ws["B2"].number_format = DATE_FORMAT
    ws["A3"] = "截止日期"
    ws["B3"] = campaign.deadline
    ws["B3"].number_format = DAY_FORMAT
    ws["A4"] = "距截止"
    ws["B4"] = view.days_left_text(campaign.deadline, local.date())
    ws["A6"], ws["B6"] = "状态", "竞赛数"
    counts = season.counts()
    for i, status in enumerate(view.STATUSES, 7):
        ws.cell(i, 1, status).fill = PatternFill("solid", fgColor=view.STATUS_COLOURS[status])
        ws.cell(i, 1).comment = Comment(STATUS_MEANING[status], "材料接收系统", width=260, height=70)
        ws.cell(i, 2, counts[status])
    ws.cell(12, 1, "合计")
    ws.cell(12, 2, len(views))
    ws.cell(13, 1, "待人工核对事项")
    ws.cell(13, 2, len(season.waiting))
    ws["D6"], ws["E6"], ws["F6"] = "材料", "已收", "尚缺"
    for i, m in enumerate(campaign.materials, 7):
        got = sum(1 for v in views if m.key in v.received)
        ws.cell(i, 4, m.short)
        ws.cell(i, 5, got)
        ws.cell(i, 6, len(views) - got)
    last_material = 6 + len(campaign.materials)
    for cell in (ws["A6"], ws["B6"], ws["D6"], ws["E6"], ws["F6"]):
        cell.font = Font(bold=True)
    bars = BarChart()
    bars.type = "bar"
    bars.title = "各项材料已收数量"
    bars.y_axis.title = "竞赛数"
    bars.y_axis.scaling.min = 0                      # bars measured from zero, not from the smallest count
    bars.y_axis.scaling.max = max(1, len(views))
    bars.x_axis.delete = bars.y_axis.delete = False
    bars.legend = None
    bars.add_data(Reference(ws, min_col=5, min_row=6, max_row=last_material), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=4, min_row=7, max_row=last_material))
    bars.height, bars.width = 7, 10
    ws.add_chart(bars, "A15")
    days = view.completed_by_day(campaign, roster, season, local.date())
    data_col = 11                                   # the day-by-day numbers beside the page, outside the print area
    ws.cell(1, data_col, "逐日数据（供图表使用）").font = Font(bold=True)
    ws.cell(2, data_col, "日期").font = Font(bold=True)
    ws.cell(2, data_col + 1, "材料齐全的竞赛数（累计）").font = Font(bold=True)
    for i, (day, count) in enumerate(days, 3):
        ws.cell(i, data_col, day).number_format = DAY_FORMAT
        ws.cell(i, data_col + 1, count)
    if days:
        line = LineChart()
        line.title = "材料齐全的竞赛数（逐日累计）"
        line.y_axis.title = "竞赛数"
        line.y_axis.scaling.min = 0
        line.x_axis.delete = line.y_axis.delete = False
        line.x_axis.number_format = "mm-dd"
        line.legend = None
        line.add_data(Reference(ws, min_col=data_col + 1, min_row=2, max_row=2 + len(days)), titles_from_data=True)
        line.set_categories(Reference(ws, min_col=data_col, min_row=3, max_row=2 + len(days)))
        line.height, line.width = 7, 10
        ws.add_chart(line, "E15")
    for letter, width in (("A", 16), ("B", 12), ("C", 4), ("D", 18), ("E", 8), ("F", 8), ("G", 4), ("H", 16),
                          ("I", 16), ("K", 12), ("L", 14)):
        ws.column_dimensions[letter].width = width
    print_setup(ws, f"{ROLES['overview'].title}（{campaign.title}）", local.replace(tzinfo=None), one_page=True,
                area="A1:I29")


def region(wb, totals: RegionTotals, now: dt.datetime, form_name: str) -> None:
    """全区汇总: the totals, then the forms left out or counted without some values, each with its 编号."""
    from openpyxl.styles import Font, PatternFill
    ws = wb.create_sheet(ROLES["region"].title)
    _role(wb, ws, "region")
    widths = [20, 7, 7, 7, 6, *[7] * (len(totals.header) - 6), 30]
    _widths(ws, widths)
    _table_row(ws, 1, totals.header, widths, header=True)
    for i, values in enumerate(totals.rows):
        _table_row(ws, i + 2, values, widths)
        for col, h in enumerate(totals.header, 1):
            if (i, h) in totals.doubtful:
                ws.cell(i + 2, col).fill = PatternFill("solid", fgColor="FFEB9C")
        if i == 0:
            for col in range(1, len(values) + 1):
                ws.cell(2, col).font = Font(bold=True, size=FONT_SIZE)
    row = len(totals.rows) + 3
    _heading(ws, row, f"未计入或部分数字未计入的表格 {len(totals.notes)} 份" if totals.notes
             else f"所有已收到的{form_name}均已计入。")
    if totals.notes:
        row += 1
        spans = [("编号", 1), ("单位", 4), ("类别", 2), ("处理", 2), ("原因", max(1, len(totals.header) - 9))]
        _merged_row(ws, row, [s for s, _ in spans], [n for _, n in spans], widths, header=True)
        for note in totals.notes:
            row += 1
            _merged_row(ws, row, [note.roster_id, note.unit, note.category, note.what, note.reason],
                        [n for _, n in spans], widths)
    print_setup(ws, f"全区汇总（各竞赛最新一份{form_name}）", now.replace(tzinfo=None) if now.tzinfo else now,
                title_columns="A:A")
    ws.freeze_panes = "B2"


def _merged_row(ws, row: int, values: list, spans: list[int], widths: list[float], header: bool = False) -> None:
    """A row whose cells each span several columns of the table above."""
    from openpyxl.styles import Alignment, Font, PatternFill
    border = _borders()
    col, lines = 1, 1
    values = [clean_cell(v) for v in values]        # a form's unit and what was wrong with it: a sender's text
    for value, span in zip(values, spans):
        for c in range(col, col + span):
            ws.cell(row, c).border = border
        cell = ws.cell(row, col, value)
        cell.alignment = Alignment(wrap_text=True, vertical="center" if header else "top")
        cell.font = Font(bold=header, size=FONT_SIZE)
        if header:
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        if span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        lines = max(lines, lines_needed(value, sum(widths[col - 1:col - 1 + span])))
        col += span
    ws.row_dimensions[row].height = LINE_POINTS * lines + 4
