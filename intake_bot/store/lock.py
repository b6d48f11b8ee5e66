"""One run at a time per data directory (two runs would consume and reply twice). Inside one process the
service's own jobs (poll, workbook, reminders, digest) wait for each other instead of refusing each
other: the file lock is taken after a lock per data directory that the threads of the process share."""
from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from ..base.errors import LockedError


_in_process: dict[str, threading.RLock] = {}
_registry = threading.Lock()


def _thread_lock(path: Path) -> threading.RLock:
    with _registry:
        return _in_process.setdefault(str(path.resolve()), threading.RLock())


class DataDirLock:
    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / ".lock"
        self.fh = None
        self.threads = _thread_lock(self.path)

    def __enter__(self):
        self.threads.acquire()             # another job of this process: wait for it
        try:
            self.fh = open(self.path, "a+")
        except BaseException:
            self.threads.release()
            raise
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            self.threads.release()
            raise LockedError(f"另一个 intake-bot 进程正在使用 {self.path.parent}，请等它结束后再试。") from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc):
        try:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
        finally:
            self.threads.release()
