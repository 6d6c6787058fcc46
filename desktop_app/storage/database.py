"""Opening the database file: checks first, then backups (the day's first, zipped in the background; before a
migration), then migrations, then sessions.

Nothing is written to an existing file until it has passed the checks: a file that is not SQLite, is
corrupt, or comes from a newer version of the program is refused with one clear message.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.core.held_files import held, removable
from desktop_app.core.os_errors import describe_os_error
from desktop_app.core.paths import DataPaths, owner_only_files, restrict_existing
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import ConcurrentChange, DatabaseProblem, SetupRequired, UserError
from desktop_app.storage import backups, crash_recovery, key_store, sqlite_files
from desktop_app.storage.audit import install_audit_hook
from desktop_app.storage.background_backup import BackupUnderWay, daily_backup_started
from desktop_app.storage.backup_folder import fsync_folder
from desktop_app.storage.changes import ChangeFeed
from desktop_app.storage.engine import make_engine
from desktop_app.storage.migrate import head_revision, known_revisions, upgrade_to_head
from desktop_app.storage.owners import install_owner_hook

log = logging.getLogger(__name__)
DEFAULT_CHECKPOINT_PAGES = 1000  # SQLite's own default
BULK_CHECKPOINT_PAGES = 50_000  # about 200 MB of log at most, copied once when the bulk work ends
BULK_CACHE_KIB = 65_536  # the indexes a region's import writes into stay in memory between its files
DATABASE_KEY = "database_key"  # Session.info: the key of an encrypted database, or None
DATA_ROOT = "data_root"  # Session.info: the data folder (where database-access.json lives)
ENCRYPTED_NEEDS_SIGN_IN = (
    "База данных зашифрована: откройте её, войдя под своей учётной записью (логин и пароль); файл не изменён."
)
CONCURRENT_CHANGE = "Эти данные только что изменил другой пользователь; ничего не записано. Обновите и повторите."


class AuditedSession(Session):
    """Sessions of this class write the audit trail on every flush."""


install_owner_hook(AuditedSession)  # first: the audit trail then records the owner
install_audit_hook(AuditedSession)


class Database:
    """An open, migrated database file and the way to run one transaction on it."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        marker: crash_recovery.RunMarker | None = None,
        daily_backup: BackupUnderWay | None = None,
        key: bytes | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.key = key  # SQLCipher's key of an encrypted database (storage/cipher.py), None for a plain one
        self.recovery_code = ""  # made when the database was encrypted just now: shown once, then forgotten
        self.recovery_backup: Path | None = None  # the copy made before an installation was encrypted
        self._daily_backup = daily_backup  # the day's first copy, finished in the background
        # the key rides along in each session, so that setting a password also re-wraps it (services/auth.py)
        self._sessions = sessionmaker(
            bind=engine,
            class_=AuditedSession,
            expire_on_commit=False,
            info={DATABASE_KEY: key, DATA_ROOT: path.parent},
        )
        self.changes = ChangeFeed(engine)  # who hears of committed writes (the window's pages)
        self._marker = marker
        # what the open found after an earlier run ended abruptly (crash_recovery.py); None after a clean end
        self.recovery: crash_recovery.RecoveryReport | None = None

    @property
    def recovery_message(self) -> str:
        """One or two sentences for the user when the previous run ended abruptly, else ""."""
        return self.recovery.message if self.recovery is not None else ""

    @contextmanager
    def activity(self, kind: str, subject: str) -> Iterator[None]:
        """Long work under way (crash_recovery.IMPORT or EXPORT of ``subject``): a crash during it is reported
        at the next start with what to do again."""
        if self._marker is None:
            yield
            return
        with self._marker.doing(kind, subject):
            yield

    @contextmanager
    def transaction(self, actor: Actor = SYSTEM_ACTOR, *, immediate: bool = False) -> Iterator[Session]:
        """One unit of work: commit when the block ends normally, roll back everything otherwise.

        ``immediate`` begins the transaction at once and takes the write lock (BEGIN IMMEDIATE), for a long
        unit of work with savepoints inside (``session.begin_nested()``): the sqlite3 module begins a
        transaction only before its first write, and a SAVEPOINT outside one would commit when released.
        """
        session = self._sessions()
        session.info["actor"] = actor
        with self.changes.recording() as written:
            try:
                if immediate:
                    session.connection().exec_driver_sql("BEGIN IMMEDIATE")
                yield session
                session.commit()
            except OperationalError as exc:
                session.rollback()
                raise _operational_problem(exc) from exc
            except IntegrityError as exc:
                # Two workstations (or two windows) created the same record at once; nothing was written.
                session.rollback()
                log.warning("Integrity conflict rolled back: %s", exc)
                raise ConcurrentChange(CONCURRENT_CHANGE) from exc
            except StaleDataError as exc:
                # Another process committed a change to a row this one read: its version no longer matches.
                session.rollback()
                log.warning("Version conflict rolled back: %s", exc)
                raise ConcurrentChange(CONCURRENT_CHANGE) from exc
            except BaseException:
                session.rollback()
                raise
            finally:
                session.close()
        self.changes.publish(written)  # only after a commit: the screens refresh what it changed

    @contextmanager
    def bulk_writes(self) -> Iterator[None]:
        """Many large transactions in a row (a folder of bundles): the write-ahead log is copied into the
        database once at the end rather than every thousand pages, where consecutive transactions would
        copy the same index pages again and again; and the page cache is larger, so the index pages every
        file inserts into are not read back from the file. Each transaction stays atomic and durable as ever."""
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
            cache = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
            connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
                    connection.exec_driver_sql(f"PRAGMA wal_autocheckpoint = {DEFAULT_CHECKPOINT_PAGES}")
                    connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")
            except SQLAlchemyError:
                log.warning("Checkpoint after bulk writes failed; SQLite will checkpoint later", exc_info=True)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; anything it changed is discarded."""
        session = self._sessions()
        try:
            yield session
        except OperationalError as exc:
            raise _operational_problem(exc) from exc
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def plain_reading(self) -> Iterator[Connection]:
        """A connection for plain-row queries, without an ORM session to set up and roll back: the pages of a
        long list, read hundreds of times in one scroll."""
        try:
            with self.engine.connect() as connection:
                yield connection
        except OperationalError as exc:
            raise _operational_problem(exc) from exc

    def revision(self) -> str | None:
        try:
            with self.engine.connect() as connection:
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError as exc:
            raise _operational_problem(exc) from exc

    def close(self) -> None:
        if self._daily_backup is not None:
            self._daily_backup.settle()  # a program closed soon after it started still leaves the day's copy
        self.engine.dispose()
        if self._marker is not None:
            self._marker.remove()
            self._marker = None


_WORK_PROBLEMS = {
    "locked": "База данных занята другой копией программы. Закройте её и повторите действие.",
    "disk": "Не удалось записать данные: диск заполнен или недоступен. Изменения не сохранены.",
    "read_only": "База данных открыта только для чтения: нет прав на запись в папку данных.",
    "cannot_open": "Не удалось открыть файл базы данных: нет доступа к папке данных или диск недоступен.",
}


def _operational_problem(exc: OperationalError) -> DatabaseProblem:
    cause = exc.orig or exc
    message = _WORK_PROBLEMS.get(sqlite_files.failure_kind(cause))
    return DatabaseProblem(
        message or f"Ошибка базы данных: {sqlite_files.describe_failure(cause)}. Изменения не сохранены."
    )


def _reason(exc: SQLAlchemyError) -> str:
    """SQLite's reason in Russian when it is a known one (a full disk above all), else its own words."""
    return sqlite_files.describe_failure(getattr(exc, "orig", None) or exc)


