"""The IMAP source (imapclient, one session helper: session.py): incremental `UID n:*` searches without
CHARSET, BODY.PEEK so nothing changes on the server, the size before the body. A message's locator is
"imap:UIDVALIDITY:UID:FOLDER"; the cursor of each folder ("imap:FOLDER") is "UIDVALIDITY:LAST_UID",
saved after each committed mail. The kind also checks the login, watches with IDLE and keeps drafts."""
from __future__ import annotations

import contextlib
import logging
import sqlite3
from typing import Callable, Iterable, Iterator

from ..base.errors import IntakeError, SourceError
from . import MAX_MAIL_BYTES, Incoming, Kind, too_large
from .logins import GATE, Who
from .session import logout, open_client, select

log = logging.getLogger(__name__)


def locator(folder: str, uidvalidity: int, uid: int) -> str:
    return f"imap:{uidvalidity}:{uid}:{folder}"


def parse_locator(text: str) -> tuple[str, int, int] | None:
    """(folder, UIDVALIDITY, UID) of an IMAP locator; None for another kind's."""
    parts = text.split(":", 3)
    if len(parts) != 4 or parts[0] != "imap":
        return None
    return parts[3], int(parts[1]), int(parts[2])


def cursor_key(folder: str) -> str:
    return f"imap:{folder}"


def read_cursor(store, folder: str) -> tuple[int | None, int]:
    text = store.cursor(cursor_key(folder))
    if not text:
        return None, 0
    validity, last = text.split(":")
    return int(validity), int(last)


def write_cursor(store, folder: str, uidvalidity: int, last_uid: int) -> None:
    store.set_cursor(cursor_key(folder), f"{uidvalidity}:{last_uid}")


class ImapSource:
    def __init__(self, box, store, ssl_context=None, max_bytes: int = MAX_MAIL_BYTES):
        self.box = box
        self.store = store                  # the cursors (state.State)
        self.max_bytes = max_bytes
        self.client = None
        self.ssl_context = ssl_context

    def connect(self):
        self.client = open_client(self.box, self.ssl_context)
        return self.client

    def __iter__(self) -> Iterator[Incoming]:
        import imaplib
        try:
            yield from self._fetch_all()
        except (OSError, imaplib.IMAP4.abort, EOFError) as exc:
            self.client = None                      # the connection is gone: nothing to log out of
            raise SourceError(f"与 IMAP 服务器 {self.box.host} 的连接中断：{exc}。已读取的邮件都已保存，"
                              "下次检查会从中断处继续。") from None

    def _fetch_all(self) -> Iterator[Incoming]:
        client = self.client or self.connect()
        for folder in self.box.folders:
            info = select(client, folder, readonly=self.box.post_action == "none")
            uidvalidity = int(info.get(b"UIDVALIDITY", 0))
            known_validity, last_uid = read_cursor(self.store, folder)
            if known_validity is not None and known_validity != uidvalidity:
                log.warning("UIDVALIDITY of %s changed (%s → %s): rescanning, known mail is recognised by content",
                            folder, known_validity, uidvalidity)
                last_uid = 0
            uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
            for start in range(0, len(uids), self.box.batch):
                batch = uids[start:start + self.box.batch]
                sizes = {uid: int(data.get(b"RFC822.SIZE") or 0)      # the size first: a mail over the
                         for uid, data in client.fetch(batch, ["RFC822.SIZE"]).items()}   # limit is never fetched
                wanted = [uid for uid in batch if sizes.get(uid, 0) <= self.max_bytes]
                fetched = client.fetch(wanted, ["BODY.PEEK[]"]) if wanted else {}
                for uid in batch:
                    source, where = f"{folder}/{uidvalidity}/{uid}", locator(folder, uidvalidity, uid)
                    if uid not in wanted:
                        yield Incoming(source=source, raw=b"", locator=where,
                                       error=too_large(sizes[uid], self.max_bytes))
                        continue
                    raw = fetched.get(uid, {}).get(b"BODY[]") or b""
                    yield Incoming(source=source, raw=raw, locator=where)
            if not uids:
                write_cursor(self.store, folder, uidvalidity, last_uid)

    def committed(self, item: Incoming) -> None:
        where = parse_locator(item.locator or "")
        if where is None:
            return
        folder, uidvalidity, uid = where
        validity, last = read_cursor(self.store, folder)
        if validity != uidvalidity or uid > last:
            write_cursor(self.store, folder, uidvalidity, uid)
        if self.box.post_action == "seen" and self.client is not None:
            try:
                self.client.add_flags([uid], [b"\\Seen"])
            except Exception as exc:
                log.warning("could not flag %s: %s", item.source, exc)

    def close(self) -> None:
        logout(self.client)
        self.client = None


@contextlib.contextmanager
def _poll(settings, store):
    """A poll under the login policy: a refused login counts from the poll's start; what `status` says
    of the login is kept in the store's meta after it."""
    with GATE.poll(settings.poll_minutes * 60):
        source = ImapSource(settings.mailbox, store, max_bytes=settings.limits.max_mail_bytes)
        try:
            yield source
        finally:
            source.close()
            with contextlib.suppress(sqlite3.Error):
                if store is not None:           # None: the source only opened to be tried (no poll)
                    GATE.note(store)



def _check(settings) -> list[tuple[bool, str]]:
    """The login (always tried: the operator asks), IDLE, and SELECT of each folder."""
    box = settings.mailbox
    try:
        box.password("IMAP")
    except IntakeError as exc:
        return [(False, f"IMAP 密码：{exc}")]
    try:
        client = open_client(box, who=Who.CHECK)        # the operator asks: one attempt, never held back
    except IntakeError as exc:
        answer = getattr(exc, "server_answer", None)
        return [(False, f"IMAP {box.host}:{box.port or ''}：{exc}" + (f"（服务器答复：{answer}）" if answer else ""))]
    out = [(True, f"IMAP {box.host}：登录成功（用户 {box.user}）")]
    try:
        if box.idle:
            offered = b"IDLE" in client.capabilities()
            out.append((True, "IMAP 即时通知（IDLE）：服务器支持，新邮件到达即处理" if offered else
                        f"IMAP 即时通知（IDLE）：服务器不支持，每 {settings.poll_minutes:g} 分钟检查一次"))
        for folder in box.folders:
            try:
                info = client.select_folder(folder, readonly=True)
                out.append((True, f"IMAP 文件夹 {folder}：可以打开（{int(info.get(b'EXISTS', 0))} 封邮件）"))
            except Exception as exc:
                out.append((False, f"IMAP 文件夹 {folder} 无法打开：{exc}"))
    finally:
        logout(client)
    return out


def _validate(box) -> str | None:
    return None if box.host else "kind = \"imap\" 需要填写 host（如 imap.163.com）"


def _relisted(where: str, earlier: Callable[[], Iterable[str]]) -> bool:
    """Listed again after the server renumbered the folder (UIDVALIDITY changed): the same bytes were
    read before in this folder under another UIDVALIDITY."""
    folder, uidvalidity, _uid = parse_locator(where)
    return any(p is not None and p[0] == folder and p[1] != uidvalidity for p in map(parse_locator, earlier()))


def _watching(settings, poll_now: Callable[[], None]):
    from .watch import IdleWatching
    return IdleWatching(settings, poll_now) if settings.mailbox.idle else None


def _drafts(settings):
    from .drafts import ImapDrafts
    return ImapDrafts(settings.mailbox)


KIND = Kind(name="imap", poll=_poll, check=_check, validate=_validate, watching=_watching, drafts=_drafts,
            relisted=_relisted)
