"""The structured schedule of a measure: read from the deadline text, or set by hand when it is unclear."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import PeriodKind, format_date, parse_date
from desktop_app.domain.schedules import (
    COUNT_PERIOD_LABELS,
    SCHEDULE_KIND_LABELS,
    Schedule,
    ScheduleKind,
    parse_schedule,
)


class ScheduleEditor(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.auto_check = QCheckBox("по тексту срока")
        self.auto_check.setObjectName("scheduleAuto")
        self.auto_check.setToolTip("Снимите отметку, чтобы задать график вручную, если программа поняла срок неверно")
        self.auto_check.toggled.connect(self._auto_toggled)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("scheduleKind")
        for kind in ScheduleKind:
            self.kind_combo.addItem(SCHEDULE_KIND_LABELS[kind], kind.value)
        self.dates_edit = QLineEdit()
        self.dates_edit.setObjectName("scheduleDates")
        self.dates_edit.setPlaceholderText("даты через запятую: 25.12.2025, 25.06.2026")
        self.start_edit = QLineEdit()
        self.start_edit.setPlaceholderText("с дд.мм.гггг")
        self.end_edit = QLineEdit()
        self.end_edit.setPlaceholderText("по дд.мм.гггг")
        self.count_spin = QSpinBox()
        self.count_spin.setRange(0, 1000)
        self.count_spin.setSpecialValueText("—")
        self.count_spin.setToolTip("Не менее скольких раз (0 — без требования)")
        self.per_combo = QComboBox()
        for kind, label in COUNT_PERIOD_LABELS.items():
            self.per_combo.addItem(label, kind.value)
        self.summary = QLabel()
        self.summary.setObjectName("scheduleSummary")
        self.summary.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.auto_check, 0, 0)
        grid.addWidget(self.kind_combo, 0, 1, 1, 2)
        grid.addWidget(QLabel("не менее"), 1, 0)
        grid.addWidget(self.count_spin, 1, 1)
        grid.addWidget(self.per_combo, 1, 2)
        grid.addWidget(self.dates_edit, 2, 0, 1, 3)
        grid.addWidget(self.start_edit, 3, 0)
        grid.addWidget(self.end_edit, 3, 1, 1, 2)
        grid.addWidget(self.summary, 4, 0, 1, 3)
        self._text = ""
        self.auto_check.setChecked(True)

    def set_schedule(self, schedule: Schedule, deadline_text: str) -> None:
        self._text = deadline_text
        automatic = schedule == parse_schedule(deadline_text)
        self.auto_check.blockSignals(True)
        self.auto_check.setChecked(automatic)
        self.auto_check.blockSignals(False)
        self._fill(schedule)
        self._set_fields_enabled(not automatic)

    def follow_text(self, deadline_text: str) -> None:
        """While the schedule follows the text, show what the new text means as it is typed."""
        self._text = deadline_text
        if self.auto_check.isChecked():
            self._fill(parse_schedule(deadline_text))

    def schedule_override(self) -> Schedule | None:
        """None while following the text; otherwise the schedule typed in, or ValidationError."""
        if self.auto_check.isChecked():
            return None
        kind = ScheduleKind(self.kind_combo.currentData())
        dates = tuple(
            sorted({_date(part) for part in self.dates_edit.text().replace(";", ",").split(",") if part.strip()})
        )
        if kind is ScheduleKind.DATES and not dates:
            raise ValidationError("Укажите хотя бы одну дату исполнения (дд.мм.гггг).")
        start = _date(self.start_edit.text()) if self.start_edit.text().strip() else None
        end = _date(self.end_edit.text()) if self.end_edit.text().strip() else None
        if start and end and end < start:
            raise ValidationError("Окончание периода исполнения раньше его начала.")
        count = self.count_spin.value() or None
        return Schedule(
            kind,
            dates=dates if kind is ScheduleKind.DATES else (),
            start=None if kind is ScheduleKind.DATES else start,
            end=None if kind is ScheduleKind.DATES else end,
            min_count=count,
            count_period=PeriodKind(self.per_combo.currentData()) if count else None,
        )

    def _fill(self, schedule: Schedule) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(schedule.kind.value))
        self.dates_edit.setText(", ".join(format_date(day) for day in schedule.dates))
        self.start_edit.setText(format_date(schedule.start))
        self.end_edit.setText(format_date(schedule.end))
        self.count_spin.setValue(schedule.min_count or 0)
        if schedule.count_period:
            self.per_combo.setCurrentIndex(self.per_combo.findData(schedule.count_period.value))
        self.summary.setText(schedule.summary)
        self.summary.setStyleSheet("" if schedule.recognised else "color:#b00020;")

    def _auto_toggled(self, automatic: bool) -> None:
        if automatic:
            self._fill(parse_schedule(self._text))
        self._set_fields_enabled(not automatic)

    def _set_fields_enabled(self, enabled: bool) -> None:
        for widget in (
            self.kind_combo,
            self.dates_edit,
            self.start_edit,
            self.end_edit,
            self.count_spin,
            self.per_combo,
        ):
            widget.setEnabled(enabled)


def _date(text: str) -> date:
    return parse_date(text.strip())
