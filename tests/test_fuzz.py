"""Fuzzing at volume (issue 19): 2,000 mutated mails — the sample world's, the variation set's, the peer
projects' test mails and a few text-only and legacy-Office mails, damaged by byte flips, truncation,
header and boundary damage, part shuffles, nesting and mixing (samples/mutations.py, fixed seed) —
each through a whole run: folder source, `run --once`, outbox replies, export.

OCR is off (`[limits] ocr = false`: a scan is then listed for a manual check, which is an outcome
like any other) and 2 % of the mails carry a legacy Office file LibreOffice converts; the rest need
neither, so the test takes minutes, not hours. `max_attempts = 1`: a mail that fails is quarantined
in the same run, so every mail has its final outcome when the run ends.
"""
from __future__ import annotations

from fuzzing import run_fuzz

from samples import mutations


def test_mutations_are_deterministic_and_of_every_kind():
    pool = mutations.bases()
    assert len(pool) > 250 and any(b.slow for b in pool)
    first = [(name, raw) for name, raw, _k, _b in mutations.mutated(19, 300, pool=pool)]
    again = [(name, raw) for name, raw, _k, _b in mutations.mutated(19, 300, pool=pool)]
    assert first == again
    kinds = {k for name, _raw in first for k in name[7:-4].split("-")}
    assert kinds == set(mutations.KINDS)
    originals = {b.raw for b in pool}
    assert sum(raw in originals for _n, raw in first) < 15      # almost every one is damaged


def test_two_thousand_mutated_mails_each_get_an_outcome_and_no_run_aborts(tmp_path):
    result = run_fuzz(tmp_path, seed=20251201, n=2000, batch=500, chunk=2000, slow_share=0.02, ocr=False)
    assert result.mails == 2000
    assert result.aborted == []
    assert result.without_outcome == []
    assert sum(result.statuses.values()) == 2000
    assert result.statuses["done"] > 1000                       # most damage still leaves a readable mail
    assert set(result.mutations) == set(mutations.KINDS)
