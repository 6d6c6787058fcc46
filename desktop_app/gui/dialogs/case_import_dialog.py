"""«Загрузить список случаев»: map the columns of a district's case list, see what each row becomes, write when asked.

Built on the list-import dialog the family list uses too (list_import_base.py): the file is read in the background,
the mapping is guessed from the header words, «Проверить» builds the preview — a new case, a row that cannot be read
(each problem with its column), or a case already in the register (the same family and identification date), which
is skipped. «Загрузить в реестр» writes every new case in one transaction; cancelling writes nothing.

The cases page opens it as ``CaseImportDialog(context, path, parent)`` after asking for the file
(``CASE_LIST_FILTER``); ``result`` holds what was written once the dialog is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop_app.case_import import FIELDS, CaseMapping, FamilySheet, guess_case_mapping, read_case_sheet
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.list_import_base import LIST_FILTER, ListImportDialog, StatePreviewModel
from desktop_app.services.case_import import (
    CaseImportPreview,
    CaseImportResult,
    CasePreviewRow,
    CaseRowState,
    apply_case_import,
    preview_case_import,
)

CASE_LIST_FILTER = LIST_FILTER


class CasePreviewModel(StatePreviewModel[CasePreviewRow]):
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


class CaseImportDialog(ListImportDialog):
    """Reads ``path`` in the background as soon as it opens; ``result`` holds what was written."""

    preview: CaseImportPreview | None
    result: CaseImportResult | None

    def __init__(self, context: AppContext, path: Path, parent: QWidget | None = None) -> None:
        model = CasePreviewModel()
        super().__init__(
            context,
            path,
            parent,
            title=f"Загрузка списка случаев: {path.name}",
            fields=FIELDS,
            model=model,
            stretched=CasePreviewModel.COL_DETAIL,
            widths={
                CasePreviewModel.COL_NUMBER: 70,
                CasePreviewModel.COL_NAME: 190,
                CasePreviewModel.COL_STATE: 170,
                CasePreviewModel.COL_CASE: 200,
            },
            split=(460, 740),
        )
        self.model: CasePreviewModel = model

    def _first_municipality(self) -> str:
        return self.context.info.district_name or ""

    def _read_work(self, sheet_name: str | None) -> Callable[[], FamilySheet]:
        path = self.path
        return lambda: read_case_sheet(path, sheet_name)

    def _unpack(self, loaded: FamilySheet) -> tuple[FamilySheet, dict[str, str]]:
        return loaded, guess_case_mapping(loaded.headers)

    def mapping(self) -> CaseMapping:
        return CaseMapping(columns=self.chosen_columns(), default_municipality=self.default_municipality_text())

    def _preview_work(self, sheet: FamilySheet, mapping: CaseMapping) -> Callable[[], CaseImportPreview]:
        db, actor = self.context.db, self.context.actor
        return lambda: preview_case_import(db, actor, sheet, mapping)

    def _counts(self, preview: CaseImportPreview) -> tuple[str, int]:
        new = preview.count(CaseRowState.NEW)
        text = (
            f"Новых случаев: {new}. Уже в реестре (пропускаются): {preview.count(CaseRowState.DUPLICATE)}. "
            f"Не прочитано строк: {preview.count(CaseRowState.PROBLEM)}. Будет загружено: {new}."
        )
        return text, new

    def _apply_work(self, sheet: FamilySheet, preview: CaseImportPreview) -> Callable[[], CaseImportResult]:
        db, actor = self.context.db, self.context.actor
        return lambda: apply_case_import(db, actor, sheet, preview)
