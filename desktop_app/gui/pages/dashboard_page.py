"""«Обзор», the start screen: how the period being reported stands, at a glance, with a way into each area; at a
district also the casework with families that is overdue (reviews, route items), each opening its case card."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.domain.value_format import format_deviation, format_value
from desktop_app.gui.cases.common import ROUTE_TABLES
from desktop_app.gui.context import AppContext
from desktop_app.gui.pages.base import (
    CASE_TABLES,
    EXCHANGE_TABLES,
    FAMILY_TABLES,
    FORM_TABLES,
    INDICATOR_TABLES,
    MEASURE_TABLES,
    Page,
)
from desktop_app.gui.panels.reminders_panel import RemindersTable, reminder_service, summary_text
from desktop_app.gui.reports.plan_fact_chart import Bar, PlanFactChart
from desktop_app.gui.widgets.chain_strip import ChainStrip
from desktop_app.gui.widgets.row_table import ClampedTextDelegate, cap_row_heights, wrap_header
from desktop_app.services.case_register import CaseRegister
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.casework_due import CaseworkDue, CaseworkDueService, CaseworkItem
from desktop_app.services.dashboard import Dashboard, DashboardService
from desktop_app.services.indicator_sheet import SheetRow
from desktop_app.services.measure_list import MeasureRow
from desktop_app.services.reminders import Reminders

_ON_PLAN = QBrush(QColor("#d2ecd9"))
_BEHIND = QBrush(QColor("#fde2e1"))
_NO_DATA = QBrush(QColor("#f3f3f3"))
_DATA_ROLE = Qt.ItemDataRole.UserRole


def _table(headers: tuple[str, ...], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, mode)
    wrap_header(table)
    table.setItemDelegate(ClampedTextDelegate(table))
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table


def _fill(table: QTableWidget, rows: list[tuple[list[str], QBrush | None, object]]) -> None:
    table.setRowCount(len(rows))
    for number, (cells, brush, data) in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setData(_DATA_ROLE, data)
            if brush is not None:
                item.setBackground(brush)
            table.setItem(number, column, item)
    table.setVisible(bool(rows))  # the block's summary says «нет»: an empty grid below it says nothing more
    cap_row_heights(table)
    _fit_height(table)


def _fit_height(table: QTableWidget) -> None:
    """At least two rows in view, so that a block is never a header over a sliver; no more than all its rows, so
    that a short list leaves the room to the long ones."""
    chrome = table.horizontalHeader().height() + 2 * table.frameWidth()
    heights = [table.rowHeight(row) for row in range(table.rowCount())]
    table.setMinimumHeight(chrome + (sum(heights[:2]) if heights else table.verticalHeader().defaultSectionSize()))
    table.setMaximumHeight(chrome + max(sum(heights), table.verticalHeader().defaultSectionSize()) + 2)


def _label(object_name: str = "") -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)  # a sentence wraps instead of widening the page past a small screen
    return label


def _box(title: str, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(6, 4, 6, 6)
    layout.setSpacing(4)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableWidget) else 0)
    layout.addStretch(0)  # a short list keeps its rows under its title; the space left stays below
    return box


class DashboardPage(Page):
    KEY = "dashboard"
    TITLE = "Обзор"
    DEPENDS_ON = (
        MEASURE_TABLES | FAMILY_TABLES | INDICATOR_TABLES | FORM_TABLES | EXCHANGE_TABLES | CASE_TABLES | ROUTE_TABLES
    )
    REFRESH_WHILE_SHOWN = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        casework = None
        if context.info.kind is InstallationKind.DISTRICT:  # the region sees its districts' cases on their page
            casework = CaseworkDueService(CaseRegister(context.db), CaseRouteService(context.db))
        self.service = DashboardService(
            context.indicators, context.registry, context.families, context.forms, casework=casework
        )
        self.data: Dashboard | None = None

        self.indicator_title = QLabel()
        self.indicator_summary = _label("indicatorSummary")
        self.indicators = _table(("Код", "Показатель", "План", "Факт", "Отклонение"), 1)
        self.indicators.itemDoubleClicked.connect(lambda _item: self._open("indicators"))
        self.chart = PlanFactChart()
        self.chart.setToolTip("")
        self.chart.activated.connect(lambda _code: self._open("indicators"))
        self.chart_area = QScrollArea()
        self.chart_area.setObjectName("planFactArea")
        self.chart_area.setWidget(self.chart)
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.overdue_summary = _label()
        self.overdue = _table(("№", "Мероприятие", "Просрочено за"), 1)
        self.overdue.itemDoubleClicked.connect(self._open_overdue_measure)
        self.casework_summary = _label("caseworkSummary")
        self.casework = _table(("Случай", "Что просрочено", "На сколько"), 1)
        self.casework.setObjectName("caseworkOverdue")
        self.casework.itemActivated.connect(self._open_case)  # a double click or Enter
        self.targets_summary = _label()
        self.targets = _table(("Муниципальное образование", "Готовых семей", "Не хватает"), 0)
        self.targets.itemDoubleClicked.connect(lambda _item: self._open("families"))
        self.forms = _table(("Форма", "Период", "Состояние"), 0)
        self.forms.itemDoubleClicked.connect(lambda _item: self._open("forms"))
        self.reminder_service = reminder_service(context)
        self.reminders_data: Reminders | None = None
        self.chain = ChainStrip(context)
        self.chain.changed.connect(self.refresh)  # a step marked here is no longer due
        self.reminders_summary = _label("remindersSummary")
        self.reminders = RemindersTable()

        # Blocks side by side, each list at least two rows high; on a screen too small even for that the blocks
        # scroll together rather than shrink to headers.
        blocks = QWidget()
        blocks.setObjectName("dashboardBlocks")
        grid = QGridLayout(blocks)
        grid.setContentsMargins(0, 0, 0, 0)
        self.indicator_box = _box("Показатели", self.indicator_summary, self.chart_area, self.indicators)
        grid.addWidget(self.indicator_box, 0, 0, 2, 1)
        self.overdue_box = _box("Просроченные мероприятия", self.overdue_summary, self.overdue)
        grid.addWidget(self.overdue_box, 0, 1)
        self.targets_box = _box("Ресурсные семьи", self.targets_summary, self.targets)
        grid.addWidget(self.targets_box, 1, 1)
        # the forms to fill and the overdue casework share a row: a third block in the right column would push the
        # forms below the fold at 1280×720
        self.forms_box = _box("Формы к заполнению", self.forms)
        self.casework_box = _box("Сопровождение семей: просрочено", self.casework_summary, self.casework)
        self.casework_box.setObjectName("caseworkBox")
        self.casework_box.setVisible(casework is not None)
        grid.addWidget(self.forms_box, 2, 0, 1, 1 if casework is not None else 2)
        grid.addWidget(self.casework_box, 2, 1)
        self.reminders_box = _box("Сроки и напоминания", self.chain, self.reminders_summary, self.reminders)
        grid.addWidget(self.reminders_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        for row, stretch in enumerate((2, 1, 0, 0)):
            grid.setRowStretch(row, stretch)
        self.blocks_area = QScrollArea()
        self.blocks_area.setObjectName("dashboardArea")
        self.blocks_area.setWidget(blocks)
        self.blocks_area.setWidgetResizable(True)
        self.blocks_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.blocks_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        hint = _label()
        hint.setText("Двойной щелчок по строке открывает соответствующий раздел; полный текст — в подсказке.")
        hint.setStyleSheet("color: #666;")
        self.root_layout.addWidget(self.blocks_area, 1)
        self.root_layout.addWidget(hint)

    def refresh(self) -> None:
        actor, territory = self.context.actor, self.context.territory
        self.load(lambda: self.service.summary(actor, territory), self._show)
        self.load(lambda: self.reminder_service.reminders(actor), self._show_reminders)

    def _show_reminders(self, reminders: Reminders) -> None:
        self.reminders_data = reminders
        self.reminders_summary.setText(summary_text(reminders))
        self.reminders.show_reminders(reminders)
        self.reminders.setVisible(not reminders.empty)
        _fit_height(self.reminders)

    def _show(self, data: object) -> None:
        assert isinstance(data, Dashboard)
        self.data = data
        self._show_indicators(data)
        sheet = data.sheet
        self.chain.show_for(sheet.program_id if sheet else None, sheet.period if sheet else None)
        self.overdue_summary.setText(
            f"Без отчёта после срока: {data.overdue_total}" if data.overdue_total else "Просроченных мероприятий нет."
        )
        _fill(
            self.overdue,
            [([row.full_number, row.name, _overdue_text(row.overdue_periods)], _BEHIND, row) for row in data.overdue],
        )
        short = [row for row in data.targets if row.shortfall]
        self.targets_summary.setText(
            "Цель — не менее 5 готовых семей в каждом МО: "
            + (f"не хватает в {len(short)} МО." if short else "достигнута во всех МО.")
        )
        _fill(
            self.targets,
            [
                (
                    [row.municipality, str(row.ready), str(row.shortfall) if row.shortfall else "—"],
                    _BEHIND if row.shortfall else _ON_PLAN,
                    row.municipality,
                )
                for row in data.targets
            ],
        )
        _fill(self.forms, [self._form_row(summary) for summary in data.forms])
        self._show_casework(data.casework)

    def _show_casework(self, casework: CaseworkDue | None) -> None:
        """Overdue reviews and route items of open cases, red as overdue measures are; hidden where none are kept."""
        self.casework_box.setVisible(casework is not None)
        if casework is None:
            return
        if casework.total:
            self.casework_summary.setText(
                f"Пересмотр просрочен: {casework.reviews_overdue} сл.; "
                f"просрочено по маршрутам: {casework.route_overdue}"
            )
        else:
            self.casework_summary.setText("Просроченных пересмотров и услуг нет.")
        _fill(
            self.casework,
            [([item.case_code, item.title, item.late_text], _BEHIND, item) for item in casework.items],
        )

    def _show_indicators(self, data: Dashboard) -> None:
        sheet = data.sheet
        if sheet is None:
            self.indicator_box.setTitle("Показатели")
            self.indicator_summary.setText("Показателей пока нет: загрузите программу с таблицей показателей.")
            _fill(self.indicators, [])
            self._show_chart([])
            return
        # a group box never wraps its title: the program's long title goes to the wrapping label below it
        self.indicator_box.setTitle(f"Показатели — {sheet.period.label}")
        self.indicator_box.setToolTip(sheet.program_title)
        rows = [row for row in sheet.rows if row.plan is not None or row.has_value]
        met = sum(1 for row in rows if row.on_plan is True)
        behind = sum(1 for row in rows if row.on_plan is False)
        missing = sum(1 for row in rows if not row.has_value)
        self.indicator_summary.setText(
            f"В плане: {met}, отстают от плана: {behind}, нет факта: {missing} (из {len(rows)} с планом или фактом). "
            f"{sheet.program_title}."
        )
        _fill(self.indicators, [_indicator_row(row) for row in rows])
        self._show_chart([_bar(row) for row in rows if row.has_value])

    def _show_chart(self, bars: list[Bar]) -> None:
        """Plan against fact for the indicators that have a fact; the table below lists them all."""
        self.chart.set_bars(bars)
        wanted = self.chart.sizeHint().height() + 2 * self.chart_area.frameWidth()
        self.chart_area.setMaximumHeight(wanted)  # the rest goes to the table; many bars scroll
        # a few bars' height at least: more would push the table below a 720-pixel screen's edge
        self.chart_area.setMinimumHeight(min(wanted, 4 * self.fontMetrics().lineSpacing() + 16))

    @staticmethod
    def _form_row(summary) -> tuple[list[str], QBrush | None, object]:  # type: ignore[no-untyped-def]
        if summary.status is None or not summary.filled:
            state, brush = "не заполнена", _BEHIND
        else:
            state = f"{summary.status.label}: отвечено {summary.answered} из {summary.total}"
            brush = _ON_PLAN if summary.status.value == "approved" else None
        return [summary.form.title, summary.period.label, state], brush, (summary.form.id, summary.period.code)

    def _open_overdue_measure(self, item: QTableWidgetItem) -> None:
        """Open «Мероприятия» on the measure double-clicked, in its latest overdue period, nothing filtered away."""
        measure = item.data(_DATA_ROLE)
        opener = getattr(self.window(), "open_page", None)
        if opener is None or not isinstance(measure, MeasureRow):
            return
        page = opener("measures")
        latest = max(measure.overdue_periods) if measure.overdue_periods else None
        page.go_to_measure(measure.id, measure.program_id, latest)

    def _open_case(self, item: QTableWidgetItem) -> None:
        """Open the case's card from «Сопровождение семей», as a specialist would from the list."""
        found = item.data(_DATA_ROLE)
        opener = getattr(self.window(), "open_page", None)
        if opener is None or not isinstance(found, CaseworkItem):
            return
        open_case = getattr(opener("cases"), "open_case", None)
        if open_case is not None:
            open_case(found.case_id)

    def _open(self, key: str) -> None:
        window = self.window()
        opener = getattr(window, "open_page", None)
        if opener is not None:
            opener(key)


def _overdue_text(periods: tuple[Period, ...]) -> str:
    """The latest overdue period, and how many more: a full list would squeeze the measure's name."""
    if not periods:
        return ""
    latest = max(periods)
    return latest.label + (f" и ещё {len(periods) - 1}" if len(periods) > 1 else "")


def _bar(row: SheetRow) -> Bar:
    return Bar(row.code, row.name, row.plan, row.value, row.on_plan, row.spec.kind, row.unit)


def _indicator_row(row: SheetRow) -> tuple[list[str], QBrush | None, object]:
    kind, unit = row.spec.kind, row.unit
    cells = [
        row.code,
        row.name,
        format_value(row.plan, kind, unit, with_unit=True) if row.plan is not None else row.plan_text,
        format_value(row.value, kind, unit, with_unit=True),
        format_deviation(row.deviation, kind, unit),
    ]
    brush = _NO_DATA if row.on_plan is None else (_ON_PLAN if row.on_plan else _BEHIND)
    return cells, brush, row.indicator_id
