"""«Загрузить список семей»: map the columns of an Excel list, see what each row becomes, write when asked.

The file is read in the background; the mapping is prefilled from the one used last time (kept in the
data folder) or guessed from the header words. «Проверить» builds the preview: new family, row that
cannot be read (with the reason), or possible duplicate — ticked ones are loaded too. «Загрузить в
реестр» writes all chosen rows in one transaction; cancelling writes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
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

from desktop_app.domain.text import search_key
from desktop_app.family_import import (
    FIELDS,
    REMEMBERED_MAPPING_FILE,
    ColumnMapping,
    FamilySheet,
    guess_mapping,
    load_remembered,
    read_family_sheet,
    remember,
)
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size
from desktop_app.services.family_import import (
    FamilyImportPreview,
    FamilyImportResult,
    PreviewRow,
    RowState,
    apply_family_import,
    preview_family_import,
)

FAMILY_LIST_FILTER = "Книга Excel (*.xlsx)"
NOT_LOADED = "— не загружать —"
_CHECK_ROLE = Qt.ItemDataRole.CheckStateRole
_FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
_STATE_COLOURS = {
    RowState.NEW: QBrush(QColor("#1b6e20")),
    RowState.DUPLICATE: QBrush(QColor("#8a5a00")),
    RowState.PROBLEM: QBrush(QColor("#b00020")),
}
_Index = QModelIndex | QPersistentModelIndex


class PreviewRowsModel(RowTableModel[PreviewRow]):
    """The preview's rows; a possible duplicate has a box in its first column: ticked, it is loaded too."""

    HEADERS = ("Строка", "Семья", "Что будет", "Подробности")
    COL_NUMBER, COL_NAME, COL_STATE, COL_DETAIL = range(4)
    chosen_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.chosen: set[int] = set()

    def set_rows(self, rows: Any) -> None:
        self.chosen = set()
        super().set_rows(rows)

    def display(self, row: PreviewRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return str(row.number)
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_STATE:
            return row.state.label
        return row.detail

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == _CHECK_ROLE and index.column() == self.COL_NUMBER:
            if row.state is RowState.DUPLICATE:
                return Qt.CheckState.Checked if row.number in self.chosen else Qt.CheckState.Unchecked
            return None
        if row is not None and role == _FOREGROUND_ROLE and index.column() == self.COL_STATE:
            return _STATE_COLOURS[row.state]
        return super().data(index, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and row.state is RowState.DUPLICATE and index.column() == self.COL_NUMBER:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or role != _CHECK_ROLE or row.state is not RowState.DUPLICATE:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.chosen.add(row.number)
        else:
            self.chosen.discard(row.number)
        self.dataChanged.emit(index, index, [_CHECK_ROLE])
        self.chosen_changed.emit()
        return True


class FamilyImportDialog(QDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Загрузка списка семей: {path.name}")
        open_size(self, 1200, 720)
        self.context = context
        self.path = path
        self.sheet: FamilySheet | None = None
        self.preview: FamilyImportPreview | None = None
        self.result: FamilyImportResult | None = None
        self._closed = False
        self._busy = False
        self._mapping_file = context.paths.root / REMEMBERED_MAPPING_FILE

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
        # long labels go above their combo: the panel stays narrow enough for the preview beside it
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.default_municipality = QLineEdit()
        self.default_municipality.setObjectName("defaultMunicipality")
        self.default_municipality.textEdited.connect(self._mapping_changed)
        for spec in FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"map_{spec.key}")
            # a header may be a paragraph long; the combo must not widen the panel to fit it
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
        self.model = PreviewRowsModel()
        self.model.chosen_changed.connect(self._update_apply_button)
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(PreviewRowsModel.COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(PreviewRowsModel.COL_NUMBER, 80)
        self.table.setColumnWidth(PreviewRowsModel.COL_NAME, 210)
        self.table.setColumnWidth(PreviewRowsModel.COL_STATE, 140)
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
        splitter.setSizes([480, 720])

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
        path, remembered_file = self.path, self._mapping_file

        def work() -> tuple[FamilySheet, ColumnMapping | None]:
            return read_family_sheet(path, sheet_name), load_remembered(remembered_file)

        self.context.runner.run(work, self._show_sheet, self._failed)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self._stop()
        self.messages.show_error(message)

    def _show_sheet(self, loaded: tuple[FamilySheet, ColumnMapping | None]) -> None:
        if self._closed:
            return
        sheet, remembered = loaded
        self.sheet = sheet
        self.preview = None
        self.model.set_rows([])
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheets))
        self.sheet_combo.setCurrentText(sheet.sheet)
        self.header_label.setText(f"заголовки столбцов — в строке {sheet.header_row}; строк ниже: {len(sheet.rows)}")
        chosen = _prefill(sheet.headers, remembered)
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_LOADED, None)
            for header in sheet.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(chosen[key]), 0) if key in chosen else 0)
            combo.blockSignals(False)
        if remembered is not None and remembered.default_municipality:
            self.default_municipality.setText(remembered.default_municipality)
        elif not self.default_municipality.text():
            self.default_municipality.setText(self.context.info.district_name or "")
        self.default_municipality.setCursorPosition(0)
        self._stop()

    def mapping(self) -> ColumnMapping:
        """What the form says; the sheet and header row are not kept: they are found again in the next file."""
        columns = {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}
        return ColumnMapping(columns=columns, default_municipality=" ".join(self.default_municipality.text().split()))

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
        db, actor, remembered_file = self.context.db, self.context.actor, self._mapping_file

        def work() -> FamilyImportPreview:
            preview = preview_family_import(db, actor, sheet, mapping)
            remember(mapping, remembered_file)  # only a mapping that fits the file is worth keeping
            return preview

        self.context.runner.run(work, self._show_preview, self._failed)

    def _show_preview(self, preview: FamilyImportPreview) -> None:
        if self._closed:
            return
        self.preview = preview
        self.model.set_rows(preview.rows)
        self.table.resizeRowsToContents()
        self._stop()

    def _update_apply_button(self) -> None:
        preview = self.preview
        # Enter checks the columns until there is a preview of them, then loads it
        self.check_button.setDefault(preview is None)
        self.apply_button.setDefault(preview is not None)
        if preview is None:
            self.apply_button.setEnabled(False)
            return
        new, duplicates = preview.count(RowState.NEW), preview.count(RowState.DUPLICATE)
        chosen = len(self.model.chosen)
        self.counts.setText(
            f"Новых семей: {new}. Возможных дубликатов: {duplicates} (отмечено для загрузки: {chosen}). "
            f"Не прочитано строк: {preview.count(RowState.PROBLEM)}. Будет загружено: {new + chosen}."
        )
        self.apply_button.setEnabled(not self._busy and self.result is None and new + chosen > 0)

    # ----------------------------------------------------------------------------------------- applying

    def apply(self) -> None:
        sheet, preview = self.sheet, self.preview
        if sheet is None or preview is None or self._busy:
            return
        chosen = frozenset(self.model.chosen)
        self._start("Загрузка в реестр…")
        # Once writing has started it finishes (all or nothing); closing now would hide its outcome.
        self.cancel_button.setEnabled(False)
        db, actor = self.context.db, self.context.actor

        def work() -> FamilyImportResult:
            return apply_family_import(db, actor, sheet, preview, chosen)

        self.context.runner.run(work, self._applied, self._apply_failed)

    def _apply_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(message)

    def _applied(self, result: FamilyImportResult) -> None:
        self.result = result
        self._busy = False
        self.accept()

    def reject(self) -> None:
        if not self.cancel_button.isEnabled():
            return  # Escape while the families are being written
        super().reject()

    def done(self, code: int) -> None:
        self._closed = True  # a result arriving later is dropped: cancelling never writes anything
        super().done(code)


def _prefill(headers: tuple[str, ...], remembered: ColumnMapping | None) -> dict[str, str]:
    """Field → header: the last mapping where this file has its columns, else guessed from the header words."""
    present = {search_key(header): header for header in headers}
    guessed = guess_mapping(headers)
    if remembered is None or not any(search_key(h) in present for h in remembered.columns.values()):
        return guessed
    chosen: dict[str, str] = {}
    for key, header in remembered.columns.items():
        if (found := present.get(search_key(header))) is not None:
            chosen[key] = found
        elif key in guessed:
            chosen[key] = guessed[key]
    return chosen
