"""Documents are examined in worker processes, so that no single file can stop the service.

Each worker is a process of its own session with a private temp folder and an address-space ceiling;
the parent gives each document a wall-clock limit and watches the resident memory of the worker's
whole session (LibreOffice included). A document over either limit costs only itself: the session is
killed, the temp folder removed, the document recorded with a reason staff can read, and a fresh
worker takes the next one. The OCR engine is created once per worker and reused.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from parsers.base import ParseLimits, trim_heap

from ..mail.model import Document

log = logging.getLogger(__name__)
TICK = 0.1                                     # seconds between checks of time and memory


@dataclass(frozen=True)
class WorkerLimits:
    seconds: float = 120.0                     # wall clock per document
    parse: object = None                       # parsers.base.ParseLimits for the worker's parsers
    memory_mb: int = 1000                      # resident memory of a worker's whole session
    recycle_mb: int = 400                      # a worker still this big after a document is replaced
    office_recycle_mb: int = 600               # ... or its warm LibreOffice this big
    address_space_mb: int = 4096               # a hard ceiling the kernel enforces (a bomb between two checks)


def _worker_main(conn: Connection, campaign_file: str, use_ocr: bool, tmp: str, address_space_mb: int,
                 parse_limits) -> None:
    os.setsid()                                # its own session: LibreOffice and any child go with it
    try:
        import resource
        limit = address_space_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    os.environ["TMPDIR"] = tmp
    tempfile.tempdir = tmp
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C stops the parent, which stops us
    import parsers.base

    from ..campaign import load_campaign
    from .examine import examine, lighten
    from parsers import warm_office
    parsers.base.configure(parse_limits)
    warm_office.enable()                       # one LibreOffice kept for this worker's legacy files
    campaign = load_campaign(campaign_file)
    while True:
        try:
            doc = conn.recv()
        except (EOFError, OSError):
            doc = None
        if doc is None:
            warm_office.discard()
            return
        try:
            examine(doc, campaign, use_ocr)
        except MemoryError:
            doc.refuse("文件过大，读取时超出内存限制")
        except Exception as exc:               # examine contains its own; this is the last guard
            doc.refuse(f"unreadable: {type(exc).__name__}: {exc}")
        conn.send(lighten(doc))
        trim_heap()


def session_members(sid: int) -> list[int]:
    """Processes whose session is `sid` (the worker and whatever it started)."""
    out = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 3 and int(fields[3]) == sid:
            out.append(int(entry.name))
    return out


def split_office(pids: list[int]) -> tuple[list[int], list[int]]:
    """(the worker's own processes, its warm LibreOffice and bridge) — told apart by the private pipe's
    name on their command lines. Each side is held to the worker's memory limit on its own: a file
    converted in the warm LibreOffice has the limit a cold conversion had, and the worker's OCR keeps
    its own headroom."""
    from parsers.warm_office import MARK
    own, office = [], []
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                line = fh.read()
        except OSError:
            continue
        (office if MARK.encode() in line else own).append(pid)
    return own, office


def resident_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as fh:
                total += int(fh.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: Connection
    tmp: Path
    doc: Document | None = None
    data: bytes = b""
    started: float = 0.0

    def kill(self) -> None:
        """The whole session, then the temp folder."""
        pid = self.process.pid
        if pid:
            members = session_members(pid)         # the worker leads its session: pid == session id
            if self.process.exitcode is None and pid not in members:
                members.append(pid)                # not yet in its own session (killed while starting)
            for member in members:
                try:
                    os.kill(member, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.process.join(5)
        self.conn.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


@dataclass
class WorkerPool:
    size: int
    campaign_file: str
    use_ocr: bool = True
    limits: WorkerLimits = field(default_factory=WorkerLimits)
    tmp_root: Path | None = None
    _idle: list = field(default_factory=list)
    _queue: deque = field(default_factory=deque)
    _busy: dict = field(default_factory=dict)
    _results: dict = field(default_factory=dict)
    _next: int = 0
    _context: object = None

    def __post_init__(self):
        self.size = max(1, self.size)
        self._context = multiprocessing.get_context("spawn")

    def _start(self) -> _Worker:
        root = self.tmp_root or Path(tempfile.gettempdir())
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="intake-worker-", dir=root))
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self.campaign_file, self.use_ocr, str(tmp), self.limits.address_space_mb,
                                       self.limits.parse or ParseLimits()),
            daemon=True, name="intake-worker")
        process.start()
        child.close()
        return _Worker(process, parent, tmp)

    def submit(self, docs: list[Document]) -> list[int]:
        """Queue documents for examination; returns a ticket to `wait` on. Documents of several mails
        can be in the pool at once (the next mails' scans are read while this one is committed)."""
        ticket = []
        for doc in docs:
            if not doc.examined:        # listed only (a decorative image, the mail's own signature)
                continue
            self._next += 1
            self._queue.append((self._next, doc))
            ticket.append(self._next)
        self._pump(0)
        return ticket

    def wait(self, ticket: list[int]) -> None:
        """Until every document of the ticket is examined (in place)."""
        while any(job not in self._results for job in ticket):
            self._pump(TICK)
        for job in ticket:
            original, done = self._results.pop(job)
            if done is not original:
                original.__dict__.update(done.__dict__)

    def examine_all(self, docs: list[Document]) -> None:
        """Examine every document (in place), several at once; limits cost only the document."""
        self.wait(self.submit(docs))

    def _pump(self, timeout: float) -> None:
        """Start queued documents on free workers, collect what finished, enforce the limits."""
        while self._queue and len(self._busy) < self.size:
            job, doc = self._queue.popleft()
            worker = self._idle.pop() if self._idle else self._start()
            worker.doc, worker.data, worker.started = doc, doc.data, time.monotonic()
            try:
                worker.conn.send(doc)
            except (OSError, ValueError):
                worker.kill()
                self._results[job] = (doc, self._failed(doc, "读取程序意外退出"))
                continue
            self._busy[worker.conn] = (job, worker)
        if not self._busy:
            return
        for conn in wait(list(self._busy), timeout=timeout):
            job, worker = self._busy.pop(conn)
            try:
                done = conn.recv()
            except (EOFError, OSError):
                worker.kill()
                self._results[job] = (worker.doc, self._failed(worker.doc, "读取这个文件时读取程序崩溃，需人工查看"))
                continue
            done.data = worker.data
            self._results[job] = (worker.doc, done)
            worker.doc, worker.data = None, b""
            own, office = split_office(session_members(worker.process.pid))
            if resident_mb(own) > self.limits.recycle_mb or resident_mb(office) > self.limits.office_recycle_mb:
                self._retire(worker)               # a fresh worker starts small
            else:
                self._idle.append(worker)
        now = time.monotonic()
        for conn, (job, worker) in list(self._busy.items()):
            used = max(resident_mb(pids) for pids in split_office(session_members(worker.process.pid)))
            reason = None
            if now - worker.started > self.limits.seconds:
                reason = f"读取超过 {self.limits.seconds:.0f} 秒仍未完成，已停止（文件可能已损坏或有意构造）"
            elif used > self.limits.memory_mb:
                reason = f"读取时占用内存超过 {self.limits.memory_mb} MB，已停止（文件过大或有意构造）"
            elif not worker.process.is_alive():
                reason = "读取这个文件时读取程序崩溃，需人工查看"
            if reason:
                del self._busy[conn]
                log.warning("%s: %s", worker.doc.name, reason)
                worker.kill()
                self._results[job] = (worker.doc, self._failed(worker.doc, reason))

    @staticmethod
    def _retire(worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.process.join(2)
        worker.kill()

    @staticmethod
    def _failed(doc: Document, reason: str) -> Document:
        doc.refuse(reason)
        doc.needs_manual_check = True
        return doc

    def close(self) -> None:
        for _conn, (_job, worker) in list(self._busy.items()):
            worker.kill()
        self._busy.clear()
        self._queue.clear()
        for worker in self._idle:
            self._retire(worker)
        self._idle.clear()

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
