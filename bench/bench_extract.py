"""Extraction throughput: MIME parse + name decoding + archive expansion + type sniffing, no
document reading. Mails are the sample world's, repeated. Prints mails/s and MB/s.

    .venv/bin/python bench/bench_extract.py [--mails 2000]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from intake_bot.settings.config import Limits  # noqa: E402
from intake_bot.mail.extract import expand  # noqa: E402
from intake_bot.mail.mime import fill_mail, parse_message  # noqa: E402
from intake_bot.mail.model import Mail  # noqa: E402
from samples.world import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=2000)
    args = ap.parse_args()
    corpus = [raw for _name, raw in build()]
    limits = Limits()
    total_bytes = docs = 0
    started = time.perf_counter()
    for i in range(args.mails):
        raw = corpus[i % len(corpus)]
        mail = Mail(source=str(i), raw=raw)
        fill_mail(mail, parse_message(raw))
        docs += len(expand(mail.documents, limits, mail.notes))
        total_bytes += len(raw)
    elapsed = time.perf_counter() - started
    print(f"extraction: {args.mails} mails, {total_bytes / 1e6:.1f} MB, {docs} documents in {elapsed:.2f} s: "
          f"{args.mails / elapsed:.0f} mails/s, {total_bytes / 1e6 / elapsed:.1f} MB/s")


if __name__ == "__main__":
    main()
