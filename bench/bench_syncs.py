"""Disk syncs per mail on a first run: N text mails, each from its own roster contact (so each gets a
reply), folder source, replies to the outbox; fsync + fdatasync counted with `strace -f -c` over the
whole run (workers included). On a virtual disk a sync costs microseconds, on a server's disk
milliseconds: count them rather than time them.

    .venv/bin/python bench/bench_syncs.py --mails 100
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from samples.mails import Mail, render  # noqa: E402
from samples.world import roster_csv  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=100)
    args = ap.parse_args()
    if not shutil.which("strace"):
        raise SystemExit("strace is not installed (apt-get install strace)")
    tmp = Path(tempfile.mkdtemp(prefix="intake-syncs-"))
    try:
        roster = [(f"T{i:03d}", f"某行业职业技能竞赛{i}", f"某单位{i}", "电工", "自治区级二类", f"联系人{i}",
                   "0771-5800000", f"contact{i}@unit{i}.example") for i in range(args.mails)]
        src = tmp / "eml"
        src.mkdir()
        for i, e in enumerate(roster):
            (src / f"{i:04d}.eml").write_bytes(render(Mail(
                e[7], e[5], "竞赛材料补充说明", "您好！我单位未自行开展其它职业技能竞赛。", [],
                message_id=f"<sync-{i}@bench.example>")))
        (tmp / "roster.csv").write_bytes(roster_csv(roster))
        out = tmp / "strace.txt"
        subprocess.run(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", str(out),
                        str(ROOT / ".venv" / "bin" / "intake-bot"), "run", "--once", "--source", str(src),
                        "--roster", str(tmp / "roster.csv"), "--data-dir", str(tmp / "data")],
                       check=True, capture_output=True)
        calls = sum(int(m.group(1)) for m in re.finditer(r"^\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?f(?:data)?sync$",
                                                          out.read_text(), re.M))
        replies = len(list((tmp / "data" / "outbox").glob("*.eml")))
        print(f"syncs: {args.mails} mails, {replies} replies: {calls} fsync+fdatasync, {calls / args.mails:.2f} per mail")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
