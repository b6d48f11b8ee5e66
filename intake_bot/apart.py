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
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
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


def _child(write, settings, data_dir: str, now: dt.datetime):
    from .state import State
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    root.setLevel(logging.INFO)
    try:
        with State.existing(Path(data_dir)) as state:
            path = write(state, Path(data_dir), settings, now)
        return str(path), collect.lines, None
    except Exception as exc:                     # sent back whole when it can be pickled, else as text
        try:
            pickle.loads(pickle.dumps(exc))     # some exceptions pickle but cannot be rebuilt
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return None, collect.lines, exc


def write_apart(write, data_dir: Path, settings, now: dt.datetime) -> Path:
    """write(state, data_dir, settings, now) in a child process (write: a module-level function, sent
    by name); raises what it raised, or an OSError when the child could not finish at all."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_quiet_signals) as pool:
        try:
            path, lines, error = pool.submit(_child, write, settings, str(data_dir), now).result(timeout=SECONDS)
        except BrokenProcessPool:
            raise OSError("写表格的子进程意外结束") from None
        except FutureTimeout:
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
            raise OSError(f"写表格超过 {SECONDS // 60} 分钟未完成") from None
    for name, level, message in lines:
        logging.getLogger(name).log(level, "%s", message)
    if error is not None:
        raise error
    return Path(path)