def database_exists(paths: DataPaths) -> bool:
    """Anything at the database's name, whatever it holds (an empty file, a folder, a broken link): opening
    checks it, and set-up never writes over it."""
    return os.path.lexists(paths.database)


def open_database(
    paths: DataPaths, *, create: bool = False, key: bytes | None = None, daily_copy: bool = True
) -> Database:
    """Open (or, with ``create``, make) the database in ``paths`` and bring its schema up to date; ``key``
    opens an encrypted one (unwrapped at sign-in: services/database_access.py). The day's first opening starts
    the daily copy unless ``daily_copy`` is false (a command line sign-in: the command after it opens the
    database again, or, as backup and restore, never opens it for work).

    Raises SetupRequired when there is no database and ``create`` is false, DatabaseProblem when the
    file cannot be used (an encrypted one without its key too); in both cases the file on disk is left exactly
    as it was.
    """
    path = paths.database
    if paths.root.exists() and not paths.root.is_dir():
        raise DatabaseProblem(f"{paths.root} — это файл, а не папка данных. Укажите папку в --data-dir.")
    if not database_exists(paths):
        if not create:
            raise SetupRequired(f"В папке {paths.root} ещё нет базы данных: выполните первоначальную настройку.")
        return _create(paths)
    owner_only_files()
    restrict_existing(paths.root)  # what an earlier version left readable by every local account
    if key is None and key_store.key_file(paths.root).exists():
        raise DatabaseProblem(ENCRYPTED_NEEDS_SIGN_IN)
    sqlite_files.preflight(path, key)
    revision = sqlite_files.stored_revision(path, key)
    if revision is not None and revision not in known_revisions():
        raise DatabaseProblem(
            "База данных создана более новой версией программы (схема "
            f"{revision}). Установите новую версию Опеки-Офлайн; файл не изменён."
        )
    if revision is None:
        raise DatabaseProblem(f"Файл {path} — база SQLite, но не база Опеки-Офлайн; файл не изменён.")
    recovery = crash_recovery.recover(paths, key)  # read-only, before anything writes: what an abrupt end left
    # zipped in the background; the Database waits for it when closed
    daily = daily_backup_started(paths, key=key) if daily_copy else None
    try:
        if revision != head_revision():
            backup = backups.write_backup(paths, "before-migration", key=key)
            log.info("Backup before migration from %s: %s", revision, backup.path)
        marker = crash_recovery.RunMarker.start(paths)
        engine = make_engine(path, key)
    except BaseException:
        if daily is not None:
            daily.settle()
        raise
    db = Database(path, engine, marker, daily, key)
    try:
        if revision != head_revision():
            upgrade_to_head(engine)
    except SQLAlchemyError as exc:
        db.close()
        raise DatabaseProblem(
            f"Не удалось обновить структуру базы данных ({_reason(exc)}); изменения отменены, "
            f"копия файла сохранена в {paths.backups}."
        ) from exc
    try:
        db.revision()  # the first connection sets the pragmas: a read-only folder is found here
    except DatabaseProblem:
        db.close()
        raise
    db.recovery = recovery
    return db


