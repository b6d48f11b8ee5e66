"""Which reader read a mail: the release number and a digest of what decides a reading — the code that
reads (intake_bot and parsers, without the modules that only write outputs or talk to servers) and the
campaign file (its rules recognise the materials) — so two builds of one release are told apart, and a
change of wording is not a new reader. Recorded with every reading; shown by `reread` and `status`."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import __version__

_PACKAGES = ("intake_bot", "parsers")
# What does not decide how a mail is read: where mail comes from, the outputs, the store's bookkeeping,
# what staff decided, and the application around the stages (commands, the service, the workbook refresh).
_NOT_READING = {"sources", "outputs", "version.py", "lock.py", "private.py", "decisions.py", "entry_state.py",
                "waiting.py", "cli.py", "commands.py", "logs.py", "daemon.py", "check.py", "reread.py",
                "argwords.py", "signals.py", "app.py", "polling.py", "workbook_refresh.py", "editor_lock.py",
                "progress.py"}


ROOT = Path(__file__).resolve().parents[2]


def reading_files() -> list[Path]:
    """The code that decides how a mail is read, in a stable order."""
    out = []
    for package in _PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT / package)
            if relative.parts[0] not in _NOT_READING and relative.parts[-1] not in _NOT_READING:
                out.append(path)
    return out


@lru_cache(maxsize=8)
def reader_version(campaign_file: str | Path | None = None) -> str:
    digest = hashlib.sha256()
    for path in reading_files():
        digest.update(str(path.relative_to(ROOT)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    if campaign_file and Path(campaign_file).is_file():
        digest.update(b"campaign\0" + Path(campaign_file).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


def version_text(version: str) -> str:
    """A reader's version as staff read it: 版本 0.2.0（读取程序编号 1a2b3c4d）."""
    release, _, build = version.partition("+")
    return f"版本 {release}" + (f"（读取程序编号 {build}）" if build else "")
