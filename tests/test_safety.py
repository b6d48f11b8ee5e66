"""Nothing a wrong setting, a forged sender or a long season can turn against the center (issue 19):
one login policy, one size limit for every source, a private data directory, one reply per stranger
and no link in any reply, jobs that wait for each other, and a test for each safety net that no other
test guarded. Each test fails when its guard is removed (tried, see the commit messages)."""
from __future__ import annotations

import dataclasses
import email
import email.policy
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest

from intake_bot.cli import main
from samples import documents as d
from samples.mails import Attachment, Mail, raw_zip, render
from samples.world import FORMS, ROSTER

ROOT = Path(__file__).resolve().parent.parent
NOW = "2025-02-20T09:00:00+08:00"
S01, S04 = ROSTER[0], ROSTER[3]


def _run(src: Path, world, data: Path, *extra: str) -> int:
    return main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data),
                 "--reply-mode", "outbox", "--now", NOW, *extra])


def _export(data: Path) -> dict:
    out = data.parent / f"{data.name}.json"
    assert main(["export", "--data-dir", str(data), "--json", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _mail_dir(tmp_path: Path, mails: list[tuple[str, bytes]]) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name, raw in mails:
        (src / name).write_bytes(raw)
    return src


def _replies(data: Path) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
            for p in sorted((data / "outbox").glob("*.eml"))] if (data / "outbox").exists() else []


# ---- 1. one login policy ----------------------------------------------------------------------------

def test_one_refusal_stops_every_connection_until_the_next_poll(monkeypatch):
    from intake_bot.sources import logins
    from intake_bot.sources.logins import LoginGate, Who, key_of
    clock = [1000.0]
    monkeypatch.setattr(logins.time, "monotonic", lambda: clock[0])
    gate, key = LoginGate(), key_of("imap.163.com", 993, "center@163.com", "wrong")
    with gate.poll(300):
        assert gate.blocking(key, Who.DRAFTS) is None
        clock[0] += 2
        gate.refused(key, Who.DRAFTS, "refused", "NO [AUTHENTICATIONFAILED]")
        assert all(gate.blocking(key, who) for who in (Who.POLL, Who.WATCHER, Who.DRAFTS))   # not again in this poll
    clock[0] += 298 - 1                                   # the next poll, one interval after this one began
    with gate.poll(300):
        assert gate.blocking(key, Who.POLL) is None       # the poll tries again, once
        assert gate.blocking(key, Who.WATCHER) and gate.blocking(key, Who.DRAFTS)
    assert gate.blocking(key, Who.CHECK) is None          # check-config: the operator asks
    assert gate.blocking(key_of("imap.163.com", 993, "center@163.com", "mended"), Who.WATCHER) is None
    gate.accepted(key, Who.POLL, [b"IMAP4rev1", b"IDLE"])
    assert gate.blocking(key, Who.WATCHER) is None and gate.idle_offered is True


@pytest.mark.integration
def test_check_config_tries_the_login_once_even_while_the_service_holds_back(tmp_path, world, dovecot, capsys,
                                                                               monkeypatch):
    """check-config is the operator asking: one attempt on the server, never held back by a refusal the
    service saw, and its own refusal holds nothing back (the service's poll is not delayed by it)."""
    import time

    from intake_bot.sources import logins
    from intake_bot.sources.logins import GATE, Who, key_of
    monkeypatch.setattr(GATE, "_refusals", {})
    monkeypatch.setenv("INTAKE_CHECK_PW", "wrong")
    GATE.refused(key_of("127.0.0.1", dovecot.port, "intake", "wrong"), Who.POLL, "refused", None)   # a poll was refused
    held = dict(GATE._refusals)
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{tmp_path / "data"}"\n[mailbox]\nkind = "imap"\n'
                   f'host = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\nuser = "intake"\n'
                   f'password_env = "INTAKE_CHECK_PW"\n', encoding="utf-8")
    log = dovecot.root / "dovecot.log"
    failed = lambda: log.read_text(errors="replace").count("auth failed") if log.exists() else 0   # noqa: E731
    before = failed()
    capsys.readouterr()
    assert main(["check-config", "--config", str(cfg)]) == 2
    out = capsys.readouterr().out
    assert "拒绝了用户名或密码" in out and "服务器答复" in out and "不再尝试登录" not in out
    deadline = time.monotonic() + 20
    while failed() == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert failed() - before == 1                          # one attempt, on the server
    assert GATE._refusals == held                          # the check's refusal holds back nothing
    assert logins.GATE.blocking(key_of("127.0.0.1", dovecot.port, "intake", "wrong"), Who.CHECK) is None


