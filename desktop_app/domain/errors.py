"""Errors that carry a message for the user, in Russian.

Every layer raises these for expected problems; the GUI shows ``message`` in one place and the CLI
prints it as one line on stderr. Anything else is a bug and is logged with its traceback.
"""

from __future__ import annotations

from collections.abc import Mapping


class UserError(Exception):
    """An expected problem the user can act on; ``message`` is one Russian sentence."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """Input that breaks a rule; ``field_errors`` maps a field name to the message shown beside it."""

    exit_code = 2

    def __init__(self, message: str, field_errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors: dict[str, str] = dict(field_errors or {})


class AuthenticationError(UserError):
    """Wrong login or password, or a locked or disabled account."""

    exit_code = 3


class PermissionDenied(UserError):
    """The acting user's role does not allow the operation."""

    exit_code = 4


class NotFound(UserError):
    """A record the user referred to does not exist (any more)."""


class ConcurrentChange(UserError):
    """Someone else changed the same data at the same moment; the transaction was rolled back."""


class DatabaseProblem(UserError):
    """The database file cannot be used: unreadable, corrupt, from a newer version, locked."""

    exit_code = 5


class SetupRequired(UserError):
    """The data directory holds no installation yet."""

    exit_code = 6
