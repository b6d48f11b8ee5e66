"""Parser throughput per format (pages/s), OCR seconds per scanned page, and peak memory, on the
golden files (tests/golden). Each format in its own subprocess so peak RSS is per format.

    .venv/bin/python bench/bench_parsers.py
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

PROBE = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import parsers
from parsers.sniff import sniff
from intake_bot.reading.read import read_document
from intake_bot.mail.model import Document
from intake_bot.reading import signature
from intake_bot.campaign import load_campaign
from intake_bot.reading.examine import signer
SIGNER = signer(load_campaign().material("score_sheet"))
path, repeat, mode = sys.argv[2], int(sys.argv[3]), sys.argv[4]
data = open(path, "rb").read()
kind = sniff(data, path)
pages = 0
t = time.perf_counter()
for _ in range(repeat):
    if mode == "parse":
        c = parsers.parse(data, kind, path)
        pages += max(c.pages, 1)
    else:
        doc = Document(name=path, data=data, kind=kind)
        read_document(doc, roles=load_campaign().sheet_roles)                       # footer/title OCR
        signature.sheet_signed(doc.pages, SIGNER)       # signature band (cached OCR)
        pages += len(doc.pages)
        from parsers import ocr
        ocr._cache.clear()
elapsed = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"kind": kind, "pages": pages, "seconds": elapsed, "peak_mb": hwm / 1024}))
"""


def run(path: Path, repeat: int, mode: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, str(ROOT), str(path), str(repeat), mode],
                         capture_output=True, text=True, timeout=900)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    rows = []
    for name, repeat in (("annex1-merged.xlsx", 50), ("annex1-legacy.xls", 50), ("annex1-table.docx", 50),
                         ("annex1-text-layer.pdf", 20)):
        path = GOLDEN / name
        if path.exists():
            r = run(path, repeat, "parse")
            rows.append((name, r["kind"], f"{r['pages'] / r['seconds']:.1f} pages/s", f"{r['peak_mb']:.0f} MB"))
    for name in ("score-signed.pdf", "score-photo-signed.jpg"):
        r = run(GOLDEN / name, 3, "ocr")
        rows.append((name, r["kind"] + " + OCR", f"{r['seconds'] / r['pages']:.2f} s/page", f"{r['peak_mb']:.0f} MB"))
    print("| file | format | speed | peak RSS |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
