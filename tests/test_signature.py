"""The chief referee's signature on footers laid out as the generator's score sheets never are: a short
label, a label without a colon, a flat signature, a signature close to the label (OCR reads both as one
box), a ruled line to sign on (the last long rule on the page), a table without column borders, a
smaller or larger scan; the others (监督员, 记分员) signed beside a blank line, a seal over the next
label, a scribble that runs on into it, a short wide stroke. Each case is one a version of the check
got wrong."""
from __future__ import annotations

import pytest

from samples.documents import Footer, score_footer_page

from intake_bot.reading import signature
from intake_bot.campaign import load_campaign
from intake_bot.reading.examine import signer

SIGNER = signer(load_campaign().material("score_sheet"))     # the 2024 campaign's 裁判长 and the sheet's lines

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
    # the others signed, the chief referee's line blank: theirs is not his
    "others signed, blank": (Footer(signed=False, others_signed=True), False),
    "others signed, blank, short labels": (Footer(label="裁判长：", others=("监督员：", "记分员："), signed=False,
                                                  others_signed=True, amplitude=0.7), False),
    "others signed, blank line to sign on": (Footer(signed=False, others_signed=True, underline=True), False),
    # a seal over the 监督员 label reaches back towards the chief referee's zone
    "red seal over the next label, blank": (Footer(signed=False, others_signed=True, seal="red"), False),
    "grey seal over the next label, blank": (Footer(signed=False, others_signed=True, seal="grey"), False),
    "grey seal, blank, no others": (Footer(label="裁判长签名：", signed=False, seal="grey", size=24), False),
    "red seal over the next label, signed": (Footer(others_signed=True, seal="red"), True),
    "grey seal over the next label, signed": (Footer(seal="grey", amplitude=0.3), True),
    # a scribble that runs on into the next label
    "runs into the next label": (Footer(run_on=30), True),
    "runs far into the next label": (Footer(run_on=70, pen=4, others_signed=True), True),
    "runs into a short label": (Footer(label="裁判长：", others=("监督：", "制表："), run_on=20, pen=5), True),
    "runs into the label under a red seal": (Footer(run_on=40, seal="red", others_signed=True), True),
    # one short, flat, broad stroke
    "short wide stroke": (Footer(strokes=4, amplitude=0.08, pen=6, gap=6), True),
    "short wide stroke close to the label": (Footer(strokes=5, amplitude=0.1, pen=5, gap=3), True),
    "short wide stroke on a line": (Footer(strokes=4, amplitude=0.06, pen=5, underline=True), True),
}


@pytest.mark.parametrize("name", list(CASES))
def test_signature_on_footer_variants(name):
    footer, expected = CASES[name]
    assert signature.sheet_signed([score_footer_page(footer, seed=len(name))], SIGNER) is expected


@pytest.mark.parametrize("signed", [True, False])
def test_the_signer_is_the_campaigns(signed):
    """A campaign whose sheets are signed by another title (Material.signature) is checked for that one."""
    page = score_footer_page(Footer(label="主裁判（签字）：", signed=signed), seed=5)
    assert signature.sheet_signed([page], signature.Signer("主裁判", SIGNER.labels)) is signed


def test_a_seal_over_a_blank_line_leaves_the_reading_to_staff():
    """A grey seal stamped where the chief referee signs hides what is under it: the verdict is
    unsigned with a doubt, and the document goes to staff with the signature unknown, the sender not told."""
    from intake_bot.reading.examine import check_signature
    from intake_bot.mail.model import Document
    from intake_bot.store.records import SIGNATURE_DOUBT
    page = score_footer_page(Footer(signed=False, seal="grey", seal_on_signer=True), seed=7)
    verdict = signature.sheet_verdict([page], SIGNER)
    assert verdict.signed is False and verdict.doubt == signature.SEALED
    doc = Document(name="scan.png", kind="png", material="score_sheet", pages=[page])
    check_signature(doc, SIGNER, "决赛原始成绩单未见裁判长签字")
    assert doc.signed is None and doc.needs_manual_check and doc.problem_texts == []
    assert SIGNATURE_DOUBT + signature.SEALED in doc.reason
    from intake_bot.campaign import load_campaign
    from intake_bot.standing.waiting import manual_reason
    staff = manual_reason(load_campaign(), doc.record())
    assert "裁判长" in staff and signature.SEALED in staff and "未告知发件人" in staff


def test_a_certain_blank_line_is_told_to_the_sender():
    from intake_bot.reading.examine import check_signature
    from intake_bot.mail.model import Document
    doc = Document(name="scan.png", kind="png", material="score_sheet",
                   pages=[score_footer_page(Footer(signed=False, others_signed=True), seed=8)])
    check_signature(doc, SIGNER, "决赛原始成绩单未见裁判长签字")
    assert doc.signed is False and not doc.needs_manual_check
    assert [code for code, _text in doc.problem_texts] == ["score_sheet_unsigned"]


@pytest.mark.parametrize("wedge", [34, 90, 160])
def test_the_desks_edge_along_a_photos_bottom_is_no_table_rule(wedge):
    # a photographed sheet with a short table: the dark desk along the photo's bottom edge was taken for
    # the table's last rule, the footer looked for in the lower part of the page, and a signed sheet
    # read unsigned and told so to its sender (blind set G)
    import io
    from PIL import Image, ImageDraw
    page = Image.open(io.BytesIO(score_footer_page(Footer(signed=True), seed=3))).convert("L")
    w, h = page.size
    photo = Image.new("L", (w, int(h * 1.9)), 248)
    photo.paste(page, (0, 0))
    draw = ImageDraw.Draw(photo)
    draw.polygon([(0, photo.height - wedge), (w, photo.height - wedge // 3), (w, photo.height), (0, photo.height)],
                 fill=70)                                                # the desk, of any height
    draw.rectangle((0, 0, 9, photo.height), fill=70)                     # the desk beside the page too
    draw.rectangle((w - 10, 0, w, photo.height), fill=70)
    out = io.BytesIO()
    photo.save(out, "PNG")
    signature.footer.cache_clear()
    verdict = signature.page_verdict(out.getvalue(), SIGNER)
    assert verdict is not None and verdict.signed is True
