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
    folder = "K" + uuid.uuid4().hex[:8]
    client = dovecot.client()
    client.create_folder(folder)
    client.logout()
    dovecot.append([raw for _name, raw in world["mails"]], folder=folder)
    mailbox = ['kind = "imap"', 'host = "127.0.0.1"', f"port = {dovecot.port}", 'security = "plain"',
               'user = "intake"', 'password_env = "INTAKE_TEST_IMAP_PASSWORD"', f'folders = ["{folder}"]', "batch = 2"]
    tried = _rounds(tmp_path, world, smtp_sink, mailbox, len(world["mails"]), env={"INTAKE_TEST_IMAP_PASSWORD": PASSWORD})
    print(f"Dovecot source, {ROUNDS} rounds (kills in s; then two full runs): {tried}")
