"""IMAP IDLE against a real Dovecot: a new mail starts a poll at once (the service's interval is an
hour here); a server that does not offer IDLE (as NetEase's) is said once, and polling goes on; the
watcher reconnects after the server restarts."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from intake_bot.sources import watch
from intake_bot.settings.config import Mailbox

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.integration


def _box(port: int, folder: str = "INBOX") -> Mailbox:
    return Mailbox(kind="imap", host="127.0.0.1", port=port, security="plain", user="intake",
                   password_env="INTAKE_IDLE_PW", folders=(folder,))


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_new_mail_is_answered_at_once_not_at_the_next_poll(tmp_path, dovecot, world):
    from servers import PASSWORD
    folder = "I" + uuid.uuid4().hex[:8]
    c = dovecot.client()
    c.create_folder(folder)
    c.logout()
    data = tmp_path / "data"
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{data}"\npoll_minutes = 60\nworkers = 1\n'
                   f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\n'
                   f'user = "intake"\npassword_env = "INTAKE_IDLE_PW"\nfolders = ["{folder}"]\n'
                   f'[limits]\nocr = false\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", "-v", "run", "--config", str(cfg)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "INTAKE_IDLE_PW": PASSWORD},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = data / "logs" / "intake-bot.log"
    outbox = data / "outbox"
    try:
        assert _wait(lambda: log.exists() and "检查邮箱完成" in log.read_text(encoding="utf-8"), 60)   # the first poll
        time.sleep(1.0)                                    # the watcher is idling by now
        name, raw = next((n, r) for n, r in world["mails"] if world["expect"][n[4:-4]][0] == "submission")
        appended = time.monotonic()
        dovecot.append([raw], folder)
        answered = _wait(lambda: outbox.is_dir() and any(outbox.glob("*.eml")), 60)
        waited = time.monotonic() - appended
        print(f"IDLE: {name} appended; reply written after {waited:.1f} s (the poll interval is 60 min)")
        assert answered, log.read_text(encoding="utf-8")
        assert "邮箱有新邮件，立即检查" in log.read_text(encoding="utf-8")
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()


def test_a_server_without_idle_is_said_once_and_the_watcher_ends(caplog, monkeypatch, own_dovecot):
    from servers import PASSWORD
    monkeypatch.setenv("INTAKE_IDLE_PW", PASSWORD)
    server = own_dovecot(extra="imap_capability = IMAP4rev1 LITERAL+ ID ENABLE\n")
    called = threading.Event()
    watcher = watch.MailboxWatcher(_box(server.port), called.set, poll_minutes=5).start()
    assert _wait(lambda: watcher.offered is False, 20)
    watcher.stop()
    assert not called.is_set()
    said = [r.getMessage() for r in caplog.records if r.name == "intake_bot.sources.watch"]
    assert said == ["邮箱服务器不支持即时通知（IDLE），按设置每 5 分钟检查一次"]


def test_the_watcher_reconnects_after_the_server_restarts(monkeypatch, world, own_dovecot):
    from servers import PASSWORD
    monkeypatch.setenv("INTAKE_IDLE_PW", PASSWORD)
    monkeypatch.setattr(watch, "FIRST_PAUSE", 0.2)
    server = own_dovecot()
    called = threading.Event()
    watcher = watch.MailboxWatcher(_box(server.port), called.set, poll_minutes=1).start()
    assert _wait(watcher.listening.is_set, 20)
    server.restart()
    assert _wait(lambda: watcher.connections >= 2 and watcher.listening.is_set(), 30)   # idling again, anew
    server.append([world["mails"][0][1]])
    assert called.wait(20)
    watcher.stop()


def _failed_logins(server) -> int:
    log = server.root / "dovecot.log"
    return log.read_text(errors="replace").count("auth failed") if log.exists() else 0


def _set_password(server, password: str) -> None:
    from servers import USER
    line = (server.root / "users").read_text().split(":")
    line[1] = "{PLAIN}" + password
    (server.root / "users").write_text(":".join([USER, *line[1:]]))


def test_a_refused_login_is_tried_once_a_poll_interval_by_the_whole_service(tmp_path, world, own_dovecot):
    """IDLE on (the default), a wrong password: neither the watcher nor anything else adds a login
    attempt to the poll's one per interval — from the start (the watcher waits for a poll that logged
    in and saw IDLE), and when the password stops working while the watcher listens (it ends; the poll
    tries again an interval later). `status` says 登录被拒绝 with the time."""
    interval = 6.0                                       # poll_minutes = 0.1
    server = own_dovecot()                               # its own: the test changes the password and restarts it
    data = tmp_path / "data"
    cfg = tmp_path / "bot.toml"
    cfg.write_text(f'roster = "{world["roster"]}"\ndata_dir = "{data}"\npoll_minutes = 0.1\nworkers = 1\n'
                   f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "plain"\n'
                   f'user = "intake"\npassword_env = "INTAKE_IDLE_PW"\n[limits]\nocr = false\n', encoding="utf-8")
    _set_password(server, "the-right-one")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", "-v", "run", "--config", str(cfg)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "INTAKE_IDLE_PW": "a-wrong-one"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log = data / "logs" / "intake-bot.log"
    said = lambda text: log.exists() and text in log.read_text(encoding="utf-8")   # noqa: E731
    try:
        assert _wait(lambda: _failed_logins(server) >= 3, 60)
        wrong_from_start = (_failed_logins(server), time.monotonic() - started)
        assert not said("即时通知")                       # no watcher without a poll that logged in
        status = subprocess.run([sys.executable, "-m", "intake_bot.cli", "status", "--config", str(cfg)],
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
        assert "邮箱登录被拒绝（20" in status.stdout, status.stdout

        _set_password(server, "a-wrong-one")             # the operator mends it: the next poll logs in
        assert _wait(lambda: said("邮箱即时通知已开启"), 60), log.read_text(encoding="utf-8")
        before, changed = _failed_logins(server), time.monotonic()
        said_before = log.read_text(encoding="utf-8")
        _set_password(server, "changed-again")           # the password changes while the watcher listens
        server.restart()                                 # and its connection drops
        assert _wait(lambda: _failed_logins(server) - before >= 3, 60)
        while_listening = (_failed_logins(server) - before, time.monotonic() - changed)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)
    print(f"failed logins (count, seconds): wrong from the start {wrong_from_start}, "
          f"changed while listening {while_listening}; poll interval {interval:g} s")
    for failed, seconds in (wrong_from_start, while_listening):
        assert failed <= int(seconds // interval) + 1
    since = log.read_text(encoding="utf-8")[len(said_before):].splitlines()
    assert sum("邮箱即时通知停止" in line for line in since) == 1, since     # it ended once, not restarted by a refused poll
    assert not any("连接中断" in line and "拒绝" in line for line in since), since   # a refusal is no dropped line
