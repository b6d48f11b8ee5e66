"""One unit, two roster entries (samples/wave_entries.py): each document counted for the entry its
content names, each entry with its own form and problems, later forms superseding earlier ones per
entry; read through the whole pipeline (folder source, outbox), as a clerk reads it."""
from __future__ import annotations

import email
from email import policy

import pytest

from samples import wave_entries

from sets import read_set

MATERIALS = {"summary", "score_sheet", "basic_info", "other_competitions"}


@pytest.fixture(scope="module")
def wave(tmp_path_factory):
    data, by_slug, doc = read_set(tmp_path_factory, wave_entries)
    return data, by_slug, {e["roster_id"]: e for e in doc["entries"]}


def test_each_variant_is_documented_and_made():
    kinds = [line.split("|")[1].strip() for line in wave_entries.__doc__.splitlines()
             if line.startswith("| ") and not line.startswith("| kind")]
    assert len(kinds) >= 6
    for kind in kinds:
        assert any(slug.startswith(kind) for slug in wave_entries.EXPECT), kind
    two_in_one = [s for s, (_k, _r, brings, _p) in wave_entries.EXPECT.items() if len(brings) == 2]
    assert len(two_in_one) >= 4                         # two entries served by one mail, several ways


@pytest.mark.parametrize("slug", list(wave_entries.EXPECT))
def test_each_mail_counts_each_document_for_its_entry(wave, slug):
    data, by_slug, _entries = wave
    m = by_slug[slug]
    kind, rid, brings, problems = wave_entries.EXPECT[slug]
    assert (m["kind"], m["roster_id"], m["replied"]) == (kind, rid, True)
    got = {a["class"] for a in m["attachments"]} & MATERIALS
    if m["declares_no_other_competitions"]:
        got.add("other_competitions")
    assert got == set().union(*brings.values())
    assert m["basic_info_problems"] == problems.get(rid, problems[next(iter(problems))])
    # what the mail brought to each entry, as the store folds it (one message at a time)
    from intake_bot.standing.entries import share
    from intake_bot.store.state import State
    with State.existing(data) as state:
        record = next(s.record for s in state.messages() if s.source.endswith(f"{slug}.eml"))
    assert set(record.served()) >= set(brings)
    for entry, materials in brings.items():
        part = share(record, entry, "other_competitions")
        assert set(part.materials) == materials, entry
        assert list(part.form_problems) == problems[entry], entry
        if "basic_info" in materials:
            want = (wave_entries.CORRECTED if slug.endswith(("_2", "_correction")) and entry in wave_entries.CORRECTED
                    else wave_entries.FORMS)[entry]
            assert part.form["competition_name"] == want.competition_name


@pytest.mark.parametrize("rid", list(wave_entries.ENTRIES))
def test_each_entry_ends_with_its_own_form_materials_and_problems(wave, rid):
    _data, _by_slug, entries = wave
    missing, problems, form = wave_entries.ENTRIES[rid]
    e = entries[rid]
    assert e["missing"] == missing
    assert set(e["received"]) == MATERIALS - set(missing)
    assert e["problems"] == problems
    assert e["basic_info"] == form.expected()


def test_signed_sheets_titled_by_their_competition_count_for_each(wave):
    _data, _by_slug, entries = wave
    for rid in ("W01", "W02", "W03", "W04", "W07", "W08"):
        assert entries[rid]["score_sheet_signed"] is True, rid


def test_a_correction_for_one_entry_leaves_the_other_as_it_was(wave):
    _data, _by_slug, entries = wave
    assert entries["W09"]["problems"] == ["total_mismatch"]              # W10's correction did not touch it
    assert entries["W09"]["basic_info"]["contact"]["phone"] == "0771-5700009"
    assert entries["W10"]["basic_info"]["contact"]["phone"] == "0771-5700009"


def _reply(data, message_id: str) -> str:
    replies = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in (data / "outbox").glob("*.eml")]
    msg = next(m for m in replies if m["In-Reply-To"] == message_id)
    return msg.get_body(("plain",)).get_content()


def test_one_reply_tells_each_entry_by_name(wave):
    data, _by_slug, _entries = wave
    text = _reply(data, "<w05-docx@bcny.gx.example>")
    w05, w06 = wave_entries.ROSTER[4][1], wave_entries.ROSTER[5][1]
    received, sections = text.split("（一）", 1)
    part5, part6 = sections.split("（二）", 1)
    assert part5.startswith(w05) and part6.startswith(w06)
    assert "尚缺：决赛原始成绩单" in part5 and "尚缺：决赛原始成绩单" in part6
    assert "联系电话未填写" in part6 and "联系电话" not in part5           # W06's problem under W06 only
    assert f"基本情况表2.docx：基本情况表（附件1）（计入“{w06}”）" in received


