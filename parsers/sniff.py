"""The real type of a file, from its bytes, never from its extension."""
from __future__ import annotations

import io
import re
import struct
import zipfile

EXECUTABLE_EXTENSIONS = {
    "exe", "scr", "bat", "cmd", "com", "pif", "vbs", "vbe", "js", "jse", "jar", "msi", "ps1", "lnk",
    "hta", "cpl", "dll", "reg", "wsf", "wsh", "sh", "apk", "app", "elf", "gadget", "msc", "iso",
}
DOCUMENT_EXTENSIONS = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "rtf", "txt", "jpg", "jpeg",
                       "png", "zip", "rar", "7z", "odt", "ods", "html", "htm", "tif", "tiff", "bmp"}
ARCHIVES = {"zip", "7z", "rar"}
OFFICE_LEGACY = {"doc", "xls", "wps", "et", "rtf", "ole", "odt", "ods", "ppt", "word2", "biff"}
IMAGES = {"jpeg", "png", "gif", "bmp", "tiff", "webp"}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, name: str = "") -> str:
    head = data[:2048]
    if not data:
        return "empty"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _sniff_ole(data, name)
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"BM") and len(data) > 26:
        return "bmp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:         # PDF readers accept junk before the header
        return "pdf"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF") or head.startswith(b"#!"):
        return "executable"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:2] in _WORD_1_2 and len(data) > 256:
        return "word2"
    if _BIFF_2_4.match(head):
        return "biff"
    text = head.lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if text.startswith(b"<!doctype html") or text.startswith(b"<html") or b"<table" in text[:512]:
        return "html"
    if not re.search(rb"[\x00-\x08\x0e-\x1f]", head):
        return "text"
    return "unknown"


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return "zip"   # damaged: the archive reader reports why
    if "mimetype" in names:
        return "odf"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    return "zip"


def _sniff_ole(data: bytes, name: str) -> str:
    """By the streams at the top of the file: an .xls that embeds a Word object has a WordDocument
    stream too, but inside a storage below the root."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        import olefile
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            top = {entry[0] for entry in ole.listdir(streams=True, storages=False) if len(entry) == 1}
            if "EncryptedPackage" in top:
                return "encrypted_office"
            if "WordDocument" in top:
                if _word_encrypted(ole.openstream("WordDocument").read(16)):
                    return "encrypted_office"
                return "wps" if ext == "wps" else "doc"
            book = next((s for s in ("Workbook", "Book", "WORKBOOK", "BOOK") if s in top), None)
            if book:
                if _biff_encrypted(ole.openstream(book).read(64 * 1024)):
                    return "encrypted_office"
                return "et" if ext == "et" else "xls"
            if "PowerPoint Document" in top:
                return "ppt"
    except Exception:                   # a damaged compound file: stream names anywhere, then the name
        probe = data[: 1024 * 1024]
        if _utf16("EncryptedPackage") in probe:
            return "encrypted_office"
        if _utf16("WordDocument") in probe:
            return "wps" if ext == "wps" else "doc"
        if _utf16("Workbook") in probe or _utf16("Book") in probe:
            return "et" if ext == "et" else "xls"
    return ext if ext in ("doc", "xls", "wps", "et", "ppt") else "ole"


def _word_encrypted(fib: bytes) -> bool:
    """The Word FIB's fEncrypted flag (Word 6 to 2003)."""
    return len(fib) >= 12 and bool(struct.unpack_from("<H", fib, 0x0A)[0] & 0x0100)


def _biff_encrypted(stream: bytes) -> bool:
    """A FILEPASS record among the workbook's first records: the sheets are encrypted."""
    pos = 0
    for _ in range(200):
        if pos + 4 > len(stream):
            return False
        rtype, size = struct.unpack_from("<HH", stream, pos)
        if rtype == 0x002F:
            return True
        if rtype in (0x0085, 0x000A) and pos:    # BOUNDSHEET or EOF: past where FILEPASS would be
            return False
        pos += 4 + size
    return False


# Files from before compound documents, which LibreOffice still reads: Word 1/2, Excel 2-4 (BIFF2-4).
_WORD_1_2 = (b"\xdb\xa5", b"\x9b\xa5")
_BIFF_2_4 = re.compile(rb"\A\x09[\x00\x02\x04][\x04\x06]\x00")


def extensions(name: str) -> list[str]:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].lower().strip()
    parts = base.split(".")
    return [p.strip() for p in parts[1:]] if len(parts) > 1 else []


def dangerous_name(name: str) -> str | None:
    """Why a name alone makes a file unsafe (executable, double extension), or None."""
    exts = extensions(name)
    if not exts:
        return None
    last = exts[-1]
    if last in EXECUTABLE_EXTENSIONS:
        if len(exts) >= 2 and exts[-2] in DOCUMENT_EXTENSIONS:
            return f"executable with a double extension (.{exts[-2]}.{last})"
        return f"executable file type (.{last})"
    return None
