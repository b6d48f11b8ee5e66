"""The whole pipeline on N mails (folder source, outbox replies): first poll, then an idle poll.
Mails are the sample world's text-layer ones (scans left out so OCR does not dominate), each with a
fresh Message-ID. Prints seconds per mail and the idle-poll time, which must stay flat as N grows.

    .venv/bin/python bench/bench_scale.py --mails 2000
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_bot.cli import main as cli  # noqa: E402
from samples.mails import Attachment, Mail, render  # noqa: E402
from samples import documents as d  # noqa: E402
from samples.world import FORMS, ROSTER, roster_csv  # noqa: E402


def mails(n: int):
    for i in range(n):
        rid, comp, host, *_rest, contact, _phone, email = ROSTER[i % len(ROSTER)]
        form = FORMS.get(rid) or FORMS["S01"]
        kinds = i % 3
        atts = [Attachment("基本情况表.xlsx", d.annex1_xlsx(form))] if kinds != 1 else []
        if kinds != 2:
            atts.append(Attachment("竞赛工作总结.docx", d.summary_docx(comp, host)))
        yield render(Mail(email, contact, f"2024年竞赛总结材料（第{i}封）", "请查收。", atts,
                          message_id=f"<scale-{i}@bench.example>"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=2000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="intake-scale-"))
    try:
        src = tmp / "eml"
        src.mkdir()
        for i, raw in enumerate(mails(args.mails)):
            (src / f"{i:06d}.eml").write_bytes(raw)
        (tmp / "roster.csv").write_bytes(roster_csv())
        argv = ["run", "--once", "--source", str(src), "--roster", str(tmp / "roster.csv"),
                "--data-dir", str(tmp / "data"), "--now", "2025-02-20T09:00:00+08:00"]
        t = time.perf_counter()
        cli(argv)
        first = time.perf_counter() - t
        t = time.perf_counter()
        cli(argv)
        idle = time.perf_counter() - t
        print(f"scale: {args.mails} mails: first poll {first:.1f} s ({first / args.mails * 1000:.1f} ms/mail), "
              f"idle poll {idle:.2f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
