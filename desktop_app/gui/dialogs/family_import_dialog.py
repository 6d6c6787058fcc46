"""«Загрузить список семей»: map the columns of an Excel list, see what each row becomes, write when asked.

Built on the list-import dialog (list_import_base.py): the file is read in the background; the mapping is prefilled
from the one used last time (kept in the data folder) or guessed from the header words. «Проверить» builds the
preview: new family, row that cannot be read (with the reason), or possible duplicate — ticked ones are loaded too.
«Загрузить в реестр» writes all chosen rows in one transaction; cancelling writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

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
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.list_import_base import LIST_FILTER, NOT_LOADED, ListImportDialog, StatePreviewModel
from desktop_app.services.family_import import (
    FamilyImportPreview,
    FamilyImportResult,
    PreviewRow,
    RowState,
    apply_family_import,
    preview_family_import,
)

FAMILY_LIST_FILTER = LIST_FILTER
__all__ = ["FAMILY_LIST_FILTER", "NOT_LOADED", "FamilyImportDialog", "PreviewRowsModel"]
_CHECK_ROLE = Qt.ItemDataRole.CheckStateRole
_Index = QModelIndex | QPersistentModelIndex


class PreviewRowsModel(StatePreviewModel[PreviewRow]):
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


class FamilyImportDialog(ListImportDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    preview: FamilyImportPreview | None
    result: FamilyImportResult | None

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        model = PreviewRowsModel()
        super().__init__(
            context,
            path,
            parent,
            title=f"Загрузка списка семей: {path.name}",
            fields=FIELDS,
            model=model,
            stretched=PreviewRowsModel.COL_DETAIL,
            widths={PreviewRowsModel.COL_NUMBER: 80, PreviewRowsModel.COL_NAME: 210, PreviewRowsModel.COL_STATE: 140},
            split=(480, 720),
        )
        self.model: PreviewRowsModel = model
        model.chosen_changed.connect(self._update_apply_button)

    @property
    def _mapping_file(self) -> Path:
        return self.context.paths.root / REMEMBERED_MAPPING_FILE

    def _read_work(self, sheet_name: str | None) -> Callable[[], tuple[FamilySheet, ColumnMapping | None]]:
        path, remembered_file = self.path, self._mapping_file

        def work() -> tuple[FamilySheet, ColumnMapping | None]:
            return read_family_sheet(path, sheet_name), load_remembered(remembered_file)

        return work

    def _unpack(self, loaded: tuple[FamilySheet, ColumnMapping | None]) -> tuple[FamilySheet, dict[str, str]]:
        sheet, remembered = loaded
        return sheet, _prefill(sheet.headers, remembered)

    def _sheet_shown(self, loaded: tuple[FamilySheet, ColumnMapping | None]) -> None:
        remembered = loaded[1]
        if remembered is not None and remembered.default_municipality:
            self.default_municipality.setText(remembered.default_municipality)
        elif not self.default_municipality.text():
            self.default_municipality.setText(self.context.info.district_name or "")
        self.default_municipality.setCursorPosition(0)

    def mapping(self) -> ColumnMapping:
        """What the form says; the sheet and header row are not kept: they are found again in the next file."""
        return ColumnMapping(columns=self.chosen_columns(), default_municipality=self.default_municipality_text())

    def _preview_work(self, sheet: FamilySheet, mapping: ColumnMapping) -> Callable[[], FamilyImportPreview]:
        db, actor, remembered_file = self.context.db, self.context.actor, self._mapping_file

        def work() -> FamilyImportPreview:
            preview = preview_family_import(db, actor, sheet, mapping)
            remember(mapping, remembered_file)  # only a mapping that fits the file is worth keeping
            return preview

        return work

    def _counts(self, preview: FamilyImportPreview) -> tuple[str, int]:
        new, duplicates = preview.count(RowState.NEW), preview.count(RowState.DUPLICATE)
        chosen = len(self.model.chosen)
        text = (
            f"Новых семей: {new}. Возможных дубликатов: {duplicates} (отмечено для загрузки: {chosen}). "
            f"Не прочитано строк: {preview.count(RowState.PROBLEM)}. Будет загружено: {new + chosen}."
        )
        return text, new + chosen

    def _apply_work(self, sheet: FamilySheet, preview: FamilyImportPreview) -> Callable[[], FamilyImportResult]:
        chosen = frozenset(self.model.chosen)
        db, actor = self.context.db, self.context.actor
        return lambda: apply_family_import(db, actor, sheet, preview, chosen)


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
