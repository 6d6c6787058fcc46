"""Copies finished in the background: the copy before an import and the day's first copy.

The database is copied as it stands at once (SQLite's online backup: a tenth of a second for a region's database
of fifty megabytes); the zip of that copy, which takes most of the time and grows with the database, is written
in a background thread meanwhile (backups.Snapshot.finish, one at a time).

- Before an import: the snapshot is taken before the import writes anything, and the import waits for the zip
  before it commits, so an import is never committed without its copy, and a copy that cannot be written
  refuses the import with the database as it was.
- The day's first copy: the snapshot is taken before the database is opened for writing; the program opens and
  signs in meanwhile, and waits for the zip only when it closes the database. A failure is logged, as before.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING

from desktop_app.core.paths import DataPaths
from desktop_app.domain.backup_rotation import made_on
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage.backup_folder import existing_copies
from desktop_app.storage.backups import BackupInfo, Clock, Snapshot, take_snapshot

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)


class BackupUnderWay:
    """A copy whose snapshot is taken and whose zip is being written."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.kind = snapshot.kind
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"backup-{snapshot.kind}")
        try:
            self._future: Future[BackupInfo] = executor.submit(snapshot.finish)
        except BaseException:
            snapshot.discard()
            raise
        finally:
            executor.shutdown(wait=False)  # the thread ends when the copy is written
        self._waited = False

    def wait(self) -> BackupInfo:
        """The finished copy; DatabaseProblem when it could not be written."""
        self._waited = True
        return self._future.result()

    def settle(self) -> None:
        """Let the copy finish when nobody asked for it with ``wait`` (a failed import, whose own reason is the
        one told; the day's copy when the database closes): no thread goes on writing, no work folder is left."""
        if self._waited:
            return
        self._waited = True
        try:
            self._future.result()
        except DatabaseProblem as problem:
            log.warning("Backup (%s) not written: %s", self.kind, problem.message)


class ImportBackup(BackupUnderWay):
    def wait(self) -> BackupInfo:
        try:
            return super().wait()
        except DatabaseProblem as problem:
            raise DatabaseProblem(f"Загрузка не выполнена: {problem.message}") from None


def backup_before_import(paths: DataPaths, engine: Engine, clock: Clock = datetime.now) -> BackupUnderWay:
    """A copy before an exchange file or a folder of them is imported, always (not once a day): the snapshot
    now, through the program's own connection, the zip in the background. DatabaseProblem when the snapshot
    cannot be taken; the import must not begin then. ``wait`` says «Загрузка не выполнена: …» on a failure."""
    try:
        return ImportBackup(take_snapshot(paths, "before-import", engine=engine, clock=clock))
    except DatabaseProblem as problem:
        raise DatabaseProblem(f"Загрузка не выполнена: {problem.message}") from None


def daily_backup_started(
    paths: DataPaths, clock: Clock = datetime.now, *, key: bytes | None = None
) -> BackupUnderWay | None:
    """The copy of the first start of a day, begun before the database is opened for writing (open_database):
    the snapshot through a read-only connection now, the zip in the background. None when today's copy
    exists or the snapshot cannot be taken (logged: the program still opens, and tries again next start)."""
    if made_on(existing_copies(paths.backups), "daily", clock().date()):
        return None
    try:
        return BackupUnderWay(take_snapshot(paths, "daily", clock=clock, key=key))
    except DatabaseProblem as problem:
        log.warning("Daily backup failed: %s", problem.message)
        return None