def test_a_statement_naming_no_competition_is_counted_for_each_entry_of_the_mail(wave):
    data, _by_slug, entries = wave
    received = _reply(data, "<w03-zip@bcdw.example.cn>").split("（一）", 1)[0]
    assert "其他竞赛情况说明.docx：其它竞赛情况（计入本邮件涉及的各项竞赛）" in received
    assert "other_competitions" in entries["W04"]["received"]


def test_a_reply_for_a_single_entry_is_as_before(wave):
    data, _by_slug, _entries = wave
    text = _reply(data, "<w07-first@163.example>")
    assert "贵单位已收到的材料（累计，无需更正）" in text and "本邮件涉及的各项竞赛" not in text


def test_files_saved_under_the_entry_they_count_for(wave):
    data, _by_slug, _entries = wave
    saved = {p.parent.name for p in (data / "files").rglob("*.xlsx")}
    assert {"W01", "W02", "W03", "W04", "W09", "W10"} <= saved


def test_a_record_stored_before_documents_named_entries_folds_as_before():
    """Records written before documents carried their entry and form: the message's form is its own entry's."""
    from intake_bot.campaign import load_campaign
    from intake_bot.standing.entries import fold
    from intake_bot.store.records import DocClass, DocumentRecord, MessageKind, MessageRecord, MessageStatus, StoredMessage
    old = {"v": 2, "source": "001.eml", "kind": "submission", "roster_id": "W01", "declares_no_other": True,
           "documents": [{"name": "表.xlsx", "cls": "material", "material": "basic_info"},
                         {"name": "成绩单.pdf", "cls": "material", "material": "score_sheet", "signed": False}],
           "materials": ["basic_info", "other_competitions", "score_sheet"], "form": {"competition_name": "x"},
           "form_problems": ["total_mismatch"], "problem_texts": [["total_mismatch", "合计不符"],
                                                                 ["score_sheet_unsigned", "未签字"]], "signed": False}
    record = MessageRecord.from_dict(old)
    assert record.documents[0] == DocumentRecord(name="表.xlsx", cls=DocClass.MATERIAL, material="basic_info")
    assert record.kind is MessageKind.SUBMISSION and record.served() == ("W01",)
    states = fold(load_campaign(None), ["W01", "W02"], [StoredMessage(1, "001.eml", MessageStatus.DONE, record=record)])
    w01 = states["W01"]
    assert w01.form == {"competition_name": "x"} and w01.problems == ["total_mismatch", "score_sheet_unsigned"]
    assert w01.received == {"basic_info", "other_competitions", "score_sheet"} and not states["W02"].received


def test_a_later_mail_of_one_contact_folds_into_the_entry_it_serves(wave):
    data, _by_slug, _entries = wave
    text = _reply(data, "<w03-fix@bcdw.example.cn>")                   # W04's state, folded from W03's mails
    part4 = text.split("（二）", 1)[1]
    assert part4.startswith(wave_entries.ROSTER[3][1]) and "尚缺：无，材料已收齐" in part4 and "需要更正：无" in part4


def test_a_title_names_an_entry_only_when_it_names_one():
    from intake_bot.campaign.roster import RosterEntry, entry_by_occupation, named_entry
    entries = [RosterEntry(*r) for r in wave_entries.ROSTER]
    w01, w02 = entries[0], entries[1]
    assert named_entry(entries, f"关于{w02.competition}的工作总结") == w02
    assert named_entry(entries, f"{w01.competition}决赛成绩") == w01
    assert named_entry(entries, "波次交通运输行业竞赛工作总结") is None            # both names share these words
    assert named_entry(entries, f"{w01.competition}和{w02.competition}工作总结") is None
    assert named_entry(entries, "工作总结") is None
    assert entry_by_occupation(entries[:2], "桥隧工（职工组）决赛成绩汇总表") == w01
    assert entry_by_occupation(entries[:2], "决赛成绩汇总表") is None
    assert entry_by_occupation(entries[:2], "桥隧工、起重装卸机械操作工成绩") is None


def test_one_document_covers_each_competition_its_text_names_only_when_its_title_names_none():
    from intake_bot.mail.model import Document
    from intake_bot.campaign.roster import RosterEntry, assign, entries_covered
    entries = [RosterEntry(*r) for r in wave_entries.ROSTER]
    w13, w14 = entries[12], entries[13]
    text = f"集团总结\n第一部分 {w13.competition}，决赛22人。\n第二部分 民航货运员选拔赛（{w14.competition}）。"
    assert entries_covered([w13, w14], text) == [w13, w14]
    assert entries_covered([w13, w14], f"{w13.competition}总结") == [w13]
    both = Document(name="总结.docx", data=b"", cls=None, heading="集团2024年职业技能竞赛工作总结", excerpt=text)
    titled = Document(name="总结2.docx", data=b"", cls=None, heading=f"{w14.competition}工作总结", excerpt=text)
    assign(entries, w13, [both, titled], fits=None)
    assert (both.roster_id, both.roster_ids) == (None, ("W13", "W14"))
    assert (titled.roster_id, titled.roster_ids) == ("W14", ())          # its title decides
