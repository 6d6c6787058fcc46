"""The reports screen's top rows: which report, program, period, district and form.

The periods come from the program (its reporting periods and those it has plans for, the one being
reported now chosen), or, for a form, from the form's own kind of period (the one it is due for now
chosen). At the region the district is the region as a whole, one district, or all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import InstallationKind
from desktop_app.formkit.definition import FormDefinition
from desktop_app.gui.formview.choosers import fill_forms, fill_periods, form_chooser
from desktop_app.gui.formview.status import recent_periods
from desktop_app.reports.builders.request import ALL_DISTRICTS, ReportKind, ReportRequest
from desktop_app.services.dashboard import reported_period

ALL_DISTRICTS_LABEL = "Все муниципальные образования"


def _combo(name: str, length: int) -> QComboBox:
    combo = QComboBox(objectName=name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(length)
    return combo


class ReportChoice(QWidget):
    """Emits ``changed`` whenever what would be formed changes."""

    changed = Signal()
    program_changed = Signal()

    def __init__(
        self,
        kind: InstallationKind,
        region_name: str,
        forms: list[FormDefinition],
        period_kind: PeriodKind,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.is_region = kind is InstallationKind.REGION
        self._today = today
        self.forms = forms
        self._period_kind = period_kind  # of the reporting periods, offered while no program is loaded
        self._program_periods: list[Period] = []

        self.kind_combo = _combo("reportKind", 42)
        for report_kind in ReportKind:
            if report_kind.region_only and not self.is_region:
                continue
            self.kind_combo.addItem(report_kind.label, report_kind.value)
        self.program_combo = _combo("reportProgram", 42)
        self.period_combo = _combo("reportPeriod", 20)
        self.district_combo = _combo("reportDistrict", 34)
        self.district_combo.addItem(f"{region_name} — в целом", "")
        self.district_combo.addItem(ALL_DISTRICTS_LABEL, ALL_DISTRICTS)
        self.form_combo = form_chooser(forms)
        self.form_combo.setObjectName("reportForm")
        if forms:
            self.form_combo.setCurrentIndex(0)

        self.program_label = QLabel("Программа:")
        self.district_label = QLabel("Муниципальное образование:")
        self.form_label = QLabel("Форма:")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(QLabel("Отчёт:"), 0, 0, right)
        grid.addWidget(self.kind_combo, 0, 1)
        grid.addWidget(QLabel("Период:"), 0, 2, right)
        grid.addWidget(self.period_combo, 0, 3)
        grid.addWidget(self.program_label, 1, 0, right)
        grid.addWidget(self.program_combo, 1, 1)
        grid.addWidget(self.district_label, 1, 2, right)
        grid.addWidget(self.district_combo, 1, 3)
        grid.addWidget(self.form_label, 2, 0, right)
        grid.addWidget(self.form_combo, 2, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(4, 1)

        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.form_combo.currentIndexChanged.connect(self._form_chosen)
        self.program_combo.currentIndexChanged.connect(lambda _index: self.program_changed.emit())
        for combo in (self.period_combo, self.district_combo):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self._show_rows()
        self._fill_periods()

    # what is chosen -----------------------------------------------------------------------------------
    @property
    def kind(self) -> ReportKind:
        return ReportKind(self.kind_combo.currentData())

    @property
    def program_id(self) -> str | None:
        return self.program_combo.currentData() or None

    @property
    def period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    @property
    def district(self) -> str | None:
        return (self.district_combo.currentData() or None) if self.is_region else None

    def form(self) -> FormDefinition | None:
        index = self.form_combo.currentIndex()
        return self.forms[index] if 0 <= index < len(self.forms) else None

    def request(self) -> ReportRequest:
        """What «Сформировать» asks for; UserError says what is still to be chosen."""
        kind, period = self.kind, self.period
        form = self.form() if kind.needs_form else None
        if kind.needs_form and form is None:
            raise UserError("Выберите форму: нет ни одной формы в папке forms/ программы.")
        if period is None:
            raise UserError("Выберите период отчёта.")
        district = self.district
        return ReportRequest(kind, period, district, form.id if form else None, self.program_id)

    def form_title(self) -> str:
        form = self.form() if self.kind.needs_form else None
        return form.title if form else ""

    def select_kind(self, kind: ReportKind) -> None:
        index = self.kind_combo.findData(kind.value)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)

    def select_program(self, program_id: str) -> bool:
        """Choose ``program_id`` if it is offered (its periods are then loaded); False when it is not."""
        index = self.program_combo.findData(program_id)
        if index >= 0:
            self.program_combo.setCurrentIndex(index)
        return index >= 0

    def select_period(self, period: Period) -> bool:
        index = self.period_combo.findData(period.code)
        if index >= 0:
            self.period_combo.setCurrentIndex(index)
        return index >= 0

    def set_forms(self, forms: list[FormDefinition]) -> None:
        """The forms read again (a new form or version arrived): list them, keeping the chosen one."""
        self.forms = forms
        fill_forms(self.form_combo, forms)
        if self.kind.needs_form:
            self._fill_periods()

    def select_form(self, form_id: str) -> None:
        index = self.form_combo.findData(form_id)
        if index >= 0:
            self.form_combo.setCurrentIndex(index)

    # what is offered ----------------------------------------------------------------------------------
    def set_programs(self, programs: list[tuple[str, str]]) -> None:
        current = self.program_combo.currentData()
        self.program_combo.blockSignals(True)
        self.program_combo.clear()
        for program_id, title in programs:
            self.program_combo.addItem(title, program_id)
            self.program_combo.setItemData(self.program_combo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(current)))
        self.program_combo.blockSignals(False)
        self._show_rows()

    def set_program_periods(self, periods: list[Period]) -> None:
        self._program_periods = list(periods)
        self._fill_periods()

    def set_districts(self, names: list[str]) -> None:
        current = self.district_combo.currentData()
        self.district_combo.blockSignals(True)
        while self.district_combo.count() > 2:
            self.district_combo.removeItem(2)
        for name in names:
            self.district_combo.addItem(name, name)
        self.district_combo.setCurrentIndex(max(0, self.district_combo.findData(current)))
        self.district_combo.blockSignals(False)

    def _kind_chosen(self) -> None:
        self._show_rows()
        self._fill_periods()
        self.changed.emit()

    def _form_chosen(self) -> None:
        if self.kind.needs_form:
            self._fill_periods()
            self.changed.emit()

    def _show_rows(self) -> None:
        needs_form = self.kind.needs_form
        self.form_label.setVisible(needs_form)
        self.form_combo.setVisible(needs_form)
        several = self.program_combo.count() > 1
        self.program_label.setVisible(several)
        self.program_combo.setVisible(several)
        self.district_label.setVisible(self.is_region)
        self.district_combo.setVisible(self.is_region)

    def _fill_periods(self) -> None:
        """The periods the kind of report is made for, keeping the chosen one when it is still offered."""
        today = self._today()
        form = self.form() if self.kind.needs_form else None
        if form is not None:
            periods, wanted = recent_periods(form.period_kind, today), Period.containing(today, form.period_kind)
        elif self._program_periods:
            periods = list(self._program_periods)  # in the program's order, as «Показатели» lists them
            wanted = reported_period(periods, today) or periods[0]
        else:
            periods = recent_periods(self._period_kind, today)
            wanted = periods[0]  # the period in progress, as the status bar names it
        current = self.period
        if current is not None and current in periods:
            wanted = current
        fill_periods(self.period_combo, periods, wanted)
