"""IMAP IDLE: where the server offers it, a mail arriving in the watched folder starts a poll at once
instead of at the next interval. NetEase (163/126) does not offer IDLE: there polling stays the only
path, and the service works the same without this.

The watcher is a thread with a connection of its own. It only listens; the poll does all the reading.
It renews IDLE before the 29 minutes RFC 2177 allows, and after a lost connection reconnects with a
growing pause (5 s doubling up to the poll interval), so a server that is down is not hammered. A
refused login ends it (logins.py: only the poll tries again, once an interval); the service starts it
again after a poll that logged in.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from .logins import GATE

log = logging.getLogger(__name__)
RENEW_SECONDS = 25 * 60            # re-issue IDLE before the server's 30-minute inactivity limit
CHECK_SECONDS = 1.0                # how often the thread looks at the stop flag while idling
FIRST_PAUSE = 5.0


class MailboxWatcher:
    def __init__(self, box, on_new_mail: Callable[[], None], poll_minutes: float = 5.0,
                 ssl_context=None):
        self.box = box
        self.on_new_mail = on_new_mail
        self.poll_minutes = poll_minutes
        self.max_pause = max(FIRST_PAUSE, poll_minutes * 60)
        self.ssl_context = ssl_context
        self.stopping = threading.Event()
        self.listening = threading.Event()     # set while IDLE is active (tests wait on it)
        self.offered: bool | None = None       # False: the server has no IDLE (watcher ended)
        self.connections = 0                   # connections made so far (1 + reconnections)
        self._thread: threading.Thread | None = None

    def start(self) -> "MailboxWatcher":
        self._thread = threading.Thread(target=self._run, name="imap-idle", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(CHECK_SECONDS * 3)

    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        import imaplib

        from imapclient.exceptions import IMAPClientError

        from ..base.errors import IntakeError, LoginError
        from .logins import Who
        from .session import logout, open_client, select
        pause = FIRST_PAUSE
        while not self.stopping.is_set():
            client = None
            try:
                client = open_client(self.box, self.ssl_context, who=Who.WATCHER)
                self.connections += 1
                if b"IDLE" not in client.capabilities():
                    self.offered = False
                    log.warning("邮箱服务器不支持即时通知（IDLE），按设置每 %g 分钟检查一次", self.poll_minutes)
                    return
                self.offered = True
                select(client, self.box.folders[0], readonly=True)
                if self.connections == 1:
                    log.info("邮箱即时通知已开启：新邮件到达即检查")
                pause = FIRST_PAUSE
                self._listen(client)
            except LoginError as exc:          # never retried here: the next poll tries, once an interval
                self.listening.clear()
                log.warning("邮箱即时通知停止：%s 下次定时检查登录成功后再开启", exc)
                return
            except (OSError, EOFError, IMAPClientError, imaplib.IMAP4.abort, IntakeError) as exc:
                self.listening.clear()
                if self.stopping.is_set():
                    return
                log.warning("邮箱即时通知连接中断（%s），%.0f 秒后重连；定时检查照常进行", exc, pause)
                self.stopping.wait(pause)
                pause = min(pause * 2, self.max_pause)
            finally:
                logout(client)

    def _listen(self, client) -> None:
        """IDLE until stopped; a poll on every EXISTS; IDLE renewed every RENEW_SECONDS."""
        import time
        while not self.stopping.is_set():
            client.idle()
            self.listening.set()
            started, arrived, hasty = time.monotonic(), False, 0
            try:
                while not self.stopping.is_set() and time.monotonic() - started < RENEW_SECONDS:
                    asked = time.monotonic()
                    responses = client.idle_check(timeout=CHECK_SECONDS)
                    if any(len(r) > 1 and r[1] == b"EXISTS" for r in responses):
                        arrived = True
                        break
                    # "nothing" at once, again and again, is a connection that has ended, however it ended
                    hasty = hasty + 1 if not responses and time.monotonic() - asked < CHECK_SECONDS / 10 else 0
                    if not responses and (_closed(client) or hasty >= 5):
                        raise ConnectionError("服务器关闭了连接")
            finally:
                self.listening.clear()
                client.idle_done()
            if arrived:
                log.info("邮箱有新邮件，立即检查")
                self.on_new_mail()


class IdleWatching:
    """The IDLE watcher of a mailbox that asks for it, started only after a poll has logged in and seen
    IDLE in the server's capabilities (a wrong password or a server without IDLE never gets a second
    connection), and started again after a poll when it ended (a refused login ends it)."""

    def __init__(self, settings, poll_now: Callable[[], None]):
        self.settings, self.poll_now = settings, poll_now
        self.watcher: MailboxWatcher | None = None
        self.said_no_idle = False

    def after_poll(self) -> None:
        if GATE.idle_offered is False and not self.said_no_idle:
            self.said_no_idle = True
            log.warning("邮箱服务器不支持即时通知（IDLE），按设置每 %g 分钟检查一次", self.settings.poll_minutes)
        if GATE.idle_offered and (self.watcher is None or not self.watcher.alive()):
            self.watcher = MailboxWatcher(self.settings.mailbox, self.poll_now, self.settings.poll_minutes).start()

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()


def _closed(client) -> bool:
    """Did the server close the connection? (imapclient's idle_check swallows the end of the stream
    and answers "nothing new", again and again, at once.) Peeks at the TCP socket under any TLS."""
    import os
    import socket
    raw = socket.socket(fileno=os.dup(client.socket().fileno()))
    try:
        return raw.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
    finally:
        raw.close()                        # the duplicate only; the client's socket stays open
