"""Writing a file whole or not at all: into a temporary file beside it, synced to the disk, then one rename over
the target (and the folder synced), so that neither a crash nor a power cut leaves half a file under its name.

A temporary file is named ``.opeka-*``: one left behind by a crash is never taken for a finished file."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError

TEMPORARY_PREFIX = ".opeka-"


def write_atomically(target: Path, write: Callable[[Path], object], what: str = "") -> Path:
    """``write(temporary)`` fills a temporary file in the target's folder, which then replaces ``target``.
    A full disk, a missing folder or a power cut leaves the old file (or none), never half a file."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=TEMPORARY_PREFIX, suffix=target.suffix)
        os.close(handle)
        temporary = Path(name)
        try:
            write(temporary)
            _sync(temporary)  # without it a power cut after the rename may leave the name with no content
            os.replace(temporary, target)
            _sync_folder(folder)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось сохранить {what or 'файл'} «{target.name}»: {describe_os_error(exc)}.") from None
    return target


def _sync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """The rename itself reaches the disk (POSIX; Windows makes a rename durable on its own)."""
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
