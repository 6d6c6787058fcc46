"""«Мероприятия»: the program tree, the filtered table of measures, and the selected measure's card."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.roles import Permission
from desktop_app.exports.registry_xlsx import write_registry_xlsx
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.directory_dialog import DirectoryDialog
from desktop_app.gui.dialogs.plan_import_dialog import PLAN_FILE_FILTER, PlanImportDialog
from desktop_app.gui.models.measures_model import MeasuresTableModel
from desktop_app.gui.pages.base import Page
from desktop_app.gui.panels.measure_editor import MeasureEditor
from desktop_app.gui.panels.report_editor import ReportEditor
from desktop_app.gui.widgets.measure_filters import MeasureFilterBar
from desktop_app.services.execution import ApprovalResult
from desktop_app.services.measure_editing import MeasureDetail
from desktop_app.services.measure_list import MeasureFilter, MeasureRow
from desktop_app.services.registry import ExecutorOption, ProgramNode
from desktop_app.services.registry_export import registry_export

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class MeasuresPage(Page):
    KEY = "measures"
    TITLE = "Мероприятия"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._programs: list[ProgramNode] = []
        self._periods: list[Period] = []
        self._selected_measure: str | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Программы, разделы, блоки", "Мер."])
        self.tree.setObjectName("programTree")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.itemSelectionChanged.connect(self._reload_measures)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.filters = MeasureFilterBar()
        self.filters.changed.connect(self._reload_measures)
        self.search = self.filters.search

        self.model = MeasuresTableModel()
        self.table = QTableView()
        self.table.setObjectName("measuresTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line * 3 + 4)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(MeasuresTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((52, 360, 170, 200, 160, 76, 40)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.approve_period_button = QPushButton("Утвердить за период…")
        self.approve_period_button.setObjectName("approvePeriod")
        self.approve_period_button.setToolTip("Утвердить все сданные отчёты программы за выбранный в фильтре период")
        self.approve_period_button.setVisible(context.actor.can(Permission.APPROVE_REPORTS))
        self.approve_period_button.clicked.connect(self._approve_period)

        self.export_button = QPushButton("В Excel…")
        self.export_button.setObjectName("exportRegistry")
        self.export_button.setToolTip("Мероприятия, как они отобраны сейчас, с последним отчётом по каждому")
        self.export_button.clicked.connect(self._export)

        self.import_button = QPushButton("Загрузить план…")
        self.import_button.setObjectName("importPlan")
        self.import_button.setToolTip("Утверждённый план из документа Word (.docx) или книги Excel (.xlsx)")
        self.import_button.setEnabled(context.actor.can(Permission.EDIT_DATA))
        self.import_button.clicked.connect(self._choose_plan_file)
        self.directory_button = QPushButton("Организации…")
        self.directory_button.setObjectName("openDirectory")
        self.directory_button.setToolTip("Справочник организаций: проверить новые названия, объединить дубликаты")
        self.directory_button.clicked.connect(self.open_directory)

        self.report_editor = ReportEditor(context)
        self.report_editor.changed.connect(self._reload_measures)
        self.measure_editor = MeasureEditor(context)
        self.measure_editor.changed.connect(self._measure_changed)
        self.card = QTabWidget()
        self.card.setObjectName("measureCard")
        self.card.addTab(_scrolling(self.report_editor), "Отчёт об исполнении")
        self.card.addTab(_scrolling(self.measure_editor), "Мероприятие")

        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.heading)
        listing_layout.addWidget(self.filters)
        listing_layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.directory_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.approve_period_button)
        listing_layout.addLayout(bottom)
        # The card sits under the table so the table keeps the full width long measure names need.
        self.center = QSplitter(Qt.Orientation.Vertical)
        self.center.addWidget(listing)
        self.center.addWidget(self.card)
        self.center.setChildrenCollapsible(False)
        self.center.setStretchFactor(0, 3)
        self.center.setStretchFactor(1, 2)
        self.center.setSizes([480, 340])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.center)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 4)
        self.tree.setMinimumWidth(180)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([270, 1010])
        saved = context.settings.measures_splitter
        if saved:
            self.splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
        self.splitter.splitterMoved.connect(self._remember_splitter)
        self.root_layout.addWidget(self.splitter, 1)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        registry, editing, actor = self.context.registry, self.context.measures, self.context.actor

        def work() -> tuple[list[ProgramNode], list[ExecutorOption], list[Period], list]:  # type: ignore[type-arg]
            return (
                registry.program_tree(actor),
                registry.executors(actor),
                registry.reporting_periods(actor),
                editing.organisations(actor),
            )

        self.load(work, self._show_reference)

    def _show_reference(self, loaded: tuple) -> None:  # type: ignore[type-arg]
        programs, executors, periods, organisations = loaded
        self._periods = periods
        self.filters.blockSignals(True)
        self.filters.set_executors(executors)
        self.filters.set_periods(periods, _current_period(periods))
        self.filters.blockSignals(False)
        self.measure_editor.set_directory(organisations)
        self._show_programs(programs)

    def _show_programs(self, programs: list[ProgramNode]) -> None:
        selected = self._selection()
        self._programs = programs
        self.tree.blockSignals(True)
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        for program in programs:
            top = _tree_item(program.short_title or program.title, program.measure_count, program.id, "program")
            top.setToolTip(0, program.title)
            self.tree.addTopLevelItem(top)
            if selected == ("program", program.id):
                restore = top
            parents: dict[str | None, QTreeWidgetItem] = {None: top}
            for section in program.sections:
                count = sum(block.measure_count for block in program.blocks if block.section_id == section.id)
                item = _tree_item(f"{section.number} {section.title}".strip(), count, section.id, "section")
                item.setToolTip(0, f"{section.number} {section.title}\n\nЦель: {section.goal}")
                top.addChild(item)
                parents[section.id] = item
                item.setExpanded(True)
                if selected == ("section", section.id):
                    restore = item
            for block in program.blocks:
                child = _tree_item(f"{block.number} {block.title}", block.measure_count, block.id, "block")
                child.setToolTip(0, f"{block.number} {block.title}\n\nОжидаемый результат: {block.expected_result}")
                parents.get(block.section_id, top).addChild(child)
                if selected == ("block", block.id):
                    restore = child
            top.setExpanded(True)
        if restore is None and self.tree.topLevelItemCount():
            restore = self.tree.topLevelItem(0)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self.tree.blockSignals(False)
        if not programs:
            self.messages.show_info(
                "Программ пока нет. Загрузите утверждённый план из документа Word или Excel: "
                "кнопка «Загрузить план…» внизу."
            )
        self._reload_measures()

    def _selection(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))

    def _current_program(self) -> ProgramNode | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        program_id = item.data(0, ID_ROLE)
        return next((p for p in self._programs if p.id == program_id), None)

    def current_filter(self) -> MeasureFilter:
        selection = self._selection()
        program = self._current_program()
        kind, item_id = selection if selection else ("", "")
        return MeasureFilter(
            program_id=program.id if program else None,
            block_id=item_id if kind == "block" else None,
            section_id=item_id if kind == "section" else None,
            search=self.search.text(),
            executor_id=self.filters.executor_id(),
            period=self.filters.period(),
            status=self.filters.status() if self.filters.period() else None,
            overdue_only=self.filters.overdue_check.isChecked(),
            due_only=self.filters.due_check.isChecked() and self.filters.period() is not None,
        )

    def _reload_measures(self) -> None:
        if self._selection() is None:
            self.model.set_rows([])
            self._update_heading(0)
            return
        filters = self.current_filter()
        registry, actor = self.context.registry, self.context.actor
        self.load(lambda: registry.measures(actor, filters=filters), self._show_measures)

    def _show_measures(self, rows: list[MeasureRow]) -> None:
        self.model.set_rows(rows)
        self._update_heading(len(rows), sum(1 for row in rows if row.overdue))
        if not rows:
            self.report_editor.setEnabled(False)
            self.measure_editor.setEnabled(False)
            return
        ids = [row.id for row in rows]
        position = ids.index(self._selected_measure) if self._selected_measure in ids else 0
        self.table.selectRow(position)

    def _update_heading(self, count: int, overdue: int = 0) -> None:
        program = self._current_program()
        if program is None:
            self.heading.setText("")
        else:
            period = f"{format_date(program.period_start)} – {format_date(program.period_end)}"
            self.heading.setText(
                f"<b>{html.escape(program.title)}</b><br>"
                f"<span style='color:#555'>{html.escape(program.act_label)}; срок реализации {period}; "
                f"отчётность: {html.escape(program.reporting_summary)}</span>"
            )
        text = f"Показано мероприятий: {count}"
        if overdue:
            text += f"; <b style='color:#b00020'>с просроченными отчётами: {overdue}</b>"
        self.count_label.setText(text)

    def _show_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is None:
            return
        changed_measure = row.id != self._selected_measure
        self._selected_measure = row.id
        if not changed_measure and self.report_editor.isEnabled():
            return
        editing, actor, measure_id = self.context.measures, self.context.actor, row.id
        self.load(lambda: editing.detail(actor, measure_id), self._show_detail)

    def _show_detail(self, detail: MeasureDetail) -> None:
        if detail.id != self._selected_measure:
            return
        program_periods = detail.procedure.periods(detail.program_start, detail.program_end)
        self.report_editor.show_measure(detail, program_periods, self.filters.period())
        self.measure_editor.show_measure(detail)

    def _measure_changed(self) -> None:
        self.report_editor.setEnabled(False)  # the card reloads with the new schedule
        self.refresh()

    def _approve_period(self) -> None:
        program, period = self._current_program(), self.filters.period()
        if program is None or period is None:
            self.messages.show_error("Выберите программу в дереве и отчётный период в фильтре.")
            return
        rows = [row for row in self.model.rows() if row.period == period]
        waiting = sum(1 for row in rows if row.reported and not row.approved)
        missing = sum(1 for row in rows if row.due and not row.reported)
        text = f"Утвердить {waiting} отчёт(ов) за {period.label} по мероприятиям, показанным в таблице?"
        if missing:
            text += f"\n\nПо {missing} мероприятиям, где отчёт требуется, отчёта ещё нет."
        if QMessageBox.question(self, "Утверждение отчётов", text) != QMessageBox.StandardButton.Yes:
            return
        execution, actor, program_id = self.context.execution, self.context.actor, program.id
        shown = [row.id for row in rows]
        self.load(lambda: execution.approve_period(actor, program_id, period, shown), self._approved)

    def _approved(self, result: ApprovalResult) -> None:
        self.messages.show_info(f"Утверждено отчётов: {result.approved}.")
        self.report_editor.setEnabled(False)
        self._reload_measures()

    def _choose_plan_file(self) -> None:
        folder = self.context.settings.last_folder or str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(self, "План мероприятий", folder, PLAN_FILE_FILTER)
        if name:
            self.context.settings.last_folder = str(Path(name).parent)
            self.import_plan(Path(name))

    def import_plan(self, path: Path) -> PlanImportDialog:
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
        name, _filter = QFileDialog.getSaveFileName(self, "Выгрузить реестр", str(default), "Книга Excel (*.xlsx)")
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def export_to(self, target: Path) -> None:
        db, actor, filters = self.context.db, self.context.actor, self.current_filter()
        self.context.settings.last_folder = str(target.parent)
        self.load(
            lambda: write_registry_xlsx(registry_export(db, actor, filters), target),
            lambda path: self.messages.show_info(f"Реестр сохранён: {path}"),
        )

    def _remember_splitter(self) -> None:
        self.context.settings.measures_splitter = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")


def _scrolling(panel: QWidget) -> QScrollArea:
    """The card scrolls rather than forcing the window wider than a 1366-pixel office screen."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _tree_item(text: str, count: int, item_id: str, kind: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text, str(count)])
    item.setData(0, ID_ROLE, item_id)
    item.setData(0, KIND_ROLE, kind)
    return item


def _current_period(periods: list[Period]) -> Period | None:
    """The last period that has ended: the one being reported on now."""
    today = date.today()
    ended = [period for period in periods if period.end < today]
    return ended[-1] if ended else None
