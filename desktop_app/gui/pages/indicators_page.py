"""«Показатели»: plan and fact of a program's indicators for one period, with checks on each cell.

The specialist types facts (or numerators and denominators), takes numbers the registers offer, saves
and submits; the head approves and closes the period. A closed or expired period is read-only for a
specialist; a head may still correct it, giving a reason.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.period_lock import EXPIRY_DAYS_LIMIT, LockState
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.base import FORM_TABLES, INDICATOR_TABLES, Page, press
from desktop_app.gui.widgets.cell_problems import CellProblems
from desktop_app.gui.widgets.discard import may_discard, revert
from desktop_app.gui.widgets.name_column import NameColumnFit
from desktop_app.gui.widgets.row_table import ClampedTextDelegate, name_row_height
from desktop_app.services.dashboard import reported_period
from desktop_app.services.indicator_sheet import IndicatorSheet, ValueStatus


def _plural(count: int, one: str, few: str, many: str) -> str:
    if count % 10 == 1 and count % 100 != 11:
        return one
    return few if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14 else many


def partial_submit_question(filled: int, total: int) -> str:
    """«Представить руководителю 3 из 33 показателей? Ещё 30 показателей останутся незаполненными.»"""
    left = total - filled
    out_of = _plural(total, "показателя", "показателей", "показателей")  # «из 21 показателя», «из 33 показателей»
    left_word = _plural(left, "показатель", "показателя", "показателей")
    stays = _plural(left, "останется незаполненным", "останутся незаполненными", "останутся незаполненными")
    return f"Представить руководителю {filled} из {total} {out_of}? Ещё {left} {left_word} {stays}."


class IndicatorsPage(Page):
    KEY = "indicators"
    TITLE = "Показатели"
    DEPENDS_ON = INDICATOR_TABLES | FORM_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sheet: IndicatorSheet | None = None
        self._can_edit = context.actor.can(Permission.EDIT_DATA)
        self._can_approve = context.actor.can(Permission.APPROVE_REPORTS)

        self.program_combo = QComboBox()
        # a programme's title is a sentence long: the combo shows its start (more of it on a wide screen), the list
        # drops down wide enough to read it and the whole title is in the tooltip
        self.program_combo.setMinimumContentsLength(16)
        self.program_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.program_combo.view().setMinimumWidth(600)
        self.program_combo.currentTextChanged.connect(self.program_combo.setToolTip)
        self.program_combo.currentIndexChanged.connect(self._program_chosen)
        self.period_combo = QComboBox()
        self.period_combo.setMinimumContentsLength(20)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.lock_label = QLabel()
        self.lock_label.setObjectName("periodLock")
        self.lock_label.setWordWrap(True)
        self.lock_days_button = QPushButton("Срок блокировки…")
        self.lock_days_button.setEnabled(self._can_approve)
        self.lock_days_button.clicked.connect(self.change_lock_days)
        top = QHBoxLayout()
        top.addWidget(QLabel("Программа:"))
        top.addWidget(self.program_combo, 2)
        for widget in (QLabel("Период:"), self.period_combo):
            top.addWidget(widget)
        top.addWidget(self.lock_label, 1)
        self.root_layout.addLayout(top)
        self.catalogue_button = QPushButton("Каталог показателей…")
        self.catalogue_button.setObjectName("openCatalogue")
        self.catalogue_button.clicked.connect(self.open_catalogue)

        self.summary = QLabel()
        self.summary.setObjectName("indicatorSummary")
        self.summary.setWordWrap(True)  # a long summary wraps instead of widening the window
        # the two settings buttons share the summary's line: beside the choosers they widened the page past 1024 px
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.lock_days_button)
        summary_row.addWidget(self.catalogue_button)
        self.root_layout.addLayout(summary_row)

        self.model = IndicatorGridModel()
        self.model.drafts_changed.connect(self._update_buttons)
        self.model.plan_editable = self._can_approve
        self.model.plan_edited.connect(self.save_plan)
        self.table = QTableView()
        self.table.setObjectName("indicatorGrid")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        # a long name shows three lines (the last one ends in «…»); the whole name is in the tooltip and in the
        # problem list, so no row grows to a screen's height
        self.table.setItemDelegateForColumn(IndicatorGridModel.COL_NAME, ClampedTextDelegate(self.table))
        self.table.setItemDelegateForColumn(IndicatorGridModel.COL_COMMENT, ClampedTextDelegate(self.table))
        self.table.verticalHeader().setMaximumSectionSize(name_row_height(self.table))
        # the indicator's name takes what the other columns leave; those stay narrow (narrower still on a small
        # screen) and can be widened by hand
        self.name_fit = NameColumnFit(
            self.table,
            IndicatorGridModel.COL_NAME,
            dict(enumerate((50, 380, 60, 60, 70, 80, 90, 85, 120, 95, 90))),
            rows_follow=True,
        )
        self.table.selectionModel().currentChanged.connect(self._show_cell_message)
        self.model.dataChanged.connect(self._problems_changed)
        self.model.modelReset.connect(self._problems_changed)
        self.root_layout.addWidget(self.table, 1)

        self.problems = CellProblems()
        self.problems.chosen.connect(self.go_to_cell)
        self.cell_message = self.problems.cell_message
        self.root_layout.addWidget(self.problems)

        self.save_button = QPushButton("Сохранить")
        self.save_button.setToolTip("Сохранить введённые значения (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.discard_button = QPushButton("Отменить изменения")
        self.discard_button.clicked.connect(self.discard)
        self.take_button = QPushButton("Взять из реестра")
        self.take_button.setToolTip("Подставить в выбранную строку число, посчитанное по реестрам")
        self.take_button.clicked.connect(self.take_computed)
        self.submit_button = QPushButton("Представить")
        self.submit_button.clicked.connect(lambda: self._workflow("submit"))
        self.approve_button = QPushButton("Утвердить")
        self.approve_button.clicked.connect(lambda: self._workflow("approve"))
        self.close_button = QPushButton("Закрыть период")
        self.close_button.clicked.connect(lambda: self._workflow("close"))
        self.reopen_button = QPushButton("Открыть период…")
        self.reopen_button.clicked.connect(self.reopen)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.discard_button, self.take_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.submit_button, self.approve_button, self.close_button, self.reopen_button):
            buttons.addWidget(button)
        self.root_layout.addLayout(buttons)
        self.take_button.setEnabled(False)
        self._update_buttons()

    # loading ----------------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self.context.actor
        self.load(lambda: self.context.indicators.sheets.programs(actor), self._show_programs)

    def _show_programs(self, programs: object) -> None:
        assert isinstance(programs, list)
        current = self.program_combo.currentData()
        self.program_combo.blockSignals(True)
        self.program_combo.clear()
        for program_id, title in programs:
            self.program_combo.addItem(title, program_id)
        index = max(0, self.program_combo.findData(current))
        self.program_combo.setCurrentIndex(index)
        self.program_combo.blockSignals(False)
        if programs:
            self._program_chosen()
        else:
            self.messages.show_info("Показателей пока нет: загрузите программу с таблицей показателей.")

    def _program_chosen(self) -> None:
        program_id = self.program_combo.currentData()
        if not program_id:
            return
        if not self._confirm_leave():
            revert(self.program_combo, self.program_combo.findData(self.sheet.program_id if self.sheet else None))
            return
        actor = self.context.actor
        self.load(lambda: self.context.indicators.sheets.periods(actor, program_id), self._show_periods)

    def _show_periods(self, periods: object) -> None:
        assert isinstance(periods, list)
        current = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(period.label, period.code)
        codes = [period.code for period in periods]
        reported = reported_period(periods, date.today())
        wanted = current if current in codes else (reported.code if reported else None)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(wanted)))
        self.period_combo.blockSignals(False)
        self.reload()

    def _period_chosen(self) -> None:
        if self._confirm_leave():
            self.reload()
        else:
            revert(self.period_combo, self.period_combo.findData(self.sheet.period.code if self.sheet else None))

    def report_subject(self) -> tuple[str | None, Period | None, str | None]:
        return self.program_combo.currentData(), self.period, None

    def select_period(self, code: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(code))

    @property
    def period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def reload(self) -> None:
        program_id, period = self.program_combo.currentData(), self.period
        if not program_id or period is None:
            return
        actor, territory = self.context.actor, self.context.territory
        self.load(lambda: self.context.indicators.sheets.sheet(actor, program_id, period, territory), self._show_sheet)

    def _show_sheet(self, sheet: object, keep_drafts: bool = False) -> None:
        assert isinstance(sheet, IndicatorSheet)
        self.sheet = sheet
        self.model.read_only = not self._can_edit or (sheet.locked and not self._can_approve)
        self.model.rules = sheet.rules
        self.model.set_rows(sheet.rows, keep_drafts=keep_drafts)
        self.table.resizeRowsToContents()
        self._problems_changed()
        today = date.today()
        self.lock_label.setText(f"Период {sheet.lock.describe(today)}")
        style = "" if sheet.state is LockState.OPEN else "color: #8a1c1c; font-weight: bold;"
        self.lock_label.setStyleSheet(style)
        counts = ", ".join(f"{status.label} — {sheet.count(status)}" for status in ValueStatus)
        self.summary.setText(f"{sheet.territory}: заполнено {sheet.filled} из {len(sheet.rows)} ({counts}).")
        self._update_buttons()

    # editing ----------------------------------------------------------------------------------------
    def unsaved_changes(self) -> str:
        if self.model.drafts or self.model.parse_errors:
            return f"несохранённые значения показателей ({len(self.model.drafts)})"
        return ""

    def _confirm_leave(self) -> bool:
        return may_discard(self, self.unsaved_changes(), "Перейти к другому периоду без сохранения?")

    def discard(self) -> None:
        if self.sheet is not None:
            self.model.set_rows(self.sheet.rows)
        self.messages.clear_message()

    def take_computed(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.take_computed(index.row()):
            self.messages.show_error("Для выбранной строки реестры не дают числа, или его нельзя подставить.")

    def save(self) -> None:
        sheet = self.sheet
        changes = self.model.changes()
        if sheet is None or not changes:
            return
        if self.model.has_errors():
            self.messages.show_error("Значения не сохранены: исправьте ячейки, отмеченные красным.")
            return
        reason = ""
        if sheet.locked:
            reason = self.ask_reason(f"Период {sheet.lock.describe(date.today())}. Причина изменения:")
            if not reason:
                return
        actor, service = self.context.actor, self.context.indicators

        def work() -> object:
            try:
                return service.save(actor, sheet.program_id, sheet.period, sheet.territory, changes, reason)
            except ValidationError as error:
                return error

        self.load(work, self._saved)

    def _saved(self, result: object) -> None:
        if isinstance(result, ValidationError):
            self.messages.show_error(result.message)
            self._mark_server_errors(result.field_errors)
            return
        self._show_sheet(result)
        self.messages.show_info("Значения сохранены.")

    def _mark_server_errors(self, errors: dict[str, str]) -> None:
        columns = {"value": 4, "numerator": 5, "denominator": 6, "comment": 8}
        for row_number, row in enumerate(self.model.rows()):
            for key, message in errors.items():
                indicator_id, _, cell = key.partition(":")
                if indicator_id == row.indicator_id and cell in columns:
                    self.model.parse_errors[(indicator_id, columns[cell])] = message
                    self.model.dataChanged.emit(self.model.index(row_number, 0), self.model.index(row_number, 10))
        self._update_buttons()

    def save_plan(self, indicator_id: str, value: object) -> None:
        """The head's own plan for the district, stored at once (typed facts stay drafts until «Сохранить»)."""
        sheet = self.sheet
        if sheet is None or not (value is None or isinstance(value, float)):
            return
        actor, service = self.context.actor, self.context.indicators
        self.load(
            lambda: service.set_plan(actor, sheet.program_id, sheet.period, sheet.territory, indicator_id, value),
            lambda result: (
                self._show_sheet(result, keep_drafts=True),
                self.messages.show_info("План муниципального образования сохранён."),
            ),
        )

    def ask_reason(self, prompt: str) -> str:
        text, accepted = QInputDialog.getMultiLineText(self, "Причина изменения", prompt)
        return text.strip() if accepted else ""

    def _workflow(self, action: str) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        if self.model.drafts:
            self.messages.show_error("Сначала сохраните или отмените изменения.")
            return
        if action == "submit" and not self._confirm_partial_submit(sheet):
            return
        actor, service = self.context.actor, self.context.indicators
        method = {"submit": service.submit, "approve": service.approve, "close": service.close}[action]
        done = {
            "submit": "Значения представлены руководителю.",
            "approve": "Значения утверждены.",
            "close": "Период закрыт.",
        }[action]
        self.load(
            lambda: method(actor, sheet.program_id, sheet.period, sheet.territory),
            lambda result: (self._show_sheet(result), self.messages.show_info(done)),
        )

    def _confirm_partial_submit(self, sheet: IndicatorSheet) -> bool:
        """A head who receives 3 of 33 values would ask where the rest are: ask the specialist first."""
        total, filled = len(sheet.rows), sheet.filled
        if filled >= total:
            return True
        question = partial_submit_question(filled, total)
        answer = QMessageBox.question(self, "Представить не все показатели", question)
        return answer == QMessageBox.StandardButton.Yes

    def reopen(self) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        reason = self.ask_reason("Почему период открывается снова?")
        if not reason:
            return
        actor = self.context.actor
        self.load(
            lambda: self.context.indicators.reopen(actor, sheet.program_id, sheet.period, sheet.territory, reason),
            lambda result: (self._show_sheet(result), self.messages.show_info("Период открыт снова.")),
        )

    def open_catalogue(self) -> QWidget:
        """The catalogue editor on the program shown; the sheet is read again when anything was changed."""
        from desktop_app.gui.dialogs.catalogue_dialog import CatalogueDialog

        dialog = CatalogueDialog(self.context, self, self.program_combo.currentData())
        dialog.finished.connect(lambda _result: self.refresh() if dialog.changed else None)
        dialog.open()
        return dialog

    def change_lock_days(self) -> None:
        program_id = self.program_combo.currentData()
        if not program_id:
            return
        actor = self.context.actor
        self.load(lambda: self.context.indicators.lock_days(actor, program_id), self._ask_lock_days)

    def _ask_lock_days(self, current: object) -> None:
        program_id = self.program_combo.currentData()
        assert isinstance(current, int)
        days, accepted = QInputDialog.getInt(
            self,
            "Срок блокировки",
            "Через сколько дней после срока отчёта период блокируется сам (0 — не блокировать):",
            current,
            0,
            EXPIRY_DAYS_LIMIT,
        )
        if accepted and days != current:
            actor = self.context.actor
            self.load(
                lambda: self.context.indicators.set_lock_days(actor, program_id, days),
                lambda _: (self.reload(), self.messages.show_info(f"Срок блокировки: {days} дн.")),
            )

    def go_to_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self.table.setFocus()

    def _problems_changed(self, *_: object) -> None:
        self.problems.show_problems(self.model.problems())
        self._show_cell_message(self.table.currentIndex())

    def _show_cell_message(self, index: QModelIndex) -> None:
        self.problems.show_cell(self.model.cell_message(index) if index.isValid() else "")
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.take_button.setEnabled(bool(row and row.computed and not self.model.read_only))

    def _update_buttons(self) -> None:
        sheet = self.sheet
        drafts = bool(self.model.drafts)
        self.save_button.setEnabled(drafts and not self.model.read_only)
        self.discard_button.setEnabled(drafts or bool(self.model.parse_errors))
        open_period = sheet is not None and sheet.state is LockState.OPEN
        drafts_stored = sheet.count(ValueStatus.DRAFT) if sheet is not None else 0
        submitted = sheet.count(ValueStatus.SUBMITTED) if sheet is not None else 0
        # in a locked period the head submits and approves what the specialists left as drafts
        self.submit_button.setEnabled(self._can_edit and (open_period or self._can_approve) and drafts_stored > 0)
        self.approve_button.setEnabled(self._can_approve and (submitted > 0 or (not open_period and drafts_stored > 0)))
        self.close_button.setEnabled(self._can_approve and sheet is not None and sheet.state is not LockState.CLOSED)
        self.reopen_button.setEnabled(self._can_approve and sheet is not None and sheet.state is LockState.CLOSED)

    def save_shortcut(self) -> bool:
        return press(self.save_button)
