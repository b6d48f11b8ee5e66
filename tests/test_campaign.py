"""Campaigns as data: next year's collection end to end, records typed and versioned in the store,
and a data directory written by the untyped-record version read unchanged."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from intake_bot.cli import main
from intake_bot.store.records import (DocClass, DocumentRecord, MessageKind, MessageRecord, MessageStatus, ReplyStatus)
from intake_bot.store.state import State

ROOT = Path(__file__).resolve().parent.parent
NEXT_YEAR = ROOT / "config" / "campaigns" / "2025" / "campaign.toml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "datadir-v1"


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    from samples import next_year as world
    out = tmp_path_factory.mktemp("next-year")
    eml = world.write(out)
    data = out / "work"
    assert main(["run", "--once", "--campaign", str(NEXT_YEAR), "--source", str(eml), "--roster",
                 str(out / "roster.csv"), "--data-dir", str(data), "--now", "2026-02-20T09:00:00+08:00"]) == 0
    doc = out / "export.json"
    assert main(["export", "--campaign", str(NEXT_YEAR), "--data-dir", str(data), "--json", str(doc)]) == 0
    return data, json.loads(doc.read_text(encoding="utf-8")), world


def test_next_years_campaign_tracks_its_own_five_materials(next_year):
    _data, doc, world = next_year
    for m in doc["messages"]:
        kind, rid, materials = world.EXPECT[m["source"][4:-4]]
        assert (m["kind"], m["roster_id"]) == (kind, rid), m["source"]
        got = {a["class"] for a in m["attachments"]} - {"other", "unsafe", "plan_2026"}
        if m["declares_no_other_competitions"]:
            got.add("other_competitions")
        assert got == materials, m["source"]
    for e in doc["entries"]:
        assert e["missing"] == world.FINAL[e["roster_id"]]
        assert set(e["received"]) | set(e["missing"]) == {"summary", "score_sheet", "basic_info",
                                                          "other_competitions", "winners_list"}


def test_next_years_replies_and_workbook_use_its_own_wording(next_year):
    import email
    import email.policy
    import openpyxl
    data, _doc, _world = next_year
    bodies = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default).get_content()
              for p in sorted((data / "outbox").glob("*.eml"))]
    assert len(bodies) == 3
    assert "决赛获奖选手名单" in bodies[1] and "2026年2月25日" in bodies[1]        # what N02 still lacks
    assert "https://www.gx12333.net/" in bodies[2] and "2026年自治区级" in bodies[2]
    assert not any("2024年" in b for b in bodies)
    header = [c.value for c in openpyxl.load_workbook(data / "材料跟踪表.xlsx")["材料跟踪"][1]]
    assert "获奖选手名单" in header


def test_a_data_directory_of_the_untyped_version_opens_and_exports_unchanged(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE / "state.sqlite3", data / "state.sqlite3")
    out = tmp_path / "export.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    want = json.loads((FIXTURE / "export.json").read_text(encoding="utf-8"))
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got.pop("planning")["entries"], "the planning hints are an extra key beside the contract's"
    assert got == want
    with State.existing(data) as state:                       # migrated once, typed from then on
        assert state.meta.record_version == 2
        kinds = {m.record.kind for m in state.messages() if m.record}
    assert MessageKind.MISROUTED in kinds


def test_records_round_trip_through_the_store(tmp_path):
    record = MessageRecord(
        source="001.eml", sha256="ab" * 32, message_id="<x@y>", kind=MessageKind.SUBMISSION, roster_id="S01",
        sender="a@b.example", documents=(
            DocumentRecord(name="表.xlsx", cls=DocClass.MATERIAL, material="basic_info", confidence=0.95),
            DocumentRecord(name="x.exe", cls=DocClass.UNSAFE, reason="可执行文件")),
        materials=("basic_info",), form={"competition_name": "某竞赛", "rows": []}, form_problems=("total_mismatch",),
        signed=None, notes=("note",))
    with State.in_dir(tmp_path) as state:
        row = state.record_received("001.eml", record.sha256, "", None)
        state.record_outcome(row, MessageStatus.DONE, record)
        state.set_reply(row, ReplyStatus.WRITTEN, "<r@x>", "a@b.example", path="outbox/1.eml")
    with State.existing(tmp_path) as state:
        stored = state.message_by_source("001.eml")
        assert stored.record == record and stored.status is MessageStatus.DONE
        assert isinstance(stored.record.kind, MessageKind) and isinstance(stored.record.documents[0].cls, DocClass)
        assert state.messages()[0].reply.status is ReplyStatus.WRITTEN


def test_a_campaign_file_from_before_the_footer_was_data_reads_the_chief_referees_footer(tmp_path):
    """An installation keeps its own copy of the campaign file: one written before signature_roles and the
    rest existed names only 裁判长, and its score sheet's footer is read as the reader always read it."""
    from intake_bot.campaign import load_campaign
    shipped = ROOT / "config" / "campaigns" / "2024"
    folder = tmp_path / "2024"
    shutil.copytree(shipped, folder)
    text = (folder / "campaign.toml").read_text(encoding="utf-8")
    old = "\n".join(line for line in text.splitlines() if not line.startswith(("signature_roles", "signature_labels",
                                                                              "signature_beside", "signature_below")))
    (folder / "campaign.toml").write_text(old, encoding="utf-8")
    before, now = load_campaign(folder).material("score_sheet"), load_campaign(shipped).material("score_sheet")
    assert before.signature_roles and (before.signature_roles, before.signature_labels, before.signature_beside,
                                       before.signature_below) == (now.signature_roles, now.signature_labels,
                                                                   now.signature_beside, now.signature_below)
