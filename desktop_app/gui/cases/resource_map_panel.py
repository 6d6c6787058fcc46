"""«Ресурсная карта»: the district's services and providers (what, who, where, for whom, contacts, terms) that the
families' routes choose from; search (any case, ё = е), filters by kind and territory, add, change, retire."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.case_terms import ServiceKind
from desktop_app.domain.roles import Permission
from desktop_app.gui import keyboard
from desktop_app.gui.cases.common import (
    MAP_TABLES,
    EditDialog,
    LiveSection,
    choose_data,
    combo,
    list_view,
    selected_row,
)
from desktop_app.gui.cases.retirable import RetirableModel, RetireButtons, open_entry_dialog, save_entry, toggle_retired
from desktop_app.gui.cases.route_dialogs import organisation_combo, text_box
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.measure_editing import ExecutorRef
from desktop_app.services.resource_map import ResourceFilter, ResourceInput, ResourceMapService, ResourceRow

SHOW_RETIRED = "показывать выведенные"


class ResourceModel(RetirableModel[ResourceRow]):
    HEADERS = ("Вид услуги", "Наименование", "Исполнитель", "Территория", "Адрес", "Для кого", "Контакты", "Условия")

    def display(self, row: ResourceRow, column: int) -> str:
        values = (
            row.kind_label,
            row.name + (" (выведена из карты)" if row.is_retired else ""),
            row.provider_name,
            row.territory,
            row.address,
            row.target_group,
            row.contacts,
            row.terms,
        )
        return values[column]


class ResourceEntryDialog(EditDialog):
    """A new entry of the map (``row`` None) or a change to one."""

    def __init__(
        self,
        context: AppContext,
        service: ResourceMapService,
        organisations: tuple[ExecutorRef, ...],
        row: ResourceRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context, "Услуга ресурсной карты" if row else "Новая услуга ресурсной карты", parent, (640, 600)
        )
        self.service, self.row = service, row
        self.kind = combo("resourceKind", ((kind.value, kind.label) for kind in ServiceKind))
        self.name = QLineEdit()
        self.name.setObjectName("resourceName")
        self.provider = organisation_combo(
            "resourceProvider", organisations, (row.provider_id, row.provider_name) if row else (None, "")
        )
        self.territory = QLineEdit()
        self.territory.setObjectName("resourceTerritory")
        self.address = QLineEdit()
        self.address.setObjectName("resourceAddress")
        self.target_group = text_box("resourceTargetGroup", 48)
        self.contacts = text_box("resourceContacts", 48)
        self.terms = text_box("resourceTerms", 48)
        self.field("kind", "Вид услуги:", self.kind)
        self.field("name", "Наименование:", self.name)
        self.field("provider_id", "Исполнитель:", self.provider)
        self.field("territory", "Территория:", self.territory)
        self.field("address", "Адрес:", self.address)
        self.field("target_group", "Для кого:", self.target_group)
        self.field("contacts", "Контакты:", self.contacts)
        self.field("terms", "Условия:", self.terms)
        if row is not None:
            choose_data(self.kind, row.kind)
            self.name.setText(row.name)
            self.territory.setText(row.territory)
            self.address.setText(row.address)
            self.target_group.setPlainText(row.target_group)
            self.contacts.setPlainText(row.contacts)
            self.terms.setPlainText(row.terms)
        self.finish_layout()

    def save(self) -> None:
        entry = ResourceInput(
            kind=str(self.kind.currentData()),
            name=self.name.text(),
            provider_id=str(self.provider.currentData() or "") or None,
            territory=self.territory.text(),
            address=self.address.text(),
            target_group=self.target_group.toPlainText(),
            contacts=self.contacts.toPlainText(),
            terms=self.terms.toPlainText(),
        )
        save_entry(self, entry, self.row, self.service.add, self.service.update)


class ResourceMapPanel(LiveSection):
    """The district's resource map with its search and filters; emits ``changed`` after its own writes."""

    DEPENDS_ON = MAP_TABLES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.service = ResourceMapService(context.db)
        self.can_edit = context.actor.can(Permission.EDIT_DATA)
        self.organisations: tuple[ExecutorRef, ...] = ()
        self.search = SearchBox("поиск: услуга, исполнитель, адрес, для кого")
        self.search.setObjectName("resourceSearch")
        self.kind = combo("resourceKindFilter", ((kind.value, kind.label) for kind in ServiceKind), blank="все виды")
        self.territory = combo("resourceTerritoryFilter", (), blank="все территории")
        self.show_retired = QCheckBox(SHOW_RETIRED)
        self.show_retired.setObjectName("resourceShowRetired")
        self.found = QLabel()
        self.found.setObjectName("resourceFound")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.territory, 1)
        filters.addWidget(self.show_retired)
        filters.addWidget(self.found)
        self.model = ResourceModel()
        self.table = list_view(self.model, "resourceMap", (150, 220, 170, 120, 150, 150, 140))
        self.entry_buttons = RetireButtons("resource", self.can_edit, "Вывести из карты", "Вернуть в карту")
        self.add, self.edit, self.retire = self.entry_buttons.add, self.entry_buttons.edit, self.entry_buttons.retire
        self.read_only = QLabel()
        self.read_only.setObjectName("resourceReadOnly")
        self.read_only.setStyleSheet("color: #555;")
        self.read_only.setWordWrap(True)
        buttons = self.entry_buttons.row()
        buttons.addWidget(self.read_only, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.search.search_changed.connect(lambda _text: self.refresh())
        self.kind.currentIndexChanged.connect(lambda _index: self.refresh())
        self.territory.currentIndexChanged.connect(lambda _index: self.refresh())
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.add.clicked.connect(lambda: self.open_entry_dialog(None))
        self.edit.clicked.connect(self._edit)
        self.retire.clicked.connect(self.toggle_retired)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        keyboard.search_leads_to(self.search, self.table)
        self._update_buttons()
        self.refresh()

    def filters(self) -> ResourceFilter:
        return ResourceFilter(
            text=self.search.text(),
            kind=str(self.kind.currentData() or ""),
            territory=str(self.territory.currentData() or ""),
            include_retired=self.show_retired.isChecked(),
        )

    def refresh(self) -> None:
        service, actor, filters, editing = self.service, self.context.actor, self.filters(), self.can_edit
        organisations = self.context.measures

        def work() -> tuple[list[ResourceRow], list[str], list[ExecutorRef]]:
            refs = organisations.organisations(actor) if editing else []
            return service.entries(actor, filters), service.territories(actor), refs

        self.load(work, self._show)

    def _show(self, result: tuple[list[ResourceRow], list[str], list[ExecutorRef]]) -> None:
        rows, territories, organisations = result
        self.organisations = tuple(organisations)
        chosen = self.chosen()
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        if chosen is not None:
            for number, row in enumerate(rows):
                if row.id == chosen.id:
                    self.table.selectRow(number)
        current = self.territory.currentData()
        self.territory.blockSignals(True)
        self.territory.clear()
        self.territory.addItem("все территории", "")
        for name in territories:
            self.territory.addItem(name, name)
        if current and self.territory.findData(current) < 0:
            self.territory.addItem(str(current), current)
        choose_data(self.territory, current or "")
        self.territory.blockSignals(False)
        self.found.setText(f"найдено: {len(rows)}")
        self._update_buttons()

    def chosen(self) -> ResourceRow | None:
        return self.model.row_at(selected_row(self.table))

    def _update_buttons(self) -> None:
        row = self.chosen()
        self.entry_buttons.show_for(row)
        self.read_only.setText(row.read_only_reason if row is not None and self.can_edit else "")

    def open_entry_dialog(self, row: ResourceRow | None) -> QDialog:
        dialog = ResourceEntryDialog(self.context, self.service, self.organisations, row, self)
        message = "Изменения сохранены." if row else "Услуга добавлена в ресурсную карту."
        return open_entry_dialog(dialog, lambda: self._written(message))

    def _edit(self) -> None:
        row = self.chosen()
        if self.can_edit and row is not None and not row.read_only_reason:
            self.open_entry_dialog(row)

    def toggle_retired(self) -> None:
        """Take the chosen entry off the map (routes keep it), or bring a retired one back."""
        row = self.chosen()
        if row is None or not self.can_edit:
            return
        said = (
            f"Услуга «{row.name}» выведена из ресурсной карты.",
            f"Услуга «{row.name}» возвращена в ресурсную карту.",
        )
        toggle_retired(self.context, row, self.service.retire, said, self._written, self.messages.show_error)

    def _written(self, message: str) -> None:
        self.messages.show_info(message)
        self.changed.emit()
