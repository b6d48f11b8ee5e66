"""The raw-mail archive: content-addressed by SHA-256, written durably before anything parses it."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .files import write_atomic


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def store(root: Path, raw: bytes, sha256: str | None = None) -> Path:
    sha256 = sha256 or digest(raw)
    path = root / sha256[:2] / f"{sha256}.eml"
    if not path.exists():
        write_atomic(path, raw)
    return path
