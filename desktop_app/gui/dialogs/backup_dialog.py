"""«Резервные копии» (Файл → Резервные копии…): the copies in backups/, a copy made by hand, a copy to a
chosen folder (a USB stick) with an optional password, and a restore (administrator only).

A restore needs the database closed in this process (services/backups.py). The dialog closes the window's
database in the background worker — the only thread that uses it — and restores there; after a restore the
program closes and starts again (gui/relaunch.py), so nothing keeps a connection or data read before the
restore, and the user signs in to the restored data. A failed restore changes nothing, and the database
simply opens again on the next use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.roles import Permission
from desktop_app.gui import file_dialogs
from desktop_app.gui.context import AppContext
from desktop_app.gui.pages.base import Page
from desktop_app.gui.widgets.row_table import row_table
from desktop_app.gui.window_fit import open_size
from desktop_app.services import backup_crypto
from desktop_app.services.backups import RestoreResult, make_backup, restore_backup
from desktop_app.services.restore_target import OtherInstallation
from desktop_app.storage.backup_folder import existing_copies
from desktop_app.storage.backups import BackupInfo

KIND_LABELS = {
    "daily": "ежедневная",
    "before-migration": "перед обновлением",
    "before-import": "перед загрузкой",
    "before-restore": "перед восстановлением",
    "before-encryption": "перед шифрованием базы",
    "manual": "вручную",
}
MIN_PASSWORD = backup_crypto.MIN_PASSWORD_LENGTH


@dataclass(frozen=True)
class CopyRow:
    path: Path
    kind: str
    made: datetime
    size: int

    @property
    def sealed(self) -> bool:
        return self.path.name.endswith(".sealed")


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} КБ"
    return f"{size / 2**20:.1f} МБ".replace(".", ",")


def format_made(made: datetime) -> str:
    return made.strftime("%d.%m.%Y %H:%M")


def list_copies(folder: Path) -> list[CopyRow]:
    """The copies the program wrote in ``folder``, newest first (a file that vanished meanwhile is skipped)."""
    rows = []
    for copy in existing_copies(folder):
        try:
            size = (folder / copy.name).stat().st_size
        except OSError:
            continue
        rows.append(CopyRow(folder / copy.name, copy.kind, copy.made, size))
    return sorted(rows, key=lambda row: row.made, reverse=True)


class MediaCopyDialog(QDialog):
    """Where to write a copy taken away, and an optional password (twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Копия на носитель")
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("Папка, например флешка")
        choose = QPushButton("Выбрать…")
        choose.clicked.connect(self._choose)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(QLabel(f"необязательно; не короче {MIN_PASSWORD} символов"))
        self.error = QLabel()
        self.error.setStyleSheet("color:#8a1c1c;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Папка:", folder_row)
        form.addRow("Пароль:", password_row)
        form.addRow("Пароль ещё раз:", self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Сделать копию")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            QLabel("Без пароля копия не зашифрована: храните носитель так же, как личные дела. Пароль не восстановить.")
        )
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _choose(self) -> None:
        folder = file_dialogs.existing_directory(self, "Папка для резервной копии", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def problem(self) -> str:
        """What is wrong with the fields, in one sentence; empty when they can be used."""
        if not self.folder.text().strip():
            return "Выберите папку для копии."
        if not Path(self.folder.text().strip()).is_dir():
            return "Такой папки нет: выберите существующую папку."
        password = self.password.text()
        if password and len(password) < MIN_PASSWORD:
            return f"Пароль должен быть не короче {MIN_PASSWORD} символов."
        if password != self.repeat.text():
            return "Пароли не совпадают."
        return ""

    def _accept(self) -> None:
        problem = self.problem()
        self.error.setText(problem)
        if not problem:
            self.accept()

    def target(self) -> tuple[Path, str | None]:
        return Path(self.folder.text().strip()), self.password.text() or None


class BackupsPanel(Page):
    KEY = "backups"
    TITLE = "Резервные копии"

    def __init__(
        self, context: AppContext, close_program: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.close_program = close_program or (lambda: None)
        self.can_restore = context.actor.can(Permission.RESTORE_BACKUPS)
        self.can_copy = context.actor.can(Permission.VIEW_DATA)
        self.can_take_away = context.actor.can(Permission.VIEW_PERSONAL_DATA)
        self.rows: list[CopyRow] = []
        self.table = row_table(["Дата", "Вид", "Размер"], "backupsTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.make_button = QPushButton("Сделать копию")
        self.make_button.clicked.connect(self.make_copy)
        self.media_button = QPushButton("Сделать копию на носитель…")
        self.media_button.clicked.connect(self.copy_to_media)
        self.restore_button = QPushButton("Восстановить из копии…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("Восстановить из файла…")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        for button in (self.make_button, self.media_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.folder_label = QLabel(f"Папка копий: {context.paths.backups}")
        self.folder_label.setWordWrap(True)
        self.root_layout.addWidget(QLabel("<h2>Резервные копии</h2>"))
        self.root_layout.addWidget(
            QLabel(
                "Копия делается сама при первом запуске за день, перед обновлением и перед каждой загрузкой; "
                "хранятся копии за 14 дней и 8 недель, а сделанные вручную — пока их не удалят.",
                wordWrap=True,
            )
        )
        self.root_layout.addWidget(self.table, 1)
        self.root_layout.addWidget(self.folder_label)
        self.root_layout.addLayout(buttons)
        if not self.can_restore:
            self.restore_button.setToolTip("Восстанавливать копии может только администратор.")
            self.restore_file_button.setToolTip("Восстанавливать копии может только администратор.")
        self._update_buttons()

    # --- the list ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        folder = self.context.paths.backups
        self.load(lambda: list_copies(folder), self._show_rows)

    def _show_rows(self, rows: list[CopyRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            kind = KIND_LABELS.get(row.kind, row.kind) + (" (зашифрована)" if row.sealed else "")
            for column, text in enumerate((format_made(row.made), kind, format_size(row.size))):
                item = QTableWidgetItem(text)
                item.setToolTip(str(row.path))
                self.table.setItem(number, column, item)
        self._update_buttons()

    def selected_row(self) -> CopyRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected and selected[0].row() < len(self.rows) else None

    def _update_buttons(self) -> None:
        self.make_button.setEnabled(self.can_copy)
        self.media_button.setEnabled(self.can_copy and self.can_take_away)
        self.restore_button.setEnabled(self.can_restore and self.selected_row() is not None)
        self.restore_file_button.setEnabled(self.can_restore)

    # --- making copies ----------------------------------------------------------------------------------

    def make_copy(self) -> None:
        self.copy_into(None, None)

    def copy_to_media(self) -> None:
        target = self.ask_media_target()
        if target is not None:
            self.copy_into(*target)

    def ask_media_target(self) -> tuple[Path, str | None] | None:
        dialog = MediaCopyDialog(self)
        return dialog.target() if dialog.exec() else None

    def copy_into(self, folder: Path | None, password: str | None) -> None:
        paths, actor, key = self.context.paths, self.context.actor, self.context.db.key

        def work() -> BackupInfo:
            return make_backup(paths, folder, password, actor=actor, key=key)

        self.messages.show_info("Копия делается…")
        self._set_enabled(False)
        self.load(work, self._copied)

    def _copied(self, info: BackupInfo) -> None:
        self._update_buttons()
        records = sum(info.counts.values())
        self.messages.show_info(
            f"Копия записана: {info.path} (записей: {records}, прикреплённых файлов: {info.attachments})."
        )
        self.refresh()

    # --- restoring --------------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.restore(row.path)

    def restore_from_file(self) -> None:
        file_name, _filter = file_dialogs.open_file_name(
            self,
            "Файл резервной копии",
            str(self.context.paths.backups),
            "Резервные копии (*.zip *.sealed);;Все файлы (*)",
        )
        if file_name:
            self.restore(Path(file_name))

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Восстановление из копии", question)
        return answer == QMessageBox.StandardButton.Yes

    def ask_password(self, name: str) -> str | None:
        text, accepted = QInputDialog.getText(
            self, "Пароль копии", f"Копия «{name}» зашифрована. Пароль:", QLineEdit.EchoMode.Password
        )
        return text if accepted else None

    def tell(self, message: str) -> None:
        QMessageBox.information(self, "Восстановление из копии", message)

    def restore(self, source: Path) -> None:
        """Ask, then close the database and restore ``source`` in the background worker."""
        if not self.can_restore:
            self.messages.show_error("Восстанавливать резервные копии может только администратор.")
            return
        question = (
            f"Восстановить данные из копии «{source.name}»?\n\n"
            "Текущее состояние базы будет сохранено отдельной копией (вид «перед восстановлением»), её можно "
            "будет восстановить обратно. Несохранённые изменения в разделах будут потеряны. После восстановления "
            "программа перезапустится и попросит войти снова."
        )
        if not self.confirm(question):
            return
        password = None
        try:
            sealed = backup_crypto.is_sealed(source)
        except OSError:
            sealed = False  # the service says what is wrong with the file
        if sealed:
            password = self.ask_password(source.name)
            if password is None:
                return
        self._restore_checked(source, password, other_installation=False)

    def _restore_checked(self, source: Path, password: str | None, *, other_installation: bool) -> None:
        paths, db, actor = self.context.paths, self.context.db, self.context.actor

        def work() -> RestoreResult | OtherInstallation:
            actor.require(Permission.RESTORE_BACKUPS)  # before the connection is closed for the restore
            db.close()  # this worker is the only user of the connection; it reopens on the next use
            try:
                return restore_backup(
                    paths, source, password, actor=actor, other_installation=other_installation, key=db.key
                )
            except OtherInstallation as other:  # asked in the GUI thread, then restored all the same or not
                return other

        def done(outcome: RestoreResult | OtherInstallation) -> None:
            if not isinstance(outcome, OtherInstallation):
                self._restored(outcome)
            elif self.confirm(outcome.question):
                self._restore_checked(source, password, other_installation=True)
            else:
                self._update_buttons()
                self.messages.show_info("Восстановление отменено: данные не изменены.")

        self.messages.show_info("Копия проверяется и восстанавливается…")
        self._set_enabled(False)
        self.load(work, done)

    def _restored(self, result: RestoreResult) -> None:
        lines = [f"Данные восстановлены из копии «{result.source.name}»."]
        if result.previous_state is not None:
            lines.append(f"Прежнее состояние сохранено: {result.previous_state}.")
        if result.migrates_on_open:
            lines.append("Копия сделана прежней версией программы: структура базы обновится при запуске.")
        lines.append(
            "Программа перезапустится, чтобы не работать с данными, прочитанными до восстановления: войдите снова."
        )
        self.messages.show_info(lines[0])
        self.tell("\n".join(lines))
        self.close_program()

    def _set_enabled(self, enabled: bool) -> None:
        for button in (self.make_button, self.media_button, self.restore_button, self.restore_file_button):
            button.setEnabled(enabled)

    def load_failed(self, message: str) -> None:
        self._update_buttons()  # the buttons were disabled for the work that failed


class BackupDialog(QDialog):
    def __init__(self, context: AppContext, close_program: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Резервные копии")
        open_size(self, 760, 480)
        self.panel = BackupsPanel(context, close_program, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.panel.refresh()
