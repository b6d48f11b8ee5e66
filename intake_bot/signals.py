"""SIGTERM (systemd's stop) handled from the first line of the program: the mail in hand finishes, the
rest waits for the next run. Before the scheduler runs, a stop only sets STOP (start-up then ends without
starting); while the scheduler waits, the handler also leaves its loop (`interrupt` set by the daemon)."""
from __future__ import annotations

import logging
import signal
import threading

log = logging.getLogger("intake_bot.daemon")
STOP = threading.Event()           # set by SIGTERM: the poll ends after the mail in hand
_interrupt = threading.Event()     # the main thread only waits (the daemon's scheduler): leave that wait


def install() -> None:
    signal.signal(signal.SIGTERM, _stop)


def interrupt_main(on: bool) -> None:
    """While on, a stop signal also raises SystemExit in the main thread (the scheduler's wait)."""
    if on:
        _interrupt.set()
    else:
        _interrupt.clear()


def _stop(signum, _frame) -> None:
    if not STOP.is_set():
        log.warning("收到停止信号（%s）：处理完手头这封邮件后停止", signal.Signals(signum).name)
    STOP.set()
    if _interrupt.is_set():
        raise SystemExit(0)
