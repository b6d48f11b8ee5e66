"""Legacy Office files (.doc/.xls/.wps and their kin) converted by LibreOffice cold (a `soffice
--convert-to` per file, as before) and warm (one LibreOffice per worker kept listening on a private
pipe, parsers/warm_office.py), side by side on the same files, in turns:

- converter: parsers.legacy's conversion alone, each file `--rounds` times per mode, the converted text
  compared between the modes;
- worker: the documents examined by a WorkerPool of one worker (no OCR), INTAKE_BOT_WARM_OFFICE=0
  against the default, the class and material compared.

The files are the MIME parts and zip members of the corpus's mails whose bytes are a legacy format.

    .venv/bin/python bench/bench_office.py [--corpus ../shared/corpus] [--rounds 3]
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import parsers  # noqa: E402
from intake_bot.mail import mime  # noqa: E402
from intake_bot.mail.model import Document, Mail  # noqa: E402
from parsers import legacy, warm_office  # noqa: E402
from parsers.sniff import sniff  # noqa: E402

LEGACY = ("doc", "wps", "xls", "et", "biff", "word2", "ole", "rtf")


def legacy_files(corpus: Path) -> list[tuple[str, bytes, str]]:
    out = []
    for p in sorted((corpus / "eml").iterdir()):
        mail = Mail(source=p.name, raw=p.read_bytes())
        mime.fill_mail(mail, mime.parse_message(mail.raw))
        blobs = [(d.name, d.data) for d in mail.documents]
        for name, data in list(blobs):
            if data[:2] == b"PK":
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as z:
                        blobs += [(f"{name}/{i.filename}", z.read(i)) for i in z.infolist() if not i.is_dir()]
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError):
                    pass
        for name, data in blobs:
            kind = sniff(data, name)
            if kind in LEGACY:
                out.append((f"{p.name}: {name}", data, kind))
    return out


def text_of(converted: bytes, target: str) -> str:
    c = parsers.parse(converted, target, "x")
    return c.text + "".join(str(t.rows) for t in c.tables)


def converter(files, rounds: int) -> None:
    parsers._load()
    exe = legacy.soffice()
    warm_office.enable(True)
    timings = {"cold": [], "warm": []}
    same = 0
    fell_back = 0
    for r in range(rounds):
        for name, data, kind in files:
            target, ext = legacy._TARGET.get(kind, ("xlsx", "xls") if kind == "xls" else ("docx", kind))
            t = time.monotonic()
            cold = legacy._convert_cold(exe, data, ext, target)
            timings["cold"].append(time.monotonic() - t)
            t = time.monotonic()
            office = warm_office.office(exe)
            warm = legacy._convert_warm(office, data, ext, target) if office else None
            if warm is None:
                fell_back += 1
                warm = legacy._convert_cold(exe, data, ext, target)
            timings["warm"].append(time.monotonic() - t)
            if r == 0:
                same += text_of(cold, target) == text_of(warm, target)
    warm_office.discard()
    cold_total, warm_total = sum(timings["cold"]), sum(timings["warm"])
    print(f"converter: {len(files)} files x {rounds} rounds; cold {cold_total:.1f} s (median {statistics.median(timings['cold']):.2f} s/file), "
          f"warm {warm_total:.1f} s (median {statistics.median(timings['warm']):.2f} s/file, the first start included); "
          f"cold / warm = {cold_total / warm_total:.2f}x; same text {same}/{len(files)}; warm fell back to cold {fell_back}x")


def worker(files, rounds: int) -> None:
    from intake_bot.campaign import DEFAULT_CAMPAIGN_FILE
    from intake_bot.reading.workers import WorkerPool
    results = {}
    for mode in ("0", "1"):
        os.environ["INTAKE_BOT_WARM_OFFICE"] = mode
        pool = WorkerPool(size=1, campaign_file=str(DEFAULT_CAMPAIGN_FILE), use_ocr=False)
        try:
            pool.examine_all([Document(name="warmup.txt", data="预热".encode(), kind="text")])   # the worker's own start
            t = time.monotonic()
            docs = []
            for _ in range(rounds):
                batch = [Document(name=n.rsplit("/", 1)[-1].split(": ")[-1], data=d, kind=k) for n, d, k in files]
                pool.examine_all(batch)
                docs += batch
            results[mode] = (time.monotonic() - t, [(d.cls, d.material) for d in docs])
        finally:
            pool.close()
    cold, warm = results["0"], results["1"]
    print(f"worker: {len(files)} files x {rounds} rounds, one worker; cold {cold[0]:.1f} s, warm {warm[0]:.1f} s; "
          f"cold / warm = {cold[0] / warm[0]:.2f}x; same class and material: {cold[1] == warm[1]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared" / "corpus")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    files = legacy_files(args.corpus)
    for name, data, kind in files:
        print(f"  {kind:5s} {len(data):7d} B  {name}")
    converter(files, args.rounds)
    worker(files, args.rounds)


if __name__ == "__main__":
    main()
