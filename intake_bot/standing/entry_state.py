"""One entry's standing, computed in one place from its records and what staff decided, and read by
every output (the workbook and its charts, replies, preview, status, reminders, the digest, export).

The mail alone gives an `entries.EntryState` (entries.fold). On top of it, in this order: the mails
staff assigned to another entry move there (人工对应编号), materials staff count as received
(人工认定已收) are received and no longer asked to be corrected, and manual-check items staff closed
(已处理) stop holding the entry. What is left is partitioned per material: received (nothing to
correct), to correct (received, with what is wrong), missing — so no output can list one material in
two of them. The status follows from that with one definition (STATUS_MEANING).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

from . import entries
from ..campaign import Campaign
from .decisions import Decisions
from ..store.records import MessageKind, StoredMessage
from .waiting import ItemKind, ManualItem, manual_items

COMPLETE, TO_CORRECT, MISSING, NO_MAIL, MANUAL = "齐全", "待更正", "缺材料", "未来信", "需人工处理"
STATUSES = (COMPLETE, TO_CORRECT, MISSING, NO_MAIL, MANUAL)
STATUS_MEANING = {
    COMPLETE: "所需材料都已收到（或由工作人员认定已收），没有需要更正的问题",
    TO_CORRECT: "材料都已收到，但有材料需要更正（如合计不符、未见签字），已告知对方",
    MISSING: "已来信，但还缺材料",
    NO_MAIL: "还没有来信，也没有工作人员认定已收的材料",
    MANUAL: "材料未齐，或已计入的材料有疑问（如扫描件的年度、签字），有事项要工作人员先处理（见「待人工核对」），"
            "处理后按上面几种情况显示",
}
ASSIGNED_BY_STAFF = "工作人员指定"


@dataclass
class Standing:
    roster_id: str
    state: entries.EntryState                          # from the mail alone
    status: str
    reason: str                                        # the status in words, for this entry
    received: list = field(default_factory=list)       # material keys counted (mail or staff), campaign order
    by_staff: set = field(default_factory=set)         # of those, what staff counted as received
    missing: list = field(default_factory=list)        # material keys not received
    corrections: dict = field(default_factory=dict)    # material key → [what to correct, in words]
    settled: list = field(default_factory=list)        # problems of materials staff counted as received
    problem_codes: list = field(default_factory=list)  # the open problems' codes (the export's)
    open_items: list = field(default_factory=list)     # [ManualItem] still waiting for a person
    refused: list = field(default_factory=list)        # [ManualItem] files refused or unreadable
    mails: int = 0
    last_message_at: str = ""

    @property
    def accepted(self) -> list[str]:
        """Received and nothing to correct."""
        return [k for k in self.received if k not in self.corrections]

    @property
    def to_correct(self) -> list[str]:
        return [k for k in self.received if k in self.corrections]

    @property
    def correction_lines(self) -> list[str]:
        return [line for k in [*self.to_correct, None] for line in self.corrections.get(k, [])]

    @property
    def link_pending(self) -> bool:
        """A large-attachment link the center still has to fetch."""
        return any(i.kind is ItemKind.LINK for i in self.open_items)



def problem_material(campaign: Campaign, code: str) -> str | None:
    """Which material a problem is about: a signed material for its signature, the form otherwise."""
    for key in campaign.signed_materials:
        if code == entries.unsigned_problem(key):
            return key
    return campaign.form.material if campaign.form else None


def assigned(message: StoredMessage, decisions: Decisions) -> StoredMessage:
    """A message as staff assigned it (人工对应编号): its record carries the entry staff chose, and counts
    for it (a reply, like every output, speaks for that entry)."""
    rid = decisions.assigned.get(message.source)
    if rid and message.record is not None and message.record.roster_id != rid:
        kind = message.record.kind if message.record.kind.answered else MessageKind.SUBMISSION
        message = replace(message, record=replace(message.record, roster_id=rid, kind=kind,
                                                  match_reason=ASSIGNED_BY_STAFF))
    return message


def assign(messages: list[StoredMessage], decisions: Decisions) -> list[StoredMessage]:
    """Messages as staff assigned them."""
    return [assigned(m, decisions) for m in messages]


def standing(campaign: Campaign, state: entries.EntryState, decisions: Decisions, items: list[ManualItem],
             mails: int) -> Standing:
    """The entry's standing: its mail-only state with staff decisions applied, and its one status."""
    rid = state.roster_id
    staff = decisions.received.get(rid, set())
    received = [k for k in campaign.material_keys if k in state.received or k in staff]
    corrections: dict[str, list[str]] = {}
    settled: list[str] = []
    codes: list[str] = []
    titled = {code for code, _t in state.not_counted.values()}
    for code in state.problems:
        if code in titled:
            continue
        material = problem_material(campaign, code)
        lines = state.texts.get(code) or [campaign.problem_text(code)]
        if material in staff:
            settled.extend(lines)
        else:
            codes.append(code)
            corrections.setdefault(material if material in received else None, []).extend(lines)
    for material, (code, line) in state.not_counted.items():     # only another year's or competition's was sent
        if material in staff:
            settled.append(line)
            continue
        codes += [code] * (code not in codes)
        corrections.setdefault(material if material in received else None, []).append(line)
    mine = [i for i in items if i.roster_id == rid]
    s = Standing(rid, state, "", "", received=received, by_staff={k for k in staff if k in campaign.material_keys},
                 missing=[k for k in campaign.material_keys if k not in received], corrections=corrections,
                 settled=settled, problem_codes=codes, open_items=[i for i in mine if i.key not in decisions.handled],
                 refused=[i for i in mine if i.kind is ItemKind.REFUSED], mails=mails,
                 last_message_at=state.last_message_at)
    s.status, s.reason = status_of(campaign, s)
    return s


