"""The tracking workbook staff open every morning in WPS or Excel: a dashboard first, then the
detail sheets; Chinese words only, real dates, one coloured status per entry, A4 landscape with the
header row repeated, and the columns staff own kept across every rewrite."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .. import entry_state
from ..campaign import Campaign
from ..decisions import ASSIGN_COLUMN, DONE_COLUMN, RECEIVED_COLUMN, Decisions
from ..files import write_atomic
from ..names import clean_text
from ..records import MessageKind, StoredMessage
from . import view
from .form import FEEDBACK, feedback, grey, guide
from .staff import ROLE_PREFIX, ROLES, StaffCells

DATE_FORMAT = "yyyy-mm-dd hh:mm"

DAY_FORMAT = "yyyy-mm-dd"


def _clean(value):
    return clean_text(value) if isinstance(value, str) else value


def bot_headers(campaign: Campaign) -> dict[str, list[str]]:
    """The columns the bot writes on each sheet (staff-added columns are the others)."""
    return {role: [*cols, *[FEEDBACK[c] for c in ROLES[role].staff if c in FEEDBACK]]
            for role, cols in _bot_columns(campaign).items()}


def _bot_columns(campaign: Campaign) -> dict[str, list[str]]:
    signed = next(iter(campaign.signed_materials.values()), "")
    return {
        "tracking": ["编号", "状态", "状态说明", "竞赛名称", "牵头主办单位", "类别", "联系人", "联系电话",
                     *[m.short for m in campaign.materials], "尚缺", "问题", f"{signed}签字" if signed else "签字",
                     "来信数", "最近来信", f"申报{campaign.year + 1}年计划"],
        "mail": ["收到时间", "来源", "逾期", "发件人", "主题", "类型", "对应编号", "匹配依据", "附件数", "回复",
                 "处理状态", "说明"],
        "files": ["附件编号", "来源", "对应编号", "文件名", "所在压缩包/转发邮件", "类别", "可信度", "依据", "需人工核对"],
        "manual": ["核对编号", "来源", "对应编号", "文件", "类别", "原因"],
    }


class Sheet:
    """One sheet with its role, its header (bot columns, then staff columns, each decision column with
    the bot's feedback beside it) and its rows."""

    def __init__(self, wb, role: str, header: list[str], staff: StaffCells, title: str | None = None):
        self.role = ROLES[role]
        self.ws = wb.create_sheet(title or staff.titles.get(role) or self.role.title)
        self.staff_cols = [*self.role.staff, *[h for h in staff.added.get(role, []) if h not in header]]
        self.header = list(header)
        for c in self.staff_cols:
            if c not in self.header:
                self.header += [c, FEEDBACK[c]] if c in FEEDBACK else [c]
        self.staff = staff
        self.ws.append(self.header)
        self.rows = 1                       # counted here: openpyxl's max_row scans every cell (a season: seconds)
        from openpyxl.workbook.defined_name import DefinedName
        ref = f"'{self.ws.title}'!$A$1"
        name = ROLE_PREFIX + role
        wb.defined_names[name] = DefinedName(name, attr_text=ref)

    def add(self, values: list, key: str | None = None, said: dict | None = None) -> int:
        """A row: the bot's values, then each staff column as staff left it and the bot's feedback beside it."""
        kept = self.staff.row(self.role.name, key) if key is not None else {}
        said = said or {}
        row = [_clean(v) for v in values] + [_clean(said.get(c)) if c in FEEDBACK.values() else kept.get(c)
                                             for c in self.header[len(values):]]
        self.ws.append(row)
        self.rows += 1
        return self.rows

    def column(self, name: str) -> int:
        return self.header.index(name) + 1


def _style(ws, widths: dict[str, float], wrap: tuple[str, ...] = (), dates: tuple[str, ...] = ()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.page import PageMargins
    header = [c.value for c in ws[1]]
    ws.row_dimensions[1].height = 32
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    wrapped = Alignment(wrap_text=True, vertical="top")
    for i, name in enumerate(header, 1):
        letter = ws.cell(1, i).column_letter
        ws.column_dimensions[letter].width = widths.get(name, 12)
        if name not in wrap and name not in dates:
            continue                                  # styling every cell costs seconds in a season's workbook
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            if name in wrap:
                cell.alignment = wrapped
            if name in dates:
                cell.number_format = DATE_FORMAT
    _heights(ws, header, widths, wrap)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True       # the dashboard: one page wide
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"                             # the header on every printed page
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.sheet_properties.pageSetUpPr.fitToPage = False       # legible columns over several pages, not 4 pt


def _heights(ws, header: list, widths: dict, wrap: tuple) -> None:
    """Rows tall enough for their wrapped text (spreadsheets do not grow rows written by a program)."""
    columns = [(i, widths.get(name, 12)) for i, name in enumerate(header) if name in wrap]
    if not columns:
        return
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), 2):
        lines = 1
        for i, width in columns:
            text = str(row[i] or "") if i < len(row) else ""
            per_line = max(1, int(width / 1.9))          # a CJK character is about two columns wide
            lines = max(lines, sum(max(1, -(-len(part) // per_line)) for part in text.split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = min(15 * lines + 2, 400)


def write(path: Path, campaign: Campaign, roster: list[dict], messages: list[StoredMessage], staff: StaffCells,
          decisions: Decisions, now: dt.datetime) -> None:
    import openpyxl
    from openpyxl.styles import PatternFill
    season = entry_state.season(campaign, roster, messages, decisions)
    messages = season.messages
    views = view.entry_views(season, roster)
    headers = _bot_columns(campaign)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    overview = wb.create_sheet(ROLES["overview"].title)

    # 材料跟踪: one row per roster entry, one coloured status and its reason
    t = Sheet(wb, "tracking", headers["tracking"], staff)
    shorts = [m.short for m in campaign.materials]
    signed_key = next(iter(campaign.signed_materials), None)
    first_mark = t.column(shorts[0])
    for v in views:
        marks = []
        for m in campaign.materials:
            marks.append("已收" if m.key in v.state.received else "人工认定" if m.key in v.staff_received else "缺")
        signed = {True: "有", False: "未见", None: ""}[v.state.signed]
        hint = (f"未见{campaign.material(signed_key).short if signed_key else '决赛材料'}：如决赛未完成，不得申报"
                if signed_key and signed_key not in v.received else "")
        row = t.add([v.entry["id"], v.status, v.standing.reason, v.entry.get("competition"), v.entry.get("host"),
                     v.entry.get("category"), v.entry.get("contact"), v.entry.get("phone"), *marks,
                     "、".join(campaign.material(k).short for k in v.missing) or "无",
                     "\n".join(f"{i}. {p}" for i, p in enumerate(v.problems, 1)), signed, v.messages, v.last_at, hint],
                    key=v.entry["id"], said=feedback(decisions, "tracking", v.entry["id"], RECEIVED_COLUMN))
        t.ws.cell(row, 2).fill = PatternFill("solid", fgColor=view.STATUS_COLOURS[v.status])
        for i, mark in enumerate(marks):
            colour = "C6EFCE" if mark != "缺" else "FFC7CE"
            t.ws.cell(row, first_mark + i).fill = PatternFill("solid", fgColor=colour)
    guide(t, campaign)
    _style(t.ws, {"竞赛名称": 30, "牵头主办单位": 22, "问题": 48, "尚缺": 22, "最近来信": 16, "工作人员备注": 24,
                  "编号": 8, "状态": 10, "状态说明": 30, **{s: 9 for s in shorts}, f"申报{campaign.year + 1}年计划": 24,
                  RECEIVED_COLUMN: 16, FEEDBACK[RECEIVED_COLUMN]: 22},
           wrap=("状态说明", "竞赛名称", "牵头主办单位", "问题", "尚缺", "工作人员备注", f"申报{campaign.year + 1}年计划",
                 FEEDBACK[RECEIVED_COLUMN]),
           dates=("最近来信",))
    t.ws.print_title_cols = "A:C"                       # which entry, on every printed page

    # 来信记录: every mail read
    m_sheet = Sheet(wb, "mail", headers["mail"], staff)
    for m in messages:
        r = m.view
        received = view.local_time(r.received_at) or view.local_time(r.date)
        late = "逾期" if received and received.date() > campaign.deadline and r.kind is MessageKind.SUBMISSION else ""
        reply = view.REPLY_TEXT[m.reply.status] if m.reply else ""
        if m.reply and m.reply.error and m.reply.status.value in ("failed", "skipped", "uncertain"):
            reply += f"（{m.reply.error}）"
        m_sheet.add([received, m.source, late, r.sender, r.subject, view.kind_text(campaign, r.kind), r.roster_id,
                     r.match_reason if r.roster_id else "", len(r.documents), reply,
                     view.MESSAGE_STATUS_TEXT[m.status], r.kind_reason if m.error is None else "处理出错，见「待人工核对」"],
                    key=m.source, said=feedback(decisions, "mail", m.source, ASSIGN_COLUMN))
    t_title = t.ws.title.replace("'", "''")
    guide(m_sheet, campaign, choices_from=f"'{t_title}'!$A$2:$A${max(t.rows, 2)}")
    _style(m_sheet.ws, {"收到时间": 16, "来源": 24, "发件人": 24, "主题": 34, "匹配依据": 24, "回复": 16, "说明": 30,
                        FEEDBACK[ASSIGN_COLUMN]: 20},
           wrap=("主题", "说明", "匹配依据", FEEDBACK[ASSIGN_COLUMN]), dates=("收到时间",))

    # 附件明细: every document found
    f_sheet = Sheet(wb, "files", headers["files"], staff)
    for m in messages:
        r = m.view
        for i, d in enumerate(r.documents, 1):
            manual = view.manual_reason(campaign, d) is not None
            f_sheet.add([f"{m.source}#{i}", m.source, d.roster_id or r.roster_id, d.name, d.container, view.class_text(campaign, d),
                         view.confidence_text(d.confidence) if d.cls.value != "unsafe" else "", 
                         view.document_reason(campaign, d), "是" if manual else ""], key=f"{m.source}#{i}")
    _style(f_sheet.ws, {"附件编号": 20, "来源": 22, "文件名": 34, "所在压缩包/转发邮件": 20, "依据": 40, "类别": 16},
           wrap=("文件名", "依据"))

    # 基本情况表: the current form of each entry, detail rows only (the form's own 合计 is not a row here)
    form_ws = wb.create_sheet(ROLES["form"].title)
    form_ws.append(["编号", "竞赛名称", "主办单位", "承办单位", "决赛地点", "竞赛职业（工种）", "竞赛标准", "竞赛时间", "组别",
                    "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师", "联系人", "联系电话", "电子邮箱"])
    for v in views:
        info = v.state.form
        if not info:
            continue
        c = info.get("contact") or {}
        for row in info.get("rows", []):
            p, q = row.get("participants") or {}, row.get("certificates") or {}
            form_ws.append([_clean(x) for x in (
                v.entry["id"], info.get("competition_name"), info.get("host"), info.get("organizer"),
                info.get("final_venue"), row.get("occupation"), row.get("standard"), row.get("time"), row.get("groups"),
                p.get("preliminary"), p.get("selection"), p.get("final"), q.get("senior_worker"), q.get("technician"),
                q.get("senior_technician"), c.get("name"), c.get("phone"), c.get("email"))])
    _style(form_ws, {"竞赛名称": 28, "主办单位": 20, "承办单位": 20, "竞赛职业（工种）": 16, "竞赛标准": 24},
           wrap=("竞赛名称", "主办单位", "承办单位", "竞赛标准"))
    _role(wb, form_ws, "form")

    # 全区汇总: the region's totals across the current forms, and by category
    region = wb.create_sheet(ROLES["region"].title)
    header, rows = view.region_totals(views)
    region.append(header)
    for row in rows:
        region.append(row)
    _style(region, {"范围": 24, **{h: 14 for h in header[1:]}})
    _role(wb, region, "region")

    # 待人工核对: what a person must still look at; closed items greyed at the bottom (cleared: open again)
    manual = Sheet(wb, "manual", headers["manual"], staff)
    open_items = season.waiting
    for item in [*open_items, *season.closed]:
        said = feedback(decisions, "manual", item.key, DONE_COLUMN)
        closed = not season.is_open(item)
        if closed and item.key not in decisions.handled:
            said = {FEEDBACK[DONE_COLUMN]: "该竞赛材料已齐全，无需再核对"}
        row = manual.add([item.key, item.source, item.roster_id, item.file, item.what, item.reason], key=item.key,
                         said=said)
        if closed:
            grey(manual.ws, row, len(manual.header))
    guide(manual, campaign)
    _style(manual.ws, {"核对编号": 22, "来源": 22, "文件": 30, "原因": 50, FEEDBACK[DONE_COLUMN]: 22},
           wrap=("文件", "原因", FEEDBACK[DONE_COLUMN]))

    _overview(wb, overview, campaign, roster, season, views, open_items, now)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())


def _role(wb, ws, role: str) -> None:
    from openpyxl.workbook.defined_name import DefinedName
    wb.defined_names[ROLE_PREFIX + role] = DefinedName(ROLE_PREFIX + role, attr_text=f"'{ws.title}'!$A$1")


def _overview(wb, ws, campaign: Campaign, roster, season, views, open_items, now: dt.datetime) -> None:
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.styles import Font, PatternFill
    _role(wb, ws, "overview")
    ws["A1"] = f"{campaign.title}：材料收集情况"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = "更新时间"
    ws["B2"] = now.astimezone(view.CHINA_TZ).replace(tzinfo=None)
    ws["B2"].number_format = DATE_FORMAT
    ws["A3"] = "截止日期"
    ws["B3"] = campaign.deadline
    ws["B3"].number_format = DAY_FORMAT
    ws["A4"] = "距截止还有（天）"
    ws["B4"] = max(0, (campaign.deadline - now.astimezone(view.CHINA_TZ).date()).days)
    ws["A6"], ws["B6"] = "状态", "竞赛数"
    from openpyxl.comments import Comment
    counts = season.counts()
    for i, status in enumerate(view.STATUSES, 7):
        ws.cell(i, 1, status).fill = PatternFill("solid", fgColor=view.STATUS_COLOURS[status])
        ws.cell(i, 1).comment = Comment(entry_state.STATUS_MEANING[status], "材料接收系统", width=260, height=70)
        ws.cell(i, 2, counts[status])
    ws.cell(12, 1, "合计")
    ws.cell(12, 2, len(views))
    ws.cell(13, 1, "待人工核对事项")
    ws.cell(13, 2, len(open_items))
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
    bars.legend = None
    bars.add_data(Reference(ws, min_col=5, min_row=6, max_row=last_material), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=4, min_row=7, max_row=last_material))
    bars.height, bars.width = 7, 11
    ws.add_chart(bars, "A15")
    days = view.completed_by_day(campaign, roster, season, now.astimezone(view.CHINA_TZ).date())
    top = 30                                   # the day-by-day numbers under the charts
    ws.cell(top, 1, "日期").font = Font(bold=True)
    ws.cell(top, 2, "材料齐全的竞赛数（累计）").font = Font(bold=True)
    for i, (day, count) in enumerate(days, top + 1):
        ws.cell(i, 1, day).number_format = DAY_FORMAT
        ws.cell(i, 2, count)
    if days:
        line = LineChart()
        line.title = "材料齐全的竞赛数（逐日累计）"
        line.y_axis.title = "竞赛数"
        line.legend = None
        line.add_data(Reference(ws, min_col=2, min_row=top, max_row=top + len(days)), titles_from_data=True)
        line.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(days)))
        line.height, line.width = 7, 11
        ws.add_chart(line, "D15")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["D"].width = 20
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
