"""A soak run: the service (`intake-bot run`, a real process) for a simulated season against a real
Dovecot (IMAP, IDLE on) and an aiosmtpd server (replies by SMTP), with a short interval standing in
for the clock: the poll every POLL seconds stands for the 5-minute poll, so a simulated hour is
12 polls. While it runs: mail arrives (a text mail with a summary attached, from the roster's
contacts in turn), Dovecot is restarted (every connection and the IDLE watch dropped), the SMTP server
goes away for a while (an outage), and the workbook is held open (an Excel lock file beside it).
The main process's resident memory (VmRSS) and open files are sampled every few seconds.

Done when the RSS at the end is within 10 % of its value after the first simulated hour, and every
mail is answered exactly once (one SMTP reply whose In-Reply-To is the mail's Message-ID).

    .venv/bin/python bench/bench_soak.py --minutes 30 [--poll 6] [--csv soak.csv]
"""
from __future__ import annotations

import argparse
import email
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_poll import mail, roster  # noqa: E402
from samples.world import roster_csv  # noqa: E402
from servers import PASSWORD, Dovecot, free_port  # noqa: E402


class Smtp:
    """aiosmtpd on a fixed loopback port that can be taken down and brought back (an outage)."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[bytes] = []
        self.controller = None

    def up(self) -> None:
        from aiosmtpd.controller import Controller
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                sink.messages.append(envelope.original_content or envelope.content)
                return "250 OK"
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def proc_sample(pid: int) -> tuple[float, int]:
    """(VmRSS in MB, open file descriptors) of one process."""
    rss = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=30.0)
    ap.add_argument("--poll", type=float, default=6.0, help="seconds between polls (stands for 5 minutes)")
    ap.add_argument("--mails-per-minute", type=float, default=20.0)
    ap.add_argument("--csv", type=Path)
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    sim_hour = 12 * args.poll                           # real seconds of one simulated hour
    tmp = Path(tempfile.mkdtemp(prefix="intake-soak-"))
    entries = roster(0)
    (tmp / "roster.csv").write_bytes(roster_csv(entries))
    data = tmp / "data"
    dovecot = Dovecot().start()
    smtp = Smtp()
    smtp.up()
    cfg = tmp / "bot.toml"
    cfg.write_text(f'roster = "{tmp / "roster.csv"}"\ndata_dir = "{data}"\npoll_minutes = {args.poll / 60}\n'
                   f'workers = 1\nreply_mode = "smtp"\nreplies_per_day = 100000\nworkbook_minutes = {args.poll * 3 / 60}\n'
                   f'[mailbox]\nkind = "imap"\nhost = "127.0.0.1"\nport = {dovecot.port}\nsecurity = "plain"\n'
                   f'user = "intake"\npassword_env = "SOAK_PW"\n'
                   f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "plain"\nuser = ""\n'
                   f'sender = "intake@jdzx.gx.example"\n[limits]\nocr = false\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SOAK_PW": PASSWORD}
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", "run", "--config", str(cfg)], cwd=tmp, env=env,
                            stdout=subprocess.DEVNULL, stderr=open(tmp / "stderr.txt", "wb"))
    samples: list[tuple[float, float, int]] = []
    sent: list[str] = []
    events = {"dovecot_restarts": 0, "smtp_outages": 0, "workbook_locks": 0}
    start = time.monotonic()
    end = start + args.minutes * 60
    next_mail = next_sample = start
    next_restart = start + rnd.uniform(2, 4) * 60
    next_outage = start + rnd.uniform(3, 5) * 60
    next_lock = start + rnd.uniform(1, 3) * 60
    outage_until = lock_until = 0.0
    lock = data / "~$材料跟踪表.xlsx"
    try:
        while time.monotonic() < end:
            now = time.monotonic()
            if now >= next_mail:
                i = len(sent)
                raw = mail(i, entries)
                dovecot.append([raw])
                sent.append(email.message_from_bytes(raw)["Message-ID"])
                next_mail = now + rnd.expovariate(args.mails_per_minute / 60)
            if now >= next_restart:
                dovecot.restart()
                events["dovecot_restarts"] += 1
                next_restart = now + rnd.uniform(2, 4) * 60
            if now >= next_outage and not outage_until:
                smtp.down()
                events["smtp_outages"] += 1
                outage_until = now + rnd.uniform(20, 60)
            if outage_until and now >= outage_until:
                smtp.up()
                outage_until = 0.0
                next_outage = now + rnd.uniform(3, 5) * 60
            if now >= next_lock and not lock_until and data.exists():
                lock.write_bytes(b"\x05soak")
                events["workbook_locks"] += 1
                lock_until = now + rnd.uniform(20, 60)
            if lock_until and now >= lock_until:
                lock.unlink(missing_ok=True)
                lock_until = 0.0
                next_lock = now + rnd.uniform(2, 4) * 60
            if now >= next_sample:
                if proc.poll() is not None:
                    print("the service exited", proc.returncode)
                    break
                rss, fds = proc_sample(proc.pid)
                samples.append((now - start, rss, fds))
                next_sample = now + 5
            time.sleep(0.2)
        if outage_until:
            smtp.up()
        lock.unlink(missing_ok=True)
        deadline = time.monotonic() + 300                 # the backlog: every mail answered
        while time.monotonic() < deadline and len(smtp.messages) < len(sent):
            time.sleep(1)
        time.sleep(args.poll * 2)                          # a reply sent twice would show by now
        if proc.poll() is None:
            rss, fds = proc_sample(proc.pid)
            samples.append((time.monotonic() - start, rss, fds))
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(120)
            except subprocess.TimeoutExpired:
                proc.kill()
        smtp.down()
        dovecot.stop()
    answers: dict[str, int] = {}
    for raw in smtp.messages:
        key = email.message_from_bytes(raw).get("In-Reply-To", "").strip()
        answers[key] = answers.get(key, 0) + 1
    twice = sum(1 for m in sent if answers.get(m, 0) > 1)
    missing = sum(1 for m in sent if answers.get(m, 0) == 0)
    after_hour = next((s for s in samples if s[0] >= sim_hour), samples[0])
    last = samples[-1]
    if args.csv:
        args.csv.write_text("seconds,rss_mb,open_files\n" + "".join(f"{t:.0f},{r:.1f},{f}\n" for t, r, f in samples))
    result = {
        "real_minutes": round((time.monotonic() - start) / 60, 1), "simulated_hours": round(last[0] / sim_hour, 1),
        "poll_seconds": args.poll, "mails": len(sent), "replies": len(smtp.messages), "answered_twice": twice,
        "unanswered": missing, **events, "service_rc": proc.returncode,
        "rss_after_first_hour_mb": round(after_hour[1], 1), "rss_end_mb": round(last[1], 1),
        "rss_max_mb": round(max(s[1] for s in samples), 1), "rss_end_vs_first_hour": round(last[1] / after_hour[1], 3),
        "open_files_after_first_hour": after_hour[2], "open_files_end": last[2],
        "open_files_max": max(s[2] for s in samples),
        "rss_by_simulated_hour": [round(s[1], 1) for s in samples if int(s[0] / 5) % max(1, int(sim_hour / 5)) == 0],
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    ok = twice == 0 and missing == 0 and abs(result["rss_end_vs_first_hour"] - 1) <= 0.10
    print("DONE" if ok else "NOT DONE", f"(data in {tmp})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
