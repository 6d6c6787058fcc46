"""«Сопровождение семей»: the register of family support cases (the tab «Случаи»), each opened in its card.

The page is a tab widget: the consilium and the resource map are tabs of their own beside the register
(``add_tab``). At a region the first tab, shown on opening, is «По районам»: the districts' cases counted and listed
by code (gui/cases/region_panel.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.gui import keyboard
from desktop_app.gui.cases.consilium_panel import ConsiliumPanel
from desktop_app.gui.cases.region_panel import RegionCasesPanel
from desktop_app.gui.cases.resource_map_panel import ResourceMapPanel
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.case_card_dialog import CaseCardDialog
from desktop_app.gui.dialogs.case_import_dialog import CaseImportDialog
from desktop_app.gui.dialogs.new_case_dialog import NewCaseDialog
from desktop_app.gui.models.cases_model import PAGE_SIZE, CasesTableModel
from desktop_app.gui.models.list_query import ListQuery
from desktop_app.gui.pages.base import CASE_TABLES, Page, press
from desktop_app.gui.pages.register_shared import (
    choose_list_file,
    loaded_text,
    open_list_import,
    territory_municipalities,
)
from desktop_app.gui.widgets.case_filters import CaseFilterBar
from desktop_app.gui.widgets.row_table import wrap_header
from desktop_app.services.case_import import CaseImportResult
from desktop_app.services.case_register import CaseFilter, CasePageKey, CaseRegister, CaseRow

COLUMN_WIDTHS = (72, 0, 84, 170, 82, 150, 120, 52)  # 0: the family's name stretches


class CasesPage(Page):
    KEY = "cases"
    TITLE = "Сопровождение семей"
    DEPENDS_ON = CASE_TABLES
    # the page itself only lists: the writes are made in the card and the new-case dialog, and the list follows
    REFRESH_WHILE_SHOWN = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        personal = context.actor.can(Permission.VIEW_PERSONAL_DATA)
        self.can_edit = context.actor.can(Permission.EDIT_DATA) and personal
        self.register = CaseRegister(context.db)
        self._municipalities = territory_municipalities(context)
        self._selected: str | None = None
        self._sort, self._descending = "code", False

        self.filters = CaseFilterBar(personal)
        self.filters.changed.connect(self.reload_rows)
        self.search = self.filters.search

        self.model = CasesTableModel()
        self.table = QTableView()
        self.table.setObjectName("casesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        wrap_header(self.table)  # «Следующий пересмотр» on two lines: the date gets the width
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(CasesTableModel.COL_FAMILY, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort_by)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._remember_selected)
        self.table.doubleClicked.connect(self._open_at)

        self.count_label = QLabel()
        self.new_button = QPushButton("Новый случай…")
        self.new_button.setObjectName("newCase")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(self.new_case)
        self.new_button.setVisible(self.can_edit)
        self.open_button = QPushButton("Открыть карточку")
        self.open_button.setObjectName("openCase")
        self.open_button.setToolTip("Enter или двойной щелчок по строке")
        self.open_button.clicked.connect(self.open_selected)
        keyboard.enter_presses(self.open_button, self.table)
        self.import_button = QPushButton("Загрузить список…")
        self.import_button.setObjectName("importCases")
        self.import_button.setToolTip("Внести случаи из списка Excel, который отдел вёл до программы")
        self.import_button.clicked.connect(self._choose_list_file)
        self.import_button.setVisible(self.can_edit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.open_button)

        self.listing = listing = QWidget()
        listing.setObjectName("casesListing")
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(4, 4, 4, 4)
        listing_layout.addWidget(self.filters)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addLayout(bottom)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("casesTabs")
        self.tabs.addTab(listing, "Случаи")
        self.consilium = ConsiliumPanel(context)
        self.add_tab(self.consilium, "Консилиумы")
        self.resource_map = ResourceMapPanel(context)
        self.add_tab(self.resource_map, "Ресурсная карта")
        self.region: RegionCasesPanel | None = None
        if context.info.kind is InstallationKind.REGION:
            self.region = RegionCasesPanel(context)
            self.tabs.insertTab(0, self.region, "По районам")
            self.tabs.setCurrentIndex(0)
        self.root_layout.addWidget(self.tabs, 1)
        self.dialog: CaseCardDialog | None = None  # the card open now

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Another part of the work with families beside the register («Консилиумы», «Ресурсная карта»)."""
        return self.tabs.addTab(widget, title)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.listing)
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------------------------------ loading

    def refresh(self) -> None:
        register, actor = self.register, self.context.actor
        self.load(lambda: register.curators(actor), self._show_curators)

    def _show_curators(self, names: list[str]) -> None:
        self.filters.set_curators(names)
        self.reload_rows()

    def current_filter(self) -> CaseFilter:
        return self.filters.current(self._sort, self._descending)

    def reload_rows(self) -> None:
        register, actor, filters = self.register, self.context.actor, self.current_filter()
        query: ListQuery[CaseRow, CasePageKey] = ListQuery(
            lambda: register.count(actor, filters), lambda after: register.page(actor, filters, after, PAGE_SIZE)
        )
        self.model.read(self.load, query, self._show_rows)

    def _show_rows(self) -> None:
        self.count_label.setText(f"Найдено случаев: {self.model.total:,}".replace(",", " "))
        rows = self.model.rows()
        self.open_button.setEnabled(bool(rows))
        if rows:
            ids = [row.id for row in rows]
            self.table.selectRow(ids.index(self._selected) if self._selected in ids else 0)

    def _sort_by(self, column: int) -> None:
        key = CasesTableModel.SORT_KEYS[column]
        if not key:
            return
        self._descending = not self._descending if key == self._sort else False
        self._sort = key
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.reload_rows()

    def _remember_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is not None:
            self._selected = row.id

    def selected_row(self) -> CaseRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    # ------------------------------------------------------------------------------------------ actions

    def new_shortcut(self) -> bool:
        return press(self.new_button)

    def new_case(self) -> NewCaseDialog | None:
        if not self.can_edit:
            return None
        dialog = NewCaseDialog(self.context, self._municipalities, self)
        dialog.finished.connect(lambda _code: self._case_created(dialog))
        dialog.open()
        return dialog

    def _case_created(self, dialog: NewCaseDialog) -> None:
        card = dialog.result_card
        if card is None:
            return
        self.messages.show_info(f"Случай {card.code} внесён в реестр (этап «{card.stage.label}»).")
        self._selected = card.id
        self.filters.search.clear()
        self.refresh()

    def _open_at(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_case(row.id)

    def open_selected(self) -> CaseCardDialog | None:
        row = self.selected_row()
        return self.open_case(row.id) if row is not None else None

    def open_case(self, case_id: str) -> CaseCardDialog:
        """The case's card; opening it is journaled (the service writes the view on the worker)."""
        self._selected = case_id
        dialog = CaseCardDialog(self.context, case_id, self)
        dialog.finished.connect(lambda _code: self._card_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _choose_list_file(self) -> None:
        from desktop_app.gui.dialogs.case_import_dialog import CASE_LIST_FILTER

        choose_list_file(self, "Список случаев", CASE_LIST_FILTER, self.import_list)

    def import_list(self, path: Path) -> CaseImportDialog:
        return open_list_import(self, CaseImportDialog(self.context, path, self), _imported_text, self.reload_rows)

    def _card_closed(self, dialog: CaseCardDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None


def _imported_text(result: CaseImportResult) -> str:
    return loaded_text("случаев", result.created, ("Пропущены уже внесённые", result.duplicates), result.problems)
