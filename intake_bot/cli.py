"""The command line: thin commands over the same functions the scheduler calls.

    intake-bot run --once --source DIR --roster ROSTER --data-dir WORK --reply-mode outbox --now ISO
    intake-bot run                      (the daemon: polls on a schedule)
    intake-bot export --data-dir WORK --json OUT.json
    intake-bot status --data-dir WORK
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .config import CHINA_TZ, Settings, load, replace
from .errors import IntakeError

log = logging.getLogger("intake_bot")


def _parse_now(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise IntakeError(f"--now must be an ISO date-time such as 2025-02-25T09:00:00+08:00, not {text!r}.") from None
    return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)


def settings_from(args) -> Settings:
    settings = load(args.config)
    if getattr(args, "data_dir", None):
        settings = replace(settings, data_dir=Path(args.data_dir))
    if getattr(args, "roster", None):
        settings = replace(settings, roster=args.roster)
    if getattr(args, "reply_mode", None):
        settings = replace(settings, reply_mode=args.reply_mode)
    if getattr(args, "source", None):
        settings = replace(settings, mailbox=replace(settings.mailbox, kind="folder", path=args.source))
    return settings


def open_source(settings: Settings, state=None):
    from .sources import FolderSource
    box = settings.mailbox
    if box.kind == "imap":
        from .imap import ImapSource
        return ImapSource(box, state)
    if not box.path:
        raise IntakeError("No mail source: give --source DIR or set mailbox.path (or mailbox.kind = 'imap').")
    return FolderSource(box.path)


def poll(settings: Settings, now: dt.datetime | None = None) -> dict:
    """One poll: the function both `run --once` and the daemon's schedule call."""
    from .intake import run_once
    from .roster import load_roster
    from .state import State
    if not settings.roster:
        raise IntakeError("No roster: give --roster FILE or set roster in the config file.")
    roster_entries = load_roster(settings.roster)
    if settings.mailbox.kind == "imap":
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
        with State.in_dir(Path(settings.data_dir)) as cursor_state:
            return run_once(settings, open_source(settings, cursor_state), roster_entries, now=now)
    return run_once(settings, open_source(settings), roster_entries, now=now)


def cmd_run(args) -> int:
    settings = settings_from(args)
    now = _parse_now(args.now)
    if args.once:
        stats = poll(settings, now)
        print(f"read {stats['read']} item(s): {stats['new']} new, {stats['failed']} failed, "
              f"{stats['replies']} repl{'y' if stats['replies'] == 1 else 'ies'} written")
        print(f"tracking workbook: {Path(settings.data_dir) / '材料跟踪表.xlsx'}")
        if settings.reply_mode in ("outbox", "drafts"):
            print(f"replies: {Path(settings.data_dir) / settings.reply_mode}/")
        return 0
    from .daemon import serve
    from .roster import load_roster
    if not settings.roster:
        raise IntakeError("No roster: give --roster FILE or set roster in the config file.")
    load_roster(settings.roster)                   # a daemon that cannot work says so now, not every poll
    if settings.mailbox.kind == "folder":
        open_source(settings)
    serve(settings)
    return 0


def cmd_export(args) -> int:
    from .export import build_export
    from .state import State
    with State.existing(Path(args.data_dir)) as state:
        doc = build_export(state.roster_rows(), state.records(), state.replies())
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    if args.json == "-":
        print(text)
    else:
        from .files import write_atomic
        write_atomic(Path(args.json), text.encode("utf-8"))
    return 0


def cmd_status(args) -> int:
    from .state import State
    data_dir = Path(args.data_dir)
    with State.existing(data_dir) as state:
        counts = {r[0]: r[1] for r in state.db.execute("SELECT status, COUNT(*) FROM messages GROUP BY status")}
        kinds = {r[0]: r[1] for r in state.db.execute("SELECT kind, COUNT(*) FROM messages GROUP BY kind")}
        replies = {r[0]: r[1] for r in state.db.execute("SELECT status, COUNT(*) FROM replies GROUP BY status")}
        last = state.meta("last_poll")
        print(f"data directory: {data_dir}")
        print(f"last poll: {last['at'] if last else 'never'}" + (f" ({last})" if last else ""))
        if last:
            age = dt.datetime.now(dt.timezone.utc) - dt.datetime.fromisoformat(last["at"])
            if age > dt.timedelta(minutes=60):
                print(f"WARNING: no poll for {age} — is the daemon running?")
        print("messages:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none")
        print("kinds:", ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=str)) or "none")
        print("replies:", ", ".join(f"{k} {v}" for k, v in sorted(replies.items())) or "none")
        for row in state.db.execute("SELECT source, status, error FROM messages WHERE status IN ('failed','quarantined')"):
            print(f"  {row['status']}: {row['source']}: {row['error']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="intake-bot", description="E-mail intake of the 2024 competition summaries.")
    p.add_argument("--version", action="version", version=f"intake-bot {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="poll the mailbox (once, or on a schedule)")
    r.add_argument("--config", help="TOML settings file (defaults: the 2024 campaign, folder source)")
    r.add_argument("--once", action="store_true", help="poll once and exit (default: run as a daemon)")
    r.add_argument("--source", help="a folder of .eml files or a Maildir (instead of IMAP)")
    r.add_argument("--roster", help="the roster (.csv or .xlsx)")
    r.add_argument("--data-dir", help="state, archive, outbox and the tracking workbook")
    r.add_argument("--reply-mode", choices=("outbox", "smtp", "drafts", "off"))
    r.add_argument("--now", help="the clock this run believes (ISO date-time)")
    r.set_defaults(func=cmd_run)

    e = sub.add_parser("export", help="write the evaluation export (JSON)")
    e.add_argument("--data-dir", required=True)
    e.add_argument("--json", required=True, help="output file, or - for standard output")
    e.set_defaults(func=cmd_export)

    s = sub.add_parser("status", help="what the bot has done and whether it is alive")
    s.add_argument("--data-dir", required=True)
    s.set_defaults(func=cmd_status)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return args.func(args)
    except IntakeError as exc:
        answer = getattr(exc, "server_answer", None)
        print(f"intake-bot: {exc}" + (f" (server said: {answer})" if answer else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
