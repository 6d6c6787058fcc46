"""Signing in while the database opens: the login window first, SQLAlchemy and the database behind it.

The login window shows only the installation's title, which plain ``sqlite3`` reads from the file in read-only
mode in a few milliseconds. Importing SQLAlchemy and the models, checking, backing up and migrating the file
(``open_database``) and importing the main window's modules take several hundred; they run in one background
thread while the user types. Only ``open_database`` opens the database for writing, so the program still keeps
its single writing connection (storage/engine.py): the worker makes the engine, and the GUI thread uses it only
once the worker has handed it over.

An encrypted database opens only with the password, so nothing can be opened behind its login window; what
«Войти» and the main window need is imported there instead while the user types (``Preloading``): SQLAlchemy and
the models, the accounts' services, the cryptography, then the main window's modules and its first page and the
production calendar of the status bar. «Войти» starts the key's derivation (Argon2id, which lets go of the
interpreter) in a thread of its own as soon as the cryptography is in (services/unlocking.py), waits for the
sign-in's modules beside it (or imports them itself when the worker had not started), and the main window waits for
all of it.

Nothing here imports SQLAlchemy: that is the point.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.core.paths import DataPaths
from desktop_app.domain.roles import InstallationKind
from desktop_app.gui.gc_guard import collect_on_gui_thread

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor
    from desktop_app.services.auth import AuthService
    from desktop_app.storage.database import Database

log = logging.getLogger(__name__)


def has_database(paths: DataPaths) -> bool:
    """The same test as ``storage.database.database_exists``, without importing SQLAlchemy."""
    return os.path.lexists(paths.database)


def installation_title(kind: str, region_name: str, district_name: str | None) -> str:
    """``InstallationInfo.title`` from the installation row's columns."""
    if InstallationKind(kind) is InstallationKind.DISTRICT and district_name:
        return f"{district_name} ({region_name})"
    return f"{region_name} — региональный координатор"


def encrypted_installation_title(paths: DataPaths) -> str | None:
    """The title of an encrypted installation, kept in its key file (the database opens only at sign-in);
    None when the installation is not encrypted."""
    # plain json, not storage/key_store.py: the login window paints before the cryptography loads
    access = paths.root / "database-access.json"  # storage/key_store.py key_file
    if not access.exists():
        return None
    try:
        title = json.loads(access.read_text(encoding="utf-8")).get("title")
    except (OSError, ValueError, AttributeError, RecursionError):
        title = None  # the sign-in itself says what is wrong with the key file
    return title if isinstance(title, str) and title else "Установка «Опеки-Офлайн»"


class EncryptedSignIn:
    """What the login window calls to sign in to an encrypted database: the password unwraps the key, the key
    opens the database, then the password is checked as usual (services/database_access.py)."""

    def __init__(self, paths: DataPaths, preloading: Preloading | None = None) -> None:
        self._paths = paths
        self._preloading = preloading
        self.db: Database | None = None
        self.recovery_code = ""

    def login(self, login: str, password: str) -> Actor:
        if self._preloading is not None:
            # the key's modules are in (the worker imports them first): this thread imports nothing meanwhile
            self._preloading.wait_for_unlocking()
        from desktop_app.services.unlocking import start_unlocking

        # the key's derivation (Argon2id, most of a second, lets go of the interpreter) starts at once, in its own
        # thread; what opens the database is imported beside it, or waited for if the worker imports it
        unlocking = start_unlocking(self._paths, login, password)
        behind = self._preloading is not None and self._preloading.wait_for_sign_in()
        if not behind:  # the worker never started: this thread does what it would have, while the key is derived
            _preload_sign_in()
        from desktop_app.services.database_access import open_signed_in

        if self._preloading is not None and not behind and not unlocking.done():
            _import_main_window(self._paths)

        if self.db is not None:  # a second «Войти» after the first succeeded (never happens: the dialog closes)
            self.db.close()
            self.db = None
        signed = open_signed_in(self._paths, login, password, convert=False, unlocking=unlocking)
        self.db = signed.db
        return signed.actor


