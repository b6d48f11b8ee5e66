"""A warm document converter: one headless LibreOffice kept per worker process and reused across files.

A cold `soffice --convert-to` spends nearly all of its 3–4 s starting up; here the worker starts one
LibreOffice listening on a private pipe (its own profile in the worker's temp folder, no macros, no
restore) and a small bridge (office_bridge.py, run by a Python that has LibreOffice's `uno` module)
that opens, converts and closes each file. Both are children of the worker and in its session: the
worker's wall clock and memory watch cover them and they die with it. A conversion still has
legacy.TIMEOUT; a LibreOffice that times out or dies is stopped and the next file starts a new one.
When it cannot start (no `uno` module, no LibreOffice, it never listens) the caller falls back to the
cold start, and this process does not try again.

Only worker processes turn it on (`enable()`); anything else converts cold and leaves nothing running.
"""
from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

MARK = "intake-warm-office"            # in the pipe name and so in both processes' command lines
START_SECONDS = 60.0
BRIDGE = Path(__file__).resolve().parent / "office_bridge.py"
UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python")


class WarmUnavailable(Exception):
    """The warm converter cannot serve: the caller converts cold."""


def uno_python() -> str | None:
    configured = os.environ.get("INTAKE_BOT_UNO_PYTHON")
    for exe in ([configured] if configured else []) + list(UNO_PYTHONS):
        if exe and os.access(exe, os.X_OK):
            return exe
    return None


class WarmOffice:
    def __init__(self, soffice: str, python: str):
        self.folder = Path(tempfile.mkdtemp(prefix="intake-warm-"))
        self.pipe = f"{MARK}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env = {**os.environ, "HOME": str(self.folder)}
        self.office = subprocess.Popen(
            [soffice, f"-env:UserInstallation=file://{self.folder / 'profile'}", "--headless", "--invisible",
             "--norestore", "--nolockcheck", "--nodefault", "--nologo", "--nofirststartwizard",
             f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, process_group=0)
        self.bridge = subprocess.Popen([python, str(BRIDGE), self.pipe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, env=env, process_group=0)
        self.conversions = 0
        reply = self._read(START_SECONDS)
        if not reply or not reply.get("ready"):
            self.stop()
            raise WarmUnavailable((reply or {}).get("error") or "LibreOffice did not start listening")

    def _read(self, seconds: float) -> dict | None:
        """One reply line from the bridge within `seconds`, else None."""
        out = self.bridge.stdout
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([out], [], [], min(left, 1.0))
            if ready:
                line = out.readline()
                if not line:
                    return None                     # the bridge exited
                try:
                    return json.loads(line)
                except ValueError:
                    return {"error": line[:200].decode("utf-8", "replace")}
            if self.bridge.poll() is not None:
                return None

    def convert(self, src: Path, out: Path, target: str, seconds: float) -> str | None:
        """Convert src into out; None when done, else LibreOffice's reason. Raises TimeoutError when it
        took longer than `seconds` and WarmUnavailable when the office or bridge died (both stopped)."""
        request = json.dumps({"in": str(src), "out": str(out), "target": target}) + "\n"
        try:
            self.bridge.stdin.write(request.encode())
            self.bridge.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            raise WarmUnavailable("the converter had stopped") from None
        reply = self._read(seconds)
        if reply is None:
            timed_out = self.bridge.poll() is None and self.office.poll() is None
            self.stop()
            if timed_out:
                raise TimeoutError
            raise WarmUnavailable("LibreOffice stopped while converting")
        self.conversions += 1
        if self.office.poll() is not None or self.bridge.poll() is not None:
            self.stop()                             # it answered but is gone: the next file starts another
        return None if reply.get("ok") else str(reply.get("error") or "unknown error")

    @property
    def alive(self) -> bool:
        return self.office.poll() is None and self.bridge.poll() is None

    def stop(self) -> None:
        for proc in (self.bridge, self.office):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.bridge.stdin, self.bridge.stdout):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


_enabled = False
_office: WarmOffice | None = None
_broken = False                        # it could not start: cold from now on, in this process


def enable(on: bool = True) -> None:
    """Called by a worker process at start (INTAKE_BOT_WARM_OFFICE=0 turns it off)."""
    global _enabled
    _enabled = on and os.environ.get("INTAKE_BOT_WARM_OFFICE", "1") != "0"
    if _enabled:
        atexit.register(discard)           # a process that ends without stopping it leaves nothing running


def office(soffice: str) -> WarmOffice | None:
    """This process's warm LibreOffice, started on first use; None when it is off or cannot start."""
    global _office, _broken
    if not _enabled or _broken:
        return None
    if _office is not None and not _office.alive:
        _office.stop()
        _office = None
    if _office is None:
        python = uno_python()
        if not python:
            _broken = True
            return None
        try:
            _office = WarmOffice(soffice, python)
        except (WarmUnavailable, OSError):
            _broken = True
            return None
    return _office


def discard() -> None:
    """Stop this process's warm LibreOffice (a time-out, a crash); the next file starts another."""
    global _office
    if _office is not None:
        _office.stop()
        _office = None
