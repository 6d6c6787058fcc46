"""Attaching a confirming document: the file, its title, kind, number and date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.execution import DOCUMENT_KINDS
from desktop_app.domain.periods import parse_date
from desktop_app.gui import file_dialogs
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors

FILE_FILTER = (
    "Документы (*.pdf *.doc *.docx *.odt *.rtf *.xls *.xlsx *.ods *.jpg *.jpeg *.png *.tif *.tiff);;Все файлы (*)"
)


class DocumentDialog(QDialog):
    """Asks for the file and its details; ``result_path`` and ``result_document`` hold what was chosen."""

    def __init__(self, parent: QWidget | None = None, start_folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Прикрепить подтверждающий документ")
        self.setMinimumWidth(560)
        self._start_folder = start_folder
        self.result_path: Path | None = None
        self.result_document: DocumentInput | None = None

        self.file_edit = QLineEdit()
        self.file_edit.setObjectName("documentFile")
        self.file_edit.setPlaceholderText("Выберите файл: скан, PDF, документ Word…")
        browse = QPushButton("Выбрать…")
        browse.clicked.connect(self._browse)
        file_row = QWidget()
        row_layout = QHBoxLayout(file_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.file_edit, 1)
        row_layout.addWidget(browse)

        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("documentTitle")
        self.kind_combo = QComboBox()
        self.kind_combo.setEditable(True)
        self.kind_combo.addItems(DOCUMENT_KINDS)
        self.kind_combo.setCurrentIndex(-1)
        self.number_edit = QLineEdit()
        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("documentDate")
        self.date_edit.setPlaceholderText("дд.мм.гггг")
        self.date_edit.setInputMask("")

        form = QFormLayout()
        self.errors = {
            "file": add_field(form, "Файл:", file_row),
            "title": add_field(form, "Наименование:", self.title_edit),
            "kind": add_field(form, "Вид документа:", self.kind_combo),
            "number": add_field(form, "Номер:", self.number_edit),
            "doc_date": add_field(form, "Дата:", self.date_edit),
        }
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Прикрепить")
        ok.setObjectName("attachButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        name, _filter = file_dialogs.open_file_name(self, "Файл документа", self._start_folder, FILE_FILTER)
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        self.file_edit.setText(str(path))
        if not self.title_edit.text().strip():
            self.title_edit.setText(path.stem)

    def accept(self) -> None:
        clear_field_errors(self.errors)
        problems: dict[str, str] = {}
        path = Path(self.file_edit.text().strip()) if self.file_edit.text().strip() else None
        if path is None:
            problems["file"] = "Выберите файл документа."
        elif not path.is_file():
            problems["file"] = "Файл не найден: проверьте путь."
        doc_date: date | None = None
        if self.date_edit.text().strip():
            try:
                doc_date = parse_date(self.date_edit.text())
            except ValidationError as exc:
                problems["doc_date"] = exc.message
        document = DocumentInput(
            self.title_edit.text(), self.kind_combo.currentText(), self.number_edit.text(), doc_date
        )
        try:
            document = document.checked()
        except ValidationError as exc:
            problems.update(exc.field_errors)
        if show_field_errors(self.errors, problems):
            return
        self.result_path = path
        self.result_document = document
        super().accept()
