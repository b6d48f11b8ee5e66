"""Score sheets as phones and scanners deliver them (samples/wave_scans.py): turned photos and PDF
pages, and signature lines with seals, run-on scribbles and short strokes, each read through the
whole pipeline (folder source, outbox) as a clerk reads it."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from samples import wave_scans

from sets import read_set


@pytest.fixture(scope="module")
def scans(tmp_path_factory):
    data, by_slug, _doc = read_set(tmp_path_factory, wave_scans)
    return data, by_slug


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
