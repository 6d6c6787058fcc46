"""«Ресурсные семьи»: the register table with filters and the target of five, and the family's card."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.matching import TargetRow
from desktop_app.domain.numbers import format_number
from desktop_app.domain.roles import Permission
from desktop_app.exports.families_xlsx import write_families_xlsx
from desktop_app.gui import file_dialogs
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.matching_dialog import MatchingDialog
from desktop_app.gui.dialogs.new_family_dialog import NewFamilyDialog
from desktop_app.gui.dialogs.placement_stats_dialog import PlacementStatsDialog
from desktop_app.gui.models.families_model import PAGE_SIZE, FamiliesTableModel
from desktop_app.gui.models.list_query import ListQuery
from desktop_app.gui.pages.base import FAMILY_TABLES, Page, press
from desktop_app.gui.pages.register_shared import (
    choose_list_file,
    loaded_text,
    open_list_import,
    territory_municipalities,
)
from desktop_app.gui.panels.family_card_panel import FamilyCardPanel
from desktop_app.gui.widgets.family_filters import FamilyFilterBar
from desktop_app.gui.window_fit import keep_splitter
from desktop_app.services.family_export import family_export
from desktop_app.services.family_register import FamilyFilter, PageKey
from desktop_app.services.family_rows import FamilyRow

if TYPE_CHECKING:
    from desktop_app.gui.dialogs.family_import_dialog import FamilyImportDialog
    from desktop_app.services.family_import import FamilyImportResult


class FamiliesPage(Page):
    KEY = "families"
    TITLE = "Ресурсные семьи"
    DEPENDS_ON = FAMILY_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        personal = context.actor.can(Permission.VIEW_PERSONAL_DATA)
        can_edit = context.actor.can(Permission.EDIT_DATA) and personal
        self._municipalities: list[str] = territory_municipalities(context)
        self._selected: str | None = None
        self._sort, self._descending = "code", False

        self.targets = QLabel()
        self.targets.setObjectName("familyTargets")
        self.targets.setWordWrap(True)
        self.targets.setTextFormat(Qt.TextFormat.RichText)
        self.filters = FamilyFilterBar(personal)
        self.filters.changed.connect(self.reload_rows)
        self.search = self.filters.search

        self.model = FamiliesTableModel()
        self.table = QTableView()
        self.table.setObjectName("familiesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(FamiliesTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort_by)
        for column, width in enumerate((80, 300, 220, 200, 90, 50, 50, 200)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)

        self.count_label = QLabel()
        self.new_button = QPushButton("Новая семья…")
        self.new_button.setObjectName("newFamily")
        self.new_button.setEnabled(can_edit)
        self.new_button.clicked.connect(self.new_family)
        self.match_button = QPushButton("Подбор семьи…")
        self.match_button.setObjectName("matchFamily")
        self.match_button.setToolTip("Готовые семьи, подходящие ребёнку по возрасту, здоровью, месту и числу детей")
        self.match_button.clicked.connect(self.open_matching)
        self.import_button = QPushButton("Загрузить список…")
        self.import_button.setObjectName("importFamilies")
        self.import_button.setToolTip("Список семей из Excel: сопоставление столбцов, просмотр, загрузка")
        self.import_button.setEnabled(can_edit)
        self.import_button.clicked.connect(self._choose_list_file)
        self.export_button = QPushButton("В Excel…")
        self.export_button.setObjectName("exportFamilies")
        self.export_button.setToolTip("Семьи, как они отобраны сейчас, их размещения и выполнение цели «5 семей»")
        self.export_button.clicked.connect(self._export)
        self.stats_button = QPushButton("Статистика размещений…")
        self.stats_button.setObjectName("placementStatistics")
        self.stats_button.clicked.connect(self.open_statistics)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.match_button)
        bottom.addWidget(self.stats_button)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)
        self.bottom_buttons = bottom

        self.card = FamilyCardPanel(context)
        self.card.changed.connect(self._card_changed)
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.targets)
        listing_layout.addWidget(self.filters)
        listing_layout.addWidget(self.table, 1)
        listing_layout.addLayout(bottom)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(listing)
        self.splitter.addWidget(self.card)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, 420])
        keep_splitter(self.splitter, "families", context.settings)
        self.root_layout.addWidget(self.splitter, 1)

    def unsaved_changes(self) -> str:
        count = self.card.unsaved_families()
        return f"несохранённые изменения в карточках семей: {count}" if count else ""

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ------------------------------------------------------------------------------------------ loading

    def refresh(self) -> None:
        register, actor, known = self.context.families, self.context.actor, self._municipalities

        def work() -> tuple[list[str], list[TargetRow]]:
            return register.municipalities(actor), register.targets(actor, known)

        self.load(work, self._show_reference)

    def _show_reference(self, loaded: tuple[list[str], list[TargetRow]]) -> None:
        names, targets = loaded
        self.filters.blockSignals(True)
        self.filters.set_municipalities(sorted({*names, *self._municipalities}))
        self.filters.blockSignals(False)
        self._show_targets(targets)
        self.reload_rows()

    def _show_targets(self, targets: list[TargetRow]) -> None:
        short = [row for row in targets if row.shortfall]
        lines = [
            f"{html.escape(row.municipality)}: готовы {format_number(row.ready)}, "
            + (
                f"<b style='color:#b00020'>не хватает {format_number(row.shortfall)}</b>"
                if row.shortfall
                else "цель выполнена"
            )
            for row in targets[:6]
        ]
        more = f" … и ещё {len(targets) - 6}" if len(targets) > 6 else ""
        head = "Цель — не менее 5 готовых семей в каждом муниципальном образовании"
        state = f" (не выполнена в {len(short)})" if short else ""
        self.targets.setText(f"<b>{head}{state}.</b> " + "; ".join(lines) + more)

    def current_filter(self) -> FamilyFilter:
        return self.filters.current(self._sort, self._descending)

    def reload_rows(self) -> None:
        register, actor, filters = self.context.families, self.context.actor, self.current_filter()
        query: ListQuery[FamilyRow, PageKey] = ListQuery(
            lambda: register.count(actor, filters),
            lambda after: register.page(actor, filters, after, PAGE_SIZE),
            lambda start, total: register.page_at(actor, filters, start, PAGE_SIZE, total),
        )
        self.model.read(self.load, query, self._show_rows)

    def _show_rows(self) -> None:
        self.count_label.setText(f"Найдено семей: {format_number(self.model.total)}")
        rows = self.model.rows()
        if not rows:
            self.card.setEnabled(False)
            return
        ids = [row.id for row in rows]
        self.table.selectRow(ids.index(self._selected) if self._selected in ids else 0)

    def _sort_by(self, column: int) -> None:
        key = FamiliesTableModel.SORT_KEYS[column]
        if not key:
            return
        self._descending = not self._descending if key == self._sort else False
        self._sort = key
        order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)
        self.reload_rows()

    def _show_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is None:
            return
        self._selected = row.id
        if self.card.card is not None and self.card.card.id == row.id:
            return  # the table was reloaded after a change the card already shows
        self.card.show_family(row.id)

    def show_family(self, family_id: str) -> None:
        self._selected = family_id
        self.card.show_family(family_id)

    def _card_changed(self) -> None:
        self.refresh()

    # ------------------------------------------------------------------------------------------ actions

    def new_family(self) -> NewFamilyDialog:
        dialog = NewFamilyDialog(self.context, self._municipalities, self)
        dialog.finished.connect(lambda _code: self._family_created(dialog))
        dialog.open()
        return dialog

    def _family_created(self, dialog: NewFamilyDialog) -> None:
        card = dialog.result_card
        if card is None:
            return
        self.messages.show_info(f"Семья {card.code} внесена в реестр (этап «{card.stage.label}»).")
        self.filters.search.clear()
        self.show_family(card.id)
        self.refresh()

    def open_matching(self) -> MatchingDialog:
        dialog = MatchingDialog(self.context, self._municipalities, self)
        dialog.finished.connect(lambda _code: self._matched(dialog))
        dialog.open()
        return dialog

    def _choose_list_file(self) -> None:
        # the list readers (openpyxl, python-docx) load with the dialog, not with the page
        from desktop_app.gui.dialogs.family_import_dialog import FAMILY_LIST_FILTER

        choose_list_file(self, "Список семей", FAMILY_LIST_FILTER, self.import_list)

    def import_list(self, path: Path) -> FamilyImportDialog:
        from desktop_app.gui.dialogs.family_import_dialog import FamilyImportDialog

        return open_list_import(self, FamilyImportDialog(self.context, path, self), _imported_text, self.refresh)

    def _export(self) -> None:
        settings = self.context.settings
        default = Path(settings.last_folder or Path.home()) / f"Реестр ресурсных семей {date.today():%d.%m.%Y}.xlsx"
        name, _filter = file_dialogs.save_file_name(
            self, "Выгрузить реестр семей", str(default), "Книга Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def export_to(self, target: Path) -> None:
        db, actor, filters, known = self.context.db, self.context.actor, self.current_filter(), self._municipalities
        self.context.settings.last_folder = str(target.parent)
        self.load(
            lambda: write_families_xlsx(family_export(db, actor, filters, known), target),
            lambda path: self.messages.show_info(f"Реестр семей сохранён: {path}"),
        )

    def open_statistics(self) -> PlacementStatsDialog:
        dialog = PlacementStatsDialog(self.context, self)
        dialog.open()
        return dialog

    def _matched(self, dialog: MatchingDialog) -> None:
        if dialog.chosen_family_id:
            self.show_family(dialog.chosen_family_id)

    def save_shortcut(self) -> bool:
        return press(self.card.save_button)

    def export_shortcut(self) -> bool:
        return press(self.export_button)


def _imported_text(result: FamilyImportResult) -> str:
    skipped = ("Не загружены возможные дубликаты", result.duplicates_left)
    return loaded_text("семей", result.created, skipped, result.problems)
