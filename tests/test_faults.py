"""kill -9 at random points, over a folder and over a real Dovecot mailbox, replies over SMTP to aiosmtpd:
nothing lost, no reply sent twice, the workbook opens. Each test prints what it tried."""
from __future__ import annotations

import email
import json
import random
import uuid
from collections import Counter
from pathlib import Path

import pytest

from intake_bot.cli import main
from runner import run_bot

pytestmark = pytest.mark.integration
ROUNDS = 5


def _config(data: Path, world, sink_port: int, mailbox: list[str]) -> Path:
    cfg = data.parent / f"{data.name}.toml"
    cfg.write_text("\n".join([
        f'roster = "{world["roster"]}"', f'data_dir = "{data}"', 'reply_mode = "smtp"',
        "[mailbox]", *mailbox,
        "[smtp]", 'host = "127.0.0.1"', f"port = {sink_port}", 'security = "plain"',
        "[limits]", "ocr = false"]) + "\n", encoding="utf-8")
    return cfg


def _rounds(tmp_path: Path, world, sink, mailbox: list[str], expected: int, env: dict | None = None) -> list:
    """Each round a fresh data directory: killed at a random point, killed again, then run to the end
    (twice); after every round nothing is lost and no reply was sent twice."""
    rnd = random.Random(20250220)
    args = ["run", "--once", "--now", "2025-02-20T09:00:00+08:00"]
    tried = []
    for i in range(ROUNDS):
        data = tmp_path / f"data{i}"
        cfg = _config(data, world, sink.port, mailbox)
        sink.messages.clear()
        kills = []
        for _ in range(2):
            at = round(rnd.uniform(0.2, 2.5), 2)
            outcome = run_bot([*args, "--config", str(cfg)], cwd=tmp_path, env=env, kill_after=at)
            kills.append(at if outcome.killed else f"finished before {at}")
        for _ in range(2):
            final = run_bot([*args, "--config", str(cfg)], cwd=tmp_path, env=env)
            assert final.returncode == 0, final.stderr
        tried.append((kills, _check(data, sink, expected)))
    return tried


def _check(data: Path, sink, expected_sources: int) -> dict:
    out = data.parent / f"{data.name}.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    messages = doc["messages"]
    assert len(messages) == expected_sources                  # nothing lost, nothing read twice
    assert all(m["status"] == "done" for m in messages), [(m["source"], m["status"], m["error"]) for m in messages]
    answered = [m for m in messages if m["kind"] in ("submission", "plan_2025")]
    assert all(m["replied"] for m in answered)                # sent, or uncertain (cut mid-send: never resent)
    threads = Counter(email.message_from_bytes(raw)["In-Reply-To"] for raw in sink.messages)
    duplicates = {k: v for k, v in threads.items() if v > 1}
    assert duplicates == {}
    import openpyxl
    openpyxl.load_workbook(data / "材料跟踪表.xlsx")
    return {"replies": len(sink.messages), "duplicates": len(duplicates)}


def test_kill_9_over_a_folder_loses_nothing_and_sends_nothing_twice(tmp_path, world, smtp_sink):
    src = tmp_path / "src"
    src.mkdir()
    for name, raw in world["mails"]:
        (src / name).write_bytes(raw)
    tried = _rounds(tmp_path, world, smtp_sink, ['kind = "folder"', f'path = "{src}"'], len(world["mails"]))
    print(f"folder source, {ROUNDS} rounds (kills in s; then two full runs): {tried}")


def test_kill_9_over_dovecot_loses_nothing_and_sends_nothing_twice(tmp_path, world, smtp_sink, dovecot):
    from servers import PASSWORD
    mailbox = _dovecot_mailbox(dovecot, world, "K", batch=2)
    tried = _rounds(tmp_path, world, smtp_sink, mailbox, len(world["mails"]), env={"INTAKE_TEST_IMAP_PASSWORD": PASSWORD})
    print(f"Dovecot source, {ROUNDS} rounds (kills in s; then two full runs): {tried}")


