"""Atomic writes: temp file in the same directory, rename; durable ones fsync the file first and the
directory after. What can be rebuilt (staff copies of attachments) skips the syncs; the archive syncs
its folders once per poll (`sync_dirs`)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, sync: bool = True, sync_dir: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync and sync_dir:
        sync_dirs([path.parent])


def sync_dirs(folders) -> None:
    """Make renames in these folders durable (one fsync per folder)."""
    for folder in folders:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def move_aside(path: Path, tag: str) -> Path:
    """`path` renamed to NAME+tag (then NAME+tag-2, -3, …): a name no file has, so nothing is replaced."""
    n = 1
    while True:
        target = path.with_name(f"{path.stem}{tag}{'' if n == 1 else f'-{n}'}{path.suffix}")
        n += 1
        try:
            os.link(path, target)          # fails when the name is taken: no check-then-rename race
        except FileExistsError:
            continue
        except OSError:                    # a file system without hard links
            if target.exists():
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target
