"""«Мероприятия»: the program tree, the filtered table of measures, and the selected measure's card."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import plural
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.measure_template_dialog import MeasureTemplateActions
from desktop_app.gui.dialogs.reporting_dialog import ReportingProcedureDialog
from desktop_app.gui.models.measures_model import MeasuresTableModel
from desktop_app.gui.pages.base import MEASURE_TABLES, press
from desktop_app.gui.pages.measures_files import MeasureFileActions
from desktop_app.gui.panels.measure_editor import MeasureEditor
from desktop_app.gui.panels.report_editor import ReportEditor
from desktop_app.gui.widgets.chain_strip import ChainStrip
from desktop_app.gui.widgets.measure_filters import MeasureFilterBar
from desktop_app.gui.widgets.name_column import NameColumnFit
from desktop_app.gui.widgets.program_heading import ProgramHeading
from desktop_app.gui.widgets.program_tree import ProgramTree
from desktop_app.gui.widgets.row_table import ClampedTextDelegate, name_row_height, wrap_header
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import keep_splitter
from desktop_app.services.dashboard import reported_period
from desktop_app.services.execution import ApprovalResult
from desktop_app.services.measure_editing import MeasureDetail
from desktop_app.services.measure_list import MeasureFilter, MeasureRow
from desktop_app.services.registry import ExecutorOption, ProgramNode
from desktop_app.services.reporting_procedure import ProgramProcedure

if TYPE_CHECKING:
    pass

PROCEDURE_TIP = "Периодичность отчётов исполнителей и срок их сдачи в рабочих днях"


class MeasuresPage(MeasureFileActions):
    KEY = "measures"
    TITLE = "Мероприятия"
    DEPENDS_ON = MEASURE_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._selected_measure: str | None = None
        self._jump: tuple[str, str, Period | None] | None = None  # (measure, program, period) to show when loaded
        self._periods_of: str | None = None  # the program whose periods the period filter lists
        self.procedure_dialog: ReportingProcedureDialog | None = None
        self.tree = ProgramTree()
        self.tree.itemSelectionChanged.connect(self._tree_selection_changed)

        self.heading = ProgramHeading()
        self.procedure_button = QPushButton("Порядок отчётности…")
        self.procedure_button.setObjectName("editReportingProcedure")
        self.procedure_button.setToolTip(PROCEDURE_TIP)
        self.procedure_button.setVisible(context.actor.can(Permission.APPROVE_REPORTS))
        self.procedure_button.clicked.connect(self.edit_reporting_procedure)
        self.chain = ChainStrip(context)
        self.filters = MeasureFilterBar()
        self.filters.changed.connect(self._filters_changed)
        self.search = self.filters.search

        self.model = MeasuresTableModel()
        self.table = QTableView()
        self.table.setObjectName("measuresTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        # three lines of a name at most; the whole name is in the tooltip and in the card below
        self.table.verticalHeader().setDefaultSectionSize(name_row_height(self.table))
        wrap_header(self.table)
        self.table.setItemDelegate(ClampedTextDelegate(self.table))
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # the other columns are narrow (their texts wrap) and give way further on a small screen: the measure's
        # name is the widest column at 1280 px and at 125 % scaling alike
        self.name_fit = NameColumnFit(
            self.table, MeasuresTableModel.COL_NAME, dict(enumerate((52, 360, 110, 140, 110, 76, 40)))
        )
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        self.approve_period_button = QPushButton("Утвердить за период…")
        self.approve_period_button.setObjectName("approvePeriod")
        self.approve_period_button.setEnabled(False)  # until the table shows reports waiting for approval
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
        # co-executors without the program: their measures of the period as Excel, and the filled books back
        self.templates = MeasureTemplateActions(self)
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
        # the editor scrolls its own fields and keeps «Сохранить отчёт» below them, always in view
        self.card.addTab(self.report_editor, "Отчёт об исполнении")
        self.card.addTab(scrolling(self.measure_editor), "Мероприятие")

        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.procedure_button, 0, Qt.AlignmentFlag.AlignTop)
        listing_layout.addLayout(heading_row)
        listing_layout.addWidget(self.chain)
        listing_layout.addWidget(self.filters)
        listing_layout.addWidget(self.table, 1)
        # the count has a line of its own: beside five buttons it wrapped into three lines on a small screen
        listing_layout.addWidget(self.count_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.directory_button)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.templates.button)
        bottom.addStretch(1)
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
        self.tree.setMinimumWidth(140)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([270, 1010])
        keep_splitter(self.splitter, "measures", context.settings)
        keep_splitter(self.center, "measures.card", context.settings)
        self.root_layout.addWidget(self.splitter, 1)

    def report_subject(self) -> tuple[str | None, Period | None, str | None]:
        program = self.tree.current_program()
        return (program.id if program else None), self.filters.period(), None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def go_to_measure(self, measure_id: str, program_id: str, period: Period | None = None) -> None:
        """Show the measure selected in its program, ``period`` chosen, with every other filter cleared: a jump
        (from «Обзор») must land on its target, not on whatever an earlier search left in the table."""
        self._jump = (measure_id, program_id, period)
        if self.tree.topLevelItemCount():
            self._apply_jump()
        # otherwise the program tree is still loading: _show_reference applies the jump

    def _apply_jump(self) -> None:
        if self._jump is None:
            return
        measure_id, program_id, period = self._jump
        self._jump = None
        self._selected_measure = measure_id
        self.report_editor.setEnabled(False)  # the card reloads for the measure jumped to
        if self.tree.select_program(program_id):
            self._list_program_periods()
        self.filters.show_everything_of(period)
        if period is not None:
            self.report_editor.select_period(period)
        self._reload_measures()

    def unsaved_changes(self) -> str:
        count = self.report_editor.unsaved_reports()
        return f"несохранённые отчёты об исполнении мероприятий: {count}" if count else ""

    def refresh(self) -> None:
        registry, editing, actor = self.context.registry, self.context.measures, self.context.actor

        def work() -> tuple[list[ProgramNode], list[ExecutorOption], list]:  # type: ignore[type-arg]
            return registry.program_tree(actor), registry.executors(actor), editing.organisations(actor)

        self.load(work, self._show_reference)

    def _show_reference(self, loaded: tuple) -> None:  # type: ignore[type-arg]
        programs, executors, organisations = loaded
        self.filters.blockSignals(True)
        self.filters.set_executors(executors)
        self.filters.blockSignals(False)
        self.measure_editor.set_directory(organisations)
        self._periods_of = None  # the procedure may have changed: list the periods again
        self.tree.show_programs(programs)
        if not programs:
            self.messages.show_info(
                "Программ пока нет. Загрузите утверждённый план из документа Word или Excel: "
                "кнопка «Загрузить план…» внизу."
            )
        if self._jump is not None:
            self._apply_jump()
        else:
            self._tree_selection_changed()

    def _tree_selection_changed(self) -> None:
        self._list_program_periods()
        self._reload_measures()

    def _list_program_periods(self) -> None:
        """List the chosen program's periods in the filter when the program changed (emits no filter signal)."""
        program = self.tree.current_program()
        program_id = program.id if program else None
        if program_id != self._periods_of:
            self._periods_of = program_id
            periods = program.reporting_periods if program else []
            self.filters.blockSignals(True)
            self.filters.set_periods(periods, _current_period(periods))
            self.filters.blockSignals(False)
        # a program of another owner gets its procedure with that owner's package: say so instead of a dead button
        reason = program.procedure_read_only if program else ""
        self.procedure_button.setEnabled(program is not None and not reason)
        self.procedure_button.setToolTip(reason or PROCEDURE_TIP)

    def _filters_changed(self) -> None:
        period = self.filters.period()
        if period is not None:
            self.report_editor.select_period(period)  # the card speaks of the period the table shows
        self._reload_measures()

    def current_filter(self) -> MeasureFilter:
        selection = self.tree.selection()
        program = self.tree.current_program()
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
        if self.tree.selection() is None:
            self.model.set_rows([])
            self._update_heading(0)
            self._update_approve_period()
            return
        filters = self.current_filter()
        registry, actor = self.context.registry, self.context.actor
        self.load(lambda: registry.measures(actor, filters=filters), self._show_measures)

    def _show_measures(self, rows: list[MeasureRow]) -> None:
        self.model.set_rows(rows)
        program = self.tree.current_program()
        period = self.filters.period() or (_current_period(program.reporting_periods) if program else None)
        self.chain.show_for(program.id if program else None, period)
        self._update_heading(len(rows), sum(1 for row in rows if row.overdue))
        self._update_approve_period()
        if not rows:
            self.report_editor.setEnabled(False)
            self.measure_editor.setEnabled(False)
            return
        ids = [row.id for row in rows]
        position = ids.index(self._selected_measure) if self._selected_measure in ids else 0
        self.table.selectRow(position)

    def _update_heading(self, count: int, overdue: int = 0) -> None:
        program = self.tree.current_program()
        if program is None:
            self.heading.show_program("", "")
        else:
            period = f"{format_date(program.period_start)} – {format_date(program.period_end)}"
            details = f"срок реализации {period}; отчётность: {program.reporting_summary}"
            self.heading.show_program(
                program.title, f"{program.act_label}; {details}" if program.act_label else details
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

    def _period_rows(self) -> list[MeasureRow]:
        period = self.filters.period()
        return [row for row in self.model.rows() if period is not None and row.period == period]

    def _update_approve_period(self) -> None:
        """«Утвердить за период…» only when the table shows submitted reports; else why not, in its tooltip."""
        program, period = self.tree.current_program(), self.filters.period()
        waiting = sum(1 for row in self._period_rows() if row.reported and not row.approved)
        if program is None or period is None:
            why = "Выберите программу в дереве и отчётный период в фильтре."
        elif not waiting:
            why = (
                f"Утверждать нечего: среди показанных мероприятий нет сданных неутверждённых отчётов за {period.label}."
            )
        else:
            why = f"Утвердить {plural.REPORT.count(waiting)} за {period.label}, показанные в таблице."
        self.approve_period_button.setEnabled(bool(waiting) and program is not None)
        self.approve_period_button.setToolTip(why)

    def _approve_period(self) -> None:
        program, period = self.tree.current_program(), self.filters.period()
        if program is None or period is None:
            self.messages.show_error("Выберите программу в дереве и отчётный период в фильтре.")
            return
        rows = self._period_rows()
        waiting = sum(1 for row in rows if row.reported and not row.approved)
        if not waiting:
            self._update_approve_period()
            return
        missing = sum(1 for row in rows if row.due and not row.reported)
        text = f"Утвердить {plural.REPORT.count(waiting)} за {period.label} по мероприятиям, показанным в таблице?"
        if missing:
            text += f"\n\nЕщё не сдано требуемых отчётов: {missing}."
        if QMessageBox.question(self, "Утверждение отчётов", text) != QMessageBox.StandardButton.Yes:
            return
        execution, actor, program_id = self.context.execution, self.context.actor, program.id
        shown = [row.id for row in rows]
        self.load(lambda: execution.approve_period(actor, program_id, period, shown), self._approved)

    def _approved(self, result: ApprovalResult) -> None:
        self.messages.show_info(f"Утверждено: {plural.REPORT.count(result.approved)}.")
        self.report_editor.setEnabled(False)
        self._reload_measures()

    def edit_reporting_procedure(self) -> None:
        program = self.tree.current_program()
        if program is None:
            return
        settings, actor, program_id = self.context.reporting, self.context.actor, program.id
        self.load(
            lambda: settings.procedure(actor, program_id),
            lambda current: self._open_procedure_dialog(current, program),
        )

    def _open_procedure_dialog(self, current: ProgramProcedure, program: ProgramNode) -> None:
        dialog = ReportingProcedureDialog(self.context, current, program.period_start, program.period_end, self)
        dialog.accepted.connect(lambda: self._procedure_saved(dialog))
        self.procedure_dialog = dialog
        dialog.open()

    def _procedure_saved(self, dialog: ReportingProcedureDialog) -> None:
        if (saved := dialog.result_procedure) is not None:
            self.messages.show_info(f"Порядок отчётности сохранён: {saved.procedure.summary}.")
            self.report_editor.setEnabled(False)
            self.refresh()

    def save_shortcut(self) -> bool:
        editing_report = self.card.currentWidget() is self.report_editor
        return press(self.report_editor.save_button if editing_report else self.measure_editor.save_button)

    def export_shortcut(self) -> bool:
        return press(self.export_button)


def _current_period(periods: list[Period]) -> Period | None:
    """The period being reported now, the one the status bar names."""
    return reported_period(periods, date.today())
