"""The chief referee's signature on footers laid out as the generator's score sheets never are: a short
label, a label without a colon, a flat signature, a signature close to the label (OCR reads both as one
box), a ruled line to sign on (the last long rule on the page), a table without column borders, a
smaller or larger scan. Each case is one a version of the check got wrong."""
from __future__ import annotations

import pytest

from samples.documents import Footer, score_footer_page

from intake_bot import signature

CASES = {
    "standard signed": (Footer(), True),
    "standard blank": (Footer(signed=False), False),
    "short label signed": (Footer(label="裁判长："), True),
    "short label blank": (Footer(label="裁判长：", signed=False), False),
    "label without colon, signed": (Footer(label="竞赛裁判长（签字）", others=("监督：", "制表：")), True),
    "flat signature": (Footer(amplitude=0.12, strokes=10), True),
    "flat signature on a line": (Footer(amplitude=0.12, strokes=6, underline=True), True),
    "signature touching the label": (Footer(gap=2), True),
    "blank line to sign on": (Footer(signed=False, underline=True), False),
    "line to sign on, signed": (Footer(underline=True), True),
    "other labels beside, blank": (Footer(label="裁判长签名：", others=("仲裁：", "核分人："), signed=False,
                                          underline=True), False),
    "no column borders, blank line": (Footer(signed=False, underline=True, borders=False), False),
    "small scan": (Footer(scale=0.8, size=22), True),
    "large scan, blank": (Footer(scale=1.3, signed=False), False),
    "spaced-out label": (Footer(label="裁 判 长："), True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_signature_on_footer_variants(name):
    footer, expected = CASES[name]
    assert signature.sheet_signed([score_footer_page(footer, seed=len(name))]) is expected


@pytest.mark.parametrize("signed", [True, False])
def test_the_signer_is_the_campaigns(signed):
    """A campaign whose sheets are signed by another title (Material.signature) is checked for that one."""
    page = score_footer_page(Footer(label="主裁判（签字）：", signed=signed), seed=5)
    assert signature.sheet_signed([page], signer="主裁判") is signed
