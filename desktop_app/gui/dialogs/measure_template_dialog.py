"""«Мероприятия»: Excel templates of execution reports for co-executors without the program, and the filled
ones taken back after a preview of every report to be created or changed and every wrong cell.

``MeasureTemplateActions`` is what the page holds: two buttons and their flows, each step in the background
through the page's task runner; the two dialogs can be bypassed in tests by calling its methods."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import plural
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.gui import file_dialogs
from desktop_app.gui.window_fit import open_size
from desktop_app.services.measure_templates import ExecutorChoice, MeasureLoadPreview, MeasureTemplates

if TYPE_CHECKING:
    from desktop_app.gui.pages.measures_page import MeasuresPage

EXCEL_FILTER = "Книга Excel (*.xlsx)"


class TemplateExportDialog(QDialog):
    """Which executors get a template, one file each or one file with a sheet each, and into which folder."""

    def __init__(
        self, choices: list[ExecutorChoice], period: Period, folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Шаблон для соисполнителей")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Мероприятия за {period.label} по исполнителям. Каждый получит защищённую книгу Excel со своими "
            "мероприятиями: статус, что сделано, количество, подтверждающие документы."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.executors = QListWidget()
        self.executors.setObjectName("templateExecutors")
        for choice in choices:
            item = QListWidgetItem(f"{choice.name} — {plural.MEASURE.count(choice.measures)}")
            item.setData(Qt.ItemDataRole.UserRole, choice.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.executors.addItem(item)
        layout.addWidget(self.executors, 1)
        self.per_executor = QRadioButton("Отдельный файл каждому исполнителю")
        self.per_executor.setChecked(True)
        self.one_file = QRadioButton("Один файл, лист на каждого исполнителя")
        layout.addWidget(self.per_executor)
        layout.addWidget(self.one_file)
        row = QHBoxLayout()
        row.addWidget(QLabel("Папка:"))
        self.folder = QLineEdit(folder)
        self.folder.setObjectName("templateFolder")
        row.addWidget(self.folder, 1)
        browse = QPushButton("Выбрать…")
        browse.clicked.connect(self._browse)
        row.addWidget(browse)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Записать шаблоны")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        open_size(self, 560, 460)

    def chosen_ids(self) -> list[str]:
        items = (self.executors.item(index) for index in range(self.executors.count()))
        return [
            str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item.checkState() == Qt.CheckState.Checked
        ]

    def _browse(self) -> None:
        name = file_dialogs.existing_directory(self, "Папка для шаблонов", self.folder.text())
        if name:
            self.folder.setText(name)


class MeasureLoadDialog(QDialog):
    """The preview of a filled template: reports to be created or changed, field by field, and wrong cells."""

    def __init__(self, preview: MeasureLoadPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Загрузка отчётов из Excel")
        layout = QVBoxLayout(self)
        self.summary = QLabel(_summary(preview))
        self.summary.setObjectName("loadSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.changes = _table(("№", "Исполнитель", "Поле", "Было", "Станет", "Ячейка"), "loadChanges")
        for change in preview.changes:
            what = "новый отчёт" if change.created else "изменение"
            for index, item in enumerate(change.fields):
                first = index == 0
                _add_row(
                    self.changes,
                    (
                        f"{change.number} ({what})" if first else "",
                        change.executor if first else "",
                        item.label,
                        item.old,
                        item.new,
                        item.address,
                    ),
                )
        layout.addWidget(self.changes, 2)
        if preview.warnings:
            warnings = QLabel("Внимание: " + "; ".join(preview.warnings) + ".")
            warnings.setObjectName("loadWarnings")
            warnings.setWordWrap(True)
            layout.addWidget(warnings)
        self.issues = _table(("Ячейка", "Что не так"), "loadIssues")
        for issue in preview.issues:
            _add_row(self.issues, (issue.address, issue.message))
        self.issues.setVisible(bool(preview.issues))
        layout.addWidget(self.issues, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText("Сохранить отчёты")
        self.apply_button.setEnabled(preview.can_apply)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Закрыть" if not preview.can_apply else "Отмена")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        open_size(self, 900, 560)


class MeasureTemplateActions:
    """The two buttons of «Мероприятия» and their flows."""

    def __init__(self, page: MeasuresPage) -> None:
        self.page = page
        context = page.context
        self.templates = MeasureTemplates(context.db, context.execution, context.info.title)
        # one button with a menu: the page's button row has no room for two more at 1280 px
        self.button = QToolButton(objectName="measureTemplates")
        self.button.setText("Соисполнители")
        self.button.setToolTip("Отчёты исполнителей без программы через книги Excel")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.template_action = menu.addAction("Шаблон для соисполнителей…")
        self.template_action.setToolTip("Записать книги Excel для исполнителей без программы: их мероприятия за период")
        self.template_action.triggered.connect(self.ask_template)
        self.load_action = menu.addAction("Загрузить отчёты из Excel…")
        self.load_action.setToolTip("Загрузить заполненный шаблон: сначала будут показаны изменения и ошибки")
        self.load_action.setEnabled(context.actor.can(Permission.EDIT_DATA))
        self.load_action.triggered.connect(self._ask_filled_path)
        self.button.setMenu(menu)
        self.last_preview: MeasureLoadPreview | None = None

    def _target(self) -> tuple[str, Period] | None:
        filters = self.page.current_filter()
        if filters.program_id is None or filters.period is None:
            self.page.messages.show_error("Выберите программу слева и отчётный период в фильтре над таблицей.")
            return None
        return filters.program_id, filters.period

    def ask_template(self) -> None:
        target = self._target()
        if target is None:
            return
        program_id, period = target
        templates, actor = self.templates, self.page.context.actor
        self.page.load(
            lambda: templates.executors(actor, program_id, period),
            lambda choices: self._choose_executors(program_id, period, choices),
        )

    def _choose_executors(self, program_id: str, period: Period, choices: list[ExecutorChoice]) -> None:
        if not choices:
            self.page.messages.show_info(f"За {period.label} у исполнителей нет мероприятий: шаблон не нужен.")
            return
        folder = self.page.context.settings.last_folder or str(Path.home())
        dialog = TemplateExportDialog(choices, period, folder, self.page)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.write_templates(Path(dialog.folder.text()), dialog.chosen_ids(), dialog.one_file.isChecked())

    def write_templates(self, folder: Path, executor_ids: list[str] | None = None, one_file: bool = False) -> None:
        """Write the templates of the chosen program and period in the background, then say where they are."""
        target = self._target()
        if target is None:
            return
        program_id, period = target
        self.page.context.settings.last_folder = str(folder)
        templates, actor = self.templates, self.page.context.actor
        self.page.load(
            lambda: templates.write(actor, program_id, period, folder, executor_ids, one_file=one_file),
            lambda written: self.page.messages.show_info(
                f"Записано: {plural.FILE.count(len(written))} в папку «{folder}». Отправьте их исполнителям; "
                "заполненные загрузите кнопкой «Загрузить отчёты из Excel…»."
            ),
        )

    def _ask_filled_path(self) -> None:
        folder = self.page.context.settings.last_folder or ""
        path, _ = file_dialogs.open_file_name(self.page, "Заполненный шаблон отчётов", folder, EXCEL_FILTER)
        if path:
            self.load_filled(Path(path))

    def load_filled(self, path: Path) -> None:
        """Read and compare in the background; the template must be of the program and period shown."""
        target = self._target()
        if target is None:
            return
        if self.page.unsaved_changes():
            self.page.messages.show_error("Сначала сохраните или сбросьте набранный отчёт, затем загружайте шаблон.")
            return
        program_id, period = target
        templates, actor = self.templates, self.page.context.actor
        self.page.load(lambda: templates.preview(actor, path, program_id, period), self._show_preview)

    def _show_preview(self, preview: MeasureLoadPreview) -> None:
        self.last_preview = preview
        if self.confirm(preview):
            self.apply(preview)

    def confirm(self, preview: MeasureLoadPreview) -> bool:
        return MeasureLoadDialog(preview, self.page).exec() == QDialog.DialogCode.Accepted

    def apply(self, preview: MeasureLoadPreview) -> None:
        templates, actor = self.templates, self.page.context.actor

        def done(count: int) -> None:
            self.page.refresh()  # the table's statuses and the card; the message stays, as it speaks of them
            self.page.messages.show_info(
                f"Из «{preview.source.name}» сохранено: {plural.REPORT.count(count)}. "
                "Проверьте и утвердите их за период."
            )

        self.page.load(lambda: templates.apply(actor, preview), done)


def _summary(preview: MeasureLoadPreview) -> str:
    head = f"«{preview.source.name}»: {preview.period.label}, {preview.district}."
    parts = [
        f"новых отчётов — {sum(1 for change in preview.changes if change.created)}",
        f"изменённых — {sum(1 for change in preview.changes if not change.created)}",
        f"без изменений — {preview.unchanged}",
        f"пустых строк — {preview.empty}",
    ]
    text = f"{head} {'; '.join(parts).capitalize()}."
    if preview.issues:
        text += f" Ошибок в ячейках: {len(preview.issues)} — исправьте их в файле и загрузите его снова."
    elif not preview.changes:
        text += " Сохранять нечего: отчёты совпадают с сохранёнными."
    return text


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _add_row(table: QTableWidget, cells: tuple[str, ...]) -> None:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        table.setItem(row, column, item)
