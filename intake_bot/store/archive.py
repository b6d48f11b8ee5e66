"""The raw-mail archive: content-addressed by SHA-256, written durably before anything parses it."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .files import write_atomic


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def store(root: Path, raw: bytes, sha256: str | None = None, touched: set | None = None) -> Path:
    """The raw mail, fsynced before anything reads it; its folder is synced once per poll (`touched`
    collects the folders), or at once when no one collects them."""
    sha256 = sha256 or digest(raw)
    # one folder a month (not one per hash prefix): a poll syncs one folder, not one per mail
    path = root / dt.datetime.now(dt.timezone.utc).strftime("%Y-%m") / f"{sha256}.eml"
    if not path.exists():
        write_atomic(path, raw, sync_dir=touched is None)
        if touched is not None:
            touched.update({path.parent, root})
    return path
