"""Where mail comes from, as plug-ins: each module of this package that declares a `KIND` is a source
kind (folder, imap, maildir …), found by itself — adding a kind is adding a module here. A kind says
how a poll opens it (an iterator of `Incoming` told when each item is committed), what `check-config`
says of it, what watches it between polls (IMAP IDLE, or nothing) and where drafts go (or that it
keeps none). Each message carries a locator the kind makes and alone understands; each source keeps
an opaque cursor in the store, saved after the mail before it is committed."""
from __future__ import annotations

import contextlib
import errno
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable, ContextManager, Iterable, Iterator, Protocol


@dataclass
class Incoming:
    source: str                   # the key processed-mail state is stored under
    raw: bytes
    locator: str | None = None    # where the kind found it ("<kind>:…"), made and read by the kind alone
    error: str | None = None      # the source cannot take it (too large, unreadable): recorded once with
                                  # this reason, quarantined for staff, never read again


MAX_MAIL_BYTES = 80 * 1024 * 1024


def too_large(size: int, limit: int) -> str:
    return (f"邮件过大（{_mb(size)} MB，上限 {_mb(limit)} MB，设置 limits.max_mail_bytes），"
            "未读取：请在邮箱中直接查看原邮件")


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f}".removesuffix(".0")


OS_WHY = {errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限", errno.EIO: "磁盘读取出错",
          errno.EISDIR: "这是一个文件夹，不是邮件文件", errno.ELOOP: "链接指向自身", errno.ENAMETOOLONG: "文件名过长"}


def unreadable(why: str) -> str:
    return f"邮件文件无法读取（{why}）：请检查文件及其权限后，在邮箱或文件夹中直接查看"


class Source(Protocol):
    def __iter__(self) -> Iterator[Incoming]: ...
    def committed(self, item: Incoming) -> None: ...
    def close(self) -> None: ...


class Cursors(Protocol):
    """The store's opaque cursor per source (state.State): text only the source kind reads."""
    def cursor(self, key: str) -> str | None: ...
    def set_cursor(self, key: str, value: str) -> None: ...
    def finished_sources(self) -> set[str]: ...


@dataclass(frozen=True)
class Kind:
    """One kind of source. `poll(settings, store)` is the context of one poll, yielding its Source (the
    store: cursors, and the meta a kind may keep for `status`); `check(settings)` is check-config's
    lines (ok, words); `validate(mailbox)` a settings problem in words, or None; `watching(settings,
    poll_now)` what watches the source between polls (after_poll(), stop()), or None; `drafts(settings)`
    a deliverer into the mailbox's drafts, or None when the kind keeps no drafts; `relisted(locator,
    earlier)`: the same bytes were found before under one of the `earlier()` locators of the same place,
    renumbered since (read then, not again)."""
    name: str
    poll: Callable[[Any, Any], ContextManager[Source]]
    check: Callable[[Any], list[tuple[bool, str]]]
    validate: Callable[[Any], str | None] = lambda box: None
    watching: Callable[[Any, Callable[[], None]], Any] | None = None
    drafts: Callable[[Any], Any] | None = None
    relisted: Callable[[str, Callable[[], Iterable[str]]], bool] | None = None
    reads_path: bool = False      # the kind `--source PATH` on the command line names (a folder of mails)


_KINDS: dict[str, Kind] = {}


def kinds() -> dict[str, Kind]:
    """Every kind declared by a module of this package, by name (imported once, on first use)."""
    if not _KINDS:
        found = {}
        for module in pkgutil.iter_modules(__path__):
            kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
            if isinstance(kind, Kind):
                found[kind.name] = kind
        _KINDS.update(found)
    return _KINDS


def names() -> tuple[str, ...]:
    return tuple(sorted(kinds()))


def kind_of(box) -> Kind:
    """The kind of a mailbox's settings (its `kind`, already checked against names())."""
    try:
        return kinds()[str(box.kind)]
    except KeyError:
        from ..base.errors import ConfigError
        raise ConfigError(f"不认识的邮件来源 mailbox.kind = \"{box.kind}\"（可用：{'、'.join(names())}）。") from None


def path_kind() -> str:
    """The kind that reads a local path of mails (the command line's --source)."""
    return next(k.name for k in kinds().values() if k.reads_path)


def validate(box) -> str | None:
    if str(box.kind) not in kinds():
        return f"mailbox.kind 只能是 {'、'.join(f'“{n}”' for n in names())}"
    return kind_of(box).validate(box)


def polling(settings, store) -> ContextManager[Source]:
    """The configured source for one poll; the store keeps its cursor."""
    return kind_of(settings.mailbox).poll(settings, store)


def check(settings) -> list[tuple[bool, str]]:
    return kind_of(settings.mailbox).check(settings)


def watching(settings, poll_now: Callable[[], None]):
    """What starts a poll when mail arrives between polls (after_poll(), stop()), or None."""
    make = kind_of(settings.mailbox).watching
    return make(settings, poll_now) if make is not None else None


def draft_store(settings):
    """A deliverer that stores replies as drafts in the mailbox, or None: the kind keeps no drafts."""
    make = kind_of(settings.mailbox).drafts
    return make(settings) if make is not None else None


def relisted(locator: str | None, earlier: Callable[[], Iterable[str]]) -> bool:
    """Found before under another locator of the same place (the kind decides); False without a locator."""
    if not locator:
        return False
    kind = kinds().get(locator.split(":", 1)[0])
    return kind is not None and kind.relisted is not None and kind.relisted(locator, earlier)


@contextlib.contextmanager
def plain(source: Source) -> Iterator[Source]:
    """A poll that needs nothing around its source but closing it."""
    try:
        yield source
    finally:
        source.close()
