"""«Файл → Пользователи…» (administrator): the office's accounts, a new account, a new password for someone who
forgot theirs, lifting a lock-out, and disabling the account of a colleague who left (history stays in the
journal; a disabled account cannot sign in)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.accounts import is_locked
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_moment
from desktop_app.domain.roles import Role
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.password_dialog import POLICY_HINT, NewPasswordFields, refused_fields
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.row_table import row_table
from desktop_app.gui.window_fit import open_size
from desktop_app.services.auth import AccountAdministration, NewUser, UserRow
from desktop_app.storage.base import utc_now


def account_state(row: UserRow, now: datetime) -> str:
    if not row.is_active:
        return "отключена"
    if is_locked(row.locked_until, now):
        return f"заблокирована до {format_moment(row.locked_until)}"
    return "действует"


class _AccountForm(QDialog):
    """Fields for a new account or for a new password; ``submit`` gets the dialog and returns a refusal or None."""

    def __init__(
        self,
        title: str,
        intro: str,
        parent: QWidget,
        submit: Callable[[_AccountForm], None],
        new_account: bool,
        login: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        text = QLabel(f"{intro}<br>{POLICY_HINT}")
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.login = QLineEdit(login)
        self.login.setObjectName("accountLogin")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("accountFullName")
        self.position = QLineEdit()
        self.position.setObjectName("accountPosition")
        self.role = QComboBox()
        self.role.setObjectName("accountRole")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.errors: dict[str, FieldError] = {}
        if new_account:
            self.errors["login"] = add_field(form, "Логин:", self.login)
            self.errors["full_name"] = add_field(form, "ФИО:", self.full_name)
            self.errors["position"] = add_field(form, "Должность:", self.position)
            self.errors["role"] = add_field(form, "Роль:", self.role)
        self.passwords = NewPasswordFields(form, self.login.text)
        layout.addLayout(form)
        self.general_error = FieldError(self)
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сохранить")
        buttons.accepted.connect(lambda: submit(self))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_refusal(self, refused: ValidationError) -> None:
        self.save_button.setEnabled(True)
        fields = dict(refused.field_errors)
        password = fields.pop("password", "") or fields.pop("new_password", "")
        self.passwords.password_error.show_message(password)
        shown = {key: message for key, message in fields.items() if key in self.errors}
        show_field_errors(self.errors, shown)
        if not shown and not password:
            self.general_error.show_message(refused.message)
        self.adjustSize()


class AccountsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Пользователи")
        open_size(self, 1000, 520)
        self.context = context
        self.admin = AccountAdministration(context.db)
        self.rows: list[UserRow] = []
        self.messages = MessageBar(self)
        headers = ["Логин", "ФИО", "Должность", "Роль", "Состояние", "Последний вход"]
        self.table = row_table(headers, "accountsTable")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 110), (2, 190), (3, 150), (4, 190), (5, 130)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button = QPushButton("Добавить…")
        self.add_button.setObjectName("addAccount")
        self.add_button.clicked.connect(self._add)
        self.password_button = QPushButton("Задать пароль…")
        self.password_button.setObjectName("resetPassword")
        self.password_button.clicked.connect(self._reset_password)
        self.unlock_button = QPushButton("Снять блокировку")
        self.unlock_button.setObjectName("unlockAccount")
        self.unlock_button.clicked.connect(self._unlock)
        self.active_button = QPushButton("Отключить")
        self.active_button.setObjectName("toggleAccount")
        self.active_button.clicked.connect(self._toggle_active)
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.password_button, self.unlock_button, self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()

    def reload(self, message: str = "") -> None:
        auth, actor = self.context.auth, self.context.actor
        self.context.runner.run(lambda: auth.users(actor), lambda rows: self._show(rows, message), self._failed)

    def _failed(self, message: str) -> None:
        self.messages.show_error(message)
        self._update_buttons()

    def _show(self, rows: list[UserRow], message: str) -> None:
        selected = self.selected()
        self.rows = rows
        now = utc_now()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (row.login, row.full_name, row.position, row.role.label, account_state(row, now))
            for column, text in enumerate([*cells, format_moment(row.last_login_at) or "—"]):
                self.table.setItem(index, column, QTableWidgetItem(text))
        logins = [row.login for row in rows]
        self.table.selectRow(logins.index(selected.login) if selected and selected.login in logins else 0)
        if message:
            self.messages.show_info(message)
        self._update_buttons()

    def selected(self) -> UserRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _update_buttons(self) -> None:
        row = self.selected()
        own = row is not None and row.id == self.context.actor.user_id
        self.password_button.setEnabled(row is not None and not own)  # one's own: «Сменить пароль…»
        self.unlock_button.setEnabled(row is not None and is_locked(row.locked_until, utc_now()))
        self.active_button.setEnabled(row is not None and not own)
        self.active_button.setText("Включить" if row is not None and not row.is_active else "Отключить")

    def _run(self, work: Callable[[], object], form: _AccountForm | None, done: str) -> None:
        """Run an account change off the GUI thread; a refusal is shown beside the form's fields."""

        def finished(refused: ValidationError | None) -> None:
            if refused is not None and form is not None:
                form.show_refusal(refused)
            elif refused is not None:
                self.messages.show_error(refused.message)
            else:
                if form is not None:
                    form.accept()
                self.reload(done)

        def failed(message: str) -> None:
            if form is not None:
                form.save_button.setEnabled(True)
                form.general_error.show_message(message)
            else:
                self.messages.show_error(message)

        self.context.runner.run(lambda: refused_fields(work), finished, failed)

    def _add(self) -> None:
        def submit(form: _AccountForm) -> None:
            clear_field_errors(form.errors)
            form.general_error.clear_message()
            password = form.passwords.checked()
            form.adjustSize()
            if password is None:
                return
            new_user = NewUser(
                login=form.login.text(),
                full_name=form.full_name.text(),
                role=Role(form.role.currentData()),
                password=password,
                position=form.position.text(),
            )
            form.save_button.setEnabled(False)
            auth, actor = self.context.auth, self.context.actor
            done = f"Учётная запись «{new_user.login.strip()}» создана."
            self._run(lambda: auth.create_user(actor, new_user), form, done)

        self.form = _AccountForm("Новый пользователь", "Учётная запись сотрудника отдела.", self, submit, True)
        self.form.open()

    def _reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return

        def submit(form: _AccountForm) -> None:
            form.general_error.clear_message()
            password = form.passwords.checked()
            form.adjustSize()
            if password is None:
                return
            form.save_button.setEnabled(False)
            admin, actor = self.admin, self.context.actor
            done = f"Пароль пользователя «{row.login}» задан; сообщите его лично, при входе его стоит сменить."
            self._run(lambda: admin.reset_password(actor, row.login, password), form, done)

        intro = f"Новый пароль для <b>{row.full_name}</b> ({row.login}); блокировка после неверных паролей снимается."
        self.form = _AccountForm("Новый пароль", intro, self, submit, False, row.login)
        self.form.open()

    def _unlock(self) -> None:
        row = self.selected()
        if row is not None:
            admin, actor = self.admin, self.context.actor
            self._run(lambda: admin.unlock(actor, row.login), None, f"Блокировка «{row.login}» снята.")

    def _toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.is_active:
            question = (
                f"Отключить учётную запись «{row.login}» ({row.full_name})? Войти с ней будет нельзя; "
                "записи и журнал сохранятся, включить её можно снова."
            )
            if QMessageBox.question(self, "Отключение", question) != QMessageBox.StandardButton.Yes:
                return
        admin, actor, active = self.admin, self.context.actor, not row.is_active
        done = f"Учётная запись «{row.login}» " + ("включена." if active else "отключена.")
        self._run(lambda: admin.set_active(actor, row.login, active), None, done)
