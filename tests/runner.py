"""Run the bot as a real process (its own session), watch the resident memory of every process of it,
and kill it on demand: what fault and hostile-input tests need."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from intake_bot.reading.workers import session_members  # noqa: E402,F401  (the fault tests use it too)


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (workers start sessions of their own, so sessions are not enough)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_bytes()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def name_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


@dataclass
class Outcome:
    returncode: int | None
    stdout: str
    stderr: str
    peak_mb: dict = field(default_factory=dict)      # process name → largest resident size seen
    killed: bool = False
    left_behind: list = field(default_factory=list)  # processes of the run alive after it ended


def run_bot(args: list[str], cwd: Path, env: dict | None = None, kill_after: float | None = None,
            timeout: float = 600) -> Outcome:
    """`intake-bot ARGS` in a new session; with kill_after, SIGKILL to every process of it then."""
    proc = subprocess.Popen([sys.executable, "-m", "intake_bot.cli", *args], cwd=cwd,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    peak: dict[str, float] = {}
    start = time.monotonic()
    killed = False
    tree: set[int] = set()
    while proc.poll() is None:
        members = [proc.pid, *descendants(proc.pid)]
        tree.update(members)
        for pid in members:
            name = "main" if pid == proc.pid else name_of(pid)
            peak[name] = max(peak.get(name, 0.0), rss_mb(pid))
        elapsed = time.monotonic() - start
        if (kill_after is not None and elapsed > kill_after) or elapsed > timeout:
            for pid in members:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            killed = True
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    time.sleep(0.3)
    alive = [pid for pid in tree if pid != proc.pid and Path(f"/proc/{pid}").exists()
             and b"zombie" not in Path(f"/proc/{pid}/status").read_bytes().lower()]
    if killed:                                        # what a kill left behind, cleaned up for the next round
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    return Outcome(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), peak, killed,
                   alive)
