"""`intake-bot reread` on a data directory an older reader made (tests/fixtures/older-reader: the reader
before the title check counted a 2023 summary, a 2023 score sheet and another competition's score
sheet as received): it shows the differences, keeps them only with --apply, keeps what staff decided,
mails nobody unless asked per entry and then once, and survives a kill -9 in the middle of --apply."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from intake_bot.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "older-reader"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def older(tmp_path):
    shutil.copytree(FIXTURE, tmp_path / "older")
    return tmp_path / "older" / "data"


def _records(data: Path) -> dict:
    with sqlite3.connect(data / "state.sqlite3") as db:
        return {r[0]: r[1] for r in db.execute("SELECT source, record FROM messages")}


def _export(data: Path) -> dict:
    assert main(["export", "--data-dir", str(data), "--json", str(data.parent / "export.json")]) == 0
    return json.loads((data.parent / "export.json").read_text(encoding="utf-8"))


def _entry(doc: dict, rid: str) -> dict:
    return next(e for e in doc["entries"] if e["roster_id"] == rid)


def _outbox(data: Path) -> list[str]:
    return sorted(p.name for p in (data / "outbox").glob("*.eml"))


def test_the_preview_shows_what_the_current_reader_reads_otherwise_and_keeps_nothing(older, capsys):
    records, outbox, workbook = _records(older), _outbox(older), (older / "材料跟踪表.xlsx").read_bytes()
    assert "score_sheet" in _entry(_export(older), "Y04")["received"]       # the older reader counted it
    assert main(["reread", "--data-dir", str(older)]) == 0
    out = capsys.readouterr().out
    assert "重新读取了 6 封邮件" in out and "3 封结果有变化" in out
    assert "001-summary_2023_docx.eml" in out and "是2023年的材料" in out
    assert "007-score_sheet_other_entry_xlsx.eml" in out and "另一项竞赛" in out
    assert "Y04" in out and "改为未收：决赛成绩单" in out
    assert "005-summary_abbreviated_title.eml" not in out                    # read the same: not listed
    assert "没有保存" in out
    assert _records(older) == records and _outbox(older) == outbox
    assert (older / "材料跟踪表.xlsx").read_bytes() == workbook
    assert "score_sheet" in _entry(_export(older), "Y04")["received"]


def test_one_entry_and_a_range_of_days(older, capsys):
    assert main(["reread", "--data-dir", str(older), "--entry", "Y04"]) == 0
    out = capsys.readouterr().out
    assert "重新读取了 1 封邮件" in out and "009-score_sheet_2023_pdf.eml" in out
    assert main(["reread", "--data-dir", str(older), "--since", "2030-01-01"]) == 0
    assert "重新读取了 0 封邮件" in capsys.readouterr().out
    assert main(["reread", "--data-dir", str(older), "--until", "2025-02-09"]) == 0     # every mail came on the 10th
    assert "重新读取了 0 封邮件" in capsys.readouterr().out
    assert main(["reread", "--data-dir", str(older), "--since", "2025-02-10", "--until", "2025-02-10"]) == 0
    assert "重新读取了 6 封邮件" in capsys.readouterr().out
    assert main(["reread", "--data-dir", str(older), "--entry", "Y99"]) == 2
    assert "Y99" in capsys.readouterr().err


def test_apply_keeps_the_new_reading_and_what_staff_decided_and_mails_nobody(older, capsys):
    path = older / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["材料跟踪"]
    header = [c.value for c in ws[1]]
    y01 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "Y01")
    ws.cell(y01, header.index("人工认定已收") + 1, "决赛成绩单")        # handed in on paper
    ws.cell(y01, header.index("工作人员备注") + 1, "已电话联系")
    wb.save(path)
    outbox = _outbox(older)
    assert main(["reread", "--data-dir", str(older), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "已保存新结果" in out and "没有给任何人发邮件" in out
    assert _outbox(older) == outbox                                          # nobody mailed
    doc = _export(older)
    assert "score_sheet" not in _entry(doc, "Y04")["received"]
    assert "score_sheet" not in _entry(doc, "Y02")["received"]               # it was Y07's, of another competition
    y01 = _entry(doc, "Y01")
    assert "score_sheet" in y01["received"] and "summary" in y01["received"]  # staff's and the 2024 summary
    with sqlite3.connect(older / "state.sqlite3") as db:
        stamps = db.execute("SELECT read_by, read_at FROM messages").fetchall()
    assert all(by and by.startswith("0.") and at for by, at in stamps)
    wb = openpyxl.load_workbook(path)
    ws = wb["材料跟踪"]
    header = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Y01"]["工作人员备注"] == "已电话联系" and rows["Y01"]["人工认定已收"] == "决赛成绩单"
    assert rows["Y04"]["决赛成绩单"] != "已收"
    (older.parent / "empty").mkdir()
    assert main(["run", "--once", "--source", str(older.parent / "empty"), "--roster",
                 str(older.parent / "roster.csv"), "--data-dir", str(older)]) == 0
    assert _outbox(older) == outbox                                          # the next poll mails nobody either


def test_a_correction_goes_to_the_entry_staff_name_and_only_once(older, capsys):
    before = _outbox(older)
    assert main(["reread", "--data-dir", str(older), "--reply", "Y04"]) == 2    # only with --apply
    assert main(["reread", "--data-dir", str(older), "--apply", "--reply", "Y04"]) == 0
    new = sorted(set(_outbox(older)) - set(before))
    assert len(new) == 1 and new[0].startswith("reread-Y04-")
    import email
    import email.policy
    msg = email.message_from_bytes((older / "outbox" / new[0]).read_bytes(), policy=email.policy.default)
    assert msg["To"] == "nongli@sbwj.gx.gov.example" and msg["Subject"].startswith("更正：")
    body = msg.get_content()
    assert "重新核对" in body and "2023年的材料" in body and "决赛原始成绩单" in body
    capsys.readouterr()
    assert main(["reread", "--data-dir", str(older), "--apply", "--reply", "Y04"]) == 0
    assert "不重复发送" in capsys.readouterr().out
    assert sorted(set(_outbox(older)) - set(before)) == new


def test_a_mail_that_never_had_a_reply_gets_none_for_its_new_reading(older, capsys):
    # replies were off when it was read: keeping the new reading must not make the next poll answer it
    with sqlite3.connect(older / "state.sqlite3") as db:
        row = db.execute("SELECT id FROM messages WHERE source='009-score_sheet_2023_pdf.eml'").fetchone()[0]
        db.execute("DELETE FROM replies WHERE message=?", (row,))
    (older / "outbox" / "000004-19aa3405d380.eml").unlink()
    outbox = _outbox(older)
    assert main(["reread", "--data-dir", str(older), "--apply"]) == 0
    (older.parent / "empty").mkdir()
    assert main(["run", "--once", "--source", str(older.parent / "empty"), "--roster",
                 str(older.parent / "roster.csv"), "--data-dir", str(older)]) == 0
    assert _outbox(older) == outbox
    with sqlite3.connect(older / "state.sqlite3") as db:
        status, error = db.execute("SELECT status, error FROM replies WHERE message=?", (row,)).fetchone()
    assert status == "skipped" and "不自动回复" in error


def test_a_correction_goes_to_the_roster_contact_whoever_sent_the_mail(older, capsys):
    # staff assigned Y01's mail to Y04: the correction for Y04 goes to Y04's contact on the roster, never
    # to the address the mail came from; an entry that never wrote gets no "correction"
    path = older / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["来信记录"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header.index("来源") + 1).value ==
               "012-summary_2024_after_2023.eml")
    ws.cell(row, header.index("人工对应编号") + 1, "Y04")
    wb.save(path)
    before = _outbox(older)
    assert main(["reread", "--data-dir", str(older), "--apply", "--reply", "Y04", "--reply", "Y03"]) == 0
    out = capsys.readouterr().out
    assert "给 Y03 的更正回复：未发送：这个竞赛还没有来信" in out
    new = sorted(set(_outbox(older)) - set(before))
    assert len(new) == 1
    import email
    import email.policy
    msg = email.message_from_bytes((older / "outbox" / new[0]).read_bytes(), policy=email.policy.default)
    assert msg["To"] == "nongli@sbwj.gx.gov.example"


def _kept(data: Path) -> int:
    try:
        with sqlite3.connect(f"file:{data / 'state.sqlite3'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM messages WHERE read_by IS NOT NULL").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_a_kill_during_apply_then_a_second_run_completes_with_nothing_lost_or_done_twice(tmp_path):
    # The reference: the same directory applied in one go.
    shutil.copytree(FIXTURE, tmp_path / "whole")
    whole = tmp_path / "whole" / "data"
    assert main(["reread", "--data-dir", str(whole), "--apply", "--reply", "Y04"]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    config = tmp_path / "one-worker.toml"
    config.write_text("workers = 1\n", encoding="utf-8")
    for attempt in range(6):
        folder = tmp_path / f"cut{attempt}"
        shutil.copytree(FIXTURE, folder)
        data = folder / "data"
        cmd = [sys.executable, "-m", "intake_bot.cli", "reread", "--config", str(config), "--data-dir", str(data),
               "--apply", "--reply", "Y04"]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        while proc.poll() is None and _kept(data) == 0:
            time.sleep(0.005)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)                         # the reread and its workers
        proc.wait()
        cut_at = _kept(data)
        if 0 < cut_at < 6:
            break
    else:
        pytest.fail("the kill never landed in the middle of --apply")
    assert not any(p.name.startswith("reread-") for p in (data / "outbox").glob("*.eml"))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "上次已保存" in done.stdout                                       # it went on where it stopped
    assert _kept(data) == 6

    def reading(data):
        doc = _export(data)
        return ([(m["source"], m["kind"], m["roster_id"], m["status"]) for m in doc["messages"]],
                [(e["roster_id"], e["received"], e["missing"]) for e in doc["entries"]])
    assert reading(data) == reading(whole)
    corrections = [p.name for p in (data / "outbox").glob("reread-*.eml")]
    assert len(corrections) == 1                                            # told once
    assert len(list((data / "outbox").glob("*.eml"))) == len(list((whole / "outbox").glob("*.eml")))
