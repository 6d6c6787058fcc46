"""Passwords on the command line: read from a file's first line (or stdin), or typed at the terminal unseen."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError, ValidationError

PASSWORD_FILE_LIMIT = 4096  # a password file is one short line; never read /dev/zero to the end


def read_password(source: str) -> str:
    """The first line of the file ``source`` («-»: of stdin); a file without one is refused."""
    try:
        if source == "-":
            raw = sys.stdin.readline(PASSWORD_FILE_LIMIT)
        else:
            with Path(source).open("rb") as stream:
                raw = stream.read(PASSWORD_FILE_LIMIT).decode("utf-8-sig")
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл с паролем {source}: {describe_os_error(exc)}.") from None
    except UnicodeDecodeError:
        raise UserError(f"Файл с паролем {source} должен быть текстовым (UTF-8).") from None
    lines = raw.splitlines()
    password = lines[0] if lines else ""
    if not password:
        raise ValidationError("Файл с паролем пуст: запишите пароль в первую строку.")
    return password


def at_terminal() -> bool:
    """A person is typing: only then is a password asked for (a script gets a clear refusal instead of a hang)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # stdin closed or replaced by something without a terminal
        return False


def ask_password(prompt: str) -> str:
    """Typed at the terminal without echo; an interrupted prompt ends the command like Ctrl+C anywhere."""
    try:
        return getpass.getpass(prompt)
    except EOFError:
        return ""
