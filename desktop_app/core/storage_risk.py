"""Whether the data folder sits where SQLite is not safe: a network share or a removable disk (README,
«Резервные копии»). SQLite's locking does not work reliably over network file systems, and a stick pulled
out during a write leaves a damaged file.

Linux: the file system of the folder comes from /proc/self/mountinfo (the longest mount point above it);
a network type (nfs, cifs, sshfs, 9p, davfs…) is a share, and a block device whose sysfs entry says
``removable`` or that hangs off a USB bus is a removable disk. Windows: UNC paths (\\\\server\\share) and
GetDriveTypeW's DRIVE_REMOTE are shares, DRIVE_REMOVABLE a removable disk. The check never raises: when it
cannot tell, it says nothing.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

NETWORK_MESSAGE = (
    "База данных лежит на сетевом диске: SQLite там ненадёжна — перенесите папку данных на диск этого компьютера."
)
REMOVABLE_MESSAGE = (
    "База данных лежит на съёмном диске (флешке): при его извлечении база может повредиться — "
    "перенесите папку данных на диск этого компьютера."
)

NETWORK_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "davfs",
        "fuse.davfs2",
        "afs",
        "ncpfs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "lustre",
    }
)
DRIVE_REMOVABLE = 2
DRIVE_REMOTE = 4


@dataclass(frozen=True)
class Mount:
    device: str  # major:minor
    mount_point: str
    fs_type: str
    source: str


def _unescape(field: str) -> str:
    """Mount points in mountinfo escape space, tab, newline and backslash as octal (\\040)."""
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1 : index + 4].isdigit():
            out.append(chr(int(field[index + 1 : index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts listed in /proc/self/mountinfo text; malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if "-" not in fields:
            continue
        separator = fields.index("-")
        if separator < 5 or len(fields) < separator + 3:
            continue
        mounts.append(Mount(fields[2], _unescape(fields[4]), fields[separator + 1], _unescape(fields[separator + 2])))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount that holds ``path`` (absolute, resolved): the longest mount point above it, the last mounted
    when several share it."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = path == point or point == "/" or path.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def _removable(device: str, sys_root: Path) -> bool:
    """The block device ``major:minor`` is removable (sysfs says so for it or its whole disk) or on USB."""
    if device.startswith("0:"):
        return False  # no block device behind it (tmpfs, overlay, network)
    try:
        entry = (sys_root / "dev" / "block" / device).resolve(strict=True)
    except (OSError, RuntimeError):
        return False
    if "usb" in entry.parts or any(part.startswith("usb") for part in entry.parts):
        return True
    for folder in (entry, entry.parent):
        try:
            if (folder / "removable").read_text(encoding="ascii").strip() == "1":
                return True
        except (OSError, ValueError):
            continue
    return False


def linux_risk(path: Path, mountinfo: str, sys_root: Path = Path("/sys")) -> str | None:
    mount = mount_of(str(path), parse_mountinfo(mountinfo))
    if mount is None:
        return None
    fs_type = mount.fs_type.lower()
    if fs_type in NETWORK_TYPES or fs_type.startswith(("nfs", "fuse.sshfs", "fuse.smb")):
        return NETWORK_MESSAGE
    if _removable(mount.device, sys_root):
        return REMOVABLE_MESSAGE
    return None


def windows_risk(path: str, drive_type: int | None) -> str | None:
    """``drive_type``: what GetDriveTypeW said of the path's drive (None when it has none or was not asked)."""
    if path.startswith(("\\\\?\\UNC\\", "//?/UNC/")):
        return NETWORK_MESSAGE
    if path.startswith(("\\\\", "//")) and not path.startswith(("\\\\?\\", "\\\\.\\", "//?/", "//./")):
        return NETWORK_MESSAGE
    if drive_type == DRIVE_REMOTE:
        return NETWORK_MESSAGE
    if drive_type == DRIVE_REMOVABLE:
        return REMOVABLE_MESSAGE
    return None


def _windows_drive_type(path: str) -> int | None:
    drive = PureWindowsPath(path).drive
    if not drive or drive.startswith("\\\\"):
        return None
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\"))  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return None


def _existing(path: Path) -> Path:
    """``path`` made absolute and resolved up to its nearest existing folder (the database may not exist yet)."""
    current = path.absolute()
    while not current.exists() and current.parent != current:
        current = current.parent
    try:
        return current.resolve()
    except (OSError, RuntimeError):
        return current


def storage_risk(path: Path, platform: str = sys.platform) -> str | None:
    """A Russian sentence when ``path`` (the database or data folder) is on a network share or removable
    disk, else None."""
    try:
        if platform == "win32":
            text = os.path.abspath(str(path))
            return windows_risk(text, _windows_drive_type(text))
        if platform.startswith("linux"):
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
            return linux_risk(_existing(path), mountinfo)
    except OSError:
        return None
    return None
