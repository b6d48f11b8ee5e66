"""No single mail can stop, poison or abuse the service (hostile files from samples/hostile.py)."""
from __future__ import annotations

import email
import email.policy
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from intake_bot.cli import main
from runner import run_bot
from samples import documents as d
from samples import hostile as h
from samples.mails import Attachment, Mail, raw_zip, render
from samples.world import FORMS, ROSTER

S01 = ROSTER[0]


def _from_contact(slug: str, attachments: list, n: int) -> tuple[str, bytes]:
    return f"{n:03d}-{slug}.eml", render(Mail(S01[7], S01[5], f"材料（{slug}）", "请查收。", attachments,
                                              message_id=f"<{slug}@ysht.gx.example>"))


def ordinary_submission(n: int) -> tuple[str, bytes]:
    s02 = ROSTER[1]
    return f"{n:03d}-ordinary.eml", render(Mail(
        s02[7], s02[5], "2024年竞赛总结材料", "您好！材料见附件。我单位未自行开展其它职业技能竞赛。",
        [Attachment("竞赛工作总结.docx", d.summary_docx(s02[1], s02[2])),
         Attachment("基本情况表.xlsx", d.annex1_xlsx(FORMS["S02"])),
         Attachment("决赛成绩单.pdf", d.scanned_pdf([d.score_sheet_image(s02[1], "车工", True, seed=5)]))],
        message_id="<ordinary@gxyl.example.cn>"))


def _config(tmp_path: Path, world, **limits) -> Path:
    cfg = tmp_path / "bot.toml"
    lines = [f'roster = "{world["roster"]}"', f'data_dir = "{tmp_path / "data"}"', "max_attempts = 3",
             "[mailbox]", 'kind = "folder"', f'path = "{tmp_path / "src"}"', "[limits]"]
    lines += [f"{k} = {v}" for k, v in limits.items()]
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cfg


def _export(data: Path) -> dict:
    out = data.parent / "export.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.integration
def test_each_hostile_file_costs_only_itself_and_the_run_goes_on(tmp_path, world):
    src = tmp_path / "src"
    src.mkdir()
    mails = [
        _from_contact("looping-pdf", [Attachment("决赛成绩单.pdf", h.self_referencing_pdf())], 1),
        _from_contact("control-name", [Attachment(h.CONTROL_NAME, d.summary_docx(S01[1], S01[2]), style="rfc2231")], 2),
        _from_contact("office-bomb", [Attachment("竞赛工作总结.docx", h.office_bomb_docx())], 3),
        _from_contact("huge-sheet", [Attachment("基本情况表.xlsx", h.huge_sheet_xlsx())], 4),
        _from_contact("pixel-bomb", [Attachment("成绩单.png", h.pixel_bomb_png())], 5),
        _from_contact("nested-bomb", [Attachment("材料.zip", raw_zip([(b"inner.zip", raw_zip([(b"a.docx", h.office_bomb_docx(120))]))]))], 6),
        ordinary_submission(7),
    ]
    for name, raw in mails:
        (src / name).write_bytes(raw)
    cwd, tmpdir = tmp_path / "cwd", tmp_path / "tmpdir"
    cwd.mkdir()
    tmpdir.mkdir()
    cfg = _config(tmp_path, world, page_seconds=4, document_seconds=60)
    done = run_bot(["run", "--once", "--config", str(cfg), "--now", "2025-02-20T09:00:00+08:00"], cwd=cwd,
                   env={"TMPDIR": str(tmpdir)})
    print("peak resident MB by process:", {k: round(v) for k, v in done.peak_mb.items()})
    assert done.returncode == 0, done.stderr
    assert max(done.peak_mb.values()) < 700
    assert done.left_behind == []                                  # no worker, no soffice.bin
    assert list(cwd.iterdir()) == [] and list(tmpdir.iterdir()) == []   # nothing outside the data directory
    doc = _export(tmp_path / "data")
    by = {m["source"][4:-4]: m for m in doc["messages"]}
    ordinary = by["ordinary"]
    assert ordinary["kind"] == "submission" and ordinary["replied"] and ordinary["status"] == "done"
    assert {a["class"] for a in ordinary["attachments"]} == {"summary", "basic_info", "score_sheet"}
    for slug in ("looping-pdf", "office-bomb", "huge-sheet", "pixel-bomb", "nested-bomb"):
        atts = by[slug]["attachments"]
        assert by[slug]["status"] == "done" and all(a["class"] == "unsafe" and a["reason"] for a in atts), (slug, atts)
    assert "\x07" not in by["control-name"]["attachments"][0]["name"]
    import openpyxl
    wb = openpyxl.load_workbook(tmp_path / "data" / "材料跟踪表.xlsx")       # the workbook is written and opens
    assert wb["来信记录"].max_row == len(mails) + 1


