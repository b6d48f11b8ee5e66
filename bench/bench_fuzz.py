"""Fuzzing at volume, the long mode of tests/test_fuzz.py: N mutated mails (samples/mutations.py, a fixed
seed) through whole runs (folder source, `run --once` per batch, outbox, export), a fresh data directory
every CHUNK mails. Prints a progress line per batch (also appended to --log) and the result at the end:
aborted runs, mails without an outcome, statuses, kinds, the reasons recorded on mails not done.
With --minutes it stops after the batch that ends past that time, with every mail run so far checked.

    .venv/bin/python bench/bench_fuzz.py --mails 100000 [--minutes 25] [--seed 19] [--batch 500] [--chunk 2000] [--ocr]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import run_fuzz  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--chunk", type=int, default=2000)
    ap.add_argument("--slow-share", type=float, default=0.02)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ocr", action="store_true")
    ap.add_argument("--minutes", type=float, help="stop after the batch that ends past this many minutes")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--log", type=Path)
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="intake-fuzz-"))

    def progress(r):
        line = r.line()
        print(line, flush=True)
        if args.log:
            with args.log.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                for what in r.aborted[-1:] + r.without_outcome[-3:]:
                    fh.write(f"  {what!r}\n"[:3000])

    r = run_fuzz(out, args.seed, args.mails, batch=args.batch, chunk=args.chunk, slow_share=args.slow_share,
                 ocr=args.ocr, workers=args.workers, progress=progress,
                 seconds=args.minutes * 60 if args.minutes else None)
    print("RESULT", r.line())
    print("mutations", dict(r.mutations))
    for reason, count in r.errors.most_common(15):
        print(f"  {count:6d}  {reason}")
    for what in r.aborted[:5] + r.without_outcome[:20]:
        print("  ", repr(what)[:2000])
    return 0 if not r.aborted and not r.without_outcome else 1


if __name__ == "__main__":
    sys.exit(main())
