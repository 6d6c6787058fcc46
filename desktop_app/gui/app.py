"""Starting the GUI: application object, Russian translations, set-up wizard, login, main window.

Only what the login dialog needs is imported with this module — not SQLAlchemy: when the data folder holds a
database, the login window shows at once with the installation's title read by plain sqlite3, while the
database opens and the main window's modules are imported in the background (gui/startup.py). The set-up
wizard is imported on the first start only (see tests/bench/startup.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import APP_TITLE, __version__
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths, resource_path
from desktop_app.core.settings import Settings
from desktop_app.domain.errors import UserError
from desktop_app.gui.dialogs.login_dialog import LoginDialog
from desktop_app.gui.startup import (
    DatabaseOpening,
    EncryptedSignIn,
    Preloading,
    encrypted_installation_title,
    has_database,
    read_installation_title,
)

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor
    from desktop_app.storage.database import Database

log = logging.getLogger(__name__)


def ensure_application() -> QApplication:
    """The QApplication with Russian locale and Qt's own Russian translations (buttons, dialogs)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Opeka")
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    install_russian_translations(app)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    QGuiApplication.setDesktopFileName("opeka-offline")
    return app


QT_CATALOGUES = ("qtbase_ru", "qt_ru")  # installer.spec ships these (every *_ru.qm of Qt's translations)


def install_russian_translations(app: QApplication) -> list[str]:
    """Qt's own Russian catalogues (standard buttons, message boxes, file dialogs); the names of those loaded.
    A few file-dialog labels are missing from them: gui/file_dialogs.py sets those itself."""
    translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(name, translations):
            app.installTranslator(translator)
            loaded.append(name)
        else:
            log.warning("Qt translation %s not found in %s: standard dialogs may show English", name, translations)
    return loaded


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "opeka.svg")))


def _show_error(message: str) -> None:
    QMessageBox.critical(None, APP_TITLE, message)


def _first_start(paths: DataPaths) -> Database | None:
    from desktop_app.core.resources import territory_directory
    from desktop_app.gui.dialogs.setup_wizard import SetupWizard
    from desktop_app.services.setup import create_installation

    wizard = SetupWizard(territory_directory())
    while wizard.exec():
        try:
            db = create_installation(paths, replace(wizard.request(), encrypted=True))
            from desktop_app.sync.setup import ensure_keys

            ensure_keys(paths)
        except UserError as exc:
            _show_error(exc.message)
            continue
        configure_logging(paths.log_file)  # the data folder exists only now
        return db  # the recovery code is shown over the main window (``_show_main_window``)
    return None


