"""`intake-bot status` in plain words and local (China) time: the last poll, what was read, how many
entries are complete, failures and reply problems with their reasons."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..standing import entry_state
from ..settings.config import CHINA_TZ, Settings
from ..store.records import MessageKind, MessageStatus, ReplyStatus
from .reminders import next_reminder
from .staff_input import decisions_now
from ..store.state import State
from ..store.state_meta import LastPoll
from ..base.version import reader_version, version_text

STATUS_TEXT = {MessageStatus.RECEIVED: "已收到未处理", MessageStatus.DONE: "已处理", MessageStatus.FAILED: "处理失败（将重试）",
               MessageStatus.QUARANTINED: "已隔离（需人工处理）"}
REPLY_TEXT = {ReplyStatus.PENDING: "待发送", ReplyStatus.WRITTEN: "已写入发件箱", ReplyStatus.SENT: "已发送",
              ReplyStatus.UNCERTAIN: "发送中断（不再自动重发）", ReplyStatus.FAILED: "发送失败", ReplyStatus.SKIPPED: "未回复（回复已关闭）"}
KIND_TEXT = {MessageKind.SUBMISSION: "报送材料", MessageKind.MISROUTED: "误投材料", MessageKind.AUTO_REPLY: "自动回复",
             MessageKind.BOUNCE: "退信", MessageKind.SPAM: "垃圾/群发", MessageKind.DUPLICATE: "重复投递",
             MessageKind.OTHER: "其他"}


def local(at: dt.datetime) -> str:
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def _counts(counts: dict, names: dict, enum) -> str:
    parts = [f"{names.get(enum(k), k) if k in enum._value2member_map_ else k} {v} 封"
             for k, v in sorted(counts.items(), key=lambda kv: str(kv[0])) if k]
    return "，".join(parts) or "无"


def status_lines(settings: Settings, now: dt.datetime | None = None) -> list[str]:
    data_dir = Path(settings.data_dir)
    now = now or dt.datetime.now(dt.timezone.utc)
    out = [f"数据目录：{data_dir}", f"本次收集：{settings.campaign.title}（截止 {settings.campaign.deadline:%Y-%m-%d}）"]
    with State.existing(data_dir) as state:
        last = state.meta.last_poll
        if last:
            out.append(f"上次检查邮箱：{local(last.at)}（读取 {last.read} 封，新邮件 {last.new} 封，"
                       f"失败 {last.failed} 封，回复 {last.replies} 封）")
            age = now - last.at
            if age > dt.timedelta(minutes=max(60, settings.poll_minutes * 3)):
                out.append(f"注意：已有 {int(age.total_seconds() // 60)} 分钟没有检查邮箱，请确认服务是否在运行。")
        else:
            out.append("上次检查邮箱：从未")
        refused = state.meta.login_refused
        if refused:
            out.append(f"注意：邮箱登录被拒绝（{local(refused.at)}）：{refused.text}为免邮箱被锁定，只在每 "
                       f"{settings.poll_minutes:g} 分钟的定时检查时再试一次；请用 check-config 核对密码（授权码）。")
        out.extend(_next_jobs(settings, last, now))
        out.append("邮件处理：" + _counts(state.count_by("status"), STATUS_TEXT, MessageStatus))
        out.append("邮件类型：" + _counts(state.count_by("kind"), KIND_TEXT, MessageKind))
        out.append("回复：" + _counts(state.reply_counts(), REPLY_TEXT, ReplyStatus))
        version = reader_version(settings.campaign.source_file)
        older = state.older_readings(version)
        if older:
            out.append(f"读取程序：有 {older} 封邮件是由较早的版本读取的（当前 {version_text(version)}；intake-bot reread "
                       "显示用当前版本重新读取会有什么不同，加 --apply 才保存）")
        if state.meta.reread_unfinished:
            out.append("注意：上次的重新读取（reread --apply）没有完成，再运行同一命令即可接着完成。")
        roster = state.roster_rows()
        if roster:
            season = entry_state.season(settings.campaign, roster, state.messages(),
                                        decisions_now(state, settings, store=False))
            counts = season.counts()
            out.append(f"名单 {len(roster)} 项（与材料跟踪表的“状态”一致）："
                       + "，".join(f"{s} {n} 项" for s, n in counts.items())
                       + f"；待人工核对 {len(season.waiting)} 项")
            unread = season.decisions.unrecognised
            if unread:
                out.append(f"材料跟踪表中工作人员填写的内容有 {len(unread)} 项未能识别（原值已保留，见旁边的结果列和每日简报）")
        note = state.meta.workbook_note
        if note:
            out.append(f"材料跟踪表（{local(note.at)}）：{note.text}")
        elif state.meta.workbook_due:
            out.append("材料跟踪表：有新内容尚未写入，下次检查邮箱时写入。")
        problems = [f"  {STATUS_TEXT[m.status]}：来信#{m.row}（{m.source}）：{m.error}" for m in state.failures()]
        problems += [f"  回复{REPLY_TEXT[reply.status]}：收件人 {reply.recipient}：{reply.error or ''}"
                     for reply in state.replies().values()
                     if reply.status in (ReplyStatus.FAILED, ReplyStatus.UNCERTAIN)]
        out.extend(problems[:MAX_PROBLEM_LINES])
        if len(problems) > MAX_PROBLEM_LINES:
            out.append(f"  另有 {len(problems) - MAX_PROBLEM_LINES} 条，见材料跟踪表的“待人工核对”和日志。")
    return out


MAX_PROBLEM_LINES = 20


def _next_jobs(settings: Settings, last: LastPoll | None, now: dt.datetime) -> list[str]:
    """What the service does next, in local time (as scheduled by `intake-bot run`)."""
    out = []
    if last:
        due = last.at + dt.timedelta(minutes=settings.poll_minutes)
        out.append(f"下次检查邮箱：约 {local(max(due, now))}（每 {settings.poll_minutes:g} 分钟一次）")
    remind = next_reminder(settings.campaign, now)
    out.append(f"下次提醒：{remind:%Y-%m-%d %H:%M}（截止前 {(settings.campaign.deadline - remind.date()).days} 天，"
               "发给材料未齐或需要更正的联系人）" if remind else "下次提醒：截止前的提醒已全部发完")
    out.append(f"每日简报：每天 {settings.digest_hour} 点")
    return out
