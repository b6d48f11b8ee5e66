"""The IMAP source (imapclient): TLS or STARTTLS, the IMAP ID command after LOGIN and before SELECT
(NetEase 163/126 refuse SELECT without it), incremental `UID n:*` searches without CHARSET, the
last UID stored per folder with its UIDVALIDITY, BODY.PEEK so nothing changes on the server."""
from __future__ import annotations

import logging
import ssl
from typing import Iterator

from .config import Mailbox
from .errors import LoginError, SourceError
from .logins import GATE, Who, key_of
from .sources import Incoming, too_large
from .state import State

log = logging.getLogger(__name__)


REFUSED = "IMAP 服务器拒绝了用户名或密码（163/126 邮箱要用客户端授权码，不是网页登录密码）。"


def open_client(box: Mailbox, ssl_context: ssl.SSLContext | None = None, who: Who = Who.POLL):
    """A logged-in client: TLS or STARTTLS, LOGIN, then ID (NetEase refuses SELECT without it). After a
    refused login no connection of the service tries again before the next poll interval (logins.py)."""
    import imapclient
    from imapclient.exceptions import IMAPClientError
    from imapclient.exceptions import LoginError as ImapLoginError
    if not box.host:
        raise SourceError("没有设置 IMAP 服务器地址（mailbox.host）。")
    password = box.password("IMAP")            # a missing secret is said before connecting
    key = key_of(box.host, box.port, box.user, password)
    blocked = GATE.blocking(key, who)
    if blocked is not None:
        raise LoginError(f"{blocked.text}（{_local(blocked.at)} 登录被拒绝；为免邮箱被锁定，下次定时检查前不再尝试登录）",
                         blocked.server_answer)
    context = ssl_context or box.ssl_context()
    try:
        client = imapclient.IMAPClient(box.host, port=box.port or (993 if box.security == "tls" else 143),
                                       ssl=box.security == "tls", ssl_context=context, timeout=box.timeout)
        if box.security == "starttls":
            client.starttls(context)
    except (OSError, IMAPClientError) as exc:
        raise SourceError(f"无法连接 IMAP 服务器 {box.host}:{box.port}：{exc}。") from None
    try:
        client.login(box.user, password)
    except ImapLoginError as exc:
        GATE.refused(key, who, REFUSED, str(exc))
        _drop(client)
        raise LoginError(REFUSED, str(exc)) from None
    capabilities = ()
    try:
        capabilities = client.capabilities()
        if b"ID" in capabilities:
            client.id_(dict(box.client_id))
    except IMAPClientError as exc:
        log.warning("IMAP ID failed: %s", exc)
    GATE.accepted(key, who, capabilities)
    return client


def _drop(client) -> None:
    try:
        client.shutdown()
    except Exception:
        pass


def _local(at) -> str:
    from .config import CHINA_TZ
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


class ImapSource:
    def __init__(self, box: Mailbox, state: State, ssl_context: ssl.SSLContext | None = None,
                 max_bytes: int = 80 * 1024 * 1024):
        self.box = box
        self.state = state
        self.max_bytes = max_bytes
        self.client = None
        self.ssl_context = ssl_context
        self._pending: dict[str, int] = {}

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
        from imapclient.exceptions import IMAPClientError
        client = self.client or self.connect()
        for folder in self.box.folders:
            try:
                info = client.select_folder(folder, readonly=self.box.post_action == "none")
            except IMAPClientError as exc:
                raise SourceError(f"IMAP 服务器拒绝打开文件夹 {folder}。", str(exc)) from None
            uidvalidity = int(info.get(b"UIDVALIDITY", 0))
            known_validity, last_uid = self.state.cursor(folder)
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
                    source = f"{folder}/{uidvalidity}/{uid}"
                    if uid not in wanted:
                        yield Incoming(source=source, raw=b"", folder=folder, uidvalidity=uidvalidity, uid=uid,
                                       error=too_large(sizes[uid], self.max_bytes))
                        continue
                    raw = fetched.get(uid, {}).get(b"BODY[]") or b""
                    yield Incoming(source=source, raw=raw, folder=folder, uidvalidity=uidvalidity, uid=uid)
            if not uids:
                self.state.set_cursor(folder, uidvalidity, last_uid)

    def committed(self, item: Incoming) -> None:
        if item.folder is not None and item.uid is not None:
            _validity, last = self.state.cursor(item.folder)
            if _validity != item.uidvalidity or item.uid > last:
                self.state.set_cursor(item.folder, item.uidvalidity, item.uid)
            if self.box.post_action == "seen" and self.client is not None:
                try:
                    self.client.add_flags([item.uid], [b"\\Seen"])
                except Exception as exc:
                    log.warning("could not flag %s: %s", item.source, exc)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.logout()
            except Exception:
                pass
            self.client = None
