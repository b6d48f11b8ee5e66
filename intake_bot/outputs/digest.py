"""The daily digest for staff: new mail since the last digest, entries that became complete, new
problems, what waits for a person, staff entries the bot did not understand, and the five statuses in
the workbook's words and numbers (one entry state: entry_state). A file in the data directory, and a
mail to the staff address when one is set."""
from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage

from ..standing import entry_state
from ..campaign import Campaign
from ..settings.config import CHINA_TZ
from ..standing.decisions import Decisions
from ..store.records import StoredMessage
from .tracking import view
from .tracking.refs import item_ref, mail_ref

ROLE_WORDS = {"tracking": ("材料跟踪", "编号"), "mail": ("来信记录", "来信"), "manual": ("待人工核对", "事项")}


def _row_ref(reading, rows: dict[str, int]) -> str:
    """The row as staff see it: the 编号, or the short id of a mail (来信#12) or an item (来信#12-3)."""
    if reading.role == "mail":
        return mail_ref(rows[reading.key]) if reading.key in rows else reading.key
    if reading.role == "manual":
        return item_ref(reading.key, rows)
    return reading.key


def build(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], decisions: Decisions,
          last: dict | None, now: dt.datetime) -> tuple[str, dict]:
    """(the digest's text, the snapshot the next digest compares with)."""
    last = last or {}
    season = entry_state.season(campaign, roster, messages, decisions)
    messages = season.messages
    views = view.entry_views(season, roster)
    since_row = last.get("row", 0)
    new = [m for m in messages if m.row > since_row]
    complete = {v.entry["id"] for v in views if v.status == view.COMPLETE}
    problems = {v.entry["id"]: v.open_problems for v in views if v.open_problems}
    newly_complete = [v for v in views if v.entry["id"] in complete - set(last.get("complete", []))]
    old_problems = last.get("problems", {})
    new_problems = [(v, [p for p in v.open_problems if p not in old_problems.get(v.entry["id"], [])]) for v in views]
    new_problems = [(v, ps) for v, ps in new_problems if ps]
    waiting = season.waiting
    local = now.astimezone(CHINA_TZ)
    since = f"自 {last['at'][:16].replace('T', ' ')} 以来" if last.get("at") else "至今"
    lines = [f"{campaign.title} 每日简报（{local:%Y-%m-%d %H:%M}）", ""]
    kinds: dict[str, int] = {}
    for m in new:
        kinds[view.kind_text(campaign, m.view.kind)] = kinds.get(view.kind_text(campaign, m.view.kind), 0) + 1
    lines.append(f"一、新来信 {len(new)} 封（{since}）" + ("：" + "，".join(f"{k} {n} 封" for k, n in kinds.items())
                                                       if kinds else ""))
    for m in new[:50]:
        when = view.local_time(m.view.received_at or m.view.date)
        lines.append(f"  - 来信#{m.row} {when:%m-%d %H:%M} {m.view.sender} 《{m.view.subject}》"
                     f" → {m.view.roster_id or '未对应'}" if when else f"  - 来信#{m.row} {m.view.sender} 《{m.view.subject}》")
    lines += ["", f"二、新近材料齐全的竞赛 {len(newly_complete)} 项"]
    lines += [f"  - {v.entry['id']} {v.entry.get('competition')}" for v in newly_complete]
    lines += ["", f"三、新发现的问题 {sum(len(ps) for _v, ps in new_problems)} 个"]
    for v, ps in new_problems:
        lines += [f"  - {v.entry['id']} {v.entry.get('competition')}：{p}" for p in ps]
    lines += ["", f"四、等待人工处理 {len(waiting)} 项（见材料跟踪表「待人工核对」）"]
    lines += [f"  - {i.roster_id or '未对应'} {i.file}：{i.reason}" for i in waiting[:30]]
    unread = decisions.unrecognised
    rows = {m.source: m.row for m in messages}
    lines += ["", f"五、工作人员填写的内容中未识别的 {len(unread)} 项（原值已保留，请按表头批注的填法改正）"]
    for r in unread:
        sheet, key = ROLE_WORDS.get(r.role, (r.role, "行"))
        lines.append(f"  - 「{sheet}」{key} {_row_ref(r, rows)} 的「{r.column}」填了“{r.value}”：{r.unrecognised}")
    counts = season.counts()
    lines += ["", "六、总体（与材料跟踪表一致）：" + "，".join(f"{s} {n} 项" for s, n in counts.items())
              + f"；截止日期 {campaign.deadline:%Y-%m-%d}，{view.days_left_text(campaign.deadline, local.date())}。"]
    lines += [f"  {s}：{'、'.join(v.entry['id'] for v in views if v.status == s)}" for s, n in counts.items() if n]
    snapshot = {"at": local.isoformat(timespec="minutes"), "row": max([m.row for m in messages], default=0),
                "complete": sorted(complete), "problems": problems}
    return "\n".join(lines) + "\n", snapshot


def as_mail(campaign: Campaign, text: str, to: str, now: dt.datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"材料收集每日简报（{now.astimezone(CHINA_TZ):%Y-%m-%d}）"
    msg["From"] = email.utils.formataddr((campaign.center_name, campaign.center_address))
    msg["To"] = to
    msg["Date"] = email.utils.format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    return msg
