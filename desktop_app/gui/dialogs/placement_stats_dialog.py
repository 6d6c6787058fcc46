"""«Статистика размещений»: per month or half-year, placements begun by legal form and ended by outcome."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.placements import LEGAL_FORM_LABELS, OUTCOME_LABELS, LegalForm, Outcome, PlacementCounts
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar

_ENDINGS = [outcome for outcome in Outcome if outcome is not Outcome.ONGOING]
HEADERS = (
    "Период",
    "Начато",
    *(f"в т. ч. {LEGAL_FORM_LABELS[form]}" for form in LegalForm),
    "Завершено",
    *(f"в т. ч. {OUTCOME_LABELS[outcome]}" for outcome in _ENDINGS),
    "Продолжается на конец периода",
)


class PlacementStatsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Статистика размещений детей в ресурсных семьях")
        self.resize(1150, 480)
        self.context = context
        self.counts: list[PlacementCounts] = []
        self.messages = MessageBar(self)
        self.kind = QComboBox()
        self.kind.setObjectName("statsPeriodKind")
        self.kind.addItem("по месяцам", PeriodKind.MONTH.value)
        self.kind.addItem("по полугодиям", PeriodKind.HALF_YEAR.value)
        self.kind.addItem("по кварталам", PeriodKind.QUARTER.value)
        self.year = QSpinBox()
        self.year.setObjectName("statsYear")
        self.year.setRange(2015, 2100)
        self.year.setValue(date.today().year)
        self.kind.currentIndexChanged.connect(lambda _index: self.load())
        self.year.valueChanged.connect(lambda _value: self.load())
        choose = QHBoxLayout()
        choose.addWidget(QLabel("Периоды:"))
        choose.addWidget(self.kind)
        choose.addWidget(QLabel("год:"))
        choose.addWidget(self.year)
        choose.addStretch(1)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("placementStats")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(70)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(choose)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.load()

    def periods(self) -> list[Period]:
        kind = PeriodKind(self.kind.currentData())
        current = Period.containing(date(self.year.value(), 1, 1), kind)
        periods = []
        while current.start.year == self.year.value():
            periods.append(current)
            current = current.next()
        return periods

    def load(self) -> None:
        register, actor, periods = self.context.families, self.context.actor, self.periods()
        self.context.runner.run(
            lambda: register.placement_statistics(actor, periods), self._show, self.messages.show_error
        )

    def _show(self, counts: list[PlacementCounts]) -> None:
        self.counts = counts
        self.table.setRowCount(len(counts) + 1)
        for row, item in enumerate(counts):
            values = [
                item.period.label,
                item.started,
                *(item.started_by_form[form.value] for form in LegalForm),
                item.ended,
                *(item.ended_by_outcome[outcome.value] for outcome in _ENDINGS),
                item.ongoing_at_end,
            ]
            self._fill(row, values)
        totals: list[object] = ["Итого за год"]
        for column in range(1, len(HEADERS) - 1):
            totals.append(sum(int(self.table.item(row, column).text()) for row in range(len(counts))))
        totals.append(counts[-1].ongoing_at_end if counts else 0)
        self._fill(len(counts), totals)

    def _fill(self, row: int, values: list[object]) -> None:
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(str(value)))
