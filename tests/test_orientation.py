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


def test_the_lean_of_the_longest_lines_straightens_a_page_taken_at_an_angle():
    def box(length, degrees, thick=12):
        import math
        a = math.radians(degrees)
        along = np.array([math.cos(a), math.sin(a)]) * length
        across = np.array([-math.sin(a), math.cos(a)]) * thick
        return np.array([[0, 0], along, along + across, across], dtype=float)
    leaning = [box(300, 3.0)] * 4 + [box(250, 2.8)] * 4 + [box(30, 0.0)] * 20    # short ones squared to the axes
    assert abs(orient.tilt(leaning) - 2.9) < 0.2
    on_its_side = [box(300, 93.0)] * 8                                               # the same lean, a quarter turn
    assert abs(orient.tilt(on_its_side) - 3.0) < 0.2
    assert orient.tilt([box(300, 0.5)] * 8) == 0.0                                   # a scanner's tilt: left
    assert orient.tilt([box(300, 1.5)] * 8) == 0.0
    assert orient.tilt([box(300, 30.0)] * 8) == 0.0                                  # no page leans so far


def test_a_photo_at_an_angle_is_read_turned_and_straightened(page):
    """A full-size phone photo stored on its side with tag 6, the page turned a few degrees on the desk:
    the tag turns it, nothing more is turned, and the lean found straightens it."""
    photo = wave_scans.phone_photo(page.rotate(4, expand=True, fillcolor=(250, 250, 250)), seed=3, skew=0.5)
    data = wave_scans.jpeg(wave_scans.turned(photo, 90), orientation=6, quality=88)
    assert ocr.turn_of(data) == 0
    assert -6.5 < ocr.lean_of(data) < -2.5                  # turned back clockwise (about 4 and the photo's own)


def test_uneven_light_is_made_even_and_an_even_page_left_as_it_is(page):
    """A shadow, a lamp's tint and a dark desk: after parsers.light.even the paper is white everywhere,
    the print still dark, the desk no ink; a scan lit evenly comes back untouched."""
    from parsers import light
    photo = wave_scans.phone_photo(page, seed=5, size=(1200, 1600), fill=0.7, lamp=(1.0, 0.8, 0.55),
                                   hard_shadow=True, shadow=0.5, desk=[40, 35, 30])
    before = np.asarray(photo.convert("L"))
    after = np.asarray(light.even(photo).convert("L"))
    assert (before < 120).mean() > 0.2                       # the desk and the shadow read as ink
    assert (after < 120).mean() < 0.05                       # only the print and the rules do
    assert np.percentile(after, 50) > 230
    flat = Image.new("RGB", (800, 1100), (250, 250, 250))
    assert light.even(flat) is flat
    assert light.even(page) is page


def test_a_footer_band_with_one_role_line_has_the_title_read_too(monkeypatch):
    """A band cut through the footer shows one line (记分员（签字）): its 签字 is no second role, and the
    title band is read as well."""
    from intake_bot.reading import read, signature
    from intake_bot.campaign import load_campaign
    monkeypatch.setattr(signature, "footer_text", lambda image: "记分员（签字）：")
    monkeypatch.setattr(read, "title_text", lambda image: "汽车维修工决赛成绩汇总表")
    assert "成绩汇总表" in read.scan_text([b"page"], load_campaign().sheet_roles)
    monkeypatch.setattr(signature, "footer_text", lambda image: "裁判长（签字）：\t监督员（签字）：")
    assert "成绩汇总表" not in read.scan_text([b"page"], load_campaign().sheet_roles)


def test_a_small_page_in_a_large_photo_is_probed_again_larger(page):
    """The page fills half of a 12-megapixel frame, its pixels turned with no tag: on the 720-px probe
    its print is five pixels high and the detector finds a few blurs; the larger probe finds the turn."""
    def box(w, h):
        return np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=float)
    assert not orient.clear([box(20, 120)] * 2 + [box(125, 20)])               # three blurs, both ways
    assert not orient.clear([box(200, 20)] * 6 + [box(20, 200)] * 6)           # many, but no way plainly
    assert orient.clear([box(200, 20)] * 12 + [box(20, 60)])
    photo = wave_scans.phone_photo(page, seed=12, fill=0.55, skew=4.5, desk=[40, 35, 30], lamp=(1.0, 0.86, 0.66))
    data = wave_scans.jpeg(wave_scans.turned(photo, 90), quality=88)
    assert ocr.turn_of(data) == 270
