"""The filter strip above the measures table: text, executor, period, status, overdue only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.execution import REPORT_STATUS_LABELS, ReportStatus
from desktop_app.domain.periods import Period
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.measure_list import NO_REPORT
from desktop_app.services.registry import ExecutorOption


class MeasureFilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = SearchBox("Поиск по номеру или названию (Ctrl+F)")
        self.search.setObjectName("measureSearch")
        self.search.search_changed.connect(lambda _text: self.changed.emit())
        self.executor_combo = QComboBox()
        self.executor_combo.setObjectName("executorFilter")
        self.executor_combo.setMinimumContentsLength(12)  # 125 % scaling on 1280 px leaves ~800 px
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("periodFilter")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem("Любой статус", None)
        self.status_combo.addItem("Нет отчёта", NO_REPORT)
        for status in ReportStatus:
            self.status_combo.addItem(REPORT_STATUS_LABELS[status], status.value)
        self.due_check = QCheckBox("Только к отчёту")
        self.due_check.setObjectName("dueOnly")
        self.due_check.setToolTip("Мероприятия, по которым за выбранный период по графику требуется отчёт")
        self.overdue_check = QCheckBox("Только просроченные")
        self.overdue_check.setObjectName("overdueOnly")
        for combo in (self.executor_combo, self.period_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._period_or_combo_changed)
        for check in (self.due_check, self.overdue_check):
            check.toggled.connect(lambda _on: self.changed.emit())

        self.period_combo.setMinimumContentsLength(13)
        self.status_combo.setMinimumContentsLength(11)
        for combo in (self.executor_combo, self.period_combo, self.status_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        first = QHBoxLayout()
        first.addWidget(self.search, 1)
        first.addWidget(self.due_check)
        first.addWidget(self.overdue_check)
        second = QHBoxLayout()
        second.addWidget(QLabel("Исполнитель:"))
        second.addWidget(self.executor_combo, 2)
        second.addWidget(QLabel("Период:"))
        second.addWidget(self.period_combo, 1)
        second.addWidget(self.status_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)
        self._update_period_dependent()

    def set_executors(self, executors: list[ExecutorOption]) -> None:
        current = self.executor_combo.currentData()
        self.executor_combo.blockSignals(True)
        self.executor_combo.clear()
        self.executor_combo.addItem("Все исполнители", None)
        for executor in executors:
            self.executor_combo.addItem(
                executor.name + ("" if executor.is_confirmed else " (не проверено)"), executor.id
            )
        self.executor_combo.setCurrentIndex(max(0, self.executor_combo.findData(current)))
        self.executor_combo.blockSignals(False)

    def set_periods(self, periods: list[Period], default: Period | None) -> None:
        current = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        self.period_combo.addItem("Все периоды", None)
        for period in periods:
            self.period_combo.addItem(period.label, period.code)
        wanted = current if current is not None else (default.code if default else None)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(wanted)))
        self.period_combo.blockSignals(False)
        self._update_period_dependent()

    def show_everything_of(self, period: Period | None) -> None:
        """Clear every filter that could hide a measure and show ``period`` (or every period); emits no signals."""
        self.blockSignals(True)
        for widget in (self.search, self.executor_combo, self.period_combo, self.status_combo):
            widget.blockSignals(True)
        self.search.clear()
        self.executor_combo.setCurrentIndex(0)
        self.status_combo.setCurrentIndex(0)
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(period.code if period else None)))
        for check in (self.due_check, self.overdue_check):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        for widget in (self.search, self.executor_combo, self.period_combo, self.status_combo):
            widget.blockSignals(False)
        self.blockSignals(False)
        self._update_period_dependent()

    def executor_id(self) -> str | None:
        value = self.executor_combo.currentData()
        return str(value) if value else None

    def period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def status(self) -> str | None:
        value = self.status_combo.currentData()
        return str(value) if value else None

    def _period_or_combo_changed(self) -> None:
        self._update_period_dependent()
        self.changed.emit()

    def _update_period_dependent(self) -> None:
        """Status and «к отчёту» speak about one period; without a period they would mean nothing."""
        has_period = self.period() is not None
        self.status_combo.setEnabled(has_period)
        self.due_check.setEnabled(has_period)
        tip = "" if has_period else "Выберите период, чтобы отбирать по статусу отчёта"
        self.status_combo.setToolTip(tip)
