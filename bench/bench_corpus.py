"""Wall time and peak resident memory of one `run --once` over a folder of mails, with one worker and
with two (the documents of several mails read at once), and of one mail carrying a 50 MB attachment.
Every process of the run is sampled every 50 ms (the main process, the workers, LibreOffice).

    .venv/bin/python bench/bench_corpus.py --folder ../shared/corpus/eml --roster ../shared/corpus/roster.csv
    .venv/bin/python bench/bench_corpus.py --big       # the 50 MB attachment only
"""
from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from runner import run_bot  # noqa: E402


def one_run(folder: Path, roster: Path, workers: int, tmp: Path) -> tuple[float, dict]:
    data = tmp / f"data-{workers}-{time.monotonic_ns()}"
    cfg = tmp / f"w{workers}.toml"
    cfg.write_text(f'roster = "{roster.resolve()}"\ndata_dir = "{data}"\nworkers = {workers}\n'
                   f'[mailbox]\nkind = "folder"\npath = "{folder.resolve()}"\n', encoding="utf-8")
    t = time.perf_counter()
    out = run_bot(["run", "--once", "--config", str(cfg), "--now", "2025-02-25T09:00:00+08:00"], cwd=tmp)
    wall = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    return wall, out.peak_mb


def big_attachment(tmp: Path) -> Path:
    """One mail from a roster contact with a 50 MB scanned PDF (noise pages, as a bad scanner makes)."""
    from PIL import Image
    from samples.mails import Attachment, Mail, render
    from samples.world import ROSTER, roster_csv
    rnd = random.Random(7)
    pages = []
    while sum(len(p) for p in pages) < 50 * 1024 * 1024:
        image = Image.frombytes("L", (2480, 3508), rnd.randbytes(2480 * 3508))
        buf = io.BytesIO()
        image.save(buf, format="JPEG", quality=92)
        pages.append(buf.getvalue())
    pdf = io.BytesIO()
    first, *rest = [Image.open(io.BytesIO(p)) for p in pages]
    first.save(pdf, format="PDF", save_all=True, append_images=rest, resolution=300)
    folder = tmp / "big"
    folder.mkdir()
    s01 = ROSTER[0]
    (folder / "001-big.eml").write_bytes(render(Mail(s01[7], s01[5], "决赛成绩单扫描件（大文件）", "请查收。",
                                                     [Attachment("决赛成绩单扫描件.pdf", pdf.getvalue())],
                                                     message_id="<big@bench.example>")))
    (tmp / "roster.csv").write_bytes(roster_csv())
    print(f"big: attachment {len(pdf.getvalue()) / 1024 / 1024:.1f} MB, {len(pages)} pages")
    return folder


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", type=Path)
    ap.add_argument("--roster", type=Path)
    ap.add_argument("--big", action="store_true", help="only the 50 MB attachment")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="intake-corpus-"))
    try:
        if args.folder:
            results = {w: one_run(args.folder, args.roster, w, tmp) for w in (1, 2)}
            for w, (wall, peak) in results.items():
                print(f"corpus: {w} worker(s): {wall:.1f} s; peak MB {({k: round(v) for k, v in peak.items()})}")
            print(f"corpus: two workers / one worker = {results[2][0] / results[1][0]:.2f}")
        folder = big_attachment(tmp)
        wall, peak = one_run(folder, tmp / "roster.csv", 2, tmp)
        print(f"big: {wall:.1f} s; peak MB {({k: round(v) for k, v in peak.items()})}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
