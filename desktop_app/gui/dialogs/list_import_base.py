"""What the dialogs loading a list from Excel share (the family list, the case list): the sheet read in the
background, a combo per field to say which column holds it, «Проверить» building the preview with each row's state
coloured, «Загрузить в реестр» writing in one transaction; cancelling writes nothing.

A dialog says how its sheet is read and its mapping prefilled (``_read_work``, ``_unpack``), how the form becomes a
mapping (``mapping``), how the preview is made and counted (``_preview_work``, ``_counts``) and how it is applied
(``_apply_work``). The rows' states are the services' ``new``, ``duplicate`` and ``problem``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

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

from desktop_app.family_import import FamilySheet
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size

LIST_FILTER = "Книга Excel (*.xlsx)"
NOT_LOADED = "— не загружать —"
FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
STATE_COLOURS = {
    "new": QBrush(QColor("#1b6e20")),
    "duplicate": QBrush(QColor("#8a5a00")),
    "problem": QBrush(QColor("#b00020")),
}
_Index = QModelIndex | QPersistentModelIndex


class _Field(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...


class _State(Protocol):
    @property
    def value(self) -> str: ...


class _Row(Protocol):
    @property
    def state(self) -> _State: ...


RowT = TypeVar("RowT", bound=_Row)


class StatePreviewModel(RowTableModel[RowT]):
    """A preview's rows with the column ``COL_STATE`` coloured by the row's state."""

    COL_STATE = 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and role == FOREGROUND_ROLE and index.column() == self.COL_STATE:
            return STATE_COLOURS[row.state.value]
        return super().data(index, role)


class ListImportDialog(QDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    def __init__(
        self,
        context: AppContext,
        path: Path,
        parent: QWidget | None,
        *,
        title: str,
        fields: Iterable[_Field],
        model: RowTableModel[Any],
        stretched: int,
        widths: Mapping[int, int],
        split: tuple[int, int],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        open_size(self, 1200, 720)
        self.context = context
        self.path = path
        self.sheet: FamilySheet | None = None
        self.preview: Any = None
        self.result: Any = None
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
        # long labels go above their combo: the panel stays narrow enough for the preview beside it
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.default_municipality = QLineEdit(self._first_municipality())
        self.default_municipality.setObjectName("defaultMunicipality")
        self.default_municipality.textEdited.connect(self._mapping_changed)
        for spec in fields:
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
        self.model = model
        self.table = QTableView()
        self.table.setObjectName("importRows")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
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
        splitter.setSizes(list(split))

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

    # ------------------------------------------------------------------------------ what a list's dialog says

    def _first_municipality(self) -> str:
        """The «МО, если в строке не указано» the dialog opens with."""
        return ""

    def _read_work(self, sheet_name: str | None) -> Callable[[], object]:
        """The background work reading the sheet (and whatever else the mapping is prefilled from)."""
        raise NotImplementedError

    def _unpack(self, loaded: Any) -> tuple[FamilySheet, dict[str, str]]:
        """The sheet read and the header prefilled for each field; called in the GUI thread."""
        raise NotImplementedError

    def _sheet_shown(self, loaded: Any) -> None:
        """After the combos are filled from a sheet just read."""

    def mapping(self) -> Any:
        """What the form says, as the list's mapping."""
        raise NotImplementedError

    def _preview_work(self, sheet: FamilySheet, mapping: Any) -> Callable[[], object]:
        raise NotImplementedError

    def _counts(self, preview: Any) -> tuple[str, int]:
        """The preview's counts as the dialog shows them, and how many rows would be written."""
        raise NotImplementedError

    def _apply_work(self, sheet: FamilySheet, preview: Any) -> Callable[[], object]:
        raise NotImplementedError

    def chosen_columns(self) -> dict[str, str]:
        """Field → header of every field given a column."""
        return {key: combo.currentData() for key, combo in self.combos.items() if combo.currentData()}

    def default_municipality_text(self) -> str:
        return " ".join(self.default_municipality.text().split())

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
        self.context.runner.run(self._read_work(sheet_name), self._show_sheet, self._failed)

    def _failed(self, message: str) -> None:
        if self._closed:
            return
        self._stop()
        self.messages.show_error(message)

    def _show_sheet(self, loaded: Any) -> None:
        if self._closed:
            return
        sheet, chosen = self._unpack(loaded)
        self.sheet = sheet
        self.preview = None
        self.model.set_rows([])
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(sheet.sheets))
        self.sheet_combo.setCurrentText(sheet.sheet)
        self.header_label.setText(f"заголовки столбцов — в строке {sheet.header_row}; строк ниже: {len(sheet.rows)}")
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_LOADED, None)
            for header in sheet.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(chosen[key]), 0) if key in chosen else 0)
            combo.blockSignals(False)
        self._sheet_shown(loaded)
        self._stop()

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
        self.context.runner.run(self._preview_work(sheet, mapping), self._show_preview, self._failed)

    def _show_preview(self, preview: Any) -> None:
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
        text, loaded = self._counts(preview)
        self.counts.setText(text)
        self.apply_button.setEnabled(not self._busy and self.result is None and loaded > 0)

    # ----------------------------------------------------------------------------------------- applying

    def apply(self) -> None:
        sheet, preview = self.sheet, self.preview
        if sheet is None or preview is None or self._busy:
            return
        work = self._apply_work(sheet, preview)
        self._start("Загрузка в реестр…")
        # Once writing has started it finishes (all or nothing); closing now would hide its outcome.
        self.cancel_button.setEnabled(False)
        self.context.runner.run(work, self._applied, self._apply_failed)

    def _apply_failed(self, message: str) -> None:
        self.cancel_button.setEnabled(True)
        self._failed(message)

    def _applied(self, result: object) -> None:
        self.result = result
        self._busy = False
        self.accept()

    def reject(self) -> None:
        if not self.cancel_button.isEnabled():
            return  # Escape while the rows are being written
        super().reject()

    def done(self, code: int) -> None:
        self._closed = True  # a result arriving later is dropped: cancelling never writes anything
        super().done(code)
