"""Opening a file the user chose (or that arrived) for reading: regular files only, within a size limit.

A name may lead to something that is not a file: a link to /dev/zero endlessly gives zeros (a reader that
trusts the size, 0, would read until memory runs out), a named pipe blocks the open or the first read until
someone writes into it (the program hangs), a folder cannot be read at all. Every reader of outside files
opens them here: the open never blocks (O_NONBLOCK), what was opened is checked with fstat (so a file swapped
between the check and the open is still refused), and reading stops at the limit whatever the file claims.
Limits per kind of file: desktop_app/INPUT_LIMITS.md.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError
from desktop_app.domain.text import quoted_name

MIB = 1024 * 1024
_CHUNK = MIB
# O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer (POSIX; Windows has none)
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class InputFileError(UserError):
    """A file that cannot be read; ``reason`` is the short Russian phrase for «… файл «x»: reason.»."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotARegularFile(InputFileError):
    """The name leads to a folder, a pipe, a device or a socket, or to nothing."""


class FileTooLarge(InputFileError):
    """The file is larger than its kind allows."""


def open_regular_file(path: Path, limit: int | None = None) -> io.BufferedReader:
    """``path`` opened for binary reading, when it is (or links to) a regular file of at most ``limit`` bytes.

    Raises NotARegularFile, FileTooLarge or UserError (a Russian sentence naming the file) otherwise.
    """
    name = quoted_name(path.name or str(path))
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as exc:
        raise _os_problem(name, exc) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(name, status.st_mode)
        if limit is not None and status.st_size > limit:
            raise too_large(name, status.st_size, limit)
        return io.BufferedReader(io.FileIO(descriptor, "rb"))
    except BaseException:
        os.close(descriptor)
        raise


def read_regular_file(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes; never reads more than that, even from a file
    that grows while it is read."""
    name = quoted_name(path.name or str(path))
    with open_regular_file(path, limit) as stream:
        try:
            data = stream.read(limit + 1)
        except OSError as exc:
            raise _os_problem(name, exc) from None
    if len(data) > limit:
        raise too_large(name, len(data), limit)
    return data


def check_regular_file(path: Path, limit: int | None = None) -> int:
    """The size of ``path`` after the same checks as open_regular_file, for a library that opens the file by
    its name itself."""
    with open_regular_file(path, limit) as stream:
        return os.fstat(stream.fileno()).st_size


def too_large(name: str, size: int, limit: int) -> FileTooLarge:
    reason = f"слишком большой ({_megabytes(size)} МБ), принимаются файлы до {_megabytes(limit)} МБ"
    return FileTooLarge(
        f"Файл «{name}» слишком большой ({_megabytes(size)} МБ): принимаются файлы до {_megabytes(limit)} МБ.", reason
    )


def _megabytes(size: int) -> str:
    value = size / MIB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")


def _not_regular(name: str, mode: int) -> NotARegularFile:
    if stat.S_ISDIR(mode):
        return NotARegularFile(f"«{name}» — это папка, а не файл: выберите файл.", "это папка, а не файл")
    reason = "не обычный файл (канал, устройство или сокет)"
    return NotARegularFile(f"«{name}» — {reason}: выберите файл.", reason)


def _os_problem(name: str, exc: OSError) -> InputFileError:
    reason = describe_os_error(exc)
    message = f"Не удалось прочитать файл «{name}»: {reason}."
    if isinstance(exc, FileNotFoundError | IsADirectoryError):  # Windows cannot open a folder at all
        return NotARegularFile(message, reason)
    return InputFileError(message, reason)
