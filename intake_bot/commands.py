"""The command handlers: each reads its settings, asks the application (app.Intake) for one job and
says the result in plain sentences (the commands and their options: cli.py)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import sources
from .settings.config import CHINA_TZ, Settings, load, names_campaign, replace
from .store.datadir import bind
from .base.errors import IntakeError
from .logs import file_logging


def _app(settings: Settings):
    """The application for these settings (imported on use: `status` and `--help` stay quick)."""
    from .app import Intake
    return Intake(settings)


def _parse_now(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise IntakeError(f"--now 应为 ISO 格式的日期时间，如 YYYY-MM-DDT09:00:00+08:00，现在是 {text!r}。") from None
    return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)


def settings_from(args) -> Settings:
    settings = load(getattr(args, "config", None), getattr(args, "campaign", None))
    changes = {}
    if getattr(args, "data_dir", None):
        changes["data_dir"] = Path(args.data_dir).resolve()
    if getattr(args, "roster", None):
        changes["roster"] = args.roster
    if getattr(args, "reply_mode", None):
        changes["reply_mode"] = args.reply_mode
    if getattr(args, "source", None):
        changes["mailbox"] = replace(settings.mailbox, kind=sources.path_kind(), path=args.source)
    settings = replace(settings, **changes) if changes else settings
    return bind(settings, names_campaign(getattr(args, "config", None), getattr(args, "campaign", None)))


def cmd_run(args) -> int:
    settings = settings_from(args)
    from .store.private import make_private
    make_private(Path(settings.data_dir), whole_tree=False)     # an old data directory left open to others
    file_logging(settings)
    now = _parse_now(args.now)
    if args.once:
        with _app(settings) as app:
            stats = app.poll(now)
        print(f"读取 {stats['read']} 封：新邮件 {stats['new']} 封，处理失败 {stats['failed']} 封，"
              f"写出回复 {stats['replies']} 封")
        print(f"材料跟踪表：{app.workbook_path}")
        if settings.reply_mode in ("outbox", "drafts"):
            print(f"回复邮件：{Path(settings.data_dir) / settings.reply_mode}/")
        return 0
    from .daemon import serve
    with _app(settings) as app:
        app.ready()                                # a daemon that cannot work says so now, not every poll
        serve(app)
    return 0


def cmd_export(args) -> int:
    doc = _app(settings_from(args)).export()
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if args.json == "-":
        print(text)
    else:
        from .store.files import write_atomic
        write_atomic(Path(args.json), text.encode("utf-8"))
    return 0


def cmd_status(args) -> int:
    for line in _app(settings_from(args)).status():
        print(line)
    return 0


def cmd_remind(args) -> int:
    settings = settings_from(args)
    result = _app(settings).remind(_parse_now(args.now))
    deadline = settings.campaign.deadline
    if result["day"] is None:
        days = "、".join(str(d) for d in settings.campaign.reminder_days)
        print(f"今天不是提醒日（截止 {deadline:%Y-%m-%d}，提醒日为截止前 {days} 天）：未发送提醒。")
    else:
        print(f"截止前 {result['day']} 天的提醒：发出 {result['sent']} 封，此前已提醒或无邮箱 {result['skipped']} 项，"
              f"材料已齐 {result['complete']} 项，发送失败 {result['failed']} 封。")
    return 0


def cmd_check_config(args) -> int:
    from .check import checks
    from .base.errors import ConfigError
    try:
        settings = settings_from(args)
    except ConfigError as exc:
        for line in getattr(exc, "problems", None) or [str(exc)]:
            print(f"✗ {line}")
        return 2
    results = checks(settings)
    for ok, text in results:
        print(f"{'✓' if ok else '✗'} {text}")
    bad = sum(1 for ok, _ in results if not ok)
    print("全部检查通过。" if not bad else f"有 {bad} 项需要处理。")
    return 0 if not bad else 2


def cmd_digest(args) -> int:
    path = _app(settings_from(args)).digest(_parse_now(args.now))
    print(path.read_text(encoding="utf-8"))
    print(f"（已保存到 {path}）")
    return 0


def cmd_preview(args) -> int:
    msg, standing = _app(settings_from(args)).preview(args.entry_id, _parse_now(args.now))
    print(f"状态：{standing.status}（{standing.reason}）")
    print(f"收件人：{msg['To']}\n主题：{msg['Subject']}\n")
    print(msg.get_content())
    return 0


def cmd_reread(args) -> int:
    from .progress import progress_of
    from .reread import Selection
    from .outputs.reread_words import report_lines
    settings = settings_from(args)
    file_logging(settings)                         # what a mail that could not be read again failed on
    selection = Selection(roster_id=args.entry, since=args.since, until=args.until)
    with _app(settings) as app:
        report = app.reread(selection, apply=args.apply, reply_to=tuple(args.reply or ()),
                            reply_mode=args.reply_mode, progress=progress_of("重新读取"), now=_parse_now(args.now))
    from .store.state import State
    with State.existing(Path(settings.data_dir)) as state:
        roster = state.roster_rows()
    for line in report_lines(report, settings.campaign, roster):
        print(line)
    return 0
