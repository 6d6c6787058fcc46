"""Where a rendered report goes: a file written whole or not at all, or a stream the caller owns."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO, TypeAlias

from desktop_app.core.atomic import write_atomically

Target: TypeAlias = str | os.PathLike[str] | BinaryIO


def deliver(data: bytes, target: Target, what: str) -> None:
    """Renderers build the whole document in memory first, so a cancelled or failed report never leaves a
    half-written file behind, and an existing file is replaced only by a complete one."""
    if isinstance(target, str | os.PathLike):
        write_atomically(Path(target), lambda temporary: temporary.write_bytes(data), what)
    else:
        target.write(data)
