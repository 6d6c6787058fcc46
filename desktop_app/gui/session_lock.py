"""Locking the session after inactivity: an office PC left with a family's card open must not show it to the next
person who sits down.

After the set minutes without keyboard or mouse input in any window of the program, every open window is covered
(nothing under the cover is closed or lost: a half-filled form is there again after unlocking) and a window asks
for the user's password. Unlocking goes through the same checks as signing in: wrong passwords count towards the
lock-out, a disabled account stays out. «Выйти из программы» is the way out for someone else at the PC.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_TITLE
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.gui.widgets.field_error import FieldError, add_field
from desktop_app.services.auth import AuthService

MIN_MINUTES, MAX_MINUTES, DEFAULT_MINUTES = 1, 240, 15
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def lock_minutes(configured: int) -> int:
    """The configured minutes, or the default when the setting is out of range."""
    return configured if MIN_MINUTES <= configured <= MAX_MINUTES else DEFAULT_MINUTES


class InactivityWatch(QObject):
    """Emits ``idle`` once the application has had no keyboard or mouse input for ``limit_ms``."""

    idle = Signal()

    def __init__(self, app: QApplication, limit_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.limit_ms = limit_ms
        self._since_input = QElapsedTimer()
        self._since_input.start()
        self._paused = False
        self._check = QTimer(self)
        # checking a few times per period keeps the lock at most a quarter late, without waking up every second
        self.set_limit(limit_ms)
        self._check.timeout.connect(self._check_idle)
        self._check.start()
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self._paused:
            self._since_input.restart()
        return False

    def set_limit(self, limit_ms: int) -> None:
        self.limit_ms = limit_ms
        self._check.setInterval(max(50, min(limit_ms // 4, 15_000)))

    def pause(self) -> None:
        """Stop counting while the session is locked."""
        self._paused = True

    def resume(self) -> None:
        self._paused = False
        self._since_input.restart()

    def _check_idle(self) -> None:
        if not self._paused and self._since_input.elapsed() >= self.limit_ms:
            self._paused = True
            self.idle.emit()


class _Cover(QWidget):
    """An opaque sheet over one window while the session is locked; follows the window's size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("sessionCover")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#4a5568"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("white"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        label = QLabel("Сеанс заблокирован", self)
        font = label.font()
        font.setPointSize(16)
        label.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(label, alignment=Qt.AlignmentFlag.AlignCenter)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
            self.raise_()
        return False


def lock_reason(minutes: int | None) -> str:
    """Why the session is locked, as a sentence: by the user themselves (``minutes`` None) or after idle minutes."""
    if minutes is None:
        return "Сеанс заблокирован вами."
    # «после N минут»: the genitive, «минуты» only after 1, 21, 31… (not 11)
    word = "минуты" if minutes % 10 == 1 and minutes % 100 != 11 else "минут"
    return f"Сеанс заблокирован после {minutes} {word} без действий."


class UnlockDialog(QDialog):
    """Asks the signed-in user's password; «Выйти из программы» rejects the dialog. ``minutes`` is None when the
    user locked the session themselves."""

    def __init__(self, auth: AuthService, actor: Actor, minutes: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._auth = auth
        self._actor = actor
        self.setObjectName("unlockDialog")
        self.setWindowTitle(f"Сеанс заблокирован — {APP_TITLE}")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumWidth(440)
        # closing the window with its title-bar button must not skip the password
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        self.reason_label = QLabel(lock_reason(minutes))
        self.reason_label.setObjectName("lockReason")
        self.reason_label.setWordWrap(True)
        font = self.reason_label.font()
        font.setBold(True)
        self.reason_label.setFont(font)
        layout.addWidget(self.reason_label)
        text = QLabel(
            f"<p>Пользователь: <b>{html.escape(actor.full_name)}</b> ({html.escape(actor.login)}). "
            "Открытые окна и введённые данные сохранены.</p>"
            "<p>Введите пароль, чтобы продолжить работу.</p>"
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_error: FieldError = add_field(form, "&Пароль:", self.password_edit)
        layout.addLayout(form)
        buttons = QDialogButtonBox()
        self.unlock_button: QPushButton = buttons.addButton("Разблокировать", QDialogButtonBox.ButtonRole.AcceptRole)
        self.quit_button: QPushButton = buttons.addButton(
            "Выйти из программы", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.quit_button.clicked.connect(self._ask_quit)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def try_unlock(self) -> None:
        self.password_error.clear_message()
        password = self.password_edit.text()
        if not password:
            self.password_error.show_message("Введите пароль.")
            return
        try:
            self._auth.unlock_session(self._actor, password)
        except UserError as exc:
            self.password_error.show_message(exc.message)
            self.password_edit.clear()
            self.password_edit.setFocus()
            self.adjustSize()
            return
        self.accept()

    def _ask_quit(self) -> None:
        answer = QMessageBox.question(
            self,
            "Выйти из программы",
            "Несохранённые данные в открытых окнах будут потеряны. Выйти из программы?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc must not close the lock: only the password or «Выйти из программы» do
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)


class SessionLock(QObject):
    """Watches for inactivity and locks every window of the program until the password is given again."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        app: QApplication,
        auth: AuthService,
        actor: Actor,
        minutes: int,
        quit_program: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._app = app
        self._auth = auth
        self._actor = actor
        self.minutes = lock_minutes(minutes)
        self._quit_program = quit_program
        self._covers: list[_Cover] = []
        self.dialog: UnlockDialog | None = None
        self.watch = InactivityWatch(app, self.minutes * 60_000, self)
        self.watch.idle.connect(self.lock_after_idle)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> None:
        """The user locks the session themselves («Файл → Заблокировать сеанс», Ctrl+L)."""
        self._lock(None)

    def lock_after_idle(self) -> None:
        """The set minutes passed without keyboard or mouse input."""
        self._lock(self.minutes)

    def _lock(self, idle_minutes: int | None) -> None:
        """Cover every open window and ask for the password; ``idle_minutes`` None means locked by the user."""
        if self.is_locked:
            return
        self.watch.pause()
        windows = [window for window in self._app.topLevelWidgets() if window.isVisible()]
        self._covers = [_Cover(window) for window in windows]
        try:
            self._auth.record_session_lock(self._actor, idle_minutes)
        except UserError:
            pass  # the journal entry is not worth keeping the screen open: the lock comes first
        self.dialog = UnlockDialog(self._auth, self._actor, idle_minutes)
        self.dialog.finished.connect(self._finished)
        self.dialog.show()
        self.locked.emit()

    def _finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            self._quit_program()
            return
        for cover in self._covers:
            cover.deleteLater()
        self._covers = []
        self.watch.resume()
        self.unlocked.emit()