def _show_recovery_code(code: str, backup: Path | None = None) -> None:
    """The recovery code of a newly encrypted database, shown once (it is kept nowhere readable): the
    administrator writes it down; it opens the database when their password is lost."""
    if not code:
        return
    box = QMessageBox(QMessageBox.Icon.Information, APP_TITLE, "База данных зашифрована.")
    copy = f"\n\nКопия базы до шифрования: {backup}" if backup is not None else ""
    box.setInformativeText(
        f"Код восстановления:\n\n{code}\n\nЗапишите его и храните отдельно от компьютера: он откроет базу данных, "
        f"если пароль администратора будет утерян. Больше программа его не покажет.{copy}"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def _encrypt_if_admin(paths: DataPaths, db: Database, actor: Actor, password: str) -> Database:
    """An installation made before encryption is encrypted at an administrator's sign-in (once, a backup first:
    services/database_access.py); the database to go on with, encrypted or, if that failed, as it was."""
    from desktop_app.domain.roles import Permission

    if db.key is not None or not actor.can(Permission.MANAGE_USERS):
        return db
    from desktop_app.services.database_access import encrypt_installation
    from desktop_app.storage.database import open_database

    try:
        done = encrypt_installation(paths, db, actor, password)
    except UserError as exc:
        log.warning("Database not encrypted: %s", exc.message)
        db.close()
        _show_error(
            f"{exc.message} Работа продолжится с незашифрованной базой; попытка повторится при следующем входе."
        )
        return open_database(paths)
    # shown over the main window once it is up (``_show_main_window``): the administrator sees where they are
    done.db.recovery_code, done.db.recovery_backup = done.recovery_code, done.backup
    return done.db


def _internal_error_message(paths: DataPaths) -> str:
    return f"Внутренняя ошибка программы. Подробности записаны в {paths.log_file}; сообщите о ней администратору."


def _install_excepthook(paths: DataPaths) -> None:
    """An exception escaping a Qt slot is logged and shown in one sentence instead of printed to a console."""

    def hook(kind: type[BaseException], value: BaseException, traceback: TracebackType | None) -> None:
        if isinstance(value, UserError):
            _show_error(value.message)
            return
        log.error("Unhandled exception in the GUI", exc_info=(kind, value, traceback))
        _show_error(_internal_error_message(paths))

    sys.excepthook = hook


START_AGAIN = -1  # what the main window's run returns when it closed to let the program start afresh


def run_gui(paths: DataPaths) -> int:
    """Run the program's window until the user closes it; returns the exit code. After a restore the window
    closes and a new process of the program starts (the database is closed by then)."""
    app = ensure_application()
    previous_hook = sys.excepthook
    _install_excepthook(paths)
    try:
        code = _run(app, paths)
        if code != START_AGAIN:
            return code
        from desktop_app.gui.relaunch import start_again

        if not start_again():
            _show_error("Данные восстановлены, но запустить программу заново не удалось: запустите её сами.")
        return 0
    except UserError as exc:
        _show_error(exc.message)
        return exc.exit_code
    except Exception:
        log.exception("GUI start failed")
        _show_error(_internal_error_message(paths))
        return 70
    finally:
        sys.excepthook = previous_hook


def _run(app: QApplication, paths: DataPaths) -> int:
    if has_database(paths):
        encrypted_title = encrypted_installation_title(paths)
        if encrypted_title is not None:
            return _sign_in_encrypted(app, paths, encrypted_title)
        title = read_installation_title(paths)
        if title is not None:
            return _sign_in_while_opening(app, paths, title)
    from desktop_app.storage.database import database_exists, open_database

    try:
        db = open_database(paths) if database_exists(paths) else _first_start(paths)
    except UserError as exc:
        _show_error(exc.message)
        return exc.exit_code
    if db is None:
        return 0
    from desktop_app.services.auth import AuthService
    from desktop_app.services.installation import InstallationService

    try:
        info = InstallationService(db).info()
    except UserError as exc:
        db.close()
        _show_error(exc.message)
        return exc.exit_code
    dialog = LoginDialog(AuthService(db), info.title, Settings.load(paths.settings_file).last_login)
    signed_in = bool(dialog.exec())
    return _main_window_after_sign_in(app, paths, db, dialog if signed_in else None, encrypt=True)


def _sign_in_encrypted(app: QApplication, paths: DataPaths, title: str) -> int:
    """An encrypted database opens only with a sign-in: the login window first, the database behind «Войти»;
    what the sign-in and the main window import loads behind the login window while the user types."""
    preloading = Preloading(paths)
    sign_in = EncryptedSignIn(paths, preloading)
    dialog = LoginDialog(sign_in, title, Settings.load(paths.settings_file).last_login)
    preloading.start_when_painted(dialog)
    try:
        signed_in = bool(dialog.exec())
        preloading.wait()  # the main window's modules, imported behind the sign-in
    finally:
        preloading.close()
    if sign_in.db is None:
        return 0
    return _main_window_after_sign_in(app, paths, sign_in.db, dialog if signed_in else None, encrypt=False)


def _sign_in_while_opening(app: QApplication, paths: DataPaths, title: str) -> int:
    """The login window at once; the database opens behind it (gui/startup.py). A database that fails to open
    closes the window with the same message as when it is opened first."""
    dialog = LoginDialog(None, title, Settings.load(paths.settings_file).last_login)

    def opened() -> None:
        if opening.failed():
            dialog.reject()
        else:
            dialog.provide_auth(opening.database()[1])

    opening = DatabaseOpening(paths, opened)
    opening.start_when_painted(dialog)
    try:
        signed_in = bool(dialog.exec())
        try:
            db, _auth = opening.database()
        except UserError as exc:
            _show_error(exc.message)
            return exc.exit_code
        return _main_window_after_sign_in(
            app, paths, db, dialog if signed_in else None, encrypt=True, first=opening.wait_for_main_window
        )
    finally:
        opening.close()


def _main_window_after_sign_in(
    app: QApplication,
    paths: DataPaths,
    db: Database,
    dialog: LoginDialog | None,
    *,
    encrypt: bool,
    first: Callable[[], None] = lambda: None,
) -> int:
    """What every sign-in path does after the login window: nothing if it was cancelled (``dialog`` None or no
    actor); else ``first``, then the main window, the database encrypted first at an administrator's sign-in
    when ``encrypt``. The database (the one worked on to the end) is closed whatever happens; a refusal is one
    message."""
    try:
        if dialog is None or dialog.actor is None:
            return 0
        first()
        if encrypt:
            db = _encrypt_if_admin(paths, db, dialog.actor, dialog.password_edit.text())
        dialog.password_edit.clear()
        return _show_main_window(app, paths, db, dialog.actor)
    except UserError as exc:
        _show_error(exc.message)
        return exc.exit_code
    finally:
        db.close()


def _show_main_window(app: QApplication, paths: DataPaths, db: Database, actor: Actor) -> int:
    settings = Settings.load(paths.settings_file)
    settings.last_login = actor.login
    settings.save(paths.settings_file)
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.tasks import TaskRunner

    runner = TaskRunner()
    from desktop_app.gui.panels.reminders_panel import show_reminders_after_sign_in

    context = AppContext.build(paths, db, actor, runner)
    window = MainWindow(context, app_icon())
    window.show()
    # what is due and overdue, once after sign-in; not modal, so it never stands between the user and the window
    QTimer.singleShot(0, window, lambda: show_reminders_after_sign_in(context, window))
    if db.recovery_code:  # a database encrypted just now: its recovery code, once, over the window
        code, backup = db.recovery_code, db.recovery_backup
        db.recovery_code, db.recovery_backup = "", None
        QTimer.singleShot(0, window, lambda: _show_recovery_code(code, backup))
    code = app.exec()
    return START_AGAIN if window.start_again_requested else code
