"""Before the deadline: reminders to every roster contact whose entry still has gaps (entries that
never wrote included), on the campaign's reminder days, at most once per entry per reminder day —
decided in the store before it leaves, so a restart never sends it twice. And `preview`: what an
entry would be told now."""
from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage

from . import entries, replies
from .campaign import Campaign
from .config import CHINA_TZ, ReplyMode
from .records import ReplyStatus, StoredMessage
from .tracking.view import Overrides, apply_assignments


def reminder_day(campaign: Campaign, now: dt.datetime) -> int | None:
    """Days before the deadline when today is one of the campaign's reminder days, else None."""
    left = (campaign.deadline - now.astimezone(CHINA_TZ).date()).days
    return left if left in campaign.reminder_days else None


def next_reminder(campaign: Campaign, now: dt.datetime) -> dt.datetime | None:
    """When the next reminders go (the campaign's reminder hour on its next reminder day), or None
    when none is left before the deadline."""
    local = now.astimezone(CHINA_TZ)
    for days in sorted(campaign.reminder_days, reverse=True):
        day = campaign.deadline - dt.timedelta(days=days)
        at = dt.datetime.combine(day, dt.time(campaign.reminder_hour), CHINA_TZ)
        if at >= local.replace(minute=0, second=0, microsecond=0):
            return at
    return None


def gaps(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], overrides: Overrides) -> dict:
    """roster id → (entry state, the material keys still missing, staff marks honoured)."""
    messages = apply_assignments(messages, overrides)
    states = entries.fold(campaign, [e["id"] for e in roster], messages)
    out = {}
    for e in roster:
        st = states[e["id"]]
        missing = [k for k in st.missing if k not in overrides.received.get(e["id"], set())]
        out[e["id"]] = (st, missing)
    return out


def compose_reminder(campaign: Campaign, entry: dict, missing: list[str], now: dt.datetime, key: str) -> EmailMessage:
    names = {m.key: m.name for m in campaign.materials}
    body = replies.render(campaign, "reminder", **replies.common_fields(campaign, now),
                          contact_salutation=replies._salutation(entry), competition=entry.get("competition", ""),
                          missing_list=replies._lines([names[k] for k in missing], ""))
    msg = EmailMessage()
    msg["Subject"] = f"提醒：{campaign.collection}将于{replies.date_text(campaign.deadline)}截止，贵单位尚缺{len(missing)}项材料"
    msg["From"] = email.utils.formataddr((campaign.center_name, campaign.center_address))
    msg["To"] = entry.get("email") or ""
    msg["Date"] = email.utils.format_datetime(now)
    domain = campaign.center_address.rsplit("@", 1)[-1] or "intake-bot.local"
    msg["Message-ID"] = f"<reminder-{entry['id']}-{key}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body)
    return msg


def send_reminders(run, overrides: Overrides) -> dict:
    """The day's reminders through the run's deliverer; returns counts for the command line."""
    campaign, now = run.campaign, run.now
    left = reminder_day(campaign, now)
    result = {"day": left, "sent": 0, "skipped": 0, "failed": 0, "complete": 0}
    if left is None or run.reply_mode == ReplyMode.OFF:
        return result
    key = f"D-{left}@{(campaign.deadline - dt.timedelta(days=left)).isoformat()}"
    roster = run.state.roster_rows()
    for rid, (_st, missing) in gaps(campaign, roster, run.state.messages(), overrides).items():
        entry = next(e for e in roster if e["id"] == rid)
        if not missing:
            result["complete"] += 1
            continue
        status = run.state.reminder_status(rid, key)
        if status in ("sent", "written", "uncertain", "skipped"):
            result["skipped"] += 1
            continue
        if not entry.get("email"):
            run.state.set_reminder(rid, key, "skipped")
            result["skipped"] += 1
            continue
        if status == "pending" and run.reply_mode == ReplyMode.SMTP:
            run.state.set_reminder(rid, key, "uncertain")       # cut off mid-send: never sent twice
            continue
        msg = compose_reminder(campaign, entry, missing, now, key)
        run.state.set_reminder(rid, key, "pending")
        try:
            run.deliverer.deliver(msg, f"reminder-{rid}-D{left}")
        except replies.SendError:
            run.state.set_reminder(rid, key, "failed")
            result["failed"] += 1
            continue
        run.state.set_reminder(rid, key, ReplyStatus.SENT.value if run.reply_mode == ReplyMode.SMTP
                               else ReplyStatus.WRITTEN.value)
        result["sent"] += 1
    return result


def preview(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], overrides: Overrides,
            rid: str, now: dt.datetime) -> EmailMessage:
    """The mail this entry would get now: the reply to its latest mail, or a reminder if it never wrote."""
    entry = next((e for e in roster if e["id"] == rid), None)
    if entry is None:
        raise KeyError(rid)
    state, missing = gaps(campaign, roster, messages, overrides)[rid]
    latest = [m for m in apply_assignments(messages, overrides)
              if m.record and m.record.roster_id == rid and m.record.kind.answered]
    if latest:
        return replies.compose(latest[-1].record, state, entry, campaign, now,
                               to=latest[-1].record.sender)
    return compose_reminder(campaign, entry, missing, now, "preview")
