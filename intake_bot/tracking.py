"""The tracking workbook staff read every morning (openpyxl, sheets in Chinese), written atomically.

Sheets: 材料跟踪 (one row per roster entry), 来信记录 (every mail read), 附件明细 (every document),
基本情况表 (the current form's rows), 待人工核对 (what a person must look at). The staff-owned
columns of 材料跟踪 (纸质材料, 工作人员备注) are read back from the previous workbook and kept.
"""
from __future__ import annotations

import io
from pathlib import Path

from .campaign import Campaign
from .entries import EntryState, empty
from .files import write_atomic
from .names import clean_text
from .records import DocClass, DocumentRecord, MessageKind, MessageStatus, StoredMessage

STAFF_COLUMNS = ("纸质材料", "工作人员备注")
KIND_TEXT = {MessageKind.SUBMISSION: "报送材料", MessageKind.AUTO_REPLY: "自动回复", MessageKind.BOUNCE: "退信",
             MessageKind.SPAM: "垃圾/群发邮件", MessageKind.DUPLICATE: "重复投递", MessageKind.OTHER: "其他"}


def _append(ws, values) -> None:
    """A row whose text cells hold no character a spreadsheet refuses (a sender's control characters)."""
    ws.append([clean_text(v) if isinstance(v, str) else v for v in values])


def kind_text(campaign: Campaign, kind: MessageKind) -> str:
    if kind is MessageKind.MISROUTED:
        return campaign.misrouted.short if campaign.misrouted else "误投材料"
    return KIND_TEXT[kind]


def class_text(campaign: Campaign, doc: DocumentRecord) -> str:
    if doc.cls is DocClass.MATERIAL:
        material = campaign.material(doc.material or "")
        return material.short if material else (doc.material or "")
    if doc.cls is DocClass.MISROUTED:
        return campaign.misrouted.short if campaign.misrouted else "误投材料"
    return {DocClass.OTHER: "其他文件", DocClass.UNSAFE: "不安全/无法读取"}[doc.cls]


def _when(iso: str) -> str:
    """YYYY-MM-DDT10:02:03+08:00 → YYYY-MM-DD 10:02 (China time, as staff read it)."""
    return iso.replace("T", " ")[:16] if iso and iso[:4].isdigit() else iso


class UnreadableWorkbook(Exception):
    """The previous workbook exists but cannot be read back (damaged, or saved in another format)."""


def read_staff_columns(path: Path) -> dict[str, dict]:
    """Staff-owned cells of 材料跟踪, by roster id, from the workbook as staff left it."""
    if not path.exists():
        return {}
    import openpyxl
    try:
        wb = openpyxl.load_workbook(path, read_only=True)
        ws = wb["材料跟踪"]
    except Exception as exc:
        raise UnreadableWorkbook(f"{type(exc).__name__}: {exc}") from None
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows, []) or [])
    out = {}
    for row in rows:
        data = dict(zip(header, row))
        rid = data.get("编号")
        if rid:
            out[str(rid)] = {c: data.get(c) for c in STAFF_COLUMNS if data.get(c) not in (None, "")}
    wb.close()
    return out


