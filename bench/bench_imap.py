"""The service against a real Dovecot (started here, as the tests do): a season of N text mails from
roster contacts, each with a summary attached and each answered (outbox).

- plain fetch: imapclient alone, SEARCH ALL and FETCH BODY.PEEK[] in batches of 50, each mail written
  to a file (no sync), and again with an fsync per file: what the bot's first poll is compared with;
- first poll: `Intake.poll` as the service runs it (the worker pool started, the workbook left to its
  refresh job): mails per second;
- empty poll: the next poll, which finds nothing (medians of 3);
- one new mail: a poll after one mail is appended (medians of 3).

    .venv/bin/python bench/bench_imap.py --sizes 1000 10000
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_poll import mail, roster  # noqa: E402
from samples.world import roster_csv  # noqa: E402

from intake_bot.settings import config  # noqa: E402
from intake_bot.app import Intake  # noqa: E402


def plain_fetch(server, folder: str, out: Path, sync: bool) -> float:
    """Seconds for imapclient alone to fetch every mail of the folder to files."""
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    client = server.client()
    client.select_folder(folder, readonly=True)
    uids = client.search(["ALL"])
    for start in range(0, len(uids), 50):
        batch = uids[start:start + 50]
        for uid, data in client.fetch(batch, ["BODY.PEEK[]"]).items():
            with open(out / f"{uid}.eml", "wb") as fh:
                fh.write(data[b"BODY[]"])
                if sync:
                    fh.flush()
                    os.fsync(fh.fileno())
    client.logout()
    return time.perf_counter() - t


def measure(n: int, repeat: int) -> dict:
    from servers import PASSWORD, Dovecot
    os.environ["INTAKE_BENCH_IMAP_PASSWORD"] = PASSWORD
    tmp = Path(tempfile.mkdtemp(prefix="intake-imap-"))
    server = Dovecot().start()
    app = None
    try:
        entries = roster(n)
        (tmp / "roster.csv").write_bytes(roster_csv(entries))
        folder = "Season"
        c = server.client()
        c.create_folder(folder)
        for i in range(n):
            c.append(folder, mail(i, entries))
        c.logout()
        result = {"plain": plain_fetch(server, folder, tmp / "plain", False),
                  "plain_fsync": plain_fetch(server, folder, tmp / "plain-fsync", True)}
        box = config.Mailbox(kind="imap", host="127.0.0.1", port=server.port, security="plain", user="intake",
                             password_env="INTAKE_BENCH_IMAP_PASSWORD", folders=(folder,))
        settings = config.Settings(mailbox=box, data_dir=tmp / "data", roster=str(tmp / "roster.csv"))
        now = dt.datetime.fromisoformat("2025-02-20T09:00:00+08:00")
        app = Intake(settings)
        t = time.perf_counter()
        stats = app.poll(now, workbook="every")
        result["first"] = time.perf_counter() - t
        assert stats["new"] == n, stats
        empty = []
        for _ in range(repeat):
            t = time.perf_counter()
            app.poll(now, workbook="every")
            empty.append(time.perf_counter() - t)
        one = []
        for k in range(repeat):
            server.append([mail(n + k, entries)], folder)
            t = time.perf_counter()
            stats = app.poll(now, workbook="every")
            one.append(time.perf_counter() - t)
            assert stats["new"] == 1, stats
        result["empty"], result["one"] = statistics.median(empty), statistics.median(one)
        return result
    finally:
        if app is not None:
            app.close()
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = {}
    for n in args.sizes:
        r = results[n] = measure(n, args.repeat)
        print(f"imap: {n} mails: plain fetch {n / r['plain']:.0f}/s, with an fsync per file {n / r['plain_fsync']:.0f}/s; "
              f"first poll {n / r['first']:.1f} mails/s ({r['first']:.1f} s); empty poll {r['empty']:.3f} s; "
              f"one new mail {r['one']:.3f} s (medians of {args.repeat})", flush=True)
    small, large = min(results), max(results)
    if small != large:
        s, g = results[small], results[large]
        print(f"imap: ratio {large}/{small}: empty poll {g['empty'] / s['empty']:.2f}x, "
              f"one new mail {g['one'] / s['one']:.2f}x")


if __name__ == "__main__":
    main()