def test_smtp_cut_mid_data_loses_no_reply_and_sends_none_twice(tmp_path, world, smtp_sink):
    """A TCP proxy cuts the SMTP connection in the middle of a message's DATA: that reply fails with
    its reason, the next run sends it once, and no other reply is sent twice."""
    from servers import SmtpDataCutter
    src = tmp_path / "src"
    src.mkdir()
    for name, raw in world["mails"]:
        (src / name).write_bytes(raw)
    tried = []
    for cut_at in (1, 3):
        data = tmp_path / f"cut{cut_at}"
        cutter = SmtpDataCutter(smtp_sink.port, cut_at_data=cut_at)
        smtp_sink.messages.clear()
        try:
            cfg = _config(data, world, cutter.port, ['kind = "folder"', f'path = "{src}"'])
            first = run_bot(["run", "--once", "--now", "2025-02-20T09:00:00+08:00", "--config", str(cfg)], cwd=tmp_path)
            assert first.returncode == 0, first.stderr
            assert cutter.cuts == 1
            doc = _export_of(data)
            failed = [m for m in doc["messages"] if m["kind"] in ("submission", "plan_2025") and not m["replied"]]
            assert failed                                   # the cut reply is recorded as not sent
        finally:
            cutter.close()
        cfg = _config(data, world, smtp_sink.port, ['kind = "folder"', f'path = "{src}"'])
        again = run_bot(["run", "--once", "--now", "2025-02-20T09:00:00+08:00", "--config", str(cfg)], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
        tried.append((f"cut at DATA #{cut_at}", _check(data, smtp_sink, len(world["mails"]))))
    print(f"SMTP cut mid-DATA: {tried}")


def test_dovecot_restart_during_a_poll_loses_nothing(tmp_path, world, smtp_sink, dovecot):
    """Dovecot is killed and started again while the bot polls (one mail per fetch); the poll ends
    with a connection error or goes on, and the next poll finishes: nothing lost, nothing twice."""
    import time
    from servers import PASSWORD
    mailbox = _dovecot_mailbox(dovecot, world, "R", batch=1)
    data = tmp_path / "restart"
    cfg = _config(data, world, smtp_sink.port, mailbox)
    env = {"INTAKE_TEST_IMAP_PASSWORD": PASSWORD}
    args = ["run", "--once", "--now", "2025-02-20T09:00:00+08:00", "--config", str(cfg)]
    smtp_sink.messages.clear()
    import threading
    outcome = {}
    poller = threading.Thread(target=lambda: outcome.setdefault("first", run_bot(args, cwd=tmp_path, env=env)))
    poller.start()
    deadline = time.monotonic() + 60                 # restart once the first mail is in the archive
    while time.monotonic() < deadline and not ((data / "archive").exists() and any((data / "archive").rglob("*.eml"))):
        time.sleep(0.05)
    archived_before = len(list((data / "archive").rglob("*.eml"))) if (data / "archive").exists() else 0
    dovecot.restart()
    poller.join(timeout=300)
    first = outcome["first"]
    assert first.returncode in (0, 1, 2), first.stderr        # a connection error is reported, not a crash
    assert "Traceback" not in first.stderr
    for _ in range(2):
        final = run_bot(args, cwd=tmp_path, env=env)
        assert final.returncode == 0, final.stderr
    result = _check(data, smtp_sink, len(world["mails"]))
    print(f"Dovecot restarted during a poll, after {archived_before} of {len(world['mails'])} mails "
          f"(first run exit {first.returncode}; {first.stderr.strip().splitlines()[-1:] if first.stderr.strip() else ''}): {result}")
    assert archived_before < len(world["mails"])


def _dovecot_mailbox(dovecot, world, prefix: str, batch: int) -> list[str]:
    """A fresh folder holding the sample world's mails; the [mailbox] lines that read it."""
    folder = prefix + uuid.uuid4().hex[:8]
    client = dovecot.client()
    client.create_folder(folder)
    client.logout()
    dovecot.append([raw for _name, raw in world["mails"]], folder=folder)
    return ['kind = "imap"', 'host = "127.0.0.1"', f"port = {dovecot.port}", 'security = "plain"', 'user = "intake"',
            'password_env = "INTAKE_TEST_IMAP_PASSWORD"', f'folders = ["{folder}"]', f"batch = {batch}"]


def _export_of(data: Path) -> dict:
    out = data.parent / f"{data.name}.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_an_smtp_server_that_hangs_costs_one_timeout_a_poll_and_no_attempts(tmp_path, world, smtp_sink):
    """A backlog must not wait a timeout per reply, and an outage longer than a few polls must not use
    up the replies' attempts: once the server answers again, every reply leaves, once."""
    from intake_bot.store.state import State
    src = tmp_path / "src"
    src.mkdir()
    for name, raw in world["mails"]:
        (src / name).write_bytes(raw)
    data = tmp_path / "data"
    from servers import SilentServer
    silent = SilentServer()
    args = ["run", "--once", "--now", "2025-02-20T09:00:00+08:00"]
    try:
        cfg = _config(data, world, silent.port, ['kind = "folder"', f'path = "{src}"'])
        cfg.write_text(cfg.read_text(encoding="utf-8").replace('security = "plain"', 'security = "plain"\ntimeout = 2'),
                       encoding="utf-8")
        polls = 7                                         # more polls than a reply's delivery attempts (5)
        for _ in range(polls):
            out = run_bot([*args, "--config", str(cfg)], cwd=tmp_path)
            assert out.returncode == 0, out.stderr
        connections = len(silent.accepted)
        with State.existing(data) as state:
            failed = state.reply_counts().get("failed", 0)
            attempts = state.db.execute("SELECT MAX(attempts) FROM replies").fetchone()[0]
    finally:
        silent.close()
    print(f"SMTP hung: {polls} polls, {failed} replies waiting, {connections} connections tried, "
          f"most attempts of one reply {attempts}")
    assert failed >= 5 and connections == polls and attempts == 0
    cfg.write_text(cfg.read_text(encoding="utf-8").replace(f"port = {silent.port}", f"port = {smtp_sink.port}"),
                   encoding="utf-8")
    out = run_bot([*args, "--config", str(cfg)], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    from email import message_from_bytes
    sent = {message_from_bytes(m)["Message-ID"] for m in smtp_sink.messages}
    assert len(smtp_sink.messages) == failed and len(sent) == failed          # each reply once
    with State.existing(data) as state:
        assert state.reply_counts().get("failed", 0) == 0
