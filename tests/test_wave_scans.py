"""Score sheets as phones and scanners deliver them (samples/wave_scans.py): turned photos and PDF
pages, and signature lines with seals, run-on scribbles and short strokes, each read through the
whole pipeline (folder source, outbox) as a clerk reads it."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from intake_bot.cli import main
from samples import wave_scans, world


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    out = tmp_path_factory.mktemp("wave-scans")
    eml = world.write(out, wave_scans.build(), wave_scans.ROSTER)
    data = out / "data"
    assert main(["run", "--once", "--source", str(eml), "--roster", str(out / "roster.csv"), "--data-dir", str(data),
                 "--reply-mode", "outbox", "--now", "2025-02-20T09:00:00+08:00"]) == 0
    assert main(["export", "--data-dir", str(data), "--json", str(out / "export.json")]) == 0
    doc = json.loads((out / "export.json").read_text(encoding="utf-8"))
    return data, {m["source"][4:-4]: m for m in doc["messages"]}


def test_every_class_is_listed_and_made_in_three_variants_or_more():
    listed = [line.split("|")[1].strip() for line in wave_scans.__doc__.splitlines()
              if line.startswith("| ") and not line.startswith("| class")]
    made = Counter(re.sub(r"_\d+$", "", slug) for slug in wave_scans.EXPECT)
    assert set(listed) == set(made)
    assert min(made.values()) >= 3


@pytest.mark.parametrize("slug", list(wave_scans.EXPECT))
def test_each_sheet_is_a_score_sheet_and_its_signature_read(scans, slug):
    _data, by_slug = scans
    m = by_slug[slug]
    rid, cls, signed = wave_scans.EXPECT[slug]
    assert (m["kind"], m["roster_id"]) == ("submission", rid)
    assert [a["class"] for a in m["attachments"]] == [cls]
    assert "文件名" not in m["attachments"][0]["reason"]          # by its content, not its name
    assert m["score_sheet_signed"] is signed
