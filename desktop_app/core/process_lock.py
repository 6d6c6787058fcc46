"""A lock that one process of the program holds on a file in the data folder while it does work that must not
run twice at once: a second process is refused at once (an export, ``held``) or waits its turn (finishing a
backup, ``waited``).

The operating system releases the lock when the process ends, however it ends, so a crash never leaves a stale
lock behind; the file itself stays and means nothing by itself.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError


class AlreadyRunning(UserError):
    """Another process holds the lock."""


@contextmanager
def held(path: Path, busy_message: str) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the block; raise AlreadyRunning(busy_message) when another process
    holds it."""
    with waited(path, busy_message, timeout=0):
        yield


@contextmanager
def waited(path: Path, busy_message: str, timeout: float, poll: float = 0.2) -> Iterator[None]:
    """Hold the lock on ``path`` for the block, waiting up to ``timeout`` seconds while another process holds it
    (work that is short and must simply not overlap: finishing a backup); AlreadyRunning(busy_message) after."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise UserError(f"Не удалось открыть файл блокировки «{path}»: {describe_os_error(exc)}.") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(descriptor):
            if time.monotonic() >= deadline:
                raise AlreadyRunning(busy_message)
            time.sleep(poll)
        try:
            yield
        finally:
            _unlock(descriptor)
    finally:
        os.close(descriptor)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, 0, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
