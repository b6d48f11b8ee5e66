"""Atomic writes: temp file in the same directory, rename; durable ones fsync the file first and the
directory after. What can be rebuilt (staff copies of attachments) skips the syncs; the archive syncs
its folders once per poll (`sync_dirs`). The staff copies' names under files/, and the relative links
the workbook gives them."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, sync: bool = True, sync_dir: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync and sync_dir:
        sync_dirs([path.parent])


def sync_dirs(folders) -> None:
    """Make renames in these folders durable (one fsync per folder)."""
    for folder in folders:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


FILES_DIR = "files"


def stored_name(row: int, index: int, safe_name: str) -> str:
    """The stored copy's name: the mail's row, the document's place in the mail (0-based), its safe name."""
    return f"{row:06d}-{index:02d}-{safe_name}"


def stored_copies(data_dir: Path) -> dict[tuple[int, int], str]:
    """Every stored copy under files/, by (mail row, document index), as a path relative to the data
    directory with '/' (the workbook beside files/ links to it; a share keeps relative links working)."""
    out: dict[tuple[int, int], str] = {}
    root = Path(data_dir) / FILES_DIR
    if not root.is_dir():
        return out
    for folder in sorted(root.iterdir()):
        if not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            parts = f.name.split("-", 2)
            if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
                out.setdefault((int(parts[0]), int(parts[1])), f"{FILES_DIR}/{folder.name}/{f.name}")
    return out


def link_target(relative: str) -> str:
    """A relative hyperlink to a stored copy, percent-encoded as a URI reference (Excel, WPS, LibreOffice)."""
    from urllib.parse import quote
    return quote(relative, safe="/")


def move_aside(path: Path, tag: str, name: tuple[str, str] | None = None) -> Path:
    """`path` renamed to NAME+tag (then NAME+tag-2, -3, …): a name no file has, so nothing is replaced.
    name: (stem, suffix) of the new name when it is not the file's own."""
    stem, suffix = name or (path.stem, path.suffix)
    n = 1
    while True:
        target = path.with_name(f"{stem}{tag}{'' if n == 1 else f'-{n}'}{suffix}")
        n += 1
        try:
            os.link(path, target)          # fails when the name is taken: no check-then-rename race
        except FileExistsError:
            continue
        except OSError:                    # a file system without hard links
            if target.exists():
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """`data` in a new file FOLDER/STEM.SUFFIX (then STEM-2.SUFFIX, …), written whole before it gets
    its name; never replaces a file (the name is taken with a hard link, which fails on a taken name)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return move_aside(Path(tmp), "", name=(stem, suffix))
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
