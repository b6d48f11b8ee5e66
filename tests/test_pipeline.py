"""The whole pipeline on the folder source: the sample world end to end, idempotence, bad input."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from intake_bot.cli import main


def run(source: Path, roster: Path, data: Path, *extra: str) -> int:
    return main(["run", "--once", "--source", str(source), "--roster", str(roster), "--data-dir", str(data),
                 "--reply-mode", "outbox", "--now", "2025-02-20T09:00:00+08:00", *extra])


def export(data: Path) -> dict:
    out = data / "export.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def processed(world, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    assert run(world["eml"], world["roster"], data) == 0
    return data, export(data)


def test_every_mail_judged_as_a_clerk_would(processed, world):
    _data, doc = processed
    assert doc["schema"] == "intake-bot/export/v1"
    assert [m["source"] for m in doc["messages"]] == [name for name, _ in world["mails"]]
    for m in doc["messages"]:
        kind, rid, materials, problems, signed = world["expect"][m["source"][4:-4]]
        assert (m["kind"], m["roster_id"]) == (kind, rid), m["source"]
        got = {a["class"] for a in m["attachments"]} & {"summary", "score_sheet", "basic_info", "other_competitions"}
        if m["declares_no_other_competitions"]:
            got.add("other_competitions")
        assert got == materials, m["source"]
        assert m["basic_info_problems"] == problems, m["source"]
        assert m["score_sheet_signed"] == signed, m["source"]
        assert m["replied"] == (kind in ("submission", "plan_2025")), m["source"]


def test_readable_files_saved_for_staff_under_safe_names(processed):
    data, _doc = processed
    saved = sorted(p.relative_to(data / "files").as_posix() for p in (data / "files").rglob("*") if p.is_file())
    assert any(p.startswith("S01/") and p.endswith("附件1 基本情况表.xlsx") for p in saved)
    assert any(p.startswith("S02/") and p.endswith("1.竞赛工作总结.docx") for p in saved)   # path part dropped
    assert not any("evil" in p or p.endswith(".exe") for p in saved)


def test_hostile_files_are_unsafe_with_reason(processed):
    _data, doc = processed
    m = next(m for m in doc["messages"] if "hostile" in m["source"])
    unsafe = {a["name"]: a["reason"] for a in m["attachments"] if a["class"] == "unsafe"}
    assert "double extension" in unsafe["成绩单.pdf.exe"]
    assert "traversal" in unsafe["../../evil.txt"]


def test_gbk_zip_names_decoded_and_macosx_skipped(processed):
    _data, doc = processed
    m = next(m for m in doc["messages"] if "zip-gbk" in m["source"])
    assert [a["name"] for a in m["attachments"]] == ["样例集团材料/1.竞赛工作总结.docx", "样例集团材料/3.基本情况表.xlsx"]
    assert all(a["container"] == "竞赛材料.zip" for a in m["attachments"])


def test_replies_are_threaded_chinese_gap_lists(processed, world):
    import email
    import email.policy
    data, _doc = processed
    replies = sorted((data / "outbox").glob("*.eml"))
    assert len(replies) == 6
    first = email.message_from_bytes(replies[0].read_bytes(), policy=email.policy.default)
    assert first["In-Reply-To"] == "<s01-complete@ysht.gx.example>"
    assert first["Subject"] == "Re: 2024年竞赛总结材料"
    body = first.get_content()
    assert "决赛成绩单扫描件.pdf" in body and "无，材料已收齐" in body and "2025年2月25日" in body
    plan = next(email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in replies
                if b"plan-2025" in p.read_bytes())
    assert "竞赛计划申报" in plan.get_content()


def test_second_run_does_nothing_new(world, tmp_path, capsys):
    data = tmp_path / "data"
    assert run(world["eml"], world["roster"], data) == 0
    before = sorted(p.name for p in (data / "outbox").glob("*.eml"))
    first = export(data)
    capsys.readouterr()
    assert run(world["eml"], world["roster"], data) == 0
    assert capsys.readouterr().out.startswith("读取 0 封")     # processed files are not even read
    assert sorted(p.name for p in (data / "outbox").glob("*.eml")) == before
    assert export(data)["messages"] == first["messages"]
    archived = list((data / "archive").rglob("*.eml"))
    import hashlib
    assert len(archived) == len({hashlib.sha256(raw).digest() for _n, raw in world["mails"]})


def test_workbook_keeps_staff_columns(world, tmp_path):
    import shutil
    import openpyxl
    src = tmp_path / "eml"
    shutil.copytree(world["eml"], src)
    last = sorted(src.glob("*.eml"))[-1]
    held_back = last.read_bytes()
    last.unlink()
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    path = data / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["材料跟踪"]
    header = [c.value for c in ws[1]]
    paper, note = header.index("纸质材料") + 1, header.index("工作人员备注") + 1
    ws.cell(2, paper).value = "2月18日已收"
    ws.cell(4, note).value = "已电话催报"
    wb.save(path)
    last.write_bytes(held_back)                     # new mail arrives: the workbook is rewritten
    assert run(src, world["roster"], data) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb["材料跟踪"]
    assert ws.cell(2, paper).value == "2月18日已收" and ws.cell(4, note).value == "已电话催报"
    assert ws.cell(4, header.index("尚缺") + 1).value != "已收齐"
    assert set(wb.sheetnames) >= {"材料跟踪", "来信记录", "附件明细", "待人工核对"}
    assert wb["来信记录"].max_row == len(world["mails"]) + 1


def test_bad_input_is_recorded_and_the_run_goes_on(world, tmp_path):
    from samples.mails import Attachment, Mail, render
    src = tmp_path / "eml"
    src.mkdir()
    good = world["mails"][0][1]
    (src / "001-truncated.eml").write_bytes(good[: len(good) // 3])
    (src / "002-no-body.eml").write_bytes(b"From: a@b.example\r\nTo: intake@jdzx.gx.example\r\nSubject: x\r\n"
                                          b"Message-ID: <nobody@b.example>\r\n\r\n")
    broken = render(Mail("weiming@ysht.gx.example", "韦明", "材料", "见附件",
                         [Attachment("基本情况表.xlsx", b"PK\x03\x04" + b"\x00" * 300)], message_id="<broken@x>"))
    (src / "003-broken-attachment.eml").write_bytes(broken)
    (src / "004-not-a-mail.pdf").write_bytes(b"%PDF-1.4 this is not a mail")
    (src / "005-empty.eml").write_bytes(b"")
    (src / "006-good.eml").write_bytes(good)
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    doc = export(data)
    by = {m["source"]: m for m in doc["messages"]}
    assert len(by) == 6
    assert by["006-good.eml"]["kind"] == "submission" and by["006-good.eml"]["replied"]
    assert by["002-no-body.eml"]["kind"] == "other" and by["002-no-body.eml"]["status"] == "done"
    att = by["003-broken-attachment.eml"]["attachments"][0]
    assert att["class"] == "unsafe" and "damaged" in att["reason"]
    assert "not an e-mail" in by["004-not-a-mail.pdf"]["error"]
    assert "empty" in by["005-empty.eml"]["error"]
    assert by["001-truncated.eml"]["status"] == "done"       # what could be read of it is recorded
    status = main(["status", "--data-dir", str(data)])
    assert status == 0


def test_user_errors_are_one_sentence(world, tmp_path, capsys):
    assert run(world["eml"], tmp_path / "missing.csv", tmp_path / "d") == 2
    assert run(tmp_path / "no-such-folder", world["roster"], tmp_path / "d") == 2
    assert main(["export", "--data-dir", str(tmp_path / "empty"), "--json", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("intake-bot: ") for line in err)
    assert "名单文件" in err[0] and "不存在" in err[1]


def test_one_run_at_a_time(world, tmp_path):
    from intake_bot.base.errors import LockedError
    from intake_bot.store.lock import DataDirLock
    data = tmp_path / "data"
    with DataDirLock(data):
        with pytest.raises(LockedError):
            with DataDirLock(data):
                pass


def test_hostile_mails_write_nothing_outside_the_data_dir(tmp_path, monkeypatch, world):
    from samples.mails import Attachment, Mail, raw_zip, render
    src = tmp_path / "src"
    src.mkdir()
    hostile = raw_zip([(b"../../escaped.txt", b"x"), (b"/tmp/intake-absolute-escape.txt", b"x"),
                       ("..\\..\\Windows\\启动\\run.bat".encode("gb18030"), b"x")])
    mail = Mail("weiming@ysht.gx.example", "韦明", "材料", "见附件",
                [Attachment("材料.zip", hostile), Attachment("../../../escaped-part.txt", b"x", style="utf8"),
                 Attachment("成绩单.pdf.exe", b"MZ\x90")], message_id="<hostile@x>")
    (src / "001-hostile.eml").write_bytes(render(mail))
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    outside = [p for p in files if not (p.is_relative_to(src) or p.is_relative_to(data))]
    assert outside == []
    assert not Path("/tmp/intake-absolute-escape.txt").exists()
    assert {p.relative_to(data).parts[0] for p in files if p.is_relative_to(data)} <= {
        "archive", "outbox", "files", "state.sqlite3", "state.sqlite3-wal", "state.sqlite3-shm", "材料跟踪表.xlsx",
        ".lock", "logs", "tmp", "digest"}
    doc = export(data)
    assert all(a["class"] == "unsafe" for a in doc["messages"][0]["attachments"])


def test_annex1_pasted_into_the_mail_body(tmp_path, world):
    from samples import documents as d
    from samples.mails import Mail, render
    from samples.world import FORMS
    src = tmp_path / "src"
    src.mkdir()
    mail = Mail("huangli@gxyl.example.cn", "黄丽", "基本情况表（正文）", d.annex1_html(FORMS["S02"]), html_only=True,
                message_id="<pasted@gxyl.example.cn>", charset="gb18030")
    (src / "001-pasted.eml").write_bytes(render(mail))
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    m = export(data)["messages"][0]
    assert m["kind"] == "submission" and m["roster_id"] == "S02"
    assert m["basic_info"]["rows"][0]["occupation"] == "车工"
    assert m["basic_info"]["totals"]["participants"]["final"] == 25
    assert m["basic_info_problems"] == ["total_mismatch"]


def test_reply_interrupted_after_commit_is_sent_once_on_the_next_run(world, tmp_path, monkeypatch):
    from intake_bot.outputs import replies
    real = replies.Outbox.deliver
    calls = {"n": 0}

    def dies_on_third(self, msg, key):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("killed while writing the reply")
        return real(self, msg, key)

    monkeypatch.setattr(replies.Outbox, "deliver", dies_on_third)
    data = tmp_path / "data"
    with pytest.raises(SystemExit):
        run(world["eml"], world["roster"], data)
    assert len(list((data / "outbox").glob("*.eml"))) == 2
    monkeypatch.setattr(replies.Outbox, "deliver", real)
    assert run(world["eml"], world["roster"], data) == 0
    outbox = sorted((data / "outbox").glob("*.eml"))
    assert len(outbox) == 6
    assert run(world["eml"], world["roster"], data) == 0
    assert sorted((data / "outbox").glob("*.eml")) == outbox
    doc = export(data)
    assert sum(m["replied"] for m in doc["messages"]) == 6


def test_replies_off_are_not_sent_later(world, tmp_path):
    data = tmp_path / "data"
    assert run(world["eml"], world["roster"], data, "--reply-mode", "off") == 0
    assert run(world["eml"], world["roster"], data) == 0
    assert not (data / "outbox").exists() or not list((data / "outbox").glob("*.eml"))


def test_late_mail_marked_from_the_received_chain(tmp_path, world):
    import openpyxl
    from samples.mails import Attachment, Mail, render
    from samples import documents as d
    src = tmp_path / "src"
    src.mkdir()
    late = render(Mail("weiming@ysht.gx.example", "韦明", "补报总结", "请查收",
                       [Attachment("竞赛工作总结.docx", d.summary_docx("2024年广西演示行业职业技能竞赛", "自治区演示厅"))],
                       headers={"Received": "from mail.ysht.gx.example by mx.jdzx.gx.example; Thu, 27 Feb 2025 10:02:03 +0800"},
                       date="Wed, 26 Feb 2025 23:59:00 +0800", message_id="<late@ysht.gx.example>"))
    lines = late.split(b"\r\n")
    lines.insert(0, lines.pop(next(i for i, x in enumerate(lines) if x.startswith(b"Received:"))))
    (src / "001-late.eml").write_bytes(b"\r\n".join(lines))
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    rows = openpyxl.load_workbook(data / "材料跟踪表.xlsx")["来信记录"].iter_rows(values_only=True)
    row = dict(zip(next(rows), next(rows)))
    assert row["收到时间"] == dt.datetime(2025, 2, 27, 10, 2, 3) and row["逾期"] == "逾期"      # a real date, China time


def test_daemon_refuses_to_start_without_roster_or_source(world, capsys):
    assert main(["run"]) == 2
    assert main(["run", "--roster", str(world["roster"])]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith("intake-bot: 没有名单") and err[1].startswith("intake-bot: 没有邮件来源")


def test_a_duplicate_right_after_its_original_is_found_while_both_are_in_flight(world, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    name, raw = world["mails"][0]
    (src / "001-first.eml").write_bytes(raw)
    (src / "002-again.eml").write_bytes(raw)                       # the same mail, delivered twice in a row
    data = tmp_path / "data"
    assert run(src, world["roster"], data) == 0
    kinds = [m["kind"] for m in export(data)["messages"]]
    assert kinds == ["submission", "duplicate"]
    assert len(list((data / "outbox").glob("*.eml"))) == 1
