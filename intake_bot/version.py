"""Which reader read a mail: the release number and a digest of what decides a reading — the code that
reads (intake_bot and parsers, without the modules that only write outputs or talk to servers) and the
campaign file (its rules recognise the materials) — so two builds of one release are told apart, and a
change of wording is not a new reader. Recorded with every reading; shown by `reread` and `status`."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from . import __version__

_PACKAGES = ("intake_bot", "parsers")
# Modules that do not decide how a mail is read: outputs, commands, servers, the service around it.
_NOT_READING = {"tracking", "cli.py", "status.py", "reread.py", "reread_words.py", "version.py", "daemon.py",
                "digest.py", "replies.py", "reminders.py", "answer.py", "check.py", "export.py", "apart.py",
                "sources", "argwords.py", "lock.py", "private.py",
                "staff_input.py", "decisions.py", "entry_state.py", "waiting.py", "app.py", "polling.py",
                "workbook_refresh.py", "editor_lock.py", "progress.py", "commands.py", "logs.py", "correction.py"}


@lru_cache(maxsize=8)
def reader_version(campaign_file: str | Path | None = None) -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            relative = path.relative_to(root / package)
            if relative.parts[0] in _NOT_READING:
                continue
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    if campaign_file and Path(campaign_file).is_file():
        digest.update(b"campaign\0" + Path(campaign_file).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def version_text(version: str) -> str:
    """A reader's version as staff read it: 版本 0.2.0（读取程序编号 1a2b3c4d）."""
    release, _, build = version.partition("+")
    return f"版本 {release}" + (f"（读取程序编号 {build}）" if build else "")
