"""One login policy for every connection of the service to the mailbox: the poll, the IDLE watcher and
the drafts folder. Once the server refused the credentials, no connection of this process tries them
again until the next poll interval (NetEase locks a mailbox after repeated failed logins; a watcher
that retried every few seconds could cost the center its mailbox). Only the poll tries again, once per
interval; the watcher and drafts wait until a poll has logged in.

The gate is keyed by server, user and a digest of the secret: a corrected password (a new secret file)
is tried at once, the same wrong one is not. `check-config` is the operator asking: it always tries.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from typing import Callable

from ..store.state_meta import Note

SLACK = 2.0                   # seconds a scheduled poll may come early (the scheduler's own jitter)


class Who(StrEnum):
    POLL = "poll"
    WATCHER = "watcher"
    DRAFTS = "drafts"
    CHECK = "check"           # check-config: the operator asks, one attempt, never blocked


@dataclass(frozen=True)
class Refusal:
    at: dt.datetime           # when the server refused (wall clock, for `status`)
    retry_at: float           # time.monotonic(): the first poll at or after it may try again
    text: str                 # what the server's refusal means, in one sentence
    server_answer: str | None
    who: Who


def key_of(host: str, port: int, user: str, secret: str) -> str:
    return hashlib.sha256(f"{host}\0{port}\0{user}\0{secret}".encode("utf-8", "surrogatepass")).hexdigest()


class LoginGate:
    def __init__(self):
        self._lock = threading.Lock()
        self._refusals: dict[str, Refusal] = {}
        self._poll_started: float | None = None
        self.interval = 300.0
        self.idle_offered: bool | None = None     # what the last poll that logged in saw in the capabilities;
        #                                           None again after a refusal until a poll logs in
        self.listeners: list[Callable[[Refusal], None]] = []

    @contextmanager
    def poll(self, interval_seconds: float):
        """A poll is under way: a refusal now counts from the poll's start, so the next scheduled poll
        (one interval after this one) is the one that may try again."""
        self.interval = interval_seconds
        self._poll_started = time.monotonic()
        try:
            yield
        finally:
            self._poll_started = None

    def blocking(self, key: str, who: Who) -> Refusal | None:
        """The refusal that forbids this login now, or None."""
        if who is Who.CHECK:
            return None
        with self._lock:
            refusal = self._refusals.get(key)
        if refusal is None:
            return None
        if who is Who.POLL and time.monotonic() >= refusal.retry_at - SLACK:
            return None
        return refusal

    def refused(self, key: str, who: Who, text: str, server_answer: str | None) -> Refusal:
        now = time.monotonic()
        start = self._poll_started if self._poll_started is not None and who is not Who.WATCHER else now
        refusal = Refusal(at=dt.datetime.now(dt.timezone.utc), retry_at=start + self.interval, text=text,
                          server_answer=server_answer, who=who)
        if who is Who.CHECK:
            return refusal
        with self._lock:
            self._refusals[key] = refusal
            self.idle_offered = None      # the watcher waits for the next poll that logs in (not restarted after each refused one)
        for listener in list(self.listeners):
            listener(refusal)
        return refusal

    def accepted(self, key: str, who: Who, capabilities=()) -> None:
        with self._lock:
            self._refusals.pop(key, None)
        if who is Who.POLL:
            self.idle_offered = b"IDLE" in capabilities

    def last_refusal(self) -> Refusal | None:
        with self._lock:
            return max(self._refusals.values(), key=lambda r: r.at, default=None)

    def note(self, state) -> None:
        """What `status` says of the mailbox login (state.meta login_refused): the last refusal and when,
        until a login succeeds."""
        refusal = self.last_refusal()
        value = Note(refusal.at.replace(microsecond=0), refusal.text) if refusal else None
        if state.meta.login_refused != value:
            state.meta.login_refused = value


GATE = LoginGate()            # one per process: every connection of the service goes through it
