"""Writing a file whole or not at all: into a temporary file beside it, then one rename over the target."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError


def write_atomically(target: Path, write: Callable[[Path], object], what: str = "") -> Path:
    """``write(temporary)`` fills a temporary file in the target's folder, which then replaces ``target``.
    A full disk, a missing folder or a power cut leaves the old file (or none), never half a file."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".opeka-", suffix=target.suffix)
        os.close(handle)
        temporary = Path(name)
        try:
            write(temporary)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as exc:
        raise UserError(f"Не удалось сохранить {what or 'файл'} «{target.name}»: {describe_os_error(exc)}.") from None
    return target