def test_a_document_over_the_wall_clock_is_killed_with_its_session(tmp_path):
    from intake_bot.campaign import DEFAULT_CAMPAIGN_FILE
    from intake_bot.mail.model import Document
    from intake_bot.reading.workers import WorkerLimits, WorkerPool, session_members
    from parsers.base import ParseLimits
    pool = WorkerPool(size=1, campaign_file=str(DEFAULT_CAMPAIGN_FILE), use_ocr=False, tmp_root=tmp_path / "tmp",
                      limits=WorkerLimits(seconds=3, parse=ParseLimits(page_seconds=600)))
    try:
        looping = Document(name="x.pdf", data=h.self_referencing_pdf(), kind="pdf")
        pool.examine_all([looping])
        assert looping.cls == "unsafe" and "3 秒" in looping.reason and looping.needs_manual_check
        summary = Document(name="总结.docx", data=d.summary_docx(S01[1], S01[2]), kind="docx")
        pool.examine_all([summary])                   # a fresh worker takes the next document
        assert summary.material == "summary" and summary.data
        worker = pool._idle[0]
    finally:
        pool.close()
    assert session_members(worker.process.pid) == []
    assert list((tmp_path / "tmp").iterdir()) == []


def test_libreoffice_is_killed_with_its_whole_group():
    from parsers.legacy import _kill_group
    proc = subprocess.Popen(["sh", "-c", "sleep 300 & sleep 300"], process_group=0)
    time.sleep(0.3)
    group = [p for p in os.listdir("/proc") if p.isdigit() and _pgid(int(p)) == proc.pid]
    assert len(group) >= 2
    _kill_group(proc)
    time.sleep(0.2)
    assert [p for p in os.listdir("/proc") if p.isdigit() and _pgid(int(p)) == proc.pid and _alive(int(p))] == []


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


@pytest.mark.integration
def test_a_mail_that_hangs_the_bot_is_quarantined_after_max_attempts(tmp_path, world):
    """The bot itself is killed while a mail hangs it (as a service manager would, or the OOM killer):
    each start counts an attempt; after max_attempts the mail is quarantined and later mail goes on."""
    src = tmp_path / "src"
    src.mkdir()
    name, raw = _from_contact("hangs", [Attachment("成绩单.pdf", h.self_referencing_pdf())], 1)
    (src / name).write_bytes(raw)
    later, raw2 = ordinary_submission(2)
    (src / later).write_bytes(raw2)
    cfg = _config(tmp_path, world, page_seconds=600, document_seconds=600, ocr="false")
    args = ["run", "--once", "--config", str(cfg), "--now", "2025-02-20T09:00:00+08:00"]
    for _ in range(3):
        out = run_bot(args, cwd=tmp_path, kill_after=6)
        assert out.killed
    done = run_bot(args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    by = {m["source"]: m for m in _export(tmp_path / "data")["messages"]}
    assert by[name]["status"] == "quarantined" and "已隔离" in by[name]["error"]
    assert by[later]["status"] == "done" and by[later]["replied"]


def test_relay_mails_never_reach_the_third_party(tmp_path, world):
    src = tmp_path / "src"
    src.mkdir()
    for name, raw in h.relay_mails(50):
        (src / name).write_bytes(raw)
    # unknown senders with real-looking material, Reply-To a third party, links in subject and names
    for i in range(5):
        mail = Mail("stranger@bulk.example", "", f"竞赛材料 见 http://evil.example/x{i}", "请查收",
                    [Attachment(f"http://evil.example/{i}/竞赛工作总结.docx", d.summary_docx("某竞赛", "某单位"), style="rfc2231")],
                    headers={"Reply-To": "victim@third-party.example"}, message_id=f"<stranger-{i}@bulk.example>")
        (src / f"stranger-{i}.eml").write_bytes(render(mail))
    data = tmp_path / "data"
    assert main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data),
                 "--now", "2025-02-20T09:00:00+08:00"]) == 0
    replies = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
               for p in (data / "outbox").glob("*.eml")]
    assert not any("third-party" in str(r["To"]) for r in replies)
    assert len(replies) <= 3                                       # one address, at most 3 a day
    for r in replies:
        assert "evil.example" not in str(r["Subject"]) and "evil.example" not in r.get_content()


def test_a_control_character_in_a_name_does_not_break_the_workbook(tmp_path, world):
    src = tmp_path / "src"
    src.mkdir()
    name, raw = _from_contact("control", [Attachment(h.CONTROL_NAME, d.summary_docx(S01[1], S01[2]), style="rfc2231")], 1)
    (src / name).write_bytes(raw)
    data = tmp_path / "data"
    assert main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data)]) == 0
    import openpyxl
    names = [r[2] for r in openpyxl.load_workbook(data / "材料跟踪表.xlsx")["附件明细"].iter_rows(min_row=2, values_only=True)]
    assert names and all("\x07" not in n and "\u202e" not in n for n in names)


