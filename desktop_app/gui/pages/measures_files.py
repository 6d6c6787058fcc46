"""«Мероприятия»'s work with files and the directory: loading an approved plan, the organisations, the registry
in Excel. A part of MeasuresPage kept apart so that the page stays about the table and the card."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.exports.registry_xlsx import write_registry_xlsx
from desktop_app.gui import file_dialogs
from desktop_app.gui.dialogs.directory_dialog import DirectoryDialog
from desktop_app.gui.pages.base import Page
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.registry_export import registry_export

if TYPE_CHECKING:
    from desktop_app.gui.dialogs.plan_import_dialog import PlanImportDialog
    from desktop_app.gui.panels.report_editor import ReportEditor


class MeasureFileActions(Page):
    """Plan import, the organisation directory and the registry export of «Мероприятия»."""

    report_editor: ReportEditor

    def current_filter(self) -> MeasureFilter:
        raise NotImplementedError

    def _choose_plan_file(self) -> None:
        # the plan readers (python-docx, openpyxl) load with the dialog, not with the page
        from desktop_app.gui.dialogs.plan_import_dialog import PLAN_FILE_FILTER

        folder = self.context.settings.last_folder or str(Path.home())
        name, _filter = file_dialogs.open_file_name(self, "План мероприятий", folder, PLAN_FILE_FILTER)
        if name:
            self.context.settings.last_folder = str(Path(name).parent)
            self.import_plan(Path(name))

    def import_plan(self, path: Path) -> PlanImportDialog:
        from desktop_app.gui.dialogs.plan_import_dialog import PlanImportDialog

        dialog = PlanImportDialog(self.context, path, self)
        dialog.finished.connect(lambda _code: self._plan_imported(dialog))
        dialog.open()
        return dialog

    def _plan_imported(self, dialog: PlanImportDialog) -> None:
        result = dialog.result
        if result is None:
            return
        what = "создана" if result.created_program else "обновлена"
        text = f"Программа {what}: мероприятий новых {result.measures.new}, изменённых {result.measures.changed}."
        if result.organisations_added:
            text += (
                f" В справочник добавлено организаций: {len(result.organisations_added)} — проверьте их "
                "(«Организации…»)."
            )
        self.messages.show_info(text)
        self.report_editor.setEnabled(False)
        self.refresh()

    def open_directory(self) -> None:
        dialog = DirectoryDialog(self.context, self)
        dialog.exec()
        if dialog.changed:
            self.report_editor.setEnabled(False)
            self.refresh()

    def _export(self) -> None:
        settings = self.context.settings
        default = Path(settings.last_folder or Path.home()) / f"Реестр мероприятий {date.today():%d.%m.%Y}.xlsx"
        name, _filter = file_dialogs.save_file_name(self, "Выгрузить реестр", str(default), "Книга Excel (*.xlsx)")
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def export_to(self, target: Path) -> None:
        db, actor, filters = self.context.db, self.context.actor, self.current_filter()
        self.context.settings.last_folder = str(target.parent)
        self.load(
            lambda: write_registry_xlsx(registry_export(db, actor, filters), target),
            lambda path: self.messages.show_info(f"Реестр сохранён: {path}"),
        )
