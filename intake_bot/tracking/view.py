"""What the workbook shows, computed from the records, the campaign and what staff wrote: each entry's
one status, its problems in words, the manual-check list that clears itself, the region's totals,
progress by day. Pure functions; workbook.py only lays them out."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import entries
from ..campaign import Campaign
from ..config import CHINA_TZ
from ..records import OCR_READ, SIGNATURE_DOUBT, TO_CHECK, DocClass, DocumentRecord, MessageKind, MessageStatus, ReplyStatus, StoredMessage
from ..replies import refusal_text

COMPLETE, TO_CORRECT, MISSING, NO_MAIL, MANUAL = "齐全", "待更正", "缺材料", "未来信", "需人工处理"
STATUSES = (COMPLETE, TO_CORRECT, MISSING, NO_MAIL, MANUAL)
STATUS_COLOURS = {COMPLETE: "C6EFCE", TO_CORRECT: "FFEB9C", MISSING: "FFC7CE", NO_MAIL: "D9D9D9", MANUAL: "BDD7EE"}
KIND_TEXT = {MessageKind.SUBMISSION: "报送材料", MessageKind.AUTO_REPLY: "自动回复", MessageKind.BOUNCE: "退信",
             MessageKind.SPAM: "垃圾/群发邮件", MessageKind.DUPLICATE: "重复投递", MessageKind.OTHER: "其他邮件"}
MESSAGE_STATUS_TEXT = {MessageStatus.RECEIVED: "处理中", MessageStatus.DONE: "已处理",
                       MessageStatus.FAILED: "处理失败，将重试", MessageStatus.QUARANTINED: "已隔离，需人工处理"}
REPLY_TEXT = {ReplyStatus.PENDING: "待发送", ReplyStatus.WRITTEN: "已写入发件箱", ReplyStatus.SENT: "已发送",
              ReplyStatus.UNCERTAIN: "发送中断，未重发", ReplyStatus.FAILED: "发送失败", ReplyStatus.SKIPPED: "未回复"}
_YES = re.compile(r"^(是|√|✓|已|已处理|已核对|ok|y|yes|1|处理)", re.I)


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
    return {DocClass.OTHER: "其他文件", DocClass.UNSAFE: "无法读取/不安全"}[doc.cls]


def confidence_text(value: float) -> str:
    return "高" if value >= 0.85 else "中" if value >= 0.6 else "低"


def document_reason(campaign: Campaign, doc: DocumentRecord) -> str:
    """Why the document is what the bot says, in words staff read (the technical reason stays in the export)."""
    if doc.cls is DocClass.UNSAFE:
        return refusal_text(doc.reason)
    reason = re.split(r";\s*", doc.reason or "")[0]
    if not re.search(r"[\u4e00-\u9fff]", reason):
        reason = "无法自动读取这种文件，请人工查看" if "does not read" in reason or "manual" in reason.lower() \
            else "已读取"
    extra = []
    if OCR_READ in (doc.reason or ""):
        extra.append("由照片或扫描件识别，请对照原件核对数字")
    if "LibreOffice" in (doc.reason or ""):
        extra.append("本机无法转换这种文件，请人工打开")
    if "signature not checked" in (doc.reason or ""):
        extra.append("签字未能自动检查")
    if SIGNATURE_DOUBT in (doc.reason or ""):
        extra.append("签字待人工核对")
    return "；".join([reason, *extra])


def manual_reason(campaign: Campaign, doc: DocumentRecord) -> str | None:
    if doc.cls is DocClass.UNSAFE:
        return f"{refusal_text(doc.reason)}（未计入已收材料）"
    if not doc.manual_check:
        return None
    if SIGNATURE_DOUBT in (doc.reason or ""):
        why = (doc.reason or "").partition(SIGNATURE_DOUBT)[2].split(";")[0]
        signer = next(iter(campaign.signed_materials.values()), "")
        return f"未能确认有无{signer}签字（{why}），请对照原件查看；未告知发件人"
    if OCR_READ in (doc.reason or ""):
        held = (doc.reason or "").partition(TO_CHECK)[2]
        return "由照片或扫描件识别，请对照原件核对数字" + (f"（识别结果疑有问题，未告知发件人：{held}）" if held else "")
    if doc.confidence < 0.6 and doc.cls is DocClass.MATERIAL:
        return f"仅凭文件名判断为「{class_text(campaign, doc)}」，请打开核对"
    return "无法自动判断这个文件，请人工查看"


@dataclass
class Overrides:
    """What staff decided in the workbook, honoured by the bot."""
    received: dict = field(default_factory=dict)      # roster id → {material keys staff count as received}
    assigned: dict = field(default_factory=dict)      # source → roster id
    handled: set = field(default_factory=set)         # manual-check item keys staff closed


def overrides_from(staff, campaign: Campaign, roster_ids: set[str]) -> Overrides:
    out = Overrides()
    names = {}
    for m in campaign.materials:
        for alias in (m.key, m.name, m.short):
            names[re.sub(r"\s+", "", alias)] = m.key
    for rid, cells in staff.cells.get("tracking", {}).items():
        text = str(cells.get("人工认定已收") or "").strip()
        if not text:
            continue
        if re.fullmatch(r"(全部|全|齐|齐全|已收齐)", text):
            out.received[rid] = set(campaign.material_keys)
            continue
        marked = set()
        for part in re.split(r"[、,，;；/\s]+", text):
            part = part.strip()
            hit = names.get(part) or next((k for n, k in names.items() if part and (part in n or n in part)), None)
            if hit:
                marked.add(hit)
        if marked:
            out.received[rid] = marked
    for source, cells in staff.cells.get("mail", {}).items():
        rid = str(cells.get("人工对应编号") or "").strip()
        if rid in roster_ids:
            out.assigned[source] = rid
    for key, cells in staff.cells.get("manual", {}).items():
        if _YES.match(str(cells.get("已处理") or "").strip()):
            out.handled.add(key)
    return out


def apply_assignments(messages: list[StoredMessage], overrides: Overrides) -> list[StoredMessage]:
    """Messages as staff assigned them: the record carries the entry staff chose (and counts for it)."""
    from dataclasses import replace
    out = []
    for m in messages:
        rid = overrides.assigned.get(m.source)
        if rid and m.record is not None and m.record.roster_id != rid:
            kind = m.record.kind if m.record.kind.answered else MessageKind.SUBMISSION
            m = replace(m, record=replace(m.record, roster_id=rid, kind=kind,
                                          match_reason="工作人员指定"))
        out.append(m)
    return out


@dataclass
class EntryView:
    entry: dict
    state: entries.EntryState
    status: str
    missing: list
    received: set
    staff_received: set
    problems: list
    messages: int
    last_at: dt.datetime | None
    manual: list


@dataclass
class ManualItem:
    key: str
    source: str
    roster_id: str
    file: str
    what: str
    reason: str


def local_time(iso: str) -> dt.datetime | None:
    """A stored ISO time as a China-time datetime without zone (what a spreadsheet date cell holds)."""
    if not iso:
        return None
    try:
        value = dt.datetime.fromisoformat(iso)
    except ValueError:
        import email.utils
        try:
            value = email.utils.parsedate_to_datetime(iso)
        except (TypeError, ValueError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=CHINA_TZ)
    return value.astimezone(CHINA_TZ).replace(tzinfo=None)


def manual_items(campaign: Campaign, messages: list[StoredMessage]) -> list[ManualItem]:
    out = []
    for m in messages:
        r = m.view
        rid = r.roster_id or ""
        for i, d in enumerate(r.documents):
            why = manual_reason(campaign, d)
            if why:
                out.append(ManualItem(f"{m.source}#{i + 1}", m.source, rid, d.name, class_text(campaign, d), why))
        if r.large_attachment_link:
            out.append(ManualItem(f"{m.source}#link", m.source, rid, "（超大附件链接）", "",
                                  "邮件中有超大附件下载链接，请人工下载链接中的文件"))
        if m.status in (MessageStatus.FAILED, MessageStatus.QUARANTINED):
            out.append(ManualItem(f"{m.source}#mail", m.source, rid, "（整封邮件）", "",
                                  "这封邮件无法自动处理，请人工查看原邮件" if m.status is MessageStatus.QUARANTINED
                                  else "这封邮件处理失败，下次检查邮箱时重试"))
        elif r.kind.answered and not rid:
            out.append(ManualItem(f"{m.source}#mail", m.source, "", "（整封邮件）", "",
                                  "发件人不在名单中，未能对应竞赛：请在「来信记录」的「人工对应编号」填写编号"))
        elif r.kind is MessageKind.OTHER and r.documents:
            out.append(ManualItem(f"{m.source}#mail", m.source, rid, "（整封邮件）", "",
                                  "陌生发件人发来的文件，未识别为本次材料，未回复：请人工查看"))
    return out


def entry_views(campaign: Campaign, roster: list[dict], messages: list[StoredMessage],
                overrides: Overrides, items: list[ManualItem] | None = None) -> list[EntryView]:
    states = entries.fold(campaign, [e["id"] for e in roster], messages)
    items = manual_items(campaign, messages) if items is None else items
    mail_count: dict[str, int] = {}
    for m in messages:
        if m.record and m.record.roster_id:
            mail_count[m.record.roster_id] = mail_count.get(m.record.roster_id, 0) + 1
    out = []
    for e in roster:
        st = states[e["id"]]
        staff = overrides.received.get(e["id"], set())
        received = st.received | staff
        missing = [k for k in campaign.material_keys if k not in received]
        problems = st.problem_lines(campaign)
        refused = [f"文件「{i.file}」{i.reason}" for i in items if i.roster_id == e["id"] and "未计入" in i.reason
                   and missing]
        open_items = [i for i in items if i.roster_id == e["id"] and i.key not in overrides.handled]
        if not missing and not problems:
            status = COMPLETE
        elif open_items:
            status = MANUAL
        elif missing and not mail_count.get(e["id"]):
            status = NO_MAIL
        elif missing:
            status = MISSING
        else:
            status = TO_CORRECT
        out.append(EntryView(e, st, status, missing, received, staff, problems + refused, mail_count.get(e["id"], 0),
                             local_time(st.last_message_at), open_items))
    return out


def open_manual_items(items: list[ManualItem], views: list[EntryView], overrides: Overrides) -> list[ManualItem]:
    """Items a person must still look at: not closed by staff, and not of an entry that is complete."""
    complete = {v.entry["id"] for v in views if v.status == COMPLETE}
    return [i for i in items if i.key not in overrides.handled and not (i.roster_id and i.roster_id in complete)]


def completed_by_day(campaign: Campaign, roster: list[dict], messages: list[StoredMessage],
                     overrides: Overrides, today: dt.date) -> list[tuple[dt.date, int]]:
    """How many entries were complete at the end of each day, from the first mail to today or the deadline."""
    states = {e["id"]: entries.empty(campaign, e["id"]) for e in roster}
    done_on: dict[str, dt.date] = {}
    first: dt.date | None = None
    for m in messages:
        when = local_time(m.view.received_at or m.view.date)
        if when is None:
            continue
        first = min(first, when.date()) if first else when.date()
        entries.fold_one(campaign, states, m)
        rid = m.record.roster_id if m.record else None
        if rid in states and rid not in done_on:
            st = states[rid]
            if not [k for k in st.missing if k not in overrides.received.get(rid, set())]:
                done_on[rid] = when.date()
    if first is None:
        return []
    last = max(first, min(today, campaign.deadline))
    out = []
    day = first
    while day <= last and len(out) < 366:
        out.append((day, sum(1 for d in done_on.values() if d <= day)))
        day += dt.timedelta(days=1)
    return out


GROUPS = (("participants", (("preliminary", "初赛"), ("selection", "选拔赛"), ("final", "决赛"))),
          ("certificates", (("senior_worker", "高级工"), ("technician", "技师"), ("senior_technician", "高级技师"))))


def region_totals(views: list[EntryView]) -> tuple[list[str], list[list]]:
    """The region's totals of the current forms' rows (never the forms' own 合计 rows), overall and by category."""
    header = ["范围", "表格数", "工种数"] + [f"{'参赛人数' if g == 'participants' else '获证书人数'}：{name}"
                                        for g, pairs in GROUPS for _k, name in pairs]
    buckets: dict[str, list] = {}
    for v in views:
        form = v.state.form
        if not form:
            continue
        for bucket in ("全区合计", f"类别：{v.entry.get('category') or '未分类'}"):
            row = buckets.setdefault(bucket, [0, 0] + [0] * 6)
            row[0] += 1
            row[1] += len(form.get("rows") or [])
            i = 2
            for group, pairs in GROUPS:
                for key, _name in pairs:
                    row[i] += sum((r.get(group) or {}).get(key) or 0 for r in form.get("rows") or [])
                    i += 1
    rows = [[name, *values] for name, values in sorted(buckets.items(), key=lambda kv: (kv[0] != "全区合计", kv[0]))]
    return header, rows