def _one_mail_world(tmp_path, world) -> tuple[Path, Path]:
    src = tmp_path / "src"
    src.mkdir()
    name, raw = world["mails"][0]
    (src / name).write_bytes(raw)
    return src, tmp_path / "data"


def _run(src, data, world, *extra) -> int:
    return main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data),
                 "--now", "2025-02-20T09:00:00+08:00", *extra])


def test_a_workbook_open_in_an_editor_gets_a_side_copy_then_is_updated(tmp_path, world, capsys):
    src, data = _one_mail_world(tmp_path, world)
    data.mkdir()
    (data / ".~lock.材料跟踪表.xlsx#").write_text("someone,editing", encoding="utf-8")
    assert _run(src, data, world) == 0
    assert (data / "材料跟踪表（新）.xlsx").exists() and not (data / "材料跟踪表.xlsx").exists()
    assert main(["status", "--data-dir", str(data)]) == 0
    assert "正被打开" in capsys.readouterr().out
    (data / ".~lock.材料跟踪表.xlsx#").unlink()
    assert _run(src, data, world) == 0                          # no new mail: the due workbook is written
    assert (data / "材料跟踪表.xlsx").exists() and not (data / "材料跟踪表（新）.xlsx").exists()


def test_the_service_writes_the_workbook_in_a_child_process_and_logs_what_it_said(tmp_path, world, monkeypatch,
                                                                                  caplog):
    # The service's memory must not follow the season's largest workbook (soak run, bench/RESULTS.md):
    # its poll writes the workbook in a short-lived child. Proof that it is a child: the write made
    # impossible in this process still happens; the child's note about the editor lock reaches our log.
    import logging
    from intake_bot.settings import config
    from intake_bot import workbook_refresh
    from intake_bot.app import Intake
    from intake_bot.store.state import State
    src, data = _one_mail_world(tmp_path, world)
    data.mkdir()
    (data / ".~lock.材料跟踪表.xlsx#").write_text("someone,editing", encoding="utf-8")

    def not_here(*args, **kwargs):
        raise AssertionError("written in the service's own process")

    monkeypatch.setattr(workbook_refresh.tracking, "write", not_here)
    settings = config.Settings(mailbox=config.Mailbox(kind="folder", path=str(src)), data_dir=data,
                               roster=str(world["roster"]), reply_mode="outbox")
    app = Intake(settings)
    with caplog.at_level(logging.INFO):
        stats = app.poll(workbook="every")
    assert stats["read"] == 1
    assert (data / "材料跟踪表（新）.xlsx").exists()
    assert any("正被打开" in r.getMessage() for r in caplog.records)
    (data / ".~lock.材料跟踪表.xlsx#").unlink()
    with State.existing(data) as state:
        state.meta.workbook_at = None                             # due again now, not in workbook_minutes
    assert app.refresh_workbook() is True
    app.close()
    assert (data / "材料跟踪表.xlsx").exists() and not (data / "材料跟踪表（新）.xlsx").exists()
    with State.existing(data) as state:
        assert state.meta.workbook_due is False


def full_disk(state, data_dir, settings, now):
    import logging
    logging.getLogger("intake_bot.workbook_refresh").warning("子进程写表格前的说明")
    raise OSError(28, "No space left on device")


class Odd(Exception):
    def __init__(self, a, b):                       # pickles, but cannot be rebuilt from its args
        super().__init__(f"{a}/{b}")


def odd_error(state, data_dir, settings, now):
    raise Odd(1, 2)


def dies(state, data_dir, settings, now):
    os._exit(3)


def test_the_workbook_child_reports_its_error_its_log_and_its_death(tmp_path, world, caplog):
    import logging
    from intake_bot.settings import config
    from intake_bot.outputs.apart import write_apart
    from intake_bot.store.state import State
    src, data = _one_mail_world(tmp_path, world)
    assert _run(src, data, world) == 0
    settings = config.Settings(mailbox=config.Mailbox(kind="folder", path=str(src)), data_dir=data,
                               roster=str(world["roster"]))
    with caplog.at_level(logging.INFO), pytest.raises(OSError) as err:
        write_apart(full_disk, data, settings, None)
    assert err.value.errno == 28 and any("子进程写表格前的说明" in r.getMessage() for r in caplog.records)
    with pytest.raises(RuntimeError, match="Odd: 1/2"):
        write_apart(odd_error, data, settings, None)
    with pytest.raises(OSError, match="意外结束"):
        write_apart(dies, data, settings, None)
    with State.existing(data) as state:                           # nothing left locked by the dead child
        state.meta.workbook_due = True


