"""`intake-bot check-config`: everything the service needs, tried before it is left alone — the
settings, the campaign and its templates, the roster, the data directory, the secrets, the mailbox
(login, ID, SELECT of each folder) and the SMTP server (login, nothing sent). One plain line each."""
from __future__ import annotations

import os
import smtplib
import tempfile
from pathlib import Path

from . import sources
from .settings.config import ReplyMode, Settings
from .base.errors import IntakeError


def checks(settings: Settings) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    c = settings.campaign
    out.append((True, f"竞赛材料收集：{c.title}，截止 {c.deadline:%Y-%m-%d}，{len(c.materials)} 项材料（{c.source_file}）"))
    try:
        from .outputs import replies
        for name in ("reply_submission", "reply_misrouted", "reminder", "reread_note"):
            if c.template_path(name).exists():
                replies._environment(c.templates).get_template(f"{name}.txt")
        out.append((True, f"回复模板可用（{c.templates}）"))
    except Exception as exc:
        out.append((False, f"回复模板有错：{exc}"))
    try:
        from .campaign.roster import load_roster
        if not settings.roster:
            raise IntakeError("没有设置名单（roster）")
        entries = load_roster(settings.roster)
        no_mail = [e.id for e in entries if not e.email]
        out.append((True, f"名单：{len(entries)} 项竞赛" + (f"（{len(no_mail)} 项没有联系邮箱，无法提醒：{'、'.join(no_mail[:5])}）"
                                                       if no_mail else "")))
    except IntakeError as exc:
        out.append((False, f"名单：{exc}"))
    out.append(_data_dir(Path(settings.data_dir)))
    if Path(settings.data_dir).is_dir():
        from .store.private import check_line
        out.append(check_line(Path(settings.data_dir)))        # personal data: private to the service's user
    out.extend(sources.check(settings))          # the mail source, as its kind checks it
    if settings.reply_mode == ReplyMode.SMTP or settings.staff_address:
        out.append(_smtp(settings))
    else:
        out.append((True, f"回复方式：{ {'outbox': '写入发件箱文件夹（不发送）', 'drafts': '存入邮箱草稿箱', 'off': '不回复'}.get(settings.reply_mode.value, settings.reply_mode.value)}"))
    return out


def _data_dir(path: Path) -> tuple[bool, str]:
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".check-"):
            pass
        free = os.statvfs(path)
        mb = free.f_bavail * free.f_frsize // (1024 * 1024)
        if mb < 500:
            return False, f"数据目录 {path} 可写，但只剩 {mb} MB 空间（建议至少 500 MB）"
        return True, f"数据目录 {path} 可写（剩余 {mb} MB）"
    except OSError as exc:
        return False, f"数据目录 {path} 无法写入：{exc.strerror or exc}"


def _smtp(settings: Settings) -> tuple[bool, str]:
    s = settings.smtp
    if not s.host:
        return False, "SMTP：没有设置 smtp.host"
    try:
        password = s.password("SMTP") if s.user else None
    except IntakeError as exc:
        return False, f"SMTP 密码：{exc}"
    from .outputs.replies import smtp_connection
    try:
        with smtp_connection(s) as conn:
            if s.user:
                conn.login(s.user, password)
        return True, f"SMTP {s.host}：连接{'并登录' if s.user else ''}成功（未发送任何邮件）"
    except smtplib.SMTPAuthenticationError:
        return False, f"SMTP {s.host}：用户名或密码（授权码）不正确"
    except (OSError, smtplib.SMTPException) as exc:
        return False, f"SMTP {s.host}:{s.port or ''}：无法连接或登录：{exc}"
