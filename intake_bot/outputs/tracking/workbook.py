"""The tracking workbook staff open every morning in WPS or Excel and print: a dashboard and a one-page
summary of the day first, then the detail sheets, then a guide; Chinese words only, real dates, one
coloured status per entry, every detail sheet one A4 landscape page wide with the entry's 编号 on every
page, and the columns staff own kept across every rewrite.

Staff read short ids (来信#12, 来信#12-3); the technical id of a mail or a file (file name, IMAP
folder/UIDVALIDITY/UID) stays in a hidden key column, which is how a row is found again, and in the export."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from ...standing import entry_state, planning
from ...campaign import forms
from ...campaign import Campaign
from ...standing.decisions import ASSIGN_COLUMN, DONE_COLUMN, RECEIVED_COLUMN, Decisions
from ...store.files import link_target, stored_copies, write_atomic
from ...store.records import MessageKind, StoredMessage
from . import guide, plan_sheet, summary, view
from .form import FEEDBACK, feedback, grey, guide as form_guide
from .layout import FONT_SIZE, SHORT_DATE_FORMAT, Col, clean_cell, print_setup, set_role, style_sheet
from .refs import item_ref, mail_ref
from .region import region_totals
from .staff import ROLES, StaffCells


_clean = clean_cell                 # the sheets' one boundary (layout.py)


def bot_headers(campaign: Campaign) -> dict[str, list[str]]:
    """The columns the bot writes on each sheet (staff-added columns are the others)."""
    return {role: [*cols, *[FEEDBACK[c] for c in ROLES[role].staff if c in FEEDBACK]]
            for role, cols in _bot_columns(campaign).items()}


def _signed_columns(campaign: Campaign) -> list[str]:
    """One column per signed material, headed by its signer (a campaign without one: a blank 签字)."""
    return [f"{signer}签字" for signer in campaign.signed_materials.values()] or ["签字"]


def _bot_columns(campaign: Campaign) -> dict[str, list[str]]:
    return {
        "tracking": ["编号", "状态", "状态说明", "竞赛名称", "牵头主办单位", "类别", "联系人", "联系电话",
                     *[m.short for m in campaign.materials], "尚缺", "问题", *_signed_columns(campaign),
                     "来信数", "最近来信", f"申报{campaign.year + 1}年计划"],
        "mail": ["来信", "收到时间", "对应编号", "单位", "逾期", "发件人", "主题", "类型", "匹配依据", "附件数", "回复",
                 "处理状态", "说明", "来源"],
        "files": ["附件", "对应编号", "单位", "文件名", "所在压缩包/转发邮件", "类别", "可信度", "依据", "需人工核对",
                  "附件编号", "来源"],
        "manual": ["事项", "对应编号", "单位", "文件", "类别", "原因", "核对编号", "来源"],
    }


HIDDEN = Col(6, wrap=False, hidden=True)        # technical keys: how the bot finds a row again
STAFF = {"人工认定已收": Col(10), "纸质材料": Col(8), "工作人员备注": Col(12), "人工对应编号": Col(8), "已处理": Col(7),
         FEEDBACK[RECEIVED_COLUMN]: Col(9), FEEDBACK[ASSIGN_COLUMN]: Col(10), FEEDBACK[DONE_COLUMN]: Col(12)}


def _columns(campaign: Campaign) -> dict[str, dict[str, Col]]:
    """Each sheet's columns; the visible widths of a sheet add up to about one A4 landscape page."""
    shorts = {m.short: Col(6) for m in campaign.materials}
    return {
        "tracking": {"编号": Col(6, wrap=False), "状态": Col(8), "状态说明": Col(16), "竞赛名称": Col(18),
                     "牵头主办单位": Col(14), "类别": Col(9), "联系人": Col(7), "联系电话": Col(12, wrap=False), **shorts,
                     "尚缺": Col(11), "问题": Col(30), **{h: Col(6) for h in _signed_columns(campaign)},
                     "来信数": Col(5, wrap=False), "最近来信": Col(11.5, wrap=False, fmt=SHORT_DATE_FORMAT),
                     f"申报{campaign.year + 1}年计划": Col(11), **STAFF},
        "mail": {"来信": Col(7.5, wrap=False), "收到时间": Col(11.5, wrap=False, fmt=SHORT_DATE_FORMAT),
                 "对应编号": Col(6, wrap=False), "单位": Col(12), "逾期": Col(5), "发件人": Col(18), "主题": Col(22),
                 "类型": Col(8), "匹配依据": Col(12), "附件数": Col(5, wrap=False), "回复": Col(9), "处理状态": Col(8),
                 "说明": Col(18), "来源": HIDDEN, **STAFF},
        "files": {"附件": Col(9, wrap=False), "对应编号": Col(6, wrap=False), "单位": Col(12), "文件名": Col(26),
                  "所在压缩包/转发邮件": Col(14), "类别": Col(10), "可信度": Col(5), "依据": Col(30), "需人工核对": Col(6),
                  "附件编号": HIDDEN, "来源": HIDDEN, **STAFF},
        "manual": {"事项": Col(11), "对应编号": Col(6, wrap=False), "单位": Col(12), "文件": Col(24), "类别": Col(10),
                   "原因": Col(40), "核对编号": HIDDEN, "来源": HIDDEN, **STAFF},
    }


