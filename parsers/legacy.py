"""Legacy office formats (.doc, .wps, .et, .rtf, .odt/.ods) normalised through LibreOffice headless:
a private profile per run, a timeout, no macros; then read as .docx / .xlsx."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from . import warm_office
from .base import REGISTRY, Content, register
from .errors import DocumentError, NeedsManualCheck

TIMEOUT = int(os.environ.get("INTAKE_BOT_OFFICE_TIMEOUT", "90"))
_TARGET = {"doc": ("docx", "doc"), "wps": ("docx", "wps"), "rtf": ("docx", "rtf"), "odf": ("docx", "odt"),
           "et": ("xlsx", "et"), "ole": ("docx", "doc"), "ppt": ("pdf", "ppt"), "pptx": ("pdf", "pptx"),
           "word2": ("docx", "doc"), "biff": ("xlsx", "xls")}     # Word 1/2 and Excel 2-4: LibreOffice reads them


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, source_ext: str, target: str) -> bytes:
    exe = soffice()
    if not exe:
        raise NeedsManualCheck(f"needs manual check: LibreOffice is not installed to read .{source_ext} files")
    deadline = time.monotonic() + TIMEOUT   # one budget for the file: the warm office's start, its
    warm = warm_office.office(exe)          # conversion and a cold start after it (the worker's clock is longer)
    if warm is not None:
        converted = _convert_warm(warm, data, source_ext, target, _left(deadline))
        if converted is not None:
            return converted
    return _convert_cold(exe, data, source_ext, target, _left(deadline))


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 1:
        raise NeedsManualCheck(f"needs manual check: LibreOffice took more than {TIMEOUT} s")
    return left


def _convert_warm(warm, data: bytes, source_ext: str, target: str, seconds: float = TIMEOUT) -> bytes | None:
    """With the worker's warm LibreOffice; None when it could not (then a cold start tries the file)."""
    with tempfile.TemporaryDirectory(prefix="intake-office-") as tmp:
        src, out = Path(tmp) / f"in.{source_ext}", Path(tmp) / f"in.{target}"
        src.write_bytes(data)
        try:
            error = warm.convert(src, out, target, seconds)
        except TimeoutError:
            warm_office.discard()
            raise NeedsManualCheck(f"needs manual check: LibreOffice took more than {TIMEOUT} s") from None
        except warm_office.WarmUnavailable:
            warm_office.discard()
            return None
        if error or not out.exists():
            return None                    # LibreOffice opened through UNO refuses a few files --convert-to
        return out.read_bytes()            # reads (fields in text boxes): the cold start has its turn


def _convert_cold(exe: str, data: bytes, source_ext: str, target: str, seconds: float = TIMEOUT) -> bytes:
    with tempfile.TemporaryDirectory(prefix="intake-office-") as tmp:
        src = Path(tmp) / f"in.{source_ext}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck",
               "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(Path(tmp) / "out"), str(src)]
        # its own process group: on a time-out the launcher and soffice.bin go together (killing
        # only the launcher leaves soffice.bin running and recreating its profile)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                env={**os.environ, "HOME": tmp}, process_group=0)
        try:
            stdout, stderr = proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            raise NeedsManualCheck(f"needs manual check: LibreOffice took more than {TIMEOUT} s") from None
        finally:
            _kill_group(proc)                      # on a time-out, and whatever a finished run left behind
        out = Path(tmp) / "out" / f"in.{target}"
        if not out.exists():
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()[:200]
            raise DocumentError(f"LibreOffice could not convert this .{source_ext} file ({detail or proc.returncode})")
        return out.read_bytes()


@register(*_TARGET)
def parse_legacy(data: bytes, name: str) -> Content:
    from .sniff import sniff
    kind = sniff(data, name)
    target, ext = _TARGET.get(kind, ("docx", "doc"))
    try:
        converted = convert(data, ext, target)
    except DocumentError:
        if kind == "doc":                  # no LibreOffice (or it failed): read the .doc streams
            return _direct_doc(data)
        raise
    content = REGISTRY[target](converted, name)   # the registry is loaded: parse() got us here
    content.converted_from = kind
    if kind == "doc" and not content.tables:
        direct = _direct_doc(data, quiet=True)   # tables LibreOffice could not see (no table properties):
        if direct is not None and direct.tables:  # added to LibreOffice's text, which stays
            content.tables = direct.tables
    return content


def _direct_doc(data: bytes, quiet: bool = False):
    from .doc import parse_doc_direct
    try:
        return parse_doc_direct(data)
    except Exception as exc:
        if quiet:
            return None
        raise NeedsManualCheck(f"needs manual check: this .doc file cannot be read ({exc})") from None
