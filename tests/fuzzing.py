"""Mutated mail through whole runs: batches of samples.mutations written into a folder source, each batch
read by `run --once` (outbox replies), then `export`; every file must come back as a message with a
status (done, or failed/quarantined with its reason) and no run may abort. Used by tests/test_fuzz.py
(2,000 mails) and bench/bench_fuzz.py (the long mode)."""
from __future__ import annotations

import contextlib
import io
import json
import shutil
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from intake_bot.cli import main
from samples import mutations, world

NOW = "2025-02-20T09:00:00+08:00"
OUTCOMES = ("done", "failed", "quarantined")


@dataclass
class FuzzResult:
    mails: int = 0
    runs: int = 0
    aborted: list = field(default_factory=list)         # (run, rc or traceback)
    without_outcome: list = field(default_factory=list)  # (file, base, kinds, what)
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)      # message kinds (submission, other, ...)
    mutations: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)     # the reasons recorded on mails not done
    seconds: float = 0.0

    def line(self) -> str:
        return (f"{self.mails} mails in {self.runs} runs, {self.seconds:.0f} s ({self.mails / max(self.seconds, 1e-9):.1f}"
                f" mails/s): {len(self.aborted)} aborted runs, {len(self.without_outcome)} mails without an outcome; "
                f"statuses {dict(self.statuses)}; kinds {dict(self.kinds)}")


def _config(folder: Path, ocr: bool, workers: int) -> Path:
    cfg = folder / "fuzz.toml"
    cfg.write_text(f"workers = {workers}\nmax_attempts = 1\n[limits]\nocr = {'true' if ocr else 'false'}\n",
                   encoding="utf-8")
    return cfg


def _run(argv: list[str]) -> tuple[int | None, str]:
    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            rc = main(argv)
        return rc, log.getvalue()[-2000:]
    except BaseException:                                # an abort, whatever it is, is what we count
        return None, traceback.format_exc()[-4000:]


def run_fuzz(out: Path, seed: int, n: int, batch: int = 500, chunk: int = 2000, slow_share: float = 0.02,
             ocr: bool = False, workers: int = 2, keep: bool = False, progress=None,
             seconds: float | None = None) -> FuzzResult:
    """n mutated mails in batches of `batch` (one `run --once` each) into a data directory that is
    exported, checked and started afresh every `chunk` mails (a season's size; keeps disk bounded).
    With `seconds`, it stops after the first batch that ends past that time (the chunk in progress is
    checked like a full one); `result.mails` says how many were run."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "roster.csv").write_bytes(world.roster_csv())
    cfg = _config(out, ocr, workers)
    result = FuzzResult()
    started = time.monotonic()
    pending: dict[str, tuple[str, list[str]]] = {}
    chunk_no = 0
    src = data = None

    def finish_chunk():
        nonlocal src, data
        if src is None:
            return
        rc, log = _run(["export", "--data-dir", str(data), "--json", str(out / "export.json")])
        if rc != 0:
            result.aborted.append((f"export {chunk_no}", rc if rc is not None else log))
            doc = {"messages": []}
        else:
            doc = json.loads((out / "export.json").read_text(encoding="utf-8"))
        by_source = {m["source"]: m for m in doc["messages"]}
        for name, (base, kinds) in pending.items():
            m = by_source.get(name)
            if m is None:
                result.without_outcome.append((name, base, kinds, "no message"))
                continue
            result.statuses[m["status"]] += 1
            result.kinds[m["kind"]] += 1
            if m["status"] != "done":
                result.errors[(m.get("error") or "")[:90]] += 1
            if m["status"] not in OUTCOMES or (m["status"] != "done" and not m.get("error")):
                result.without_outcome.append((name, base, kinds, f"{m['status']} {m.get('error')!r}"))
        pending.clear()
        if not keep:
            shutil.rmtree(src.parent)
        src = data = None

    mails = mutations.mutated(seed, n, slow_share=slow_share)
    done = 0
    while done < n:
        if src is None:
            chunk_no += 1
            src = out / f"chunk-{chunk_no:03d}" / "eml"
            data = src.parent / "data"
            src.mkdir(parents=True)
        take = min(batch, n - done, chunk - (done % chunk))
        for _ in range(take):
            name, raw, kinds, base = next(mails)
            (src / name).write_bytes(raw)
            pending[name] = (base, kinds)
            result.mutations.update(kinds)
        rc, log = _run(["run", "--once", "--config", str(cfg), "--source", str(src), "--roster",
                        str(out / "roster.csv"), "--data-dir", str(data), "--reply-mode", "outbox", "--now", NOW])
        result.runs += 1
        if rc != 0:
            result.aborted.append((result.runs, rc if rc is not None else log))
        done += take
        result.mails = done
        out_of_time = seconds is not None and time.monotonic() - started >= seconds
        if done % chunk == 0 or done == n or out_of_time:
            finish_chunk()
        result.seconds = time.monotonic() - started
        if progress:
            progress(result)
        if out_of_time:
            break
    return result