# ---- 2. one size limit for every source -----------------------------------------------------------

def _big_mail(n: int, size: int) -> tuple[str, bytes]:
    return f"{n:03d}-big.eml", render(Mail(S01[7], S01[5], "材料（大）", "请查收。",
                                           [Attachment("照片.bin", os.urandom(size))], message_id="<big@ysht.gx.example>"))


def test_a_mail_over_the_limit_is_quarantined_once_and_never_blocks_a_later_poll(tmp_path, world, capsys):
    src = _mail_dir(tmp_path, [_big_mail(1, 1_500_000), world["mails"][0]])
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{tmp_path / "data"}"\n'
                   f'[mailbox]\nkind = "folder"\npath = "{src}"\n[limits]\nmax_mail_bytes = 1000000\nocr = false\n',
                   encoding="utf-8")
    args = ["run", "--once", "--config", str(cfg), "--now", NOW]
    assert main(args) == 0
    assert [m["status"] for m in _export(tmp_path / "data")["messages"] if m["source"] == "001-big.eml"] == \
        ["quarantined"]                                   # at once: no retry can mend it
    (src / world["mails"][1][0]).write_bytes(world["mails"][1][1])      # a new mail arrives
    assert main(args) == 0 and main(args) == 0                          # every later poll runs through
    messages = {m["source"]: m for m in _export(tmp_path / "data")["messages"]}
    assert len(messages) == 3
    big = messages["001-big.eml"]
    assert big["status"] == "quarantined" and "邮件过大（2 MB，上限 1 MB" in big["error"]
    assert messages[world["mails"][1][0]]["status"] == "done"
    wb = openpyxl.load_workbook(tmp_path / "data" / "材料跟踪表.xlsx")
    assert any("001-big.eml" in str(r) and "邮件过大" in str(r) for r in wb["待人工核对"].iter_rows(values_only=True))
    capsys.readouterr()
    assert main(["status", "--config", str(cfg)]) == 0
    assert "邮件过大" in capsys.readouterr().out


def test_the_folder_source_never_reads_a_mail_over_the_limit(tmp_path, monkeypatch):
    from intake_bot.sources import folder
    from intake_bot.sources.folder import FolderSource
    (tmp_path / "a.eml").write_bytes(b"x" * 5000)
    (tmp_path / "b.eml").write_bytes(b"y" * 100)
    reads = []

    class Watched:
        def __init__(self, fh):
            self.fh = fh

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def read(self, n=-1):
            reads.append((Path(self.fh.name).name, n))
            return self.fh.read(n)

    monkeypatch.setattr(folder, "open", lambda path, mode="r", *a, **k: Watched(open(path, mode, *a, **k)),
                        raising=False)
    items = list(FolderSource(tmp_path, max_bytes=1024))
    assert [(i.source, len(i.raw), bool(i.error)) for i in items] == [("a.eml", 0, True), ("b.eml", 100, False)]
    assert reads == [("b.eml", 1025)]                     # the large one's size from the open file, no byte of it read


def test_a_mail_that_fails_before_it_is_archived_is_recorded_once_and_never_stops_a_poll(tmp_path, world,
                                                                                          monkeypatch):
    """A mail that fails before it is archived, in two polls running, is recorded once and the polls and
    the mail after it go on. (Today such failures are quarantined at once — a retry cannot mend them — so
    the test lets this one be retried, as a fetch error once was: recorded a second time, the poll
    aborted with `UNIQUE constraint failed: messages.source`, every poll after it too.)"""
    import errno

    from intake_bot.store import archive
    from intake_bot import deciding
    real = archive.store
    first = world["mails"][0]

    def store(root, raw, *args, **kwargs):
        if raw == first[1]:
            raise OSError(errno.ENAMETOOLONG, "File name too long")
        return real(root, raw, *args, **kwargs)

    monkeypatch.setattr(archive, "store", store)
    monkeypatch.setattr(deciding, "_hopeless", lambda mail: mail.hopeless)     # retried, as a fetch error once was
    src = _mail_dir(tmp_path, [first])
    data = tmp_path / "data"
    assert _run(src, world, data) == 0
    (src / world["mails"][1][0]).write_bytes(world["mails"][1][1])
    assert _run(src, world, data) == 0
    messages = {m["source"]: m for m in _export(data)["messages"]}
    assert len(messages) == 2 and messages[first[0]]["status"] == "failed"
    assert messages[world["mails"][1][0]]["status"] == "done"
    from intake_bot.store.state import State
    with State.existing(data) as state:
        assert state.attempts(state.message_by_source(first[0]).row) == 2      # one record, tried twice


