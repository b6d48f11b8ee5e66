"""The second wave's words and kinds (samples/wave_words.py), each read through the whole pipeline
(folder source, outbox): statements that name the notice's item by its number or close the work
summary, newsletters that look official, calendar invitations and automatic receipts."""
from __future__ import annotations


import pytest

from samples import wave_words

from sets import read_set

MATERIALS = {"summary", "score_sheet", "basic_info", "other_competitions"}


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    return read_set(tmp_path_factory, wave_words)


def test_every_kind_is_documented_and_made():
    kinds = [line.split("|")[1].strip() for line in wave_words.__doc__.splitlines()
             if line.startswith("| ") and not line.startswith("| kind")]
    assert kinds == list(wave_words.EXPECT)
    made = [name[4:-4] for name, _raw in wave_words.build()]
    assert made == kinds


def test_each_class_has_at_least_three_variants():
    prefixes = ("item_number_", "closing_", "newsletter_", "invite_", "receipt_")
    for prefix in prefixes:
        assert sum(slug.startswith(prefix) for slug in wave_words.EXPECT) >= 3, prefix


CLOSING = ("closing_last_paragraph", "closing_heading_section", "closing_pdf_wrapped")


@pytest.mark.parametrize("slug", list(wave_words.EXPECT))
def test_each_mail_read_as_a_clerk_reads_it(wave, slug):
    _data, by_slug, _doc = wave
    m = by_slug[slug]
    kind, rid, materials, declares = wave_words.EXPECT[slug]
    assert (m["kind"], m["roster_id"]) == (kind, rid)
    assert m["declares_no_other_competitions"] is declares
    got = {a["class"] for a in m["attachments"]} & MATERIALS
    if slug in CLOSING:                         # the summary's closing statement counts for the entry (below)
        assert got == {"summary"} and materials == {"summary", "other_competitions"}
    else:
        if m["declares_no_other_competitions"]:
            got.add("other_competitions")
        assert got == materials
    assert m["replied"] == (kind == "submission")


def test_each_entry_holds_what_its_submissions_brought(wave):
    _data, _by_slug, doc = wave
    brought: dict[str, set] = {}
    declared: dict[str, bool] = {}
    for kind, rid, materials, _declares in wave_words.EXPECT.values():
        if kind == "submission":
            brought.setdefault(rid, set()).update(materials)
    for kind, rid, _m, declares in wave_words.EXPECT.values():
        if kind == "submission":
            declared[rid] = declared.get(rid, False) or declares
    for entry in doc["entries"]:
        rid = entry["roster_id"]
        assert set(entry["received"]) == brought.get(rid, set()), rid
        assert entry["declared_no_other_competitions"] is declared.get(rid, False), rid


def test_the_summary_stays_a_summary_when_it_closes_with_the_statement(wave):
    _data, by_slug, doc = wave
    entries = {e["roster_id"]: e for e in doc["entries"]}
    for slug in CLOSING:
        assert [a["class"] for a in by_slug[slug]["attachments"]] == ["summary"]
        rid = wave_words.EXPECT[slug][1]
        assert "other_competitions" in entries[rid]["received"], slug
        assert by_slug[slug]["declares_no_other_competitions"] is False      # not said in the mail's text


def test_the_reply_names_the_summarys_closing_statement(wave):
    import email
    from email import policy
    data, _by_slug, _doc = wave
    reply = next(p for p in (data / "outbox").glob("*.eml") if b"<w10-words@" in p.read_bytes())
    text = email.message_from_bytes(reply.read_bytes(), policy=policy.default).get_body(("plain",)).get_content()
    assert "文末的说明" in text
    missing = text.split("尚缺", 1)[-1] if "尚缺" in text else ""
    assert "自行开展的其它职业技能竞赛情况" not in missing


def test_invitations_and_receipts_are_listed_not_read(wave):
    _data, by_slug, _doc = wave
    for slug in ("invite_outlook_alternative", "invite_ics_attachment", "invite_google_style"):
        atts = by_slug[slug]["attachments"]
        assert atts and all(a["class"] == "other" and "日历" in a["reason"] for a in atts), slug
