"""Passwords in the window: «Файл → Сменить пароль…» for one's own, and the new-password pair (typed twice,
checked against the policy as it is typed) that the accounts dialog uses for new accounts and resets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.accounts import MIN_PASSWORD_LENGTH, password_problems
from desktop_app.domain.errors import ValidationError
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.field_error import FieldError, add_field

POLICY_HINT = (
    f"Не короче {MIN_PASSWORD_LENGTH} символов, буквы вместе с цифрами или другими знаками, "
    "не совпадает с логином и с прежним паролем."
)


def refused_fields(call: Callable[[], object]) -> ValidationError | None:
    """Run ``call`` (in the background runner); a refusal with field messages comes back as the result, so the
    dialog can show each message beside its field. Other errors travel as the runner's message."""
    try:
        call()
    except ValidationError as refused:
        return refused
    return None


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewPasswordFields:
    """«Новый пароль» and «Повторите пароль» in a form, each with its error line; ``login`` is for the policy."""

    def __init__(self, form: QFormLayout, login: Callable[[], str]) -> None:
        self._login = login
        self.password = password_edit("newPassword")
        self.repeat = password_edit("repeatPassword")
        self.password_error = add_field(form, "Новый пароль:", self.password)
        self.repeat_error = add_field(form, "Повторите пароль:", self.repeat)
        self.password.textEdited.connect(lambda _text: self.password_error.clear_message())
        self.repeat.textEdited.connect(lambda _text: self.repeat_error.clear_message())

    def checked(self) -> str | None:
        """The new password when it passes the policy and both fields agree; otherwise say why beside them."""
        password = self.password.text()
        problems = password_problems(password, self._login())
        self.password_error.show_message(" ".join(problems))
        matches = password == self.repeat.text()
        self.repeat_error.show_message("" if matches else "Пароли не совпадают.")
        return password if not problems and matches else None

    def show(self, error: ValidationError) -> None:
        self.password_error.show_message(
            error.field_errors.get("new_password") or error.field_errors.get("password", "")
        )


class ChangePasswordDialog(QDialog):
    """The signed-in user replaces their own password after typing the current one."""

    def __init__(self, context: AppContext, on_changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._on_changed = on_changed
        self.setWindowTitle("Смена пароля")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Пользователь: <b>{context.actor.full_name}</b> ({context.actor.login})<br>{POLICY_HINT}")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.old_password = password_edit("oldPassword")
        self.old_error = add_field(form, "Текущий пароль:", self.old_password)
        self.new_fields = NewPasswordFields(form, lambda: context.actor.login)
        layout.addLayout(form)
        self.general_error = FieldError(self)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сменить пароль")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        self.old_error.clear_message()
        self.general_error.clear_message()
        old = self.old_password.text()
        if not old:
            self.old_error.show_message("Введите текущий пароль.")
        new = self.new_fields.checked()
        self.adjustSize()  # room for the messages under the fields
        if not old or new is None:
            return
        auth, actor = self.context.auth, self.context.actor
        self.save_button.setEnabled(False)
        self.context.runner.run(
            lambda: refused_fields(lambda: auth.change_password(actor, old, new)), self._saved, self._failed
        )

    def _saved(self, refused: ValidationError | None) -> None:
        self.save_button.setEnabled(True)
        self.adjustSize()
        if refused is None:
            self.accept()
            self._on_changed()
        elif "old_password" in refused.field_errors:
            self.old_error.show_message(refused.field_errors["old_password"])
            self.old_password.clear()
            self.old_password.setFocus()
        elif refused.field_errors:
            self.new_fields.show(refused)
        else:
            self.general_error.show_message(refused.message)

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.general_error.show_message(message)