class Sheet:
    """One sheet with its role, its header (bot columns, then staff columns, each decision column with
    the bot's feedback beside it) and its rows."""

    def __init__(self, wb, campaign: Campaign, role: str, header: list[str], staff: StaffCells):
        self.role, self.campaign = ROLES[role], campaign
        self.ws = wb.create_sheet(staff.titles.get(role) or self.role.title)
        self.staff_cols = [*self.role.staff, *[h for h in staff.added.get(role, []) if h not in header]]
        self.header = list(header)
        for c in self.staff_cols:
            if c not in self.header:
                self.header += [c, FEEDBACK[c]] if c in FEEDBACK else [c]
        self.staff = staff
        self.ws.append(self.header)
        self.rows = 1                       # counted here: openpyxl's max_row scans every cell (a season: seconds)
        self.fills: list[tuple[int, int, str]] = []
        self.greyed: list[int] = []         # rows of closed items
        self.links: list[tuple[int, int, str]] = []     # (row, column, relative target): a file's stored copy
        set_role(wb, self.ws, role)

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

    def finish(self, columns: dict[str, Col], title: str, now: dt.datetime, title_columns: str = "A:A",
               choices_from: str | None = None) -> None:
        """Styled, coloured (status and marks; closed rows greyed), printable; the staff columns as a small form."""
        from openpyxl.styles import PatternFill
        style_sheet(self.ws, columns, self.rows)
        for row, col, colour in self.fills:
            self.ws.cell(row, col).fill = PatternFill("solid", fgColor=colour)
        for row in self.greyed:
            grey(self.ws, row, len(self.header), size=FONT_SIZE)
        link_cells(self.ws, self.links)
        form_guide(self, self.campaign, choices_from=choices_from)
        print_setup(self.ws, title, now, title_columns=title_columns)


def link_cells(ws, links: list[tuple[int, int, str]]) -> None:
    """Each listed file's name opens its stored copy under files/ (a relative link: it still works when the
    data directory is opened from a network share or copied elsewhere)."""
    from openpyxl.styles import Font
    for row, col, target in links:
        cell = ws.cell(row, col)
        cell.hyperlink = link_target(target)
        cell.font = Font(size=FONT_SIZE, color="0563C1", underline="single")