def status_of(campaign: Campaign, s: Standing) -> tuple[str, str]:
    """The one definition of the five statuses, with the reason in words."""
    short = {m.key: m.short for m in campaign.materials}
    fixes = [(f"{short[k]}：" if k else "") + line for k in [*s.to_correct, None] for line in s.corrections.get(k, [])]
    doubts = [i for i in s.open_items if i.holds and i.material not in s.by_staff]   # staff counted it: settled
    if not s.missing and not s.corrections and doubts:     # complete only if a doubtful reading is right
        more = f"等 {len(doubts)} 项" if len(doubts) > 1 else ""
        return MANUAL, f"材料已收齐，但「{doubts[0].file}」{more}待人工核对（见「待人工核对」）：{doubts[0].reason}"
    if not s.missing and not s.corrections:
        extra = f"（其中{'、'.join(short[k] for k in s.received if k in s.by_staff)}由工作人员认定）" if s.by_staff else ""
        return COMPLETE, f"材料已收齐{extra}"
    lacking = "尚缺" + "、".join(short[k] for k in s.missing)
    if s.open_items:
        first = s.open_items[0]
        more = f"等 {len(s.open_items)} 项" if len(s.open_items) > 1 else ""
        return MANUAL, f"待人工核对{more}（见「待人工核对」）：「{first.file}」{first.reason}"
    if s.missing and not s.mails and not s.received:
        return NO_MAIL, f"尚未来信；{lacking}"
    more = "（见「问题」）"                 # the reason says why; every line is in 问题 and in the mail's 需要更正
    if s.missing:
        return MISSING, lacking + (f"；另有 {len(fixes)} 处需更正{more}" if fixes else "")
    return TO_CORRECT, f"需更正：{fixes[0]}" + (f"；另有 {len(fixes) - 1} 处{more}" if len(fixes) > 1 else "")


@dataclass
class Season:
    """Every entry's standing, and what waits for a person, at one moment."""
    messages: list                                     # as staff assigned them, in the order read
    items: list                                        # every ManualItem
    standings: dict                                    # roster id → Standing, in roster order
    decisions: Decisions

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for st in self.standings.values():
            out[st.status] += 1
        return out

    @cached_property
    def complete(self) -> set[str]:
        return {rid for rid, st in self.standings.items() if st.status == COMPLETE}

    def is_open(self, item: ManualItem) -> bool:
        """Waits for a person: not closed by staff, and not of an entry that is complete."""
        return item.key not in self.decisions.handled and item.roster_id not in self.complete

    @property
    def waiting(self) -> list[ManualItem]:
        return [i for i in self.items if self.is_open(i)]

    @property
    def closed(self) -> list[ManualItem]:
        return [i for i in self.items if not self.is_open(i)]


def season(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], decisions: Decisions) -> Season:
    messages = assign(messages, decisions)
    ids = [e["id"] for e in roster]
    states = entries.fold(campaign, ids, messages)
    items = manual_items(campaign, messages)
    mails: dict[str, int] = {}
    for m in messages:
        for rid in m.record.served() if m.record else ():      # its own entry and those its documents name
            mails[rid] = mails.get(rid, 0) + 1
    standings = {rid: standing(campaign, states[rid], decisions, items, mails.get(rid, 0)) for rid in ids}
    return Season(messages, items, standings, decisions)


def entry_standing(campaign: Campaign, roster_id: str, messages: list[StoredMessage],
                   decisions: Decisions) -> Standing:
    """One entry's standing from its own messages (a reply needs one entry, not the season)."""
    mine = [m for m in assign(messages, decisions) if m.record and roster_id in m.record.served()]
    state = entries.fold(campaign, [roster_id], mine)[roster_id]
    return standing(campaign, state, decisions, manual_items(campaign, mine), len(mine))


def complete_on(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], decisions: Decisions,
                now_complete: set[str], when, today: dt.date) -> dict[str, dt.date]:
    """The day each entry became complete, as staff decisions now stand; entries complete now only by
    staff decisions count from today, and an entry no longer complete now is left out (the last day
    always equals today's count of 齐全)."""
    messages = assign(messages, decisions)
    states = {e["id"]: entries.empty(campaign, e["id"]) for e in roster}
    done: dict[str, dt.date] = {}
    for m in messages:
        day = when(m)
        entries.fold_one(campaign, states, m)
        for rid in m.record.served() if m.record else ():
            if day is None or rid not in states or rid in done:
                continue
            if standing(campaign, states[rid], decisions, [], 1).status == COMPLETE:
                done[rid] = day
    return {rid: done.get(rid, today) for rid in now_complete}
