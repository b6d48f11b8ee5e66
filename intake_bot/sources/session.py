"""One IMAP session, the same for every connection of the service (the poll, the IDLE watcher, drafts,
check-config): TLS or STARTTLS, LOGIN through the login policy (logins.py), then the IMAP ID command
(NetEase 163/126 refuse SELECT without it), SELECT, and the logout at the end whatever happened."""
from __future__ import annotations

import contextlib
import logging
import ssl
from typing import Iterator

from ..base.errors import LoginError, SourceError
from .logins import GATE, Who, key_of

log = logging.getLogger(__name__)

REFUSED = "IMAP 服务器拒绝了用户名或密码（163/126 邮箱要用客户端授权码，不是网页登录密码）。"


def open_client(box, ssl_context: ssl.SSLContext | None = None, who: Who = Who.POLL):
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


def select(client, folder: str, readonly: bool = True) -> dict:
    """SELECT (EXAMINE when read-only) of one folder; a refusal is a SourceError in words."""
    from imapclient.exceptions import IMAPClientError
    try:
        return client.select_folder(folder, readonly=readonly)
    except IMAPClientError as exc:
        raise SourceError(f"IMAP 服务器拒绝打开文件夹 {folder}。", str(exc)) from None


def logout(client) -> None:
    """The end of a session, whatever state the connection is in (a failed logout changes nothing)."""
    if client is None:
        return
    try:
        client.logout()
    except Exception:
        pass


@contextlib.contextmanager
def session(box, who: Who, ssl_context: ssl.SSLContext | None = None) -> Iterator:
    """A logged-in client for the length of the block, logged out after it."""
    client = open_client(box, ssl_context, who)
    try:
        yield client
    finally:
        logout(client)


def _drop(client) -> None:
    try:
        client.shutdown()
    except Exception:
        pass


def _local(at) -> str:
    from ..settings.config import CHINA_TZ
    return at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")
