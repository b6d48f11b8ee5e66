"""A progress bar for a long backlog on a terminal (a first poll, a re-read); nothing under a service
manager or in a pipe."""
from __future__ import annotations

import sys


def progress(items, total=None, desc="处理邮件"):
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm
    total = total if total is not None else getattr(items, "total", None)
    return tqdm(items, total=total, desc=desc, unit="封", leave=False)


def progress_of(desc: str):
    return lambda items, total: progress(items, total, desc)