def write_workbook(path: Path, campaign: Campaign, roster: list[dict], states: dict[str, EntryState],
                   messages: list[StoredMessage], staff: dict[str, dict]) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    wb = openpyxl.Workbook()
    bold = Font(bold=True)
    ok_fill = PatternFill("solid", fgColor="C6EFCE")
    miss_fill = PatternFill("solid", fgColor="FFC7CE")
    shorts = {m.key: m.short for m in campaign.materials}

    ws = wb.active
    ws.title = "材料跟踪"
    header = ["编号", "竞赛名称", "牵头主办单位", "联系人", "联系电话", "电子邮箱",
              *shorts.values(), "尚缺", "问题", "签字", "来信数", "最近来信", *STAFF_COLUMNS]
    _append(ws, header)
    for e in roster:
        st = states.get(e["id"]) or empty(campaign, e["id"])
        marks = ["已收" if m in st.received else "缺" for m in shorts]
        signed = {True: "有", False: "未见", None: ""}[st.signed]
        kept = staff.get(e["id"], {})
        _append(ws, [e["id"], e["competition"], e["host"], e.get("contact"), e.get("phone"), e.get("email"), *marks,
                   "、".join(shorts[m] for m in st.missing) or "已收齐",
                   "；".join(campaign.problem_text(p) for p in st.problems), signed, len(st.messages),
                   _when(st.last_message_at), *[kept.get(c) for c in STAFF_COLUMNS]])
        for i, m in enumerate(marks):
            ws.cell(ws.max_row, 7 + i).fill = ok_fill if m == "已收" else miss_fill

    ws2 = wb.create_sheet("来信记录")
    _append(ws2, ["序号", "来源", "收到时间", "逾期", "发件人", "主题", "类型", "对应编号", "匹配依据", "附件数", "已回复",
                "说明未开展其它竞赛", "超大附件链接", "处理状态", "原因"])
    deadline = campaign.deadline.isoformat()
    for i, m in enumerate(messages, 1):
        r = m.view
        received = r.received_at or ""
        late = "逾期" if received and received[:10] > deadline and r.kind is MessageKind.SUBMISSION else ""
        _append(ws2, [i, m.source, _when(received) or r.date, late, r.sender, r.subject,
                    kind_text(campaign, r.kind), r.roster_id, r.match_reason,
                    len(r.documents), m.reply.status.value if m.reply else "",
                    "是" if r.declares_no_other else "",
                    "是（需人工下载）" if r.large_attachment_link else "",
                    m.status.value, m.error or r.kind_reason])

    ws3 = wb.create_sheet("附件明细")
    _append(ws3, ["来源", "对应编号", "文件名", "所在压缩包/转发邮件", "类别", "可信度", "依据或原因", "需人工核对"])
    manual = []
    for m in messages:
        r = m.view
        for a in r.documents:
            _append(ws3, [m.source, r.roster_id, a.name, a.container, class_text(campaign, a), a.confidence, a.reason,
                        "是" if a.manual_check else ""])
            if a.manual_check or a.cls is DocClass.UNSAFE:
                manual.append([m.source, r.roster_id, a.name, class_text(campaign, a), a.reason])
        if r.large_attachment_link:
            manual.append([m.source, r.roster_id, "（超大附件链接）", "", "请人工下载链接中的文件"])
        if m.status in (MessageStatus.FAILED, MessageStatus.QUARANTINED):
            manual.append([m.source, r.roster_id, "（整封邮件）", "", m.error])
        elif r.kind.answered and not r.roster_id:
            manual.append([m.source, "", "（整封邮件）", "", "发件人不在名单中，未能对应竞赛"])

    ws4 = wb.create_sheet("基本情况表")
    _append(ws4, ["编号", "竞赛名称", "主办单位", "协办单位", "承办单位", "决赛地点", "竞赛职业（工种）", "竞赛标准",
                "竞赛时间", "组别", "初赛", "选拔赛", "决赛", "高级工", "技师", "高级技师", "联系人", "联系电话", "电子邮箱"])
    for e in roster:
        st = states.get(e["id"])
        info = st.form if st else None
        if not info:
            continue
        c = info.get("contact") or {}
        for row in info.get("rows", []) + [{"occupation": "合计", **(info.get("totals") or {})}]:
            p, q = row.get("participants") or {}, row.get("certificates") or {}
            _append(ws4, [e["id"], info.get("competition_name"), info.get("host"), info.get("co_organizer"),
                        info.get("organizer"), info.get("final_venue"), row.get("occupation"), row.get("standard"),
                        row.get("time"), row.get("groups"), p.get("preliminary"), p.get("selection"), p.get("final"),
                        q.get("senior_worker"), q.get("technician"), q.get("senior_technician"),
                        c.get("name"), c.get("phone"), c.get("email")])

    ws5 = wb.create_sheet("待人工核对")
    _append(ws5, ["来源", "对应编号", "文件", "类别", "原因"])
    for row in manual:
        _append(ws5, row)

    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions                # staff sort and filter by column
        sheet.page_setup.orientation = "landscape"              # printed: one page wide
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        for col in sheet.columns:
            width = max(len(str(c.value or "")) for c in list(col)[:200])
            sheet.column_dimensions[col[0].column_letter].width = min(max(8, width * 1.6), 36)
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, buf.getvalue())
