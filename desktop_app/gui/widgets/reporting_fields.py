"""The fields of a reporting procedure: periodicity, working day after the period, date for the year."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QWidget

from desktop_app.domain.deadlines import WORKING_DAYS_LIMIT, ReportingProcedure
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import PeriodKind
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors


class ReportingProcedureFields(QWidget):
    """``procedure()`` returns what is typed, or None after showing what is wrong beside the field."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("reportingPeriod")
        for kind in PeriodKind:
            self.period_combo.addItem(kind.label.capitalize(), kind.value)
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("reportingWorkingDays")
        self.days_spin.setRange(1, WORKING_DAYS_LIMIT)
        self.days_spin.setSuffix("-й рабочий день")
        self.year_end_edit = QLineEdit()
        self.year_end_edit.setObjectName("reportingYearEnd")
        self.year_end_edit.setPlaceholderText("дд.мм, например 20.01; пусто — как за другие периоды")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.errors = {
            "period": add_field(form, "Периодичность отчётов:", self.period_combo),
            "working_days_after": add_field(form, "Срок после периода:", self.days_spin),
            "year_end_date": add_field(form, "Срок отчёта за год:", self.year_end_edit),
        }
        self.period_combo.currentIndexChanged.connect(self.changed)
        self.days_spin.valueChanged.connect(self.changed)
        self.year_end_edit.textChanged.connect(self.changed)
        self.set_procedure(ReportingProcedure())

    def set_procedure(self, procedure: ReportingProcedure) -> None:
        clear_field_errors(self.errors)
        self.period_combo.setCurrentIndex(self.period_combo.findData(procedure.period_kind.value))
        self.days_spin.setValue(procedure.working_days_after)
        self.year_end_edit.setText(procedure.year_end_text())

    def typed(self) -> ReportingProcedure | None:
        """What the fields hold, without showing errors; None while something is wrong."""
        try:
            return self._read()
        except ValidationError:
            return None

    def procedure(self) -> ReportingProcedure | None:
        clear_field_errors(self.errors)
        try:
            return self._read()
        except ValidationError as exc:
            show_field_errors(self.errors, exc.field_errors)
            return None

    def _read(self) -> ReportingProcedure:
        return ReportingProcedure.from_user(
            str(self.period_combo.currentData()), self.days_spin.value(), self.year_end_edit.text()
        )
