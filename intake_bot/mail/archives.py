"""Archive members read with every limit enforced while streaming (zip, 7z, rar): member count,
total and per-member size, compression ratio, passwords, paths that would leave the archive."""
from __future__ import annotations

import io
import re
import stat
import zipfile

from ..settings.config import Limits
from .model import Document
from ..store.records import DocClass

_SKIP_MEMBER = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$|Thumbs\.db$|desktop\.ini$)", re.I)


class ArchiveRefused(Exception):
    """The whole archive must not be opened (bomb, password, too many members)."""



def path_problem(name: str) -> str | None:
    n = name.replace("\\", "/")
    if n.startswith("/") or re.match(r"^[A-Za-z]:/", n):
        return "absolute path in the file name"
    if any(p == ".." for p in n.split("/")):
        return "path traversal in the file name (..)"
    return None



def _member(parent: Document, name: str, data: bytes) -> Document:
    return Document(name=name, data=data, container=parent.name, declared_type="")


def open_archive(doc: Document, limits: Limits, budget: list):
    if doc.kind == "zip":
        return _open_zip(doc, limits, budget)
    if doc.kind == "7z":
        return _open_7z(doc, limits, budget)
    if doc.kind == "rar":
        return _open_rar(doc, limits, budget)
    raise ArchiveRefused(f"{doc.kind} archives need a manual check (no reader installed)")


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    try:  # no UTF-8 flag: Chinese archivers write GBK
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _take(budget: list, size: int, limits: Limits, name: str) -> None:
    if size > limits.max_member_bytes:
        raise ArchiveRefused(f"archive bomb: member {name} expands to more than {limits.max_member_bytes} bytes")
    budget[0] -= size
    if budget[0] < 0:
        raise ArchiveRefused(f"archive bomb: contents exceed {limits.max_total_bytes} bytes in total")


def check_zip_members(infos: list, limits: Limits, budget: int) -> None:
    """Member count, password flag, declared sizes and ratios, before anything is inflated."""
    if len(infos) > limits.max_members:
        raise ArchiveRefused(f"archive has {len(infos)} members (limit {limits.max_members})")
    if any(i.flag_bits & 0x1 for i in infos):
        raise ArchiveRefused("password-protected archive: its contents cannot be read")
    declared = 0
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.max_member_bytes or (ratio > limits.max_ratio and info.file_size > 1 << 20):
            raise ArchiveRefused(f"archive bomb: {_zip_name(info)} declares {info.file_size} bytes "
                                 f"from {info.compress_size} (ratio {ratio:.0f})")
        declared += info.file_size
    if declared > budget:
        raise ArchiveRefused(f"archive bomb: {declared} bytes uncompressed exceed the limit")


def _open_zip(doc: Document, limits: Limits, budget: list):
    with zipfile.ZipFile(io.BytesIO(doc.data)) as zf:
        infos = zf.infolist()
        check_zip_members(infos, limits, budget[0])
        members = []
        for info in infos:
            name = _zip_name(info)
            if info.is_dir() or _SKIP_MEMBER.search(name):
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                members.append(Document(name=name, container=doc.name, cls=DocClass.UNSAFE,
                                        reason="symbolic link inside the archive", confidence=1.0))
                continue
            problem = path_problem(name)
            if problem:
                members.append(Document(name=name, container=doc.name, cls=DocClass.UNSAFE,
                                        reason=f"{problem} (archive member not extracted)", confidence=1.0))
                continue
            members.append(_member(doc, name, _read_limited(zf, info, name, limits, budget)))
        return members


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits: Limits, budget: list) -> bytes:
    """Read one member in chunks, stopping the moment it passes what it declared or the limits."""
    cap = min(limits.max_member_bytes, budget[0], info.file_size)
    chunks, total = [], 0
    with zf.open(info) as fh:
        while True:
            try:
                chunk = fh.read(1 << 16)
            except zipfile.BadZipFile as exc:   # zipfile stops at the declared size; the CRC tells
                raise ArchiveRefused(f"archive bomb or damaged member: {name} does not match its "
                                     f"declared size ({exc})") from None
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                raise ArchiveRefused(f"archive bomb: {name} expands past its declared size or the limit")
            chunks.append(chunk)
    _take(budget, total, limits, name)
    return b"".join(chunks)