def write(path: Path, campaign: Campaign, roster: list[dict], messages: list[StoredMessage], staff: StaffCells,
          decisions: Decisions, now: dt.datetime) -> None:
    """The workbook as the entries stand (entry_state.season: the records with staff decisions applied)."""
    import openpyxl
    season = entry_state.season(campaign, roster, messages, decisions)
    messages = season.messages
    views = view.entry_views(season, roster)
    local_now = now.astimezone(view.CHINA_TZ).replace(tzinfo=None)
    headers, columns = _bot_columns(campaign), _columns(campaign)     # Sheet puts feedback beside staff columns
    units = {e["id"]: e.get("host") or "" for e in roster}
    rows = {m.source: m.row for m in messages}
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    overview = wb.create_sheet(ROLES["overview"].title)
    today = wb.create_sheet(summary.TODAY_TITLE)

    def sheet(role: str) -> Sheet:
        return Sheet(wb, campaign, role, headers[role], staff)

    tracking = sheet("tracking")
    _tracking(tracking, campaign, views, decisions, columns["tracking"], local_now)
    t_title = tracking.ws.title.replace("'", "''")
    _mail(sheet("mail"), campaign, messages, units, decisions, columns["mail"], local_now,
          choices_from=f"'{t_title}'!$A$2:$A${max(tracking.rows, 2)}")
    copies = stored_copies(path.parent)               # files/ beside the workbook: (mail row, index) → path
    _files(sheet("files"), campaign, messages, units, columns["files"], local_now, copies)
    if campaign.form:                                   # the form's sheet and totals, as its reader lays them out
        reader = forms.reader(campaign.form.reader)
        form_sheet(wb, views, reader.layout, local_now)
        summary.region(wb, region_totals(views, reader, campaign.form.name), local_now, campaign.form.name)
    _manual(sheet("manual"), campaign, season, units, rows, columns["manual"], local_now, copies)
    found = planning.facts(campaign, roster, season)
    if found is not None:                               # the campaign declares next year's planning hints
        plan_sheet.sheet(wb, campaign, found, rows, local_now)

    summary.overview(wb, overview, campaign, roster, season, views, now)
    summary.today(wb, today, campaign, season, views, rows, now)
    guide.sheet(wb, campaign, local_now)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())


def _tracking(t: Sheet, campaign: Campaign, views, decisions: Decisions, columns, now) -> None:
    """材料跟踪: one row per roster entry, one coloured status and its reason."""
    signed_key = next(iter(campaign.signed_materials), None)
    signers = list(campaign.signed_materials) or [None]
    first_mark = t.column(campaign.materials[0].short)
    for v in views:
        marks = ["已收" if m.key in v.state.received else "人工认定" if m.key in v.staff_received else "缺"
                 for m in campaign.materials]
        signed = [{True: "有", False: "未见", None: ""}[v.state.signatures.get(k)] for k in signers]
        hint = (f"未见{campaign.material(signed_key).short if signed_key else '决赛材料'}：如决赛未完成，不得申报"
                if signed_key and signed_key not in v.received else "")
        row = t.add([v.entry["id"], v.status, v.standing.reason, v.entry.get("competition"), v.entry.get("host"),
                     v.entry.get("category"), v.entry.get("contact"), v.entry.get("phone"), *marks,
                     "、".join(campaign.material(k).short for k in v.missing) or "无",
                     "\n".join(f"{i}. {p}" for i, p in enumerate(v.problems, 1)), *signed, v.messages, v.last_at, hint],
                    key=v.entry["id"], said=feedback(decisions, "tracking", v.entry["id"], RECEIVED_COLUMN))
        t.fills.append((row, 2, view.STATUS_COLOURS[v.status]))
        t.fills += [(row, first_mark + i, "C6EFCE" if mark != "缺" else "FFC7CE") for i, mark in enumerate(marks)]
    t.finish(columns, f"{ROLES['tracking'].title}（{campaign.title}）", now, title_columns="A:B")


