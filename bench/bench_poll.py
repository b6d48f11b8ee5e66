"""A poll that finds one new mail, with 300 and with 3,000 mails already stored (folder source,
outbox replies): does its cost grow with the season? Measured as the service polls (one process,
the worker pool kept, the workbook left to its refresh every workbook_minutes) and as `run --once`
(which also rewrites the whole workbook). Also the idle poll. The stored mails are text mails with a
summary attached (no OCR).

    .venv/bin/python bench/bench_poll.py --sizes 300 3000
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_bot.settings import config  # noqa: E402
from intake_bot.app import Intake  # noqa: E402
from intake_bot.cli import main as cli  # noqa: E402
from samples import documents as d  # noqa: E402
from samples.mails import Attachment, Mail, render  # noqa: E402
from samples.world import ROSTER, roster_csv  # noqa: E402


def roster(n: int) -> list:
    """A season's roster: 200 entries (the 2024 plan's size), each its own contact, whatever the mail count."""
    return [(f"B{k:04d}", f"某行业职业技能竞赛{k}", f"某单位{k}", "电工", "自治区级二类", f"联系人{k}", "0771-5800000",
             f"contact{k}@unit{k}.example") for k in range(200)]


def mail(i: int, entries: list) -> bytes:
    rid, comp, host, *_rest, contact, _phone, email = entries[(i // 3) % len(entries)]
    return render(Mail(email, contact, f"竞赛材料（第{i}封）", "请查收。我单位未自行开展其它职业技能竞赛。",
                       [Attachment("竞赛工作总结.docx", SUMMARY)], message_id=f"<poll-{i}@bench.example>"))


SUMMARY = d.summary_docx(ROSTER[0][1], ROSTER[0][2])


def measure(n: int, repeat: int) -> tuple[float, float, float]:
    tmp = Path(tempfile.mkdtemp(prefix="intake-poll-"))
    try:
        src = tmp / "eml"
        src.mkdir()
        entries = roster(n)
        for i in range(n):
            (src / f"{i:06d}.eml").write_bytes(mail(i, entries))
        (tmp / "roster.csv").write_bytes(roster_csv(entries))
        argv = ["run", "--once", "--source", str(src), "--roster", str(tmp / "roster.csv"),
                "--data-dir", str(tmp / "data"), "--now", "2025-02-20T09:00:00+08:00"]
        cli(argv)                                          # the season so far
        settings = config.replace(config.Settings(), data_dir=tmp / "data", roster=str(tmp / "roster.csv"),
                                  mailbox=config.Mailbox(kind="folder", path=str(src)))
        now = dt.datetime.fromisoformat("2025-02-20T09:00:00+08:00")
        app = Intake(settings)                             # as the service holds it: its pool kept warm
        (src / f"{n:06d}.eml").write_bytes(mail(n, entries))
        app.poll(now, workbook="every")     # the service's first poll: pool warm (workers start on a first document)
        daemon, once, idle = [], [], []
        n += 1
        for k in range(repeat):
            (src / f"{n + k:06d}.eml").write_bytes(mail(n + k, entries))
            t = time.perf_counter()
            app.poll(now, workbook="every")
            daemon.append(time.perf_counter() - t)
        for k in range(repeat):
            (src / f"{n + repeat + k:06d}.eml").write_bytes(mail(n + repeat + k, entries))
            t = time.perf_counter()
            cli(argv)
            once.append(time.perf_counter() - t)
        for _ in range(repeat):
            t = time.perf_counter()
            app.poll(now, workbook="every")
            idle.append(time.perf_counter() - t)
        app.close()
        return statistics.median(daemon), statistics.median(once), statistics.median(idle)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = {n: measure(n, args.repeat) for n in args.sizes}
    for n, (daemon, once, idle) in results.items():
        print(f"poll: {n} stored: one new mail {daemon:.2f} s as the service polls, {once:.2f} s as run --once "
              f"(with the workbook), idle {idle:.3f} s (medians of {args.repeat})")
    small, large = min(results), max(results)
    s, g = results[small], results[large]
    print(f"poll: ratio {large}/{small}: service poll {g[0] / s[0]:.2f}x, run --once {g[1] / s[1]:.2f}x, "
          f"idle {g[2] / s[2]:.2f}x")


if __name__ == "__main__":
    main()
