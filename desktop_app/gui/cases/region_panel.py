"""«По районам»: the region's view of its districts' family support cases (issue 25 §4–§6). On a date chosen (today
unless changed) a table per district — open cases by category, closed ones by outcome, reviews and services
overdue — with the region's total; below it the case codes with their districts, filtered by district, category and
stage; in a second tab every district's resource map together, filtered by kind, territory and words. Codes only:
the region receives no name, and this panel shows none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case_terms import CaseCategory, CaseStage, ServiceKind
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.domain.pseudonymity import district_short
from desktop_app.gui.cases.common import LiveSection, choose_data, combo, date_field, list_view, selected_row
from desktop_app.gui.cases.region_models import (
    DistrictLine,
    DistrictsModel,
    RegionCasesModel,
    RegionMapModel,
    district_lines,
)
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.region_cases import DistrictCases, MapEntry, RegionCaseRow, RegionCases

REGION_TABLES = frozenset(
    {"family_case", "case_stage", "case_service", "resource_service", "organisation", "sync_record_state"}
)
_DISTRICT_WIDTHS = (180, 80, 50, 50, 90, 100, 75, 95, 90, 85, 90, 90)
_CASE_WIDTHS = (70, 120, 165, 200, 85, 165, 85)
_MAP_WIDTHS = (130, 150, 220, 160, 120, 150, 150, 130)

Loaded = tuple[tuple[DistrictCases, ...], list[RegionCaseRow], list[MapEntry]]


class RegionCasesPanel(LiveSection):
    """Counts per district on a date, the codes with their districts, and the districts' resource maps."""

    DEPENDS_ON = REGION_TABLES

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, today: Callable[[], date] = date.today
    ) -> None:
        super().__init__(context, parent)
        self.service = RegionCases(context.db, today)
        self.on_date = today()
        self.all_cases: list[RegionCaseRow] = []

        self.date_edit = date_field("regionCasesDate")
        self.date_edit.setText(format_date(self.on_date))
        self.date_edit.setToolTip("Числа считаются на эту дату: открытые на неё случаи, закрытые к ней, просрочки")
        self.show_button = QPushButton("Показать")
        self.show_button.setObjectName("regionCasesShow")
        self.summary = QLabel()
        self.summary.setObjectName("regionCasesSummary")
        top = QHBoxLayout()
        top.addWidget(QLabel("На дату:"))
        top.addWidget(self.date_edit)
        top.addWidget(self.show_button)
        top.addWidget(self.summary, 1)

        self.districts_model = DistrictsModel()
        self.districts = list_view(self.districts_model, "regionDistricts", _DISTRICT_WIDTHS)
        self.districts.setWordWrap(False)
        self.districts.horizontalHeader().setStretchLastSection(False)
        self.districts.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        self.district_filter = combo("regionCaseDistrict", (), blank="все районы")
        self.category_filter = combo(
            "regionCaseCategory", ((c.label, c.label) for c in CaseCategory), blank="все категории"
        )
        self.stage_filter = combo("regionCaseStage", ((s.label, s.label) for s in CaseStage), blank="все этапы")
        self.open_only = QCheckBox("только открытые на дату")
        self.open_only.setObjectName("regionCaseOpenOnly")
        self.cases_found = QLabel()
        self.cases_found.setObjectName("regionCasesFound")
        filters = QHBoxLayout()
        for box in (self.district_filter, self.category_filter, self.stage_filter):
            filters.addWidget(box, 1)
        filters.addWidget(self.open_only)
        filters.addWidget(self.cases_found)
        self.cases_model = RegionCasesModel()
        self.cases = list_view(self.cases_model, "regionCaseCodes", _CASE_WIDTHS)
        self.cases.setWordWrap(False)
        codes = QWidget()
        codes_layout = QVBoxLayout(codes)
        codes_layout.setContentsMargins(0, 0, 0, 0)
        note = QLabel("Случаи — только коды с районом: имена, адреса и записи о семьях остаются в районах.")
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        codes_layout.addLayout(filters)
        codes_layout.addWidget(self.cases, 1)
        codes_layout.addWidget(note)
        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("regionCasesSplit")
        split.setChildrenCollapsible(False)
        split.addWidget(self.districts)
        split.addWidget(codes)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        counts = QWidget()
        counts_layout = QVBoxLayout(counts)
        counts_layout.setContentsMargins(4, 4, 4, 4)
        counts_layout.addLayout(top)
        counts_layout.addWidget(split, 1)

        self.map_search = SearchBox("поиск: услуга, исполнитель, адрес, для кого")
        self.map_search.setObjectName("regionMapSearch")
        self.map_kind = combo("regionMapKind", ((k.value, k.label) for k in ServiceKind), blank="все виды")
        self.map_territory = QLineEdit()
        self.map_territory.setObjectName("regionMapTerritory")
        self.map_territory.setPlaceholderText("территория (часть названия)")
        self.map_found = QLabel()
        self.map_found.setObjectName("regionMapFound")
        map_filters = QHBoxLayout()
        map_filters.addWidget(self.map_search, 2)
        map_filters.addWidget(self.map_kind, 1)
        map_filters.addWidget(self.map_territory, 1)
        map_filters.addWidget(self.map_found)
        self.map_model = RegionMapModel()
        self.map = list_view(self.map_model, "regionResourceMap", _MAP_WIDTHS)
        maps = QWidget()
        maps_layout = QVBoxLayout(maps)
        maps_layout.setContentsMargins(4, 4, 4, 4)
        maps_layout.addLayout(map_filters)
        maps_layout.addWidget(self.map, 1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("regionCasesTabs")
        self.tabs.addTab(counts, "Случаи по районам")
        self.tabs.addTab(maps, "Ресурсные карты районов")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.messages)
        layout.addWidget(self.tabs, 1)

        self.show_button.clicked.connect(self.refresh)
        self.date_edit.returnPressed.connect(self.refresh)
        for box in (self.district_filter, self.category_filter, self.stage_filter):
            box.currentIndexChanged.connect(lambda _index: self._show_cases())
        self.open_only.toggled.connect(lambda _on: self._show_cases())
        self.districts.selectionModel().selectionChanged.connect(lambda *_args: self._district_chosen())
        self.map_search.search_changed.connect(lambda _text: self.reload_map())
        self.map_kind.currentIndexChanged.connect(lambda _index: self.reload_map())
        self.map_territory.textChanged.connect(lambda _text: self.reload_map())
        self.refresh()

    # ------------------------------------------------------------------------------------------ loading

    def chosen_date(self) -> date | None:
        """The date typed, or None after saying what is wrong with it."""
        try:
            return parse_date(self.date_edit.text())
        except ValidationError as exc:
            self.messages.show_error(exc.message)
            return None

    def refresh(self) -> None:
        day = self.chosen_date()
        if day is None:
            return
        self.on_date = day
        self.messages.clear_message()
        service, actor, kind, territory, text = self.service, self.context.actor, *self._map_filters()

        def work() -> Loaded:
            return (
                service.districts(actor, day),
                service.cases(actor, day),
                service.resource_map(actor, kind, territory, text),
            )

        self.load(work, self._show)

    def reload_map(self) -> None:
        service, actor, kind, territory, text = self.service, self.context.actor, *self._map_filters()
        self.load(lambda: service.resource_map(actor, kind, territory, text), self._show_map)

    def _map_filters(self) -> tuple[str, str, str]:
        return str(self.map_kind.currentData() or ""), self.map_territory.text(), self.map_search.text()

    def _show(self, loaded: Loaded) -> None:
        found, cases, entries = loaded
        lines = district_lines(found)
        self.districts_model.set_rows(lines)
        self.districts.resizeRowsToContents()
        self._fit_districts()
        total = lines[-1] if lines else None
        day = format_date(self.on_date)
        self.summary.setText(
            f"На {day}: районов со случаями — {len(found)}, открыто случаев — {total.open}, "
            f"просрочен пересмотр — {total.reviews_overdue}, просрочено услуг — {total.services_overdue}."
            if total is not None
            else f"На {day} районы ещё не прислали ни одного случая."
        )
        self._set_districts([line.district for line in lines if not line.is_total])
        self.all_cases = cases
        self._show_cases()
        self._show_map(entries)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_districts()

    def _fit_districts(self) -> None:
        """The districts' table as high as its rows (up to half the room); the codes get the rest."""
        table = self.districts
        wanted = table.horizontalHeader().height() + 2 * table.frameWidth() + 4
        wanted += sum(table.rowHeight(row) for row in range(self.districts_model.rowCount()))
        room = sum(self.split.sizes())
        if room > 0:
            mine = max(min(wanted, room // 2), room // 5)
            self.split.setSizes([mine, room - mine])

    def _set_districts(self, names: list[str]) -> None:
        current = self.district_filter.currentData()
        self.district_filter.blockSignals(True)
        self.district_filter.clear()
        self.district_filter.addItem("все районы", "")
        for name in names:
            self.district_filter.addItem(district_short(name), name)
        choose_data(self.district_filter, current or "")
        self.district_filter.blockSignals(False)

    def _show_cases(self) -> None:
        district = str(self.district_filter.currentData() or "")
        category = str(self.category_filter.currentData() or "")
        stage = str(self.stage_filter.currentData() or "")
        day, open_only = self.on_date, self.open_only.isChecked()
        rows = [
            row
            for row in self.all_cases
            if (not district or row.district == district)
            and (not category or row.category == category)
            and (not stage or row.stage == stage)
            and (not open_only or (row.identified_on <= day and (row.closed_on is None or row.closed_on > day)))
        ]
        self.cases_model.set_rows(rows)
        self.cases_found.setText(f"кодов: {len(rows)}")

    def _show_map(self, entries: list[MapEntry]) -> None:
        self.map_model.set_rows(entries)
        self.map.resizeRowsToContents()
        self.map_found.setText(f"найдено: {len(entries)}")

    def _district_chosen(self) -> None:
        """A district's row chosen in the table lists its codes below; the total row lists them all."""
        line: DistrictLine | None = self.districts_model.row_at(selected_row(self.districts))
        if line is not None:
            choose_data(self.district_filter, "" if line.is_total else line.district)