@pytest.mark.integration
def test_imap_asks_the_size_first_and_never_fetches_a_mail_over_the_limit(tmp_path, world, dovecot, monkeypatch):
    import uuid

    import imapclient
    from servers import PASSWORD
    folder = "Z" + uuid.uuid4().hex[:8]
    client = dovecot.client()
    client.create_folder(folder)
    client.logout()
    dovecot.append([_big_mail(1, 1_500_000)[1], world["mails"][0][1]], folder=folder)
    fetched = []
    real = imapclient.IMAPClient.fetch

    def recording(self, messages, data, *args, **kwargs):
        fetched.append((list(messages), [x if isinstance(x, str) else x.decode() for x in data]))
        return real(self, messages, data, *args, **kwargs)

    monkeypatch.setattr(imapclient.IMAPClient, "fetch", recording)
    monkeypatch.setenv("INTAKE_SIZE_PW", PASSWORD)
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{tmp_path / "data"}"\n[mailbox]\nkind = "imap"\n'
                   f'host = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\nuser = "intake"\n'
                   f'password_env = "INTAKE_SIZE_PW"\nfolders = ["{folder}"]\n[limits]\nmax_mail_bytes = 1000000\n'
                   f'ocr = false\n', encoding="utf-8")
    for _ in range(2):
        assert main(["run", "--once", "--config", str(cfg), "--now", NOW]) == 0
    bodies = [uid for uids, items in fetched if "BODY.PEEK[]" in items for uid in uids]
    assert 1 not in bodies and 2 in bodies                  # the large one's size was asked, its body never
    messages = _export(tmp_path / "data")["messages"]
    by_uid = {m["source"].rsplit("/", 1)[1]: (m["status"], "邮件过大" in (m["error"] or "")) for m in messages}
    assert by_uid == {"1": ("quarantined", True), "2": ("done", False)}


# ---- 3. the data directory is private -----------------------------------------------------------

def _open_to_others(root: Path) -> list[Path]:
    return [p for p in [root, *root.rglob("*")] if not p.is_symlink() and p.stat().st_mode & 0o077]


def test_the_data_directory_is_private_and_check_config_closes_one_left_open(tmp_path, world, capsys):
    data = tmp_path / "data"
    assert _run(world["eml"], world, data) == 0
    assert _open_to_others(data) == []
    assert stat.S_IMODE(data.stat().st_mode) == 0o700 and stat.S_IMODE((data / "state.sqlite3").stat().st_mode) == 0o600
    for path in (data, data / "logs", data / "state.sqlite3", data / "logs" / "intake-bot.log"):
        path.chmod(0o755 if path.is_dir() else 0o644)     # as an earlier version or a copy left them
    capsys.readouterr()
    main(["check-config", "--roster", str(world["roster"]), "--data-dir", str(data)])
    assert "已将 4 个文件或文件夹改为仅服务用户可读写" in capsys.readouterr().out
    assert _open_to_others(data) == []
    assert "UMask=0077" in (ROOT / "config" / "intake-bot.service").read_text(encoding="utf-8")


# ---- 4. a forged sender, and links ------------------------------------------------------------------

LINKS = ["t.me/freegift", "bit.ly/3xYz", "win.vip", "loan.shop/x", "evil。com", "ｅｖｉｌ．ｃｏｍ", "hxxp://phish.example"]


def test_a_stranger_gets_one_reply_in_the_whole_collection_and_no_link_is_repeated(tmp_path, world):
    stranger = "victim@third-party.example"
    mails = [(f"{i:03d}-stranger.eml", render(Mail(
        stranger, "王五", f"竞赛材料 {link} 领奖", "请查收竞赛工作总结。",
        [Attachment(f"竞赛工作总结{link.replace('/', '-')}.docx", d.summary_docx(S01[1], S01[2]))],
        message_id=f"<stranger{i}@third-party.example>"))) for i, link in enumerate(LINKS[:3], 1)]
    src = _mail_dir(tmp_path, mails)
    data = tmp_path / "data"
    assert _run(src, world, data) == 0
    for i, link in enumerate(LINKS[3:], 4):                # the next days, other words, other links
        (src / f"{i:03d}-stranger.eml").write_bytes(render(Mail(
            stranger, "王五", f"补充材料 {link}", "见附件。", [Attachment(f"{link}.docx", d.summary_docx(S01[1], S01[2]))],
            message_id=f"<stranger{i}@third-party.example>")))
        assert main(["run", "--once", "--source", str(src), "--roster", str(world["roster"]), "--data-dir", str(data),
                     "--now", f"2025-02-2{i - 3}T09:00:00+08:00"]) == 0
    replies = _replies(data)
    assert [str(r["To"]) for r in replies] == [stranger]
    text = str(replies[0]["Subject"]) + replies[0].get_content()
    assert "（链接已略去）" in text
    for link in LINKS:
        assert link not in text and link.split("/")[0] not in text, link