def read_installation_title(paths: DataPaths) -> str | None:
    """The title the login window shows, read with plain sqlite3 in read-only mode; None when it cannot be read
    for any reason (the caller then opens the database first, which explains what is wrong)."""
    try:
        uri = f"{paths.database.resolve().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True, timeout=1)
        try:
            rows = connection.execute("SELECT kind, region_name, district_name FROM installation").fetchall()
        finally:
            connection.close()
        if len(rows) != 1:
            return None
        kind, region_name, district_name = rows[0]
        if not isinstance(region_name, str) or not region_name:
            return None
        return installation_title(kind, region_name, district_name)
    except Exception:  # any failure only means the usual, slower order
        log.info("Installation title not read before opening the database", exc_info=True)
        return None


def _open(paths: DataPaths) -> tuple[Database, AuthService]:
    from desktop_app.services.auth import AuthService
    from desktop_app.services.installation import InstallationService
    from desktop_app.storage.database import open_database

    db = open_database(paths)
    try:
        InstallationService(db).info()  # the first query configures the mappers; the main window asks it too
    except BaseException:
        db.close()
        raise
    return db, AuthService(db)


def _import_main_window(paths: DataPaths) -> None:
    """The main window's modules, its first page's and the production calendar its status bar counts the
    reporting period's deadline with (its year read now: from the cache, or the holidays package)."""
    import importlib
    from datetime import date

    import desktop_app.gui.context
    import desktop_app.gui.panels.reminders_panel
    import desktop_app.gui.tasks  # noqa: F401
    from desktop_app.core.settings import Settings
    from desktop_app.domain.workdays import russian_calendar
    from desktop_app.gui.main_window import start_page_module

    importlib.import_module(start_page_module(Settings.load(paths.settings_file).last_page))
    russian_calendar().prepare(date.today())  # this year's days, from the cache or the package


def _preload_unlocking() -> None:
    """What the key's derivation at «Войти» imports (services/unlocking.py): the cryptography, the key file."""
    import desktop_app.services.unlocking  # noqa: F401


def _preload_sign_in() -> None:
    """What the sign-in to an encrypted database imports, including what it imports on its way (the
    installation's title): once these are in, the sign-in runs in the GUI thread without importing anything."""
    import desktop_app.services.installation  # noqa: F401
    from desktop_app.services.database_access import prepare_sign_in

    prepare_sign_in()  # the mappers, configured by the first query otherwise, after «Войти»


