"""«Загрузить список случаев»: map the columns of a district's case list, see what each row becomes, write when asked.

Modelled on the family list's dialog (family_import_dialog.py): the file is read in the background, the mapping is
guessed from the header words, «Проверить» builds the preview — a new case, a row that cannot be read (each
problem with its column), or a case already in the register (the same family and identification date), which is
skipped. «Загрузить в реестр» writes every new case in one transaction; cancelling writes nothing.

The cases page opens it as ``CaseImportDialog(context, path, parent)`` after asking for the file
(``CASE_LIST_FILTER``); ``result`` holds what was written once the dialog is accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.case_import import FIELDS, CaseMapping, FamilySheet, guess_case_mapping, read_case_sheet
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.family_import_dialog import NOT_LOADED
from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size
from desktop_app.services.case_import import (
    CaseImportPreview,
    CaseImportResult,
    CasePreviewRow,
    CaseRowState,
    apply_case_import,
    preview_case_import,
)

CASE_LIST_FILTER = "Книга Excel (*.xlsx)"
_STATE_COLOURS = {
    CaseRowState.NEW: QBrush(QColor("#1b6e20")),
    CaseRowState.DUPLICATE: QBrush(QColor("#8a5a00")),
    CaseRowState.PROBLEM: QBrush(QColor("#b00020")),
}
_Index = QModelIndex | QPersistentModelIndex


class CasePreviewModel(RowTableModel[CasePreviewRow]):
    HEADERS = ("Строка", "Семья", "Что будет", "Категория и этап", "Подробности")
    COL_NUMBER, COL_NAME, COL_STATE, COL_CASE, COL_DETAIL = range(5)

    def display(self, row: CasePreviewRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return str(row.number)
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_STATE:
            return row.state.label
        if column == self.COL_CASE:
            return f"{row.category}; {row.stage}" if row.category else ""
        return row.detail

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == Qt.ItemDataRole.ForegroundRole and index.column() == self.COL_STATE:
            return _STATE_COLOURS[row.state]
        return super().data(index, role)


class CaseImportDialog(QDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Загрузка списка случаев: {path.name}")
        open_size(self, 1200, 720)
        self.context = context
        self.path = path
        self.sheet: FamilySheet | None = None
        self.preview: CaseImportPreview | None = None
        self.result: CaseImportResult | None = None
        self._closed = False
        self._busy = False

        self.messages = MessageBar(self)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("importSheet")
        self.sheet_combo.activated.connect(lambda _index: self._read(self.sheet_combo.currentText()))
        self.header_label = QLabel()
        source = QHBoxLayout()
        source.addWidget(QLabel("Лист:"))
        source.addWidget(self.sheet_combo, 1)
        source.addWidget(self.header_label, 2)

        self.combos: dict[str, QComboBox] = {}
        mapping_panel = QWidget()
        form = QFormLayout(mapping_panel)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.default_municipality = QLineEdit(context.info.district_name or "")
        self.default_municipality.setObjectName("defaultMunicipality")
        self.default_municipality.textEdited.connect(self._mapping_changed)
        for spec in FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"map_{spec.key}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[spec.key] = combo
            form.addRow(f"{spec.label}:", combo)
            if spec.key == "municipality":
                form.addRow("МО, если в строке не указано:", self.default_municipality)
        mapping_box = QGroupBox("Какой столбец файла что содержит")
        QVBoxLayout(mapping_box).addWidget(scrolling(mapping_panel))

        self.check_button = QPushButton("Проверить")
        self.check_button.setObjectName("checkImport")
        self.check_button.setEnabled(False)
        self.check_button.clicked.connect(self.check)
        self.counts = QLabel("Выберите столбцы и нажмите «Проверить»: в реестр ничего не записывается до загрузки.")
        self.counts.setObjectName("importCounts")
        self.counts.setWordWrap(True)
        self.model = CasePreviewModel()
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(CasePreviewModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CasePreviewModel.COL_NUMBER, 70), (CasePreviewModel.COL_NAME, 190)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(CasePreviewModel.COL_STATE, 170)
        self.table.setColumnWidth(CasePreviewModel.COL_CASE, 200)
        preview_panel = QWidget()
        preview_layout = QVBoxLayout(preview_panel)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.counts, 1)
        preview_layout.addLayout(check_row)
        preview_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(mapping_box)
        splitter.addWidget(preview_panel)
        splitter.setSizes([460, 740])

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Загрузить в реестр")
        self.apply_button.setObjectName("applyImport")
        self.apply_button.setEnabled(False)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("Отмена")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.progress)
        layout.addLayout(source)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        keyboard.prepare_dialog(self, first=self.sheet_combo, default=self.check_button)
        self._read(None)

    # ------------------------------------------------------------------------------------------ reading

    def _start(self, what: str) -> None:
        self._busy = True
        self.messages.clear_message()
        self.progress.setFormat(what)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.apply_button.setEnabled(False)

    def _stop(self) -> None:
        self._busy = False
        self.progress.hide()
        self.check_button.setEnabled(self.sheet is not None)
        self._update_apply_button()

    def _read(self, sheet_name: str | None) -> None:
        self._start("Чтение файла…")
        path = self.path
        self.context.runner.run(lambda: read_case_sheet(path, sheet_name), self._show_sheet, self._failed)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self._stop()
        self.messages.show_error(message)

    def _show_sheet(self, sheet: FamilySheet) -> None:
        if self._closed:
            return
        self.sheet = sheet
        self.preview = None
        self.model.set_rows([])
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheets))
        self.sheet_combo.setCurrentText(sheet.sheet)
        self.header_label.setText(f"заголовки столбцов — в строке {sheet.header_row}; строк ниже: {len(sheet.rows)}")
        guessed = guess_case_mapping(sheet.headers)
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_LOADED, None)
            for header in sheet.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(guessed[key]), 0) if key in guessed else 0)
            combo.blockSignals(False)
        self._stop()

    def mapping(self) -> CaseMapping:
        columns = {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}
        return CaseMapping(columns=columns, default_municipality=" ".join(self.default_municipality.text().split()))

    def _mapping_changed(self) -> None:
        if self.preview is not None and not self._busy:
            self.preview = None
            self.counts.setText("Сопоставление изменено: нажмите «Проверить» ещё раз.")
            self._update_apply_button()

    # ------------------------------------------------------------------------------------------ preview

    def check(self) -> None:
        sheet = self.sheet
        if sheet is None or self._busy:
            return
        mapping = self.mapping()
        self._start("Проверка строк…")
        db, actor = self.context.db, self.context.actor
        self.context.runner.run(
            lambda: preview_case_import(db, actor, sheet, mapping), self._show_preview, self._failed
        )

    def _show_preview(self, preview: CaseImportPreview) -> None:
        if self._closed:
            return
        self.preview = preview
        self.model.set_rows(preview.rows)
        self.table.resizeRowsToContents()
        self._stop()

    def _update_apply_button(self) -> None:
        preview = self.preview
        self.check_button.setDefault(preview is None)
        self.apply_button.setDefault(preview is not None)
        if preview is None:
            self.apply_button.setEnabled(False)
            return
        new = preview.count(CaseRowState.NEW)
        self.counts.setText(
            f"Новых случаев: {new}. Уже в реестре (пропускаются): {preview.count(CaseRowState.DUPLICATE)}. "
            f"Не прочитано строк: {preview.count(CaseRowState.PROBLEM)}. Будет загружено: {new}."
        )
        self.apply_button.setEnabled(not self._busy and self.result is None and new > 0)

    # ----------------------------------------------------------------------------------------- applying

    def apply(self) -> None:
        sheet, preview = self.sheet, self.preview
        if sheet is None or preview is None or self._busy:
            return
        self._start("Загрузка в реестр…")
        # Once writing has started it finishes (all or nothing); closing now would hide its outcome.
        self.cancel_button.setEnabled(False)
        db, actor = self.context.db, self.context.actor
        self.context.runner.run(lambda: apply_case_import(db, actor, sheet, preview), self._applied, self._apply_failed)

    def _apply_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(message)

    def _applied(self, result: CaseImportResult) -> None:
        self.result = result
        self._busy = False
        self.accept()

    def reject(self) -> None:
        if not self.cancel_button.isEnabled():
            return  # Escape while the cases are being written
        super().reject()

    def done(self, code: int) -> None:
        self._closed = True  # a result arriving later is dropped: cancelling never writes anything
        super().done(code)