@pytest.mark.parametrize("words", LINKS + ["www.example.cn", "https://x.example/a", "访问 10.0.0.1/a", "me@evil.com"])
def test_nothing_that_looks_like_a_link_or_a_host_name_is_quoted(words):
    from intake_bot.outputs.replies import quoted
    for text, file_name in ((f"材料 {words} 请查收", False), (f"{words}.pdf", True), (words, True)):
        if file_name and "/" in words:
            continue                                      # a file name's folder part is never quoted at all
        out = quoted(text, limit=80, file_name=file_name)
        assert "（链接已略去）" in out and not any(part in out for part in (words, words.split("/")[0])), (text, out)


def test_file_names_and_numbers_are_quoted_as_they_are():
    from intake_bot.outputs.replies import quoted
    for name in ("竞赛工作总结.docx", "4.自行开展竞赛情况.docx", "决赛成绩单.pdf.exe", "score_v2.1.pdf",
                 "成绩单 2024.12.30.pdf", "材料.zip"):
        assert quoted(name, limit=80, file_name=True) == name
    assert quoted("关于报送2024.12材料（第3.5条）", limit=80) == "关于报送2024.12材料（第3.5条）"


# ---- 5. jobs, copies, signals, pipes --------------------------------------------------------------

def test_the_jobs_of_one_process_wait_for_each_other(tmp_path):
    from intake_bot.base.errors import LockedError
    from intake_bot.store.lock import DataDirLock
    held, release, outcome = threading.Event(), threading.Event(), []

    def poll():
        with DataDirLock(tmp_path):
            held.set()
            release.wait(30)

    def workbook():
        held.wait(30)
        try:
            with DataDirLock(tmp_path):
                outcome.append("written")
        except LockedError as exc:
            outcome.append(str(exc))

    threads = [threading.Thread(target=poll), threading.Thread(target=workbook)]
    for t in threads:
        t.start()
    held.wait(30)
    release.set()
    for t in threads:
        t.join(30)
    assert outcome == ["written"]


def test_each_unreadable_workbook_is_kept_under_its_own_name(tmp_path, world):
    data = tmp_path / "data"
    assert _run(world["eml"], world, data) == 0
    book = data / "材料跟踪表.xlsx"
    for damage in (b"first broken copy", b"second broken copy"):
        book.write_bytes(damage)                          # the same --now: the same second both times
        assert main(["run", "--once", "--source", str(world["eml"]), "--roster", str(world["roster"]),
                     "--data-dir", str(data), "--now", NOW]) == 0
    kept = sorted(data.glob("材料跟踪表.无法读取-*.xlsx"))
    assert sorted(p.read_bytes() for p in kept) == [b"first broken copy", b"second broken copy"]


def test_a_stop_during_start_up_is_a_graceful_stop(tmp_path, world):
    """The config file is a pipe: the service waits in start-up until the test writes it, and gets
    SIGTERM there (the pipe is served as often as the service reads its settings)."""
    import errno
    import signal
    import time
    src = _mail_dir(tmp_path, world["mails"][:1])
    data = tmp_path / "data"
    fifo = tmp_path / "bot.toml"
    os.mkfifo(fifo)
    text = f'roster = "{world["roster"]}"\ndata_dir = "{data}"\n[mailbox]\nkind = "folder"\npath = "{src}"\n'
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", "run", "--config", str(fifo)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    signalled, deadline = False, time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)     # fails until the service opens it to read
        except OSError as exc:
            assert exc.errno == errno.ENXIO
            time.sleep(0.02)
            continue
        if not signalled:                                 # the service is reading its settings: stop it there
            proc.send_signal(signal.SIGTERM)
            signalled = True
        os.set_blocking(fd, True)
        try:
            os.write(fd, text.encode("utf-8"))
        except BrokenPipeError:
            pass
        os.close(fd)
        time.sleep(0.05)
    out, err = proc.communicate(timeout=120)
    assert signalled and proc.returncode == 0, err.decode()
    text = (data / "logs" / "intake-bot.log").read_text(encoding="utf-8")
    assert "已停止" in text and "Traceback" not in err.decode()


