"""Pages are read the right way up: the EXIF Orientation tag first, then the quarter turn the OCR
finds on a small probe (parsers.orient, parsers.ocr.upright)."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from parsers import ocr, orient
from samples import wave_scans
from samples.documents import Footer


@pytest.fixture(scope="module")
def page():
    return wave_scans.sheet_page("W01", Footer(), seed=9, layout=1)


def _png(img) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("stored", [0, 90, 180, 270])
def test_the_turn_found_sets_turned_pixels_upright(page, stored):
    data = _png(wave_scans.turned(page, stored))
    assert ocr.turn_of(data) == (360 - stored) % 360
    assert ocr.upright(data).size == page.size


@pytest.mark.parametrize("tag", [3, 6, 8])
def test_the_exif_tag_is_applied_and_nothing_more_is_turned(page, tag):
    data = wave_scans.jpeg(wave_scans.turned(page, wave_scans.STORED_FOR_TAG[tag]), orientation=tag)
    assert ocr.turn_of(data) == 0
    assert ocr.upright(data).size == page.size


def test_a_tag_left_over_after_the_pixels_were_turned_is_overruled(page):
    data = wave_scans.jpeg(page, orientation=6)          # upright pixels, a tag that turns them on their side
    assert orient.exif_upright(data).size == page.size[::-1]
    assert ocr.upright(data).size == page.size


def test_a_page_without_lines_of_text_is_left_as_it_is():
    blank = Image.new("RGB", (800, 1100), (250, 250, 250))
    assert ocr.turn_of(_png(blank)) == 0


def test_lines_that_run_down_the_page_mean_a_quarter_turn():
    def box(w, h):
        return np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float)
    assert orient.lines_run_down([box(200, 20)] * 5) is False
    assert orient.lines_run_down([box(20, 200)] * 5) is True
    assert orient.lines_run_down([box(20, 20)] * 5 + [box(200, 20)]) is None      # squares say nothing
    assert orient.candidates(True) == (90, 270) and orient.candidates(False) == (0, 180)


def test_the_classifier_lean_and_the_surer_reading():
    assert orient.lean([("0", 0.99)] * 6 + [("180", 0.6)] * 2) > orient.CLEAR
    assert orient.lean([("180", 0.95)] * 8) < -orient.CLEAR
    assert abs(orient.lean([("0", 0.9), ("180", 0.9)])) < orient.CLEAR
    assert orient.decide({0: 0.3, 180: 0.95}) == 180
    assert orient.decide({90: 0.2, 270: 0.3}) == 0                 # neither reads like text: left as it lies
