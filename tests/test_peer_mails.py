"""Real test mails of three mail libraries (tests/fixtures/peer-mails, licences in SOURCES.md), run
as a folder source: none is about the competition. No reply to any of them, bounces are bounces,
every attached document is listed, and a reused Message-ID carrying other content is not lost."""
from __future__ import annotations

import email
import email.policy
import json
import shutil
from pathlib import Path

import pytest

from intake_bot.cli import main

PEER = Path(__file__).parent / "fixtures" / "peer-mails"


def attached_parts(raw: bytes) -> list[str]:
    """What a mail client shows as attachments: parts with a file name or an attachment disposition."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    out = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        try:
            name = part.get_filename()
        except Exception:
            name = "?"
        if disposition == "attachment" or name:
            out.append(name or part.get_content_type())
    return out


def looks_like_bounce(raw: bytes) -> bool:
    """A delivery report by its structure: multipart/report with a delivery-status part."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    return msg.get_content_type() == "multipart/report" and any(
        p.get_content_type() == "message/delivery-status" for p in msg.walk())


@pytest.fixture(scope="module")
def peer_run(tmp_path_factory):
    data = tmp_path_factory.mktemp("peer")
    source = data / "eml"
    source.mkdir()
    for f in sorted(PEER.iterdir()):
        if f.name != "SOURCES.md":
            shutil.copy(f, source / f.name)
    roster = Path(__file__).resolve().parent.parent / "config" / "roster.example.csv"
    assert main(["run", "--once", "--source", str(source), "--roster", str(roster), "--data-dir", str(data / "w"),
                 "--reply-mode", "outbox", "--now", "2025-02-20T09:00:00+08:00"]) == 0
    out = data / "export.json"
    assert main(["export", "--data-dir", str(data / "w"), "--json", str(out)]) == 0
    return source, data / "w", json.loads(out.read_text(encoding="utf-8"))


def test_no_reply_to_any_peer_mail(peer_run):
    _source, work, doc = peer_run
    assert len(doc["messages"]) == 240
    assert not [m["source"] for m in doc["messages"] if m["replied"]]
    assert not list((work / "outbox").glob("*.eml")) if (work / "outbox").exists() else True
    assert not [m["source"] for m in doc["messages"] if m["kind"] == "submission"]


def test_bounces_are_bounces(peer_run):
    source, _work, doc = peer_run
    kinds = {m["source"]: m["kind"] for m in doc["messages"]}
    reports = [f.name for f in sorted(source.iterdir()) if looks_like_bounce(f.read_bytes())]
    assert len(reports) >= 8
    wrong = {name: kinds[name] for name in reports if kinds[name] not in ("bounce", "duplicate")}
    assert not wrong
    first_copies = [name for name in reports if kinds[name] == "bounce"]
    assert len(first_copies) >= 4


def test_every_attached_document_listed(peer_run):
    source, _work, doc = peer_run
    by_source = {m["source"]: m for m in doc["messages"]}
    short = []
    for f in sorted(source.iterdir()):
        m = by_source[f.name]
        if m["kind"] == "duplicate" or m["status"] != "done":
            continue
        want = attached_parts(f.read_bytes())
        got = m["attachments"]
        # an archive is listed through its members (container = the archive's name)
        listed = len(got) + sum(1 for name in want if name and any(a["container"] == name for a in got)
                                and not any(a["name"] == name for a in got))
        if listed < len(want):
            short.append((f.name, want, [a["name"] for a in got]))
    assert not short


def test_small_explicit_attachment_with_content_id_is_a_document(peer_run):
    _source, _work, doc = peer_run
    m = next(m for m in doc["messages"] if m["source"] == "ikvk_tests_messages_attachment_inline2.eml")
    assert [a["name"] for a in m["attachments"]] == ["F76361FC@E3C5215F.31AC8F5F.png.jpg"]
    inline = next(m for m in doc["messages"] if m["source"] == "ikvk_tests_messages_attachment_inline1.eml")
    assert inline["attachments"] and all("未查看" in a["reason"] for a in inline["attachments"])


def test_executables_from_strangers_get_no_reply(peer_run):
    _source, _work, doc = peer_run
    risky = [m for m in doc["messages"] if any(a["class"] == "unsafe" for a in m["attachments"])]
    assert risky
    assert all(not m["replied"] and m["kind"] != "submission" for m in risky)
