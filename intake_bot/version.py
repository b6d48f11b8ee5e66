"""Which reader read a mail: the release number and a digest of the code that reads (intake_bot and
parsers), so two builds of one release number are told apart. Recorded with every reading and shown
by `reread` and `status`."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from . import __version__

_PACKAGES = ("intake_bot", "parsers")


@lru_cache(maxsize=1)
def reader_version() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"
