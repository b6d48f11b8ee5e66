"""The data directory holds personal data — the roster's phones and addresses, every mail and its
attachments, the log — so it is private to the service's user: folders 0700, files 0600. The program
sets umask 0077 at start (cli.py) and the systemd unit says UMask=0077; what an earlier version or a
copy left readable by others is found (and fixed) here, by `check-config` and at every `run`."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

OPEN_BITS = stat.S_IRWXG | stat.S_IRWXO


@dataclass
class Privacy:
    fixed: int = 0                                     # folders and files made private now
    left: list[str] = field(default_factory=list)      # could not be changed (another owner)


def _fix(path: str, st: os.stat_result, result: Privacy) -> None:
    if stat.S_ISLNK(st.st_mode) or not st.st_mode & OPEN_BITS:
        return
    try:
        os.chmod(path, stat.S_IMODE(st.st_mode) & ~OPEN_BITS)
        result.fixed += 1
    except OSError:
        result.left.append(path)


def make_private(data_dir: Path, whole_tree: bool = True) -> Privacy:
    """Take group and other permissions off the data directory (and, with whole_tree, everything in it)."""
    result = Privacy()
    root = str(data_dir)
    try:
        _fix(root, os.lstat(root), result)
    except FileNotFoundError:
        return result
    if not whole_tree:
        return result
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            path = os.path.join(folder, name)
            try:
                _fix(path, os.lstat(path), result)
            except FileNotFoundError:
                continue
    return result


def check_line(data_dir: Path) -> tuple[bool, str]:
    """check-config's line: fixed, or reported when it cannot be fixed."""
    result = make_private(data_dir)
    if result.left:
        return False, (f"数据目录 {data_dir} 中有 {len(result.left)} 个文件或文件夹其他用户可以读取，且无法更改权限"
                       f"（如 {result.left[0]}）：请以其所有者身份执行 chmod -R go-rwx {data_dir}")
    if result.fixed:
        return True, f"数据目录 {data_dir} 原先其他用户可以读取：已将 {result.fixed} 个文件或文件夹改为仅服务用户可读写"
    return True, f"数据目录 {data_dir} 仅服务用户可读写"
