"""Before the deadline: reminders to every roster contact whose entry still has gaps — missing
material or material to correct (entries that never wrote included) — on the campaign's reminder days,
at most once per entry per reminder day, decided in the store before it leaves, so a restart never
sends it twice: the reply state machine of answer.py (records.ReplyStatus), a reminder per entry and
day (pending → written | sent | failed, uncertain when cut off mid-send, skipped without an address). And `preview`: what an entry would be told now. Both read the entry's standing
(entry_state), staff decisions included, like every other output."""
from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage

from ..standing import entry_state
from . import replies
from ..campaign import Campaign
from ..settings.config import CHINA_TZ, ReplyMode
from ..standing.decisions import Decisions
from ..store.records import ReplyStatus, StoredMessage


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


def has_gaps(standing: entry_state.Standing) -> bool:
    """Something to tell the entry: material missing or material to correct."""
    return bool(standing.missing or standing.corrections)


def compose_reminder(campaign: Campaign, entry: dict, standing: entry_state.Standing, now: dt.datetime,
                     key: str) -> EmailMessage:
    body = replies.render(campaign, "reminder", **replies.common_fields(campaign, now),
                          **replies.standing_fields(campaign, standing),
                          contact_salutation=replies._salutation(campaign, entry), competition=entry.get("competition", ""))
    msg = EmailMessage()
    words = campaign.words
    parts = [words.reminder_missing.format(count=len(standing.missing))] * bool(standing.missing) + \
        [words.reminder_corrections.format(count=len(standing.corrections))] * bool(standing.corrections)
    msg["Subject"] = words.reminder_subject.format(collection=campaign.collection, parts="、".join(parts),
                                                   deadline=replies.date_text(campaign.deadline))
    msg["From"] = email.utils.formataddr((campaign.center_name, campaign.center_address))
    msg["To"] = entry.get("email") or ""
    msg["Date"] = email.utils.format_datetime(now)
    domain = campaign.center_address.rsplit("@", 1)[-1] or "intake-bot.local"
    msg["Message-ID"] = f"<reminder-{entry['id']}-{key}@{domain}>"
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg.set_content(body)
    return msg


def send_reminders(run, decisions: Decisions) -> dict:
    """The day's reminders through the run's deliverer; returns counts for the command line."""
    campaign, now = run.campaign, run.now
    left = reminder_day(campaign, now)
    result = {"day": left, "sent": 0, "skipped": 0, "failed": 0, "complete": 0}
    if left is None or run.reply_mode == ReplyMode.OFF:
        return result
    key = f"D-{left}@{(campaign.deadline - dt.timedelta(days=left)).isoformat()}"
    roster = run.state.roster_rows()
    season = entry_state.season(campaign, roster, run.state.messages(), decisions)
    for entry in roster:
        rid = entry["id"]
        standing = season.standings[rid]
        if not has_gaps(standing):
            result["complete"] += 1
            continue
        status = run.state.reminder_status(rid, key)
        if status is not None and status.settled:
            result["skipped"] += 1
            continue
        if not entry.get("email"):
            run.state.set_reminder(rid, key, ReplyStatus.SKIPPED)
            result["skipped"] += 1
            continue
        if status is ReplyStatus.PENDING and run.reply_mode == ReplyMode.SMTP:
            run.state.set_reminder(rid, key, ReplyStatus.UNCERTAIN)       # cut off mid-send: never sent twice
            continue
        msg = compose_reminder(campaign, entry, standing, now, key)
        run.state.set_reminder(rid, key, ReplyStatus.PENDING)
        try:       # named by entry and day: another day's reminder (or a resend) never overwrites this one
            run.deliverer.deliver(msg, f"reminder-{rid}-{now.astimezone(CHINA_TZ):%Y%m%d}-D{left}")
        except replies.SendError:
            run.state.set_reminder(rid, key, ReplyStatus.FAILED)
            result["failed"] += 1
            continue
        run.state.set_reminder(rid, key, ReplyStatus.SENT if run.reply_mode == ReplyMode.SMTP else ReplyStatus.WRITTEN)
        result["sent"] += 1
    return result


def preview(campaign: Campaign, roster: list[dict], messages: list[StoredMessage], decisions: Decisions,
            rid: str, now: dt.datetime) -> tuple[EmailMessage, entry_state.Standing]:
    """The mail this entry would get now — the reply to its latest mail, or a reminder if it never
    wrote — and the entry's standing it says."""
    entry = next((e for e in roster if e["id"] == rid), None)
    if entry is None:
        raise KeyError(rid)
    season = entry_state.season(campaign, roster, messages, decisions)
    standing = season.standings[rid]
    latest = [m for m in season.messages if m.record and m.record.roster_id == rid and m.record.kind.answered]
    if latest:
        return replies.compose(latest[-1].record, standing, entry, campaign, now, to=latest[-1].record.sender), standing
    return compose_reminder(campaign, entry, standing, now, "preview"), standing
