"""After `reread --apply`: the correction sent to an entry staff name (`reread --reply`), the reply to
its latest mail composed again from the kept readings, once per entry and reader — decided in the
store before it leaves, on the reply state machine like the reminders (records.ReplyStatus)."""
from __future__ import annotations

from ..standing import entry_state
from ..settings.config import ReplyMode
from ..standing.context import Run
from ..store.records import ReplyStatus
from .staff_input import decisions_now
from ..store.state import State

REPLY_KEY = "reread:{version}"         # reminders table: the correction sent to one entry for one reader


def send_correction(run: Run, state: State, rid: str, version: str, mode) -> str:
    """The reply to the entry's latest mail, composed again from the kept readings, as a correction:
    once per entry and reader (decided in the store before it leaves, like the reminders)."""
    from . import replies
    from .answer import make_deliverer
    mode = ReplyMode(mode)
    if mode is ReplyMode.OFF:
        return "未发送：设置中关闭了自动回复"
    key = REPLY_KEY.format(version=version)
    status = state.reminder_status(rid, key)
    if status is not None and status.delivered:
        return "未发送：这一版本重新读取后的结果此前已告知该单位，不重复发送"
    if status is ReplyStatus.PENDING and mode is ReplyMode.SMTP:
        state.set_reminder(rid, key, ReplyStatus.UNCERTAIN)
        return "未发送：上次发送途中中止，可能已发出，不再自动重发"
    decisions = decisions_now(state, run.settings, store=False)
    roster = state.roster_rows()
    entry = next(e for e in roster if e["id"] == rid)
    if not entry.get("email"):
        return "未发送：名单中没有这个竞赛联系人的电子邮箱"
    season = entry_state.season(run.campaign, roster, state.messages(), decisions)
    standing = season.standings[rid]
    latest = [m for m in season.messages if m.record and m.record.roster_id == rid and m.record.kind.answered]
    if not latest:
        return "未发送：这个竞赛还没有来信，没有需要更正的回复"
    # To the roster's contact only, whoever sent the mail: a correction the center asks for must never
    # go to an address a sender chose (a forged From, a mail staff assigned to this entry).
    msg = replies.compose(latest[-1].record, standing, entry, run.campaign, run.now, to=entry["email"])
    body = replies.render(run.campaign, "reread_note", **replies.common_fields(run.campaign, run.now)) \
        if run.campaign.template_path("reread_note").exists() else ""
    subject = str(msg["Subject"])
    del msg["Subject"], msg["Message-ID"]
    msg["Subject"] = f"更正：{subject}"
    domain = run.campaign.center_address.rsplit("@", 1)[-1] or "intake-bot.local"
    msg["Message-ID"] = f"<reread-{rid}-{version.replace('+', '-')}@{domain}>"
    msg.set_content(body + msg.get_content())
    state.set_reminder(rid, key, ReplyStatus.PENDING)
    deliverer = make_deliverer(run.settings, run.data_dir, mode)
    try:
        where = deliverer.deliver(msg, f"reread-{rid}-{version.replace('+', '-')}")
    except replies.SendError as exc:
        state.set_reminder(rid, key, ReplyStatus.FAILED)
        return f"发送失败：{exc}"
    state.set_reminder(rid, key, ReplyStatus.SENT if mode is ReplyMode.SMTP else ReplyStatus.WRITTEN)
    return f"已发给 {msg['To']}" + (f"（{where}）" if mode is not ReplyMode.SMTP else "")