def _open_7z(doc: Document, limits: Limits, budget: list):
    import py7zr
    from py7zr.io import Py7zIO, WriterFactory

    class Capped(Py7zIO):
        def __init__(self, name, cap):
            self.name, self.cap, self.buf = name, cap, io.BytesIO()

        def write(self, s):
            if self.buf.tell() + len(s) > self.cap:
                raise ArchiveRefused(f"archive bomb: {self.name} expands past the limit")
            return self.buf.write(s)

        def read(self, size=None):
            return self.buf.read(size)

        def seek(self, offset, whence=0):
            return self.buf.seek(offset, whence)

        def flush(self):
            pass

        def size(self):
            return self.buf.getbuffer().nbytes

    class Factory(WriterFactory):
        def __init__(self):
            self.products = {}

        def create(self, filename):
            self.products[filename] = Capped(filename, min(limits.max_member_bytes, budget[0]))
            return self.products[filename]

    try:
        archive = py7zr.SevenZipFile(io.BytesIO(doc.data))
    except py7zr.exceptions.PasswordRequired:
        raise ArchiveRefused("password-protected archive: its contents cannot be read") from None
    with archive:
        if archive.needs_password():
            raise ArchiveRefused("password-protected archive: its contents cannot be read")
        infos = archive.list()
        if len(infos) > limits.max_members:
            raise ArchiveRefused(f"archive has {len(infos)} members (limit {limits.max_members})")
        declared = sum(i.uncompressed or 0 for i in infos)
        if declared > budget[0]:
            raise ArchiveRefused(f"archive bomb: {declared} bytes uncompressed exceed the limit")
        members, wanted = [], []
        for info in infos:
            name = info.filename
            if info.is_directory or _SKIP_MEMBER.search(name):
                continue
            problem = path_problem(name) or ("symbolic link inside the archive" if info.is_symlink else None)
            if problem:
                members.append(Document(name=name, container=doc.name, cls=DocClass.UNSAFE,
                                        reason=f"{problem} (archive member not extracted)", confidence=1.0))
            else:
                wanted.append(name)
        factory = Factory()
        if wanted:
            archive.extract(targets=wanted, factory=factory)
        for name in wanted:
            product = factory.products.get(name)
            data = product.buf.getvalue() if product else b""
            _take(budget, len(data), limits, name)
            members.append(_member(doc, name, data))
        return members


def _open_rar(doc: Document, limits: Limits, budget: list):
    """RAR through The Unarchiver's command-line tools (Debian `unar`): list with lsar, check the
    declared sizes, extract the safe members into a private temporary folder with a file-size
    rlimit and a timeout, read them back, remove the folder."""
    import json
    import resource
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path
    if not (shutil.which("lsar") and shutil.which("unar")):
        raise ArchiveRefused("RAR archive needs a manual check (the unar tools are not installed)")
    cap = min(limits.max_member_bytes, budget[0])

    def limit_writes():
        resource.setrlimit(resource.RLIMIT_FSIZE, (cap, cap))

    with tempfile.TemporaryDirectory(prefix="intake-rar-") as tmp:
        archive = Path(tmp) / "in.rar"
        archive.write_bytes(doc.data)
        listing = subprocess.run(["lsar", "-j", "-e", "GB18030", str(archive)], capture_output=True, timeout=60,
                                 stdin=subprocess.DEVNULL)
        try:
            entries = json.loads(listing.stdout)["lsarContents"]
        except (ValueError, KeyError):
            raise ArchiveRefused("damaged RAR archive: it cannot be listed") from None
        if len(entries) > limits.max_members:
            raise ArchiveRefused(f"archive has {len(entries)} members (limit {limits.max_members})")
        if any(e.get("XADIsEncrypted") for e in entries):
            raise ArchiveRefused("password-protected archive: its contents cannot be read")
        declared = sum(int(e.get("XADFileSize") or 0) for e in entries)
        if declared > budget[0] or any(int(e.get("XADFileSize") or 0) > limits.max_member_bytes for e in entries):
            raise ArchiveRefused(f"archive bomb: {declared} bytes uncompressed exceed the limit")
        members, wanted = [], []
        for index, entry in enumerate(entries):
            name = entry.get("XADFileName") or f"member-{index}"
            if entry.get("XADIsDirectory") or _SKIP_MEMBER.search(name):
                continue
            problem = path_problem(name) or ("symbolic link inside the archive" if entry.get("XADIsLink") else None)
            if problem:
                members.append(Document(name=name, container=doc.name, cls=DocClass.UNSAFE,
                                        reason=f"{problem} (archive member not extracted)", confidence=1.0))
            else:
                wanted.append((index, name))
        for index, name in wanted:               # one member at a time, each in its own folder
            out = Path(tmp) / f"m{index}"
            cmd = ["unar", "-q", "-f", "-D", "-e", "GB18030", "-o", str(out), "-i", str(archive), str(index)]
            try:
                subprocess.run(cmd, capture_output=True, timeout=120, preexec_fn=limit_writes,
                               stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise ArchiveRefused("RAR extraction took too long (possible archive bomb)") from None
            files = [f for f in out.rglob("*") if f.is_file() and not f.is_symlink()] if out.exists() else []
            if len(files) != 1:
                members.append(Document(name=name, container=doc.name, cls=DocClass.UNSAFE,
                                        reason="member could not be extracted", confidence=1.0))
                continue
            _take(budget, files[0].stat().st_size, limits, name)
            members.append(_member(doc, name, files[0].read_bytes()))
        return members
