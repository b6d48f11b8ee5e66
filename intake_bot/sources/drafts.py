"""Reply mode `drafts`: replies appended to the mailbox's Drafts folder (IMAP APPEND), where staff
review and send them. The folder is found by its SPECIAL-USE flag (\\Drafts), whatever its name
(NetEase names it 草稿箱, in modified UTF-7 on the wire; imapclient decodes it)."""
from __future__ import annotations

from email.message import EmailMessage

from ..base.errors import LoginError, SendError, ServerUnreachable, SourceError
from .logins import Who
from .session import logout, open_client

FALLBACK_NAMES = ("Drafts", "草稿箱", "草稿", "INBOX.Drafts")


def drafts_folder(client) -> str:
    for flags, _delimiter, name in client.list_folders():
        if b"\\Drafts" in flags or "\\Drafts" in [f.decode() if isinstance(f, bytes) else f for f in flags]:
            return name
    names = {name for _f, _d, name in client.list_folders()}
    for name in FALLBACK_NAMES:
        if name in names:
            return name
    client.create_folder("Drafts")
    return "Drafts"


class ImapDrafts:
    def __init__(self, box):
        self.box = box

    def deliver(self, msg: EmailMessage, key: str) -> str:
        from imapclient.exceptions import IMAPClientError
        try:
            client = open_client(self.box, who=Who.DRAFTS)
        except LoginError as exc:        # not tried again in this poll; the reply waits, its attempts kept
            raise ServerUnreachable(f"草稿未能保存：{exc}") from None
        except SourceError as exc:
            raise ServerUnreachable(f"草稿未能保存：{exc}") from None
        try:
            folder = drafts_folder(client)
            client.append(folder, bytes(msg), flags=(b"\\Draft", b"\\Seen"))
        except (IMAPClientError, OSError) as exc:
            raise SendError(f"草稿未能保存到邮箱的草稿箱：{exc}") from None
        finally:
            logout(client)
        return f"imap:{folder}"