def test_a_closed_pipe_ends_status_quietly(tmp_path, world):
    data = tmp_path / "data"
    assert _run(world["eml"], world, data) == 0
    read, write = os.pipe()
    os.close(read)                                        # `status | head -0`: the reader is gone
    done = subprocess.run([sys.executable, "-m", "intake_bot.cli", "status", "--data-dir", str(data)], stdout=write,
                          stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    os.close(write)
    assert done.stderr.decode() == "" and done.returncode == 141


# ---- 6. the safety nets no test guarded -----------------------------------------------------------

@pytest.mark.integration
def test_a_reply_the_smtp_server_accepted_before_the_bot_died_is_never_sent_again(tmp_path, world):
    """aiosmtpd keeps the first reply, then kills the bot before it hears "250": the reply is pending in
    the state. The next run must not send it again (it is recorded as uncertain, for staff)."""
    import signal

    from aiosmtpd.controller import Controller
    from runner import run_bot
    from servers import free_port
    received, bot = [], {}

    class KillsTheSender:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.original_content or envelope.content)
            if len(received) == 1:
                os.killpg(bot["pid"], signal.SIGKILL)      # accepted, and the sender dies before the answer
            return "250 OK"

    port = free_port()
    controller = Controller(KillsTheSender(), hostname="127.0.0.1", port=port)
    controller.start()
    src = _mail_dir(tmp_path, world["mails"])
    data = tmp_path / "data"
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{data}"\nreply_mode = "smtp"\nworkers = 1\n'
                   f'[mailbox]\nkind = "folder"\npath = "{src}"\n[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                   f'security = "plain"\n[limits]\nocr = false\n', encoding="utf-8")
    args = [sys.executable, "-m", "intake_bot.cli", "run", "--once", "--config", str(cfg), "--now", NOW]
    try:
        proc = subprocess.Popen(args, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        bot["pid"] = proc.pid
        assert proc.wait(300) == -signal.SIGKILL
        again = run_bot(["run", "--once", "--config", str(cfg), "--now", NOW], cwd=tmp_path)
        assert again.returncode == 0, again.stderr
    finally:
        controller.stop()
    ids = [email.message_from_bytes(raw)["Message-ID"] for raw in received]
    assert len(ids) == len(set(ids)) and len(ids) >= 2                 # the others went; none twice
    from intake_bot.store.state import State
    with State.existing(data) as state:
        assert state.reply_counts().get("uncertain") == 1


def test_the_raw_mail_is_on_disk_before_anything_reads_it(tmp_path, world, monkeypatch):
    import hashlib

    from intake_bot.mail import mime
    synced: set[int] = set()
    real_fsync, real_parse = os.fsync, mime.parse_lean
    data = tmp_path / "data"
    checked = []

    def fsync(fd):
        synced.add(os.fstat(fd).st_ino)
        return real_fsync(fd)

    def parse(raw, *args, **kwargs):
        archived = next((data / "archive").rglob(f"{hashlib.sha256(raw).hexdigest()}.eml"))
        assert archived.stat().st_ino in synced, "the raw mail was read before it was synced to disk"
        checked.append(archived.name)
        return real_parse(raw, *args, **kwargs)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(mime, "parse_lean", parse)
    assert _run(world["eml"], world, data) == 0
    assert len(checked) == len(world["mails"])


def test_a_zip_that_only_its_ratio_betrays_is_refused_under_the_default_limits(tmp_path, world):
    from intake_bot.settings.config import Limits
    zeros = 50 * 1024 * 1024
    bomb = raw_zip([("竞赛工作总结.txt".encode("gb18030"), bytes(zeros))])
    limits = Limits()
    assert len(bomb) < 100_000 and zeros < limits.max_member_bytes and zeros < limits.max_total_bytes
    src = _mail_dir(tmp_path, [("001-bomb.eml", render(Mail(S01[7], S01[5], "竞赛材料", "见附件。",
                                                            [Attachment("材料.zip", bomb)], message_id="<ratio@x>")))])
    data = tmp_path / "data"
    assert _run(src, world, data) == 0
    [doc] = _export(data)["messages"][0]["attachments"]
    assert doc["class"] == "unsafe" and "ratio" in doc["reason"]


def test_a_control_character_in_a_form_field_goes_through_the_workbook(tmp_path, world):
    """Control characters pasted into a form's fields and the sender's name reach every sheet that shows
    them (基本情况表, 全区汇总's note on a form naming another unit, 今日概要's new mail) cleaned, and the run
    goes on (openpyxl refuses a control character in any cell)."""
    form = dataclasses.replace(FORMS["S04"], host="南宁\x07某某\x1b学校", final_venue="南宁市\x07（示范\x1b基地）")
    src = _mail_dir(tmp_path, [("001-pasted.eml", render(Mail(S04[7], "李\x07四", "基本情况表", d.annex1_html(form),
                                                              html_only=True, message_id="<ctl@sfny.gx.example>",
                                                              date="Thu, 20 Feb 2025 08:30:00 +0800")))])
    data = tmp_path / "data"
    assert _run(src, world, data) == 0
    assert _export(data)["messages"][0]["status"] == "done"
    wb = openpyxl.load_workbook(data / "材料跟踪表.xlsx")

    def texts(title: str) -> str:
        return "\n".join(c for row in wb[title].iter_rows(values_only=True) for c in row if isinstance(c, str))
    assert "南宁市（示范基地）" in texts("基本情况表").split("\n")
    assert "南宁某某学校" in texts("全区汇总")
    assert "报送：基本情况表（附件1）" in texts("今日概要")     # the mail is among the new ones, its row written


def test_no_reminder_for_an_entry_staff_marked_all_received(tmp_path, world):
    data = tmp_path / "data"
    assert _run(world["eml"], world, data) == 0
    book = data / "材料跟踪表.xlsx"
    wb = openpyxl.load_workbook(book)
    ws = wb["材料跟踪"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S03")
    ws.cell(row, header.index("人工认定已收") + 1, "全部")
    wb.save(book)
    assert main(["remind", "--roster", str(world["roster"]), "--data-dir", str(data), "--reply-mode", "outbox",
                 "--now", "2025-02-22T09:00:00+08:00"]) == 0
    reminded = sorted(str(m["To"]) for m in _replies(data) if str(m["Subject"]).startswith("提醒"))
    assert reminded == ["huangli@gxyl.example.cn", "liangjing@sfny.gx.example"]      # S03 is not among them


def test_a_resend_is_a_new_file_in_the_outbox_never_over_the_first(tmp_path):
    from email.message import EmailMessage

    from intake_bot.outputs.replies import Outbox
    outbox = Outbox(tmp_path / "outbox")
    for text in ("first", "second"):
        msg = EmailMessage()
        msg["Subject"] = text
        msg.set_content(text)
        outbox.deliver(msg, "reminder-S03-20250222-D3")
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert [p.name for p in files] == ["reminder-S03-20250222-D3-2.eml", "reminder-S03-20250222-D3.eml"]
    assert sorted(email.message_from_bytes(p.read_bytes())["Subject"] for p in files) == ["first", "second"]


def test_the_same_mail_delivered_again_to_the_outbox_is_the_file_already_there(tmp_path):
    """A delivery resumed after a crash between the write and its record (the same Message-ID) finds
    its file instead of writing a second copy; another mail under the same key is still a new file."""
    from email.message import EmailMessage

    from intake_bot.outputs.replies import Outbox
    outbox = Outbox(tmp_path / "outbox")
    msg = EmailMessage()
    msg["Subject"], msg["Message-ID"] = "reply", "<r1@intake-bot.example>"
    msg.set_content("reply")
    first = outbox.deliver(msg, "reply-S03")
    assert outbox.deliver(msg, "reply-S03") == first
    other = EmailMessage()
    other["Subject"], other["Message-ID"] = "reply again", "<r2@intake-bot.example>"
    other.set_content("again")
    assert outbox.deliver(other, "reply-S03") != first
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 2


def test_staff_read_a_quarantined_mails_reason_only_when_it_was_written_for_them():
    from intake_bot.intake import POISON
    from intake_bot.sources import too_large
    from intake_bot.standing.waiting import _staff_reason
    assert _staff_reason(POISON) == POISON and _staff_reason(too_large(90 << 20, 80 << 20)).startswith("邮件过大")
    internal = "save_files: OSError: [Errno 28] No space left on device: '/data/files/未匹配/总结.docx'"
    assert _staff_reason(internal) == "这封邮件无法自动处理，请人工查看原邮件"      # a Chinese file name inside is no staff text
