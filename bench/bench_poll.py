"""A poll that finds one new mail, with 300 and with 3,000 mails already stored (folder source,
outbox replies): does its cost grow with the season? Also the idle poll. Prints one line per size
and the ratio; the stored mails are text mails with a summary attached (no OCR).

    .venv/bin/python bench/bench_poll.py --sizes 300 3000
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_bot.cli import main as cli  # noqa: E402
from samples import documents as d  # noqa: E402
from samples.mails import Attachment, Mail, render  # noqa: E402
from samples.world import ROSTER, roster_csv  # noqa: E402


def mail(i: int) -> bytes:
    rid, comp, host, *_rest, contact, _phone, email = ROSTER[i % len(ROSTER)]
    return render(Mail(email, contact, f"竞赛材料（第{i}封）", "请查收。我单位未自行开展其它职业技能竞赛。",
                       [Attachment("竞赛工作总结.docx", SUMMARY)], message_id=f"<poll-{i}@bench.example>"))


SUMMARY = d.summary_docx(ROSTER[0][1], ROSTER[0][2])


def measure(n: int, repeat: int) -> tuple[float, float]:
    tmp = Path(tempfile.mkdtemp(prefix="intake-poll-"))
    try:
        src = tmp / "eml"
        src.mkdir()
        for i in range(n):
            (src / f"{i:06d}.eml").write_bytes(mail(i))
        (tmp / "roster.csv").write_bytes(roster_csv())
        argv = ["run", "--once", "--source", str(src), "--roster", str(tmp / "roster.csv"),
                "--data-dir", str(tmp / "data"), "--now", "2025-02-20T09:00:00+08:00"]
        cli(argv)                                          # the season so far
        one = []
        for k in range(repeat):
            (src / f"{n + k:06d}.eml").write_bytes(mail(n + k))
            t = time.perf_counter()
            cli(argv)
            one.append(time.perf_counter() - t)
        idle = []
        for _ in range(repeat):
            t = time.perf_counter()
            cli(argv)
            idle.append(time.perf_counter() - t)
        return statistics.median(one), statistics.median(idle)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[300, 3000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = {n: measure(n, args.repeat) for n in args.sizes}
    for n, (one, idle) in results.items():
        print(f"poll: {n} stored: one new mail {one:.2f} s, idle {idle:.3f} s (median of {args.repeat})")
    small, large = min(results), max(results)
    print(f"poll: one-new-mail ratio {large}/{small}: {results[large][0] / results[small][0]:.2f}x; "
          f"idle ratio {results[large][1] / results[small][1]:.2f}x")


if __name__ == "__main__":
    main()
