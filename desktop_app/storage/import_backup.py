"""The copy made before every import, finished while the import runs.

The database is copied as it stands before the import writes anything (SQLite's online backup: a tenth of a
second for a region's database of fifty megabytes); the zip of that copy, which takes most of the time and
grows with the database, is written in a background thread meanwhile. The import waits for it before it
commits: an import is never committed without its copy, and a copy that cannot be written refuses the
import with the database as it was.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage.backups import BackupInfo, Clock, take_snapshot

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)


class BackupUnderWay:
    """A copy whose snapshot is taken and whose zip is being written (``backup_before_import``)."""

    def __init__(self, future: Future[BackupInfo]) -> None:
        self._future = future
        self._waited = False

    def wait(self) -> BackupInfo:
        """The finished copy; DatabaseProblem («Загрузка не выполнена: …») when it could not be written."""
        self._waited = True
        try:
            return self._future.result()
        except DatabaseProblem as problem:
            raise DatabaseProblem(f"Загрузка не выполнена: {problem.message}") from None

    def settle(self) -> None:
        """Let the copy finish when the import ended without ``wait`` (it failed for another reason, which is
        the one told): no thread goes on writing, and no work folder is left behind."""
        if self._waited:
            return
        try:
            self._future.result()
        except DatabaseProblem as problem:
            log.warning("Backup before a failed import not written either: %s", problem.message)


def backup_before_import(paths: DataPaths, engine: Engine, clock: Clock = datetime.now) -> BackupUnderWay:
    """A copy before an exchange file or a folder of them is imported, always (not once a day): the snapshot
    now, through the program's own connection, the zip in the background. DatabaseProblem when the snapshot
    cannot be taken; the import must not begin then."""
    try:
        snapshot = take_snapshot(paths, "before-import", engine=engine, clock=clock)
    except DatabaseProblem as problem:
        raise DatabaseProblem(f"Загрузка не выполнена: {problem.message}") from None
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="backup-before-import")
    try:
        future = executor.submit(snapshot.finish)
    except BaseException:
        snapshot.discard()
        raise
    finally:
        executor.shutdown(wait=False)  # the thread ends when the copy is written
    return BackupUnderWay(future)
