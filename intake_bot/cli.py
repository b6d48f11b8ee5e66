"""The command line: thin commands over the same functions the scheduler calls.

    intake-bot run --once --source DIR --roster ROSTER --data-dir WORK --reply-mode outbox --now ISO
    intake-bot run                      (the daemon: polls on a schedule)
    intake-bot export --data-dir WORK --json OUT.json
    intake-bot status --data-dir WORK
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys

from . import __version__
from . import signals
from .argwords import ChineseParser
from .commands import (
    cmd_check_config,
    cmd_digest,
    cmd_export,
    cmd_preview,
    cmd_remind,
    cmd_reread,
    cmd_run,
    cmd_status,
)
from .base.errors import IntakeError
from .logs import LocalTime, install


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为日期（年-月-日，如 2月20日写作 YYYY-02-20），现在是 {text!r}") from None


# Every option, declared once; each command lists the ones it takes.
OPTIONS = {
    "config": (("--config",), {"metavar": "配置文件", "help": "TOML 格式的设置文件（不给：默认的收集、从文件夹读邮件）"}),
    "campaign": (("--campaign",), {"metavar": "收集文件", "help": "本次收集的 campaign.toml（config/campaigns/*/）；不给："
                                                         "数据目录记住的，否则配置文件中的，否则默认的收集"}),
    "once": (("--once",), {"action": "store_true", "help": "检查一次邮箱后退出（不给：作为服务持续运行）"}),
    "source": (("--source",), {"metavar": "文件夹", "help": "从装有 .eml 文件的文件夹或 Maildir 读邮件（代替 IMAP）"}),
    "roster": (("--roster",), {"metavar": "名单", "help": "竞赛名单（.csv 或 .xlsx）"}),
    "data_dir": (("--data-dir",), {"metavar": "数据目录", "help": "处理记录、原始邮件、回复和材料跟踪表所在的目录"
                                                           "（不给：配置文件中的）"}),
    "data_dir!": (("--data-dir",), {"metavar": "数据目录", "required": True, "help": "数据目录"}),
    "reply_mode": (("--reply-mode",), {"choices": ("outbox", "smtp", "drafts", "off"),
                                       "help": "回复方式：outbox 写成文件，smtp 直接发出，drafts 放进邮箱草稿箱，off 不回复"}),
    "now": (("--now",), {"metavar": "时间", "help": "本次运行当作“现在”的时间（ISO 格式，如 2026-02-20T09:00:00+08:00）"}),
    "json": (("--json",), {"metavar": "文件", "required": True, "help": "输出文件；写 - 则输出到屏幕"}),
    "entry_id": (("entry_id",), {"metavar": "编号", "help": "名单中的编号，如 R12"}),
    "entry": (("--entry",), {"metavar": "编号", "help": "只重新读取这个竞赛（名单中的编号）的邮件，以及尚未对应到任何竞赛的来信"}),
    "since": (("--since",), {"metavar": "日期", "type": _day, "help": "只重新读取这一天（含）以后收到的邮件（年-月-日）"}),
    "until": (("--until",), {"metavar": "日期", "type": _day, "help": "只重新读取这一天（含）以前收到的邮件"}),
    "apply": (("--apply",), {"action": "store_true", "help": "保存新的读取结果（不给：只显示会有什么变化）"}),
    "reply": (("--reply",), {"metavar": "编号", "action": "append",
                             "help": "保存后把重新核对的结果发给这个竞赛在名单中的联系人（同一版本只发一次；可给多个编号）"}),
}
COMMANDS = (
    ("run", cmd_run, "检查邮箱、处理来信、回复（一次，或作为服务定时运行）",
     ("config", "campaign", "once", "source", "roster", "data_dir", "reply_mode", "now")),
    ("export", cmd_export, "导出处理结果（JSON，供核对）", ("data_dir!", "json", "config", "campaign")),
    ("remind", cmd_remind, "发送今天的截止前提醒（服务会按时自动发送）",
     ("config", "campaign", "roster", "data_dir", "reply_mode", "now")),
    ("check-config", cmd_check_config, "逐项检查设置、密码、名单、邮箱和发信服务器，每项一行",
     ("config", "campaign", "roster", "data_dir")),
    ("digest", cmd_digest, "生成每日简报（设置了 staff_address 时也发给工作人员）",
     ("config", "campaign", "data_dir", "reply_mode", "now")),
    ("preview", cmd_preview, "显示某个竞赛现在会收到的提醒邮件", ("entry_id", "config", "campaign", "data_dir", "now")),
    ("status", cmd_status, "机器人做了什么、是否在正常运行", ("data_dir", "config", "campaign")),
    ("reread", cmd_reread, "用当前版本重新读取已收到的邮件，显示结果的变化（加 --apply 才保存）",
     ("data_dir", "config", "campaign", "roster", "entry", "since", "until", "apply", "reply", "reply_mode", "now")),
)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseParser(prog="intake-bot", description="竞赛材料邮件接收机器人（intake-bot）")
    p.add_argument("--version", action="version", version=f"intake-bot {__version__}", help="显示版本号后退出")
    p.add_argument("-v", "--verbose", action="store_true", help="在屏幕上显示每一步的日志")
    sub = p.add_subparsers(dest="command", required=True, title="命令", metavar="命令",
                           help="每个命令的选项：intake-bot 命令 -h")
    for name, func, help_text, options in COMMANDS:
        command = sub.add_parser(name, help=help_text, description=help_text)
        for option in options:
            flags, kwargs = OPTIONS[option]
            command.add_argument(*flags, **kwargs)
        command.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "run" in args:                   # the service and run --once: from the first line a stop during
        signals.install()               # start-up is a graceful stop too; other commands stop at once
    umask = os.umask(0o077)             # the data directory holds personal data: private to the service's user
    try:
        code = _main(argv)
        sys.stdout.flush()              # a closed pipe is found here, not at exit with a traceback
        return code
    except BrokenPipeError:             # `status | head`: the reader has gone, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        os.umask(umask)


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    console = logging.StreamHandler()
    console.setFormatter(LocalTime("%(asctime)s %(levelname)s %(message)s"))
    console.setLevel(logging.INFO if args.verbose else logging.WARNING)
    install(logging.getLogger(), console)
    logging.getLogger().setLevel(logging.INFO if args.verbose else logging.WARNING)
    for noisy in ("pdfminer", "mailparser", "apscheduler"):     # their own English notes are not for staff
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        return args.func(args)
    except IntakeError as exc:
        answer = getattr(exc, "server_answer", None)
        print(f"intake-bot: {exc}" + (f"（服务器答复：{answer}）" if answer else ""), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