def _create(paths: DataPaths) -> Database:
    with new_database(paths):
        pass
    return open_database(paths)


SETUP_PREFIX = ".opeka-setup-"  # a database being set up: ``.opeka-setup-….sqlite3`` beside its final name


@contextmanager
def new_database(paths: DataPaths, key: bytes | None = None) -> Iterator[Database]:
    """A new database, migrated, built in a temporary file beside its final name; what the block writes into it
    (the installation, its administrator, the demo's data) goes in before it takes its name. Only when the
    block ends normally is it moved into place, and only if nothing is there meanwhile: a set-up killed at any
    moment leaves no database (set-up can simply run again, and removes what the killed one left), never one
    that every command refuses. The database is closed at the end; open it with ``open_database``. With
    ``key`` it is encrypted from its first page (the block writes the key file: services/setup.py).

    UserError when something is at the database's name already (it is never written over), DatabaseProblem
    when the folder or the file cannot be written.
    """
    if database_exists(paths):
        raise UserError(f"В папке {paths.root} уже есть файл базы данных {paths.database.name}; он не изменён.")
    try:
        paths.ensure()
        remove_unfinished_setups(paths)
        descriptor, name = tempfile.mkstemp(prefix=SETUP_PREFIX, suffix=".lock", dir=paths.root)
        os.close(descriptor)
    except OSError as exc:
        raise DatabaseProblem(f"Не удалось создать папку данных {paths.root}: {describe_os_error(exc)}.") from None
    crash_recovery.claim_stale(paths)  # a first start cut short left nothing to recover: it starts again
    lock = Path(name)
    building = lock.with_suffix(".sqlite3")
    try:
        with held(lock):  # the lock file, not the database: SQLite keeps its own locks on that one
            engine = make_engine(building, key)
            db = Database(building, engine, key=key)
            try:
                upgrade_to_head(engine)
                yield db
            except SQLAlchemyError as exc:
                raise DatabaseProblem(f"Не удалось создать базу данных в {paths.root}: {_reason(exc)}.") from exc
            finally:
                db.close()  # the last connection checkpoints the log into the file and removes it
            _sync(building)
            _move_into_place(building, paths)
    finally:
        _remove_setup_files(lock)


def remove_unfinished_setups(paths: DataPaths) -> None:
    """The temporary files of set-ups killed before they finished (none holds its lock file any more)."""
    for lock in paths.root.glob(f"{SETUP_PREFIX}*.lock"):
        try:
            if removable(lock):
                _remove_setup_files(lock)
        except OSError as exc:  # Windows: files another set-up still has open cannot be deleted
            log.warning("Could not remove what an unfinished set-up left: %s: %s", lock, exc)
    for orphan in paths.root.glob(f"{SETUP_PREFIX}*.sqlite3*"):  # killed while removing its own files
        if not orphan.with_name(orphan.name.split(".sqlite3")[0] + ".lock").exists():
            try:
                orphan.unlink()
            except OSError as exc:
                log.warning("Could not remove what an unfinished set-up left: %s: %s", orphan, exc)


def _remove_setup_files(lock: Path) -> None:
    """Lock file last: while it is there, the database files beside it are known to be a set-up's."""
    building = lock.with_suffix(".sqlite3")
    for suffix in ("-wal", "-shm", ""):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    lock.unlink(missing_ok=True)


def _move_into_place(building: Path, paths: DataPaths) -> None:
    """The finished database under its name, never over anything there (a set-up running beside this one)."""
    try:
        os.link(building, paths.database)  # fails if the name is taken, where a rename would replace it
    except FileExistsError:
        raise UserError(
            f"В папке {paths.root} уже есть файл базы данных {paths.database.name}; он не изменён."
        ) from None
    except OSError:  # a file system without hard links (a FAT stick): Windows' rename does not replace either
        if database_exists(paths):
            raise UserError(
                f"В папке {paths.root} уже есть файл базы данных {paths.database.name}; он не изменён."
            ) from None
        os.rename(building, paths.database)
    fsync_folder(paths.root)


def _sync(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())
