"""Signing in: login and password, with the reason shown beside the fields when it fails.

An encrypted database opens with the sign-in itself (gui/startup.py ``EncryptedSignIn``). The dialog can be
shown before the database is open (gui/startup.py): without an AuthService, «Войти» waits —
the button disabled, a busy cursor — until ``provide_auth`` hands one over, then checks the password as usual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_TITLE
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError
from desktop_app.gui.widgets.field_error import FieldError, add_field

if TYPE_CHECKING:
    from desktop_app.gui.startup import EncryptedSignIn
    from desktop_app.services.auth import AuthService


class LoginDialog(QDialog):
    def __init__(
        self,
        auth: AuthService | EncryptedSignIn | None,
        installation_title: str,
        last_login: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._auth = auth
        self._login_requested = False
        self.actor: Actor | None = None
        self.setWindowTitle(f"Вход — {APP_TITLE}")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h3>{APP_TITLE}</h3><p>{installation_title}</p>")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.login_edit = QLineEdit(last_login)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_error = add_field(form, "&Логин:", self.login_edit)
        self.password_error = add_field(form, "&Пароль:", self.password_edit)
        layout.addLayout(form)
        # The reason a sign-in failed can be two lines long; it gets its own line under the fields.
        self.auth_error = FieldError(self)
        self.auth_error.setObjectName("authError")
        layout.addWidget(self.auth_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.login_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText("Войти")
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password_edit if last_login else self.login_edit).setFocus()

    @property
    def waiting(self) -> bool:
        """«Войти» was pressed before the database was open: the check runs once ``provide_auth`` is called."""
        return self._login_requested

    def provide_auth(self, auth: AuthService | EncryptedSignIn) -> None:
        """The database is open: check the password now if «Войти» was pressed meanwhile."""
        self._auth = auth
        if self._login_requested:
            self._login_requested = False
            self.login_button.setEnabled(True)
            self.unsetCursor()
            self.try_login()

    def try_login(self) -> None:
        """Check the credentials; accept the dialog on success, say what is wrong otherwise."""
        for error in (self.login_error, self.password_error, self.auth_error):
            error.clear_message()
        login, password = self.login_edit.text(), self.password_edit.text()
        if not login.strip():
            self.login_error.show_message("Введите логин.")
            self.login_edit.setFocus()
            return
        if not password:
            self.password_error.show_message("Введите пароль.")
            self.password_edit.setFocus()
            return
        if self._auth is None:
            self._login_requested = True
            self.login_button.setEnabled(False)
            self.setCursor(Qt.CursorShape.BusyCursor)
            return
        try:
            self.actor = self._auth.login(login, password)
        except UserError as exc:
            self.auth_error.show_message(exc.message)
            self.adjustSize()
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()
