"""Operating the service blind: check-config against real servers, the daemon's jobs, a graceful stop."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from intake_bot.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _config(tmp_path: Path, text: str) -> Path:
    cfg = tmp_path / "bot.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


@pytest.mark.integration
def test_check_config_tries_the_mailbox_and_smtp_one_line_each(tmp_path, world, dovecot, smtp_sink, capsys, monkeypatch):
    from servers import PASSWORD
    base = (f'roster = "{world["roster"]}"\ndata_dir = "{tmp_path / "data"}"\nreply_mode = "smtp"\n'
            f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\nuser = "intake"\n'
            f'password_env = "INTAKE_CHECK_PW"\nfolders = ["INBOX"]\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {smtp_sink.port}\nsecurity = "plain"\n')
    monkeypatch.setenv("INTAKE_CHECK_PW", PASSWORD)
    assert main(["check-config", "--config", str(_config(tmp_path, base))]) == 0
    out = capsys.readouterr().out
    assert "✓ IMAP 127.0.0.1：登录成功" in out and "✓ SMTP 127.0.0.1" in out and "全部检查通过" in out
    assert "✓ IMAP 即时通知（IDLE）：服务器支持" in out                 # Dovecot offers IDLE
    assert smtp_sink.messages == []                               # nothing sent
    monkeypatch.setenv("INTAKE_CHECK_PW", "wrong")
    assert main(["check-config", "--config", str(_config(tmp_path, base))]) == 2
    out = capsys.readouterr().out
    assert "✗ IMAP" in out and "拒绝了用户名或密码" in out and "Traceback" not in out
    monkeypatch.delenv("INTAKE_CHECK_PW")
    assert main(["check-config", "--config", str(_config(tmp_path, base))]) == 2
    assert "没有 IMAP 密码" in capsys.readouterr().out              # said before connecting


def test_check_config_refuses_each_bad_setting_in_one_sentence(tmp_path, capsys):
    cfg = _config(tmp_path, 'reply_mode = "smpt"\nmax_attempts = "3"\n[mailbox]\nkind = "imap"\nhost = "imap.163.com"\n'
                            'security = "ssl"\n')
    assert main(["check-config", "--config", str(cfg)]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("✗ 设置 ") for line in lines)
    assert "or" not in " ".join(lines).replace("outbox", "")            # the choices are listed in Chinese


def test_the_daemon_schedules_poll_reminders_and_digest():
    from intake_bot.app import Intake
    from intake_bot.settings.config import Settings
    from intake_bot.daemon import build_scheduler
    scheduler = build_scheduler(Intake(Settings(poll_minutes=2)))
    jobs = {j.id: j for j in scheduler.get_jobs()}
    assert set(jobs) == {"poll", "workbook", "remind", "digest"}
    assert jobs["poll"].max_instances == 1 and jobs["poll"].coalesce


@pytest.mark.integration
def test_sigterm_lets_the_mail_in_hand_finish_and_stops(tmp_path, world):
    src = tmp_path / "src"
    src.mkdir()
    for name, raw in world["mails"]:
        (src / name).write_bytes(raw)
    data = tmp_path / "data"
    cfg = _config(tmp_path, f'roster = "{world["roster"]}"\ndata_dir = "{data}"\npoll_minutes = 60\n'
                            f'[mailbox]\nkind = "folder"\npath = "{src}"\n[limits]\nocr = false\n')
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", "run", "--config", str(cfg)], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    log = data / "logs" / "intake-bot.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (log.exists() and "邮件 " in log.read_text(encoding="utf-8")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    text = log.read_text(encoding="utf-8")
    assert "收到停止信号" in text and "已停止" in text
    from intake_bot.store.state import State
    with State.existing(data) as state:
        statuses = state.count_by("status")
    assert "received" not in statuses                             # nothing left half-done
    assert main(["run", "--once", "--config", str(cfg)]) == 0      # the rest is taken up by the next run
    with State.existing(data) as state:
        assert state.count_by("status") == {"done": len(world["mails"])}


def test_a_poll_that_cannot_reach_the_mailbox_is_tried_again_sooner(tmp_path, caplog, monkeypatch, world):
    """Connection refused: the next poll in 30 s, then 60 s, ... never later than the interval; a
    refused login waits for the interval."""
    import datetime as dt

    from servers import free_port

    from intake_bot import daemon
    from intake_bot.app import Intake
    from intake_bot.settings.config import Mailbox, Settings
    from intake_bot.base.errors import LoginError
    monkeypatch.setenv("INTAKE_RETRY_PW", "x")
    box = Mailbox(kind="imap", host="127.0.0.1", port=free_port(), security="plain", user="intake",
                  password_env="INTAKE_RETRY_PW")
    settings = Settings(mailbox=box, data_dir=tmp_path / "data", poll_minutes=2, roster=str(world["roster"]))
    app = Intake(settings)
    scheduler = daemon.build_scheduler(app)
    job = scheduler.get_job("poll")
    pauses = []
    for _ in range(4):
        job.func(app)
        after = dt.datetime.now(dt.timezone.utc)          # the pause counts from the end of the failed poll
        pending = scheduler.get_job("poll").next_run_time
        pauses.append(round((pending - after).total_seconds()))
    assert pauses[:2] == [30, 60] and all(p <= 120 for p in pauses), pauses
    said = [r.getMessage() for r in caplog.records if r.name == "intake_bot.daemon"]
    assert "无法连接 IMAP 服务器" in said[0] and "30 秒后重试" in said[0]
    retry = daemon.Reconnect(120)
    assert retry.failed(LoginError("refused")) is None


def test_status_says_what_comes_next_in_local_time(tmp_path, world):
    """The next poll after the last one, the next reminder day at its hour, the digest hour; before
    the deadline's reminders are over, and after."""
    import datetime as dt

    from intake_bot.settings.config import CHINA_TZ, Settings
    from intake_bot.outputs.status import status_lines
    data = tmp_path / "data"
    assert main(["run", "--once", "--source", str(world["eml"]), "--roster", str(world["roster"]),
                 "--data-dir", str(data), "--now", "2025-02-14T09:00:00+08:00"]) == 0
    settings = Settings(data_dir=data, roster=str(world["roster"]), poll_minutes=5)
    from intake_bot.store.state import State
    with State.existing(data) as state:
        last = state.meta.last_poll.at
    just_after = last + dt.timedelta(minutes=1)
    lines = status_lines(settings, now=just_after)
    due = (last + dt.timedelta(minutes=5)).astimezone(CHINA_TZ)
    assert f"下次检查邮箱：约 {due:%Y-%m-%d %H:%M}（每 5 分钟一次）" in lines
    before = dt.datetime(2025, 2, 19, 10, 0, tzinfo=CHINA_TZ)          # deadline 02-25; reminders 7, 3, 1 days before
    assert "下次提醒：2025-02-22 09:00（截止前 3 天，发给材料未齐或需要更正的联系人）" in status_lines(settings, now=before)
    after = dt.datetime(2025, 2, 24, 10, 0, tzinfo=CHINA_TZ)
    assert "下次提醒：截止前的提醒已全部发完" in status_lines(settings, now=after)
    assert f"每日简报：每天 {settings.digest_hour} 点" in lines
