"""«Загрузить форму из Excel…»: the form read from a workbook shown as it will look, with every problem by its
cell; «Загрузить» only for a workbook without problems. Also «Выгрузить описание формы в Excel…»."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.form_workbook.install import FormInstall, Outcome, install_form, may_author_forms, plan_install
from desktop_app.form_workbook.reader import WorkbookReading, read_form_workbook
from desktop_app.formkit import form_files, load_catalogue
from desktop_app.gui import file_dialogs
from desktop_app.gui.formview import FormView

if TYPE_CHECKING:
    from desktop_app.gui.pages.forms_page import FormsPage

EXCEL_FILTER = "Книга Excel (*.xlsx)"


class FormWorkbookDialog(QDialog):
    """The preview: ``plan`` is None when the workbook has problems."""

    def __init__(self, reading: WorkbookReading, plan: FormInstall | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="formWorkbookDialog")
        self.setWindowTitle(f"Форма из Excel — {reading.source}")
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        if plan is None:
            summary = f"В книге ошибок: {len(reading.problems)}. Исправьте ячейки и загрузите книгу снова."
        else:
            summary = plan.summary
        self.summary = QLabel(summary, objectName="formWorkbookSummary", wordWrap=True)
        layout.addWidget(self.summary)
        splitter = QSplitter()
        self.problems = QListWidget(objectName="formWorkbookProblems")
        self.problems.addItems([str(problem) for problem in reading.problems])
        self.problems.setVisible(bool(reading.problems))
        splitter.addWidget(self.problems)
        self.view: FormView | None = None
        if reading.form is not None:
            self.view = FormView(plan.form if plan else reading.form)
            for widget in self.view.widgets.values():
                widget.set_read_only(True)
            splitter.addWidget(self.view)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.load_button = QPushButton("Загрузить", objectName="loadFormDefinition")
        self.load_button.setEnabled(plan is not None and plan.outcome is not Outcome.UNCHANGED)
        buttons.addButton(self.load_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class FormWorkbookActions:
    """The two buttons on «Формы» for whoever may author forms: the region coordinator, an administrator."""

    def __init__(self, page: FormsPage) -> None:
        self.page = page
        context = page.context
        self.folder = context.paths.root / "forms"
        allowed = may_author_forms(context.actor, context.info.kind)
        self.load_button = QPushButton("Загрузить форму из Excel…", objectName="loadFormWorkbook", visible=allowed)
        self.load_button.setToolTip("Новая форма или новая версия формы из книги Excel (описание формы)")
        self.load_button.clicked.connect(self._ask_load)
        self.export_button = QPushButton(
            "Выгрузить описание формы в Excel…", objectName="exportFormWorkbook", visible=allowed
        )
        self.export_button.clicked.connect(self._ask_export)
        self.dialog: FormWorkbookDialog | None = None

    def _ask_load(self) -> None:
        path, _ = file_dialogs.open_file_name(self.page, "Описание формы", "", EXCEL_FILTER)
        if path:
            self.preview(Path(path))

    def preview(self, path: Path) -> FormWorkbookDialog | None:
        """Read the workbook and show the dialog (not modal, so a test can press its buttons)."""
        try:
            reading = read_form_workbook(path)
            plan = plan_install(reading, load_catalogue(received=self.folder)) if reading.form else None
        except UserError as error:
            self.page.messages.show_error(error.message)
            return None
        self.dialog = FormWorkbookDialog(reading, plan, self.page)
        self.dialog.accepted.connect(lambda: self.install(plan))
        self.dialog.show()
        return self.dialog

    def install(self, plan: FormInstall | None) -> None:
        if plan is None:
            return
        try:
            written = install_form(plan, self.folder)
        except UserError as error:
            self.page.messages.show_error(error.message)
            return
        if written is not None:
            self.page.context.reload_forms()
            self.page.refresh()
            self.page.messages.show_info(
                f"{plan.summary} Форма записана, есть в списке форм и уйдёт в муниципальные образования с пакетом"
                " региона."
            )

    def _ask_export(self) -> None:
        form = self.page.current_form()
        if form is None:
            return
        path, _ = file_dialogs.save_file_name(self.page, "Описание формы", f"{form.id}.xlsx", EXCEL_FILTER)
        if path:
            self.export(form.id, Path(path))

    def export(self, form_id: str, target: Path) -> None:
        from desktop_app.form_workbook.writer import named_lists, write_form_workbook

        try:
            form = load_catalogue(received=self.folder).get(form_id)
            _, raw = form_files(received=self.folder).get(form_id, (0, b"{}"))
            written = write_form_workbook(form, target, named_lists(json.loads(raw).get("lists")))
        except UserError as error:
            self.page.messages.show_error(error.message)
            return
        self.page.messages.show_info(f"Описание формы «{form.id}» версии {form.version} записано: {written}.")
