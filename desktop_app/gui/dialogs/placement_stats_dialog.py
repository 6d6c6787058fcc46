"""«Статистика размещений»: per month or half-year, placements begun by legal form and ended by outcome."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.placements import PlacementCounts
from desktop_app.exports.placement_stats_xlsx import HEADERS, stats_rows, write_placement_stats_xlsx
from desktop_app.gui import file_dialogs
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.window_fit import open_size

# the long names of legal forms and outcomes wrap in the header, so eleven columns fit 1280 px without scrolling
_HEADER_LINES = [textwrap.fill(label, 14, break_long_words=False) for label in HEADERS]


class PlacementStatsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Статистика размещений детей в ресурсных семьях")
        open_size(self, 1150, 520)
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
        self.table.setHorizontalHeaderLabels(_HEADER_LINES)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(60)
        self.table.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        buttons.rejected.connect(self.reject)
        self.excel_button = QPushButton("В Excel…")
        self.excel_button.setObjectName("statsToExcel")
        self.excel_button.setEnabled(False)
        self.excel_button.clicked.connect(self._ask_excel)
        buttons.addButton(self.excel_button, QDialogButtonBox.ButtonRole.ActionRole)
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
        rows = stats_rows(counts)
        self.table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            self._fill(row, values, bold=row == len(rows) - 1)
        self.excel_button.setEnabled(bool(counts))

    def _fill(self, row: int, values: list[object], bold: bool = False) -> None:
        for column, value in enumerate(values):
            item = QTableWidgetItem(str(value))
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def subtitle(self) -> str:
        return f"{self.year.value()} год, {self.kind.currentText()}."

    def _ask_excel(self) -> None:
        settings = self.context.settings
        suggested = Path(settings.last_folder or Path.home()) / f"Статистика размещений {self.year.value()}.xlsx"
        name, _filter = file_dialogs.save_file_name(
            self, "Сохранить статистику", str(suggested), "Книга Excel (*.xlsx)"
        )
        if name:
            self.save_excel(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def save_excel(self, target: Path) -> None:
        """Write the statistics shown to ``target`` in the background; a failure is one sentence in the bar."""
        counts, subtitle = list(self.counts), self.subtitle()
        self.context.settings.last_folder = str(target.parent)
        self.context.runner.run(
            lambda: write_placement_stats_xlsx(counts, subtitle, target),
            lambda path: self.messages.show_info(f"Статистика сохранена: {path}"),
            self.messages.show_error,
        )
