"""What the workbook shows, computed from the records, the campaign and what staff wrote: each entry's
one status, its problems in words, the manual-check list that clears itself, the region's totals,
progress by day. Pure functions; workbook.py only lays them out."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ...standing import entries, entry_state
from ...campaign import Campaign
from ...settings.config import CHINA_TZ
from ...standing.entry_state import COMPLETE, MANUAL, MISSING, NO_MAIL, STATUSES, TO_CORRECT, Season  # noqa: F401
from ...store.records import OCR_READ, SIGNATURE_DOUBT, DocClass, DocumentRecord, MessageKind, MessageStatus, ReplyStatus, StoredMessage
from ..replies import refusal_text
from ...standing.waiting import ManualItem, class_text, manual_reason  # noqa: F401

STATUS_COLOURS = {COMPLETE: "C6EFCE", TO_CORRECT: "FFEB9C", MISSING: "FFC7CE", NO_MAIL: "D9D9D9", MANUAL: "BDD7EE"}
KIND_TEXT = {MessageKind.SUBMISSION: "报送材料", MessageKind.AUTO_REPLY: "自动回复", MessageKind.BOUNCE: "退信",
             MessageKind.SPAM: "垃圾/群发邮件", MessageKind.DUPLICATE: "重复投递", MessageKind.OTHER: "其他邮件"}
MESSAGE_STATUS_TEXT = {MessageStatus.RECEIVED: "处理中", MessageStatus.DONE: "已处理",
                       MessageStatus.FAILED: "处理失败，将重试", MessageStatus.QUARANTINED: "已隔离，需人工处理"}
REPLY_TEXT = {ReplyStatus.PENDING: "待发送", ReplyStatus.WRITTEN: "已写入发件箱", ReplyStatus.SENT: "已发送",
              ReplyStatus.UNCERTAIN: "发送中断，未重发", ReplyStatus.FAILED: "发送失败", ReplyStatus.SKIPPED: "未回复"}


def kind_text(campaign: Campaign, kind: MessageKind) -> str:
    if kind is MessageKind.MISROUTED:
        return campaign.misrouted.short if campaign.misrouted else "误投材料"
    return KIND_TEXT[kind]


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
    if doc.names_other:
        extra.append(doc.names_other[1])
    if SIGNATURE_DOUBT in (doc.reason or ""):
        extra.append("签字待人工核对")
    return "；".join([reason, *extra])


@dataclass
class EntryView:
    """One row of 材料跟踪: the entry's standing (entry_state) with the roster's words."""
    entry: dict
    standing: entry_state.Standing
    last_at: dt.datetime | None

    @property
    def state(self) -> entries.EntryState:
        return self.standing.state

    @property
    def status(self) -> str:
        return self.standing.status

    @property
    def missing(self) -> list[str]:
        return self.standing.missing

    @property
    def received(self) -> set[str]:
        return set(self.standing.received)

    @property
    def staff_received(self) -> set[str]:
        return self.standing.by_staff

    @property
    def messages(self) -> int:
        return self.standing.mails

    @property
    def open_problems(self) -> list[str]:
        """What is still wrong: what to correct, and files refused while material is missing."""
        s = self.standing
        return s.correction_lines + ([f"文件「{i.file}」{i.reason}" for i in s.refused] if s.missing else [])

    @property
    def problems(self) -> list[str]:
        """What staff read in 问题: what to correct, what staff settled, files refused while material is missing."""
        s = self.standing
        refused = [f"文件「{i.file}」{i.reason}" for i in s.refused] if s.missing else []
        return s.correction_lines + [f"{p}（工作人员已认定该材料，不再要求更正）" for p in s.settled] + refused


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


def entry_views(season: Season, roster: list[dict]) -> list[EntryView]:
    return [EntryView(e, season.standings[e["id"]], local_time(season.standings[e["id"]].last_message_at))
            for e in roster]


def completed_by_day(campaign: Campaign, roster: list[dict], season: Season, today: dt.date) -> list[tuple[dt.date, int]]:
    """How many entries were 齐全 at the end of each day, from the first mail to today or the deadline (or
    the day of a later mail that completed an entry); the last day is the table's count of 齐全 (one
    definition)."""
    def when(m: StoredMessage):
        t = local_time(m.view.received_at or m.view.date)
        return t.date() if t else None

    days = [d for d in (when(m) for m in season.messages) if d]
    if not days:
        return []
    first = min(days)
    end = max(first, min(today, campaign.deadline))
    done_on = entry_state.complete_on(campaign, roster, season.messages, season.decisions, season.complete,
                                      when, end)
    last = max([end, *done_on.values()])          # a late mail's entry is counted on its day too
    out = []
    day = first
    while day <= last and len(out) < 366:
        out.append((day, sum(1 for d in done_on.values() if d <= day)))
        day += dt.timedelta(days=1)
    return out


def days_left_text(deadline: dt.date, today: dt.date) -> str:
    """The deadline in words: 还有 N 天 / 今天截止 / 已逾期 N 天."""
    left = (deadline - today).days
    return f"还有 {left} 天" if left > 0 else "今天截止" if left == 0 else f"已逾期 {-left} 天"
