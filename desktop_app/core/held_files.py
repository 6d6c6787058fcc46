"""Work files that say whether their writer is still at work: a process holds a lock on the file while it writes
(``held``), so whoever finds such a file later removes it only when nobody holds it (``removable``) — a file left
by a killed process goes, one another process is writing right now stays.

POSIX: ``flock`` on the open file, released by the kernel when the process ends, however it ends (never taken
on a file SQLite locks itself: on a network share flock may be emulated with the byte-range locks SQLite
uses). Windows: a file open for writing cannot be deleted, so the deletion itself fails while the writer is
at work.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def held(path: Path) -> Iterator[None]:
    """``path`` (created if missing) held by this process while the block runs. On Windows no handle is kept:
    it would stop the block from renaming the file, and the writer's own handle already prevents deletion."""
    if sys.platform == "win32":
        path.touch()
        yield
        return
    import fcntl

    with path.open("ab") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def removable(path: Path) -> bool:
    """True when no running process holds ``path`` (on Windows always: deleting a held file fails instead)."""
    if sys.platform == "win32":
        return True
    import fcntl

    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True