def test_an_unreadable_workbook_is_kept_and_said_so(tmp_path, world, capsys):
    src, data = _one_mail_world(tmp_path, world)
    assert _run(src, data, world) == 0
    (data / "材料跟踪表.xlsx").write_bytes(b"this is not a workbook any more")
    (src / "002.eml").write_bytes(world["mails"][3][1])
    assert _run(src, data, world) == 0
    kept = list(data.glob("材料跟踪表.无法读取-*.xlsx"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"this is not a workbook any more"
    assert main(["status", "--data-dir", str(data)]) == 0
    assert "无法读取" in capsys.readouterr().out


def test_a_failed_workbook_write_is_repeated_at_the_next_poll(tmp_path, world, monkeypatch):
    from intake_bot import workbook_refresh
    src, data = _one_mail_world(tmp_path, world)
    real = workbook_refresh.tracking.write

    def disk_error(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(workbook_refresh.tracking, "write", disk_error)
    assert _run(src, data, world) == 0
    assert not (data / "材料跟踪表.xlsx").exists()
    monkeypatch.setattr(workbook_refresh.tracking, "write", real)
    assert _run(src, data, world) == 0                          # nothing new, but the workbook was due
    assert (data / "材料跟踪表.xlsx").exists()


@pytest.mark.integration
def test_a_full_disk_stops_the_run_and_the_mail_is_processed_once_space_returns(tmp_path, world, capsys):
    data = tmp_path / "data"
    data.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(data)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        src = tmp_path / "src"
        src.mkdir()
        name, raw = ordinary_submission(1)
        (src / name).write_bytes(raw)
        filler = data / "filler"
        free = os.statvfs(data).f_bavail * os.statvfs(data).f_frsize
        filler.write_bytes(b"\0" * (free - 200 * 1024))
        capsys.readouterr()
        assert _run(src, data, world) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and ("磁盘已满" in err[0] or "state.sqlite3" in err[0]), err
        filler.unlink()
        assert _run(src, data, world) == 0
        assert _run(src, data, world) == 0
        doc = _export(data)
        m = doc["messages"][0]
        assert m["status"] == "done" and m["replied"] and m["kind"] == "submission"
        assert len(list((data / "outbox").glob("*.eml"))) == 1
    finally:
        subprocess.run(["umount", "-l", str(data)], capture_output=True)


@pytest.mark.integration
def test_an_smtp_login_error_is_a_failed_reply_with_its_reason_retried_a_bounded_number_of_times(
        tmp_path, world, smtp_sink, capsys, monkeypatch):
    from intake_bot.settings import config
    from intake_bot.app import Intake
    from intake_bot.store.state import State
    monkeypatch.delenv("INTAKE_TEST_SMTP_PASSWORD", raising=False)
    src, data = _one_mail_world(tmp_path, world)
    settings = config.Settings(
        mailbox=config.Mailbox(kind="folder", path=str(src)), data_dir=data, roster=str(world["roster"]),
        reply_mode="smtp", reply_attempts=2,
        smtp=config.Smtp(host="127.0.0.1", port=smtp_sink.port, security="plain", user="intake",
                         password_env="INTAKE_TEST_SMTP_PASSWORD"))
    with Intake(settings) as app:
        for _ in range(4):
            app.poll()
    with State.existing(data) as state:
        reply = state.replies()[1]
    assert reply.status == "failed" and "没有 SMTP 密码" in reply.error and reply.attempts == 2
    assert smtp_sink.messages == []
    assert main(["status", "--data-dir", str(data)]) == 0
    assert "发送失败" in capsys.readouterr().out


def test_a_strangers_files_that_are_no_material_are_other_mail_listed_for_a_person(tmp_path, world):
    src = tmp_path / "src"
    src.mkdir()
    quote = Mail("sales@trade.example", "Sales", "REQUEST FOR QUOTE", "Please see the attached quote.",
                 [Attachment("REQUEST FOR QUOTE.exe", b"MZ\x90\x00" + b"\x00" * 60, style="ascii"),
                  Attachment("invoice.pdf", b"%PDF-1.4\n%%EOF\n", style="ascii")],
                 message_id="<quote@trade.example>")
    (src / "001-quote.eml").write_bytes(render(quote))
    data = tmp_path / "data"
    assert _run(src, data, world) == 0
    m = _export(data)["messages"][0]
    assert m["kind"] == "other" and not m["replied"]
    import openpyxl
    manual = openpyxl.load_workbook(data / "材料跟踪表.xlsx")["待人工核对"]
    assert any("陌生发件人" in str(r[-1] or "") or "陌生发件人" in " ".join(str(c) for c in r if c)
               for r in manual.iter_rows(min_row=2, values_only=True))
