"""«Регион» (a region installation only): for a program and a period, which districts sent their bundle on
time, late or not at all, and the region's values consolidated from what came in."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period, format_date
from desktop_app.gui.exchange.common import MUTED_STYLE, fit_columns, format_count, table_view, wrapped_label
from desktop_app.gui.exchange.models import STATE_COLOURS, ConsolidatedModel, DistrictsModel
from desktop_app.sync.region_view import DistrictStatus, RegionOverview

if TYPE_CHECKING:
    from desktop_app.gui.pages.exchange_page import ExchangePage


def default_period(periods: list[Period], today: date) -> str | None:
    """The last period that has ended (the one being reported now), else the first one."""
    ended = [period for period in periods if period.end < today]
    chosen = ended[-1] if ended else (periods[0] if periods else None)
    return chosen.code if chosen else None


def _legend() -> str:
    return " ".join(
        f"<span style='background:{bg}; color:{fg}; padding:1px 6px;'>&nbsp;{state}&nbsp;</span>"
        for state, (bg, fg) in STATE_COLOURS.items()
    )


class RegionPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        self.overview: RegionOverview | None = None
        self.program_combo = QComboBox()
        self.program_combo.setObjectName("regionProgram")
        self.program_combo.setMinimumContentsLength(40)
        self.program_combo.currentIndexChanged.connect(lambda _index: self._program_chosen())
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("regionPeriod")
        self.period_combo.setMinimumContentsLength(20)
        self.period_combo.currentIndexChanged.connect(lambda _index: self.reload())
        top = QHBoxLayout()
        for widget in (QLabel("Программа:"), self.program_combo, QLabel("Период:"), self.period_combo):
            top.addWidget(widget)
        top.addStretch(1)

        self.rate_label = QLabel()
        self.rate_label.setObjectName("regionRate")
        self.rate_label.setStyleSheet("font-size: 11pt; font-weight: bold;")
        self.deadline_label = wrapped_label(name="regionDeadline")
        self.missing_label = wrapped_label(name="regionMissing", style=MUTED_STYLE)
        self.districts_model = DistrictsModel()
        self.districts = table_view(self.districts_model, "regionDistricts", stretch=0)
        fit_columns(self.districts, (230, 105, 115))
        self.values_model = ConsolidatedModel()
        self.values = table_view(self.values_model, "regionValues", stretch=1)
        fit_columns(self.values, (40, 300, 65, 75, 75, 90, 80))
        for table in (self.districts, self.values):
            table.setWordWrap(False)  # one line a row; the full text is in the tooltip
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Пакеты муниципальных образований"))
        left_layout.addWidget(self.districts, 1)
        left_layout.addWidget(QLabel(_legend()))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("Сводные значения по региону"))
        right_layout.addWidget(self.values, 1)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rate_label)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.missing_label)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        actor, sheets = self.page.context.actor, self.page.context.indicators.sheets
        self.page.load(lambda: sheets.programs(actor), self._show_programs)

    def _show_programs(self, programs: object) -> None:
        assert isinstance(programs, list)
        current = self.program_combo.currentData()
        self.program_combo.blockSignals(True)
        self.program_combo.clear()
        for program_id, title in programs:
            self.program_combo.addItem(title, program_id)
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(current)))
        self.program_combo.blockSignals(False)
        if programs:
            self._program_chosen()
        else:
            self.rate_label.setText("Программы с показателями нет: загрузите программу, чтобы видеть сводные значения.")

    def _program_chosen(self) -> None:
        program_id = self.program_combo.currentData()
        if program_id:
            actor, sheets = self.page.context.actor, self.page.context.indicators.sheets
            self.page.load(lambda: sheets.periods(actor, program_id), self._show_periods)

    def _show_periods(self, periods: object) -> None:
        assert isinstance(periods, list)
        current = self.period_combo.currentData()
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(period.label, period.code)
        codes = [period.code for period in periods]
        wanted = current if current in codes else default_period(periods, date.today())
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(wanted)))
        self.period_combo.blockSignals(False)
        self.reload()

    def select_period(self, code: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(code))

    def reload(self) -> None:
        program_id, code = self.program_combo.currentData(), self.period_combo.currentData()
        if not program_id or not code:
            return
        actor, view, period = self.page.context.actor, self.page.context.region_view, Period.parse(code)
        self.page.load(lambda: view.overview(actor, program_id, period), self._show_overview)

    def _show_overview(self, overview: object) -> None:
        assert isinstance(overview, RegionOverview)
        self.overview = overview
        reported = sum(1 for status in overview.districts if status.reported)
        self.rate_label.setText(
            f"{overview.period.label}: отчитались {format_count(reported)} из {format_count(len(overview.districts))}"
        )
        late = len(overview.late)
        self.deadline_label.setText(
            f"Срок представления: {format_date(overview.deadline)}. С опозданием: {format_count(late)}, без пакета:"
            f" {format_count(len(overview.missing))}."
        )
        missing = overview.missing
        self.missing_label.setText(
            f"Нет пакета: {', '.join(missing[:6])}{f' и ещё {len(missing) - 6}' if len(missing) > 6 else ''}."
            if missing
            else "Пакеты за период прислали все муниципальные образования."
        )
        self.districts_model.set_rows(sorted(overview.districts, key=_district_order))
        self.values_model.set_rows(list(overview.rows))


def _district_order(status: DistrictStatus) -> tuple[int, str]:
    """Those who reported first, then the rest, each alphabetically."""
    return (0 if status.reported else 1, status.district)
