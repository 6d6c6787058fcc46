"""Opening the database for a command: every command that opens it tells what was recovered after a crash."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from desktop_app.core.paths import DataPaths

if TYPE_CHECKING:
    from desktop_app.storage.database import Database


def open_for_command(paths: DataPaths, *, daily_copy: bool = True) -> Database:
    """The migrated database of ``paths``; after an abrupt end of the last run, says so on stderr (so that
    ``--json`` output stays one valid document). ``daily_copy``: see open_database."""
    # SQLAlchemy and the models load here, not with the command line: the window's sign-in shows first
    from desktop_app.storage.database import open_database

    db = open_database(paths, daily_copy=daily_copy)
    if db.recovery_message:
        print(db.recovery_message, file=sys.stderr)
    return db
