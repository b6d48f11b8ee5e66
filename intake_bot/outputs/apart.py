"""The workbook written in a short-lived child process, for the long-running service.

Writing (and reading back) a season's workbook leaves the writer's native memory with the process
that did it, and the largest workbook grows with the season: the service's own memory rose about
0.9 MB per simulated hour of the soak run (bench/RESULTS.md). A child started for each rewrite takes
that memory with it when it ends, so the service stays flat. The child opens the state database
itself and runs under the service's data-directory lock; what it logs is logged again by the parent,
and its errors reach the caller as if the write had been done in process.
"""
from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import pickle
import signal
from pathlib import Path

log = logging.getLogger(__name__)
SECONDS = 900                         # a workbook that takes longer is given up and tried at the next poll


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.lines.append((record.name, record.levelno, record.getMessage()))


def _quiet_signals() -> None:
    # The service's stop (SIGTERM/SIGINT to the whole group) waits for this write; the child does not
    # die half way and leave the parent to report a broken write. If the service itself is killed, the
    # child goes too (Linux: PR_SET_PDEATHSIG): it writes under the service's lock and must not outlive it.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)      # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _child(conn, write, settings, data_dir: str, now: dt.datetime) -> None:
    _quiet_signals()
    from ..store.state import State
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    root.setLevel(logging.INFO)
    try:
        with State.existing(Path(data_dir)) as state:
            path = write(state, Path(data_dir), settings, now)
        answer = (str(path), collect.lines, None)
    except Exception as exc:                     # sent back whole when it can be rebuilt, else as text
        try:
            pickle.loads(pickle.dumps(exc))     # some exceptions pickle but cannot be rebuilt
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        answer = (None, collect.lines, exc)
    conn.send(answer)
    conn.close()


def write_apart(write, data_dir: Path, settings, now: dt.datetime) -> Path:
    """write(state, data_dir, settings, now) in a child process (write: a module-level function, sent
    by name); raises what it raised, or an OSError when the child could not finish at all. A plain
    process and a pipe: no executor threads in the service, whose every new thread may keep an
    allocator arena of its own."""
    context = multiprocessing.get_context("spawn")
    mine, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(theirs, write, settings, str(data_dir), now),
                              name="intake-workbook", daemon=True)
    process.start()
    theirs.close()
    try:
        if not mine.poll(SECONDS):
            process.kill()
            raise OSError(f"写表格超过 {SECONDS // 60} 分钟未完成")
        try:
            path, lines, error = mine.recv()
        except (EOFError, OSError):
            raise OSError("写表格的子进程意外结束") from None
    finally:
        mine.close()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
        process.close()
    for name, level, message in lines:
        logging.getLogger(name).log(level, "%s", message)
    if error is not None:
        raise error
    return Path(path)