class _StartsWhenPainted(QObject):
    """Background work that starts once a window has painted itself, so that the worker's imports, which hold the
    interpreter lock most of the time, do not slow the window's first appearance; at the latest after a second."""

    FALLBACK_START_MS = 1000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window: QWidget | None = None
        self._closed = False
        self._executor: ThreadPoolExecutor | None = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def start_when_painted(self, window: QWidget) -> None:
        window.installEventFilter(self)
        self._window = window
        QTimer.singleShot(self.FALLBACK_START_MS, self, self.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._window = None
            QTimer.singleShot(0, self, self.start)
        return False

    def start(self) -> None:
        """Begin the background work; calling it again, or after ``close``, does nothing."""
        if self._executor is not None or self._closed:
            return
        # the worker allocates a great deal while the login window's wrappers exist: a cycle collection it set
        # off could destroy Qt objects outside the GUI thread (gc_guard.py)
        collect_on_gui_thread()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="open-database")
        self._submit(self._executor)

    def _submit(self, executor: ThreadPoolExecutor) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Waits for the worker to finish and lets go of the window."""
        self._closed = True
        if self._window is not None:
            self._window.removeEventFilter(self)
            self._window = None
        if self._executor is not None:
            self._executor.shutdown(wait=True)


class Preloading(_StartsWhenPainted):
    """The imports of the sign-in to an encrypted database and of the main window, behind its login window.

    Once they are done the GUI thread collects what they left and freezes the rest (``gc.freeze``: the modules
    live as long as the program), while the user is still typing: the collector's timer (gc_guard.py) does not
    walk them again when the main window first paints, nor at every full collection after."""

    done = Signal()  # emitted from the worker thread; delivered to this object's slot in the GUI thread

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._done: Future[None] | None = None
        self._unlocking_ready = threading.Event()
        self._sign_in_ready = threading.Event()
        self._settled = False
        self.done.connect(self._settle, Qt.ConnectionType.QueuedConnection)

    def _submit(self, executor: ThreadPoolExecutor) -> None:
        self._done = executor.submit(self._run)
        self._done.add_done_callback(lambda _future: self.done.emit())

    @Slot()
    def _settle(self) -> None:
        if self._settled:
            return
        self._settled = True
        gc.collect()
        gc.freeze()

    def _run(self) -> None:
        try:
            try:
                _preload_unlocking()  # first: «Войти» starts the key's derivation once these are in
            finally:
                self._unlocking_ready.set()
            _preload_sign_in()
        except Exception:  # the GUI thread imports the rest itself and meets the same error where it is handled
            log.warning("Preloading the sign-in's modules failed", exc_info=True)
            return
        finally:
            self._sign_in_ready.set()
        # the key's derivation in its thread lets go of the interpreter: the main window's imports go on
        try:
            _import_main_window(self._paths)
        except Exception:
            log.warning("Preloading the main window's modules failed", exc_info=True)

    def wait_for_unlocking(self) -> None:
        """Returns once the modules of the key's derivation are imported (at once if the worker never started:
        then it never will, and the GUI thread imports as it goes)."""
        if self._done is None:
            self._closed = True  # never start later: the GUI thread is importing the same modules now
            return
        self._unlocking_ready.wait()

    def wait_for_sign_in(self) -> bool:
        """Returns once the sign-in's modules are imported, True (the main window's may still be loading); at
        once and False if the worker never started: then it never will, and the GUI thread imports as it goes."""
        if self._done is None:
            self._closed = True  # never start later: the GUI thread is importing the same modules now
            return False
        self._sign_in_ready.wait()
        return True

    def wait(self) -> None:
        """Returns once the worker has imported everything, the main window's modules too (at once if it never
        started: then nothing was imported in the background and the GUI thread imports as it goes)."""
        if self._done is None:
            self._closed = True
            return
        self._done.result()  # the collection follows from the event loop (``done``), not on this path


class DatabaseOpening(_StartsWhenPainted):
    """Opens the database and imports the main window's modules in one background thread.

    ``on_opened`` is called in the GUI thread when the database is open or has failed to open;
    ``database()`` then returns it or raises what ``open_database`` raised. ``wait_for_main_window()``
    returns once the main window's modules are imported too.
    """

    opened = Signal()  # emitted from the worker thread; delivered to this object's slot in the GUI thread

    def __init__(self, paths: DataPaths, on_opened: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._paths = paths
        self._on_opened = on_opened
        self.opened.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._database: Future[tuple[Database, AuthService]] | None = None
        self._imports: Future[None] | None = None

    def _submit(self, executor: ThreadPoolExecutor) -> None:
        self._database = executor.submit(_open, self._paths)
        self._imports = executor.submit(_import_main_window, self._paths)
        self._database.add_done_callback(lambda _future: self.opened.emit())

    @Slot()
    def _deliver(self) -> None:
        self._on_opened()

    def is_opened(self) -> bool:
        return self._database is not None and self._database.done()

    def failed(self) -> bool:
        return self.is_opened() and self._database is not None and self._database.exception() is not None

    def database(self) -> tuple[Database, AuthService]:
        """The open database and its AuthService; waits for the worker; raises what opening raised."""
        self.start()
        assert self._database is not None
        return self._database.result()

    def wait_for_main_window(self) -> None:
        """Waits until the main window's modules are imported (the GUI thread must not import them meanwhile:
        two threads importing the same circle of modules can deadlock)."""
        self.start()
        assert self._imports is not None
        self._imports.result()

    def close(self) -> None:
        """Waits for the worker to finish (the caller closes the database it took) and lets go of the window."""
        self._on_opened = _nothing  # the caller's callback usually refers to this object: no cycle is left
        super().close()


def _nothing() -> None:
    pass
