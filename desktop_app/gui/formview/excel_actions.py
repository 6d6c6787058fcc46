"""The forms screen's Excel round trip: a pre-filled protected template for a partner without the program,
and a filled one taken back after a preview of every change and every wrong cell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QPushButton

from desktop_app.gui import file_dialogs
from desktop_app.gui.dialogs.form_fill_dialog import FormFillDialog
from desktop_app.services.form_answers import FormState
from desktop_app.services.form_fill import FillPreview

if TYPE_CHECKING:
    from desktop_app.gui.pages.forms_page import FormsPage

EXCEL_FILTER = "Книга Excel (*.xlsx)"


class ExcelActions:
    """Two buttons for the forms page; the dialogs can be bypassed in tests by calling the methods."""

    def __init__(self, page: FormsPage) -> None:
        self.page = page
        self.template_button = QPushButton("Шаблон Excel…", objectName="formTemplate")
        self.template_button.setToolTip("Записать защищённый шаблон формы для исполнителя без программы")
        self.template_button.clicked.connect(self._ask_template_path)
        self.load_button = QPushButton("Загрузить из Excel…", objectName="formFill")
        self.load_button.setToolTip("Загрузить заполненный шаблон: сначала будут показаны изменения и ошибки")
        self.load_button.clicked.connect(self._ask_filled_path)
        self.last_preview: FillPreview | None = None

    def update(self, state: FormState | None, can_edit: bool) -> None:
        self.template_button.setEnabled(state is not None)
        self.load_button.setEnabled(state is not None and can_edit)

    def _ask_template_path(self) -> None:
        state = self.page.state
        if state is None:
            return
        suggested = f"{state.form.id}_{state.period.code}.xlsx"
        path, _ = file_dialogs.save_file_name(self.page, "Шаблон Excel", suggested, EXCEL_FILTER)
        if path:
            self.export_template(Path(path))

    def export_template(self, path: Path) -> None:
        state, context = self.page.state, self.page.context
        if state is None:
            return
        fill, actor = context.form_fill, context.actor
        self.page.load(
            lambda: fill.write_template(actor, state.form.id, state.period, state.territory, path),
            lambda written: self.page.messages.show_info(
                f"Шаблон записан: {written}. Отправьте его исполнителю;"
                " заполненный загрузите кнопкой «Загрузить из Excel…».",
            ),
        )

    def _ask_filled_path(self) -> None:
        path, _ = file_dialogs.open_file_name(self.page, "Заполненный шаблон", "", EXCEL_FILTER)
        if path:
            self.load_filled(Path(path))

    def load_filled(self, path: Path) -> None:
        """Read and compare in the background, then show the preview; the template's period must be the one shown."""
        state, context = self.page.state, self.page.context
        if state is None:
            return
        if self.page.unsaved_changes():
            self.page.messages.show_error("Сначала сохраните или сбросьте набранные ответы, затем загружайте шаблон.")
            return
        fill, actor = context.form_fill, context.actor
        self.page.load(lambda: fill.preview(actor, path, state.territory, state.period), self._show_preview)

    def _show_preview(self, preview: object) -> None:
        assert isinstance(preview, FillPreview)
        self.last_preview = preview
        answer = self.confirm(preview)
        if answer is None:
            return
        self.apply(preview, answer)

    def confirm(self, preview: FillPreview) -> str | None:
        """The reason typed in the preview («» when none was asked), or None when the user cancelled."""
        dialog = FormFillDialog(preview, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason()

    def apply(self, preview: FillPreview, reason: str = "") -> None:
        context = self.page.context
        fill, actor = context.form_fill, context.actor
        reason = reason or self.page.reason_edit.text()
        self.page.load(
            lambda: fill.apply(actor, preview, reason),
            lambda state: self.page.show_loaded_state(state, f"Загружены ответы из «{preview.source.name}»."),
        )