def _mail(sheet: Sheet, campaign: Campaign, messages, units, decisions: Decisions, columns, now,
          choices_from: str) -> None:
    """来信记录: every mail read, by its short id; 人工对应编号 offers the roster's 编号."""
    for m in messages:
        r = m.view
        received = view.local_time(r.received_at) or view.local_time(r.date)
        late = "逾期" if received and received.date() > campaign.deadline and r.kind is MessageKind.SUBMISSION else ""
        reply = view.REPLY_TEXT[m.reply.status] if m.reply else ""
        if m.reply and m.reply.error and m.reply.status.value in ("failed", "skipped", "uncertain"):
            reply += f"（{m.reply.error}）"
        sheet.add([mail_ref(m.row), received, r.roster_id, units.get(r.roster_id or "", ""), late, r.sender, r.subject,
                   view.kind_text(campaign, r.kind), r.match_reason if r.roster_id else "", len(r.documents), reply,
                   view.MESSAGE_STATUS_TEXT[m.status],
                   r.kind_reason if m.error is None else "处理出错，见「待人工核对」", m.source],
                  key=m.source, said=feedback(decisions, "mail", m.source, ASSIGN_COLUMN))
    sheet.finish(columns, f"{ROLES['mail'].title}（{campaign.title}）", now, choices_from=choices_from)


def _files(sheet: Sheet, campaign: Campaign, messages, units, columns, now, copies: dict) -> None:
    """附件明细: every document found, under the entry it belongs to (its own, or the mail's)."""
    for m in messages:
        r = m.view
        for i, d in enumerate(r.documents, 1):
            manual = view.manual_reason(campaign, d) is not None
            rid = d.roster_id or r.roster_id or ""
            sheet.add([f"{mail_ref(m.row)}-{i}", rid, units.get(rid, ""), d.name, d.container,
                       view.class_text(campaign, d),
                       view.confidence_text(d.confidence) if d.cls.value != "unsafe" else "",
                       view.document_reason(campaign, d), "是" if manual else "", f"{m.source}#{i}", m.source],
                      key=f"{m.source}#{i}")
            if (m.row, i - 1) in copies:
                sheet.links.append((sheet.rows, sheet.column("文件名"), copies[(m.row, i - 1)]))
    sheet.finish(columns, f"{ROLES['files'].title}（{campaign.title}）", now)


def _manual(sheet: Sheet, campaign: Campaign, season, units, rows, columns, now, copies: dict) -> None:
    """待人工核对: what a person must still look at; closed items greyed at the bottom (cleared: open again)."""
    decisions = season.decisions
    for item in [*season.waiting, *season.closed]:
        said = feedback(decisions, "manual", item.key, DONE_COLUMN)
        closed = not season.is_open(item)
        if closed and item.key not in decisions.handled:
            said = {FEEDBACK[DONE_COLUMN]: "该竞赛材料已齐全，无需再核对"}
        row = sheet.add([item_ref(item.key, rows), item.roster_id, units.get(item.roster_id, ""), item.file, item.what,
                         item.reason, item.key, item.source], key=item.key, said=said)
        if closed:
            sheet.greyed.append(row)
        part = item.key.rpartition("#")[2]
        if part.isdigit() and (rows.get(item.source), int(part) - 1) in copies:
            sheet.links.append((row, sheet.column("文件"), copies[(rows[item.source], int(part) - 1)]))
    sheet.finish(columns, f"{ROLES['manual'].title}（{campaign.title}）", now)


def form_sheet(wb, views, layout: forms.Layout, now) -> None:
    """The form's sheet, as its reader lays it out: the current form of each entry, one row per detail row
    (a form's own totals row is not a row here)."""
    ws = wb.create_sheet(layout.title)
    ws.append(["编号", *(c.header for c in layout.columns)])
    count = 1
    for v in views:
        info = v.state.form
        if not info:
            continue
        for row in layout.rows(info):
            ws.append([_clean(x) for x in (v.entry["id"], *(c.value(info, row) for c in layout.columns))])
            count += 1
    style_sheet(ws, {"编号": Col(6, wrap=False), **{c.header: Col(c.width, wrap=c.wrap) for c in layout.columns}},
                count)
    print_setup(ws, f"{layout.title}（各竞赛最新一份）", now, title_columns="A:A")
    set_role(wb, ws, "form")
