"""«Перечень мер поддержки»: the region's catalogue of support measures (payments, regional measures, the social
contract) that families' routes apply for. The region keeps it; a district and a role without the right to keep
reference data see it read-only, with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.case_terms import MeasureLevel
from desktop_app.domain.roles import InstallationKind, Permission
from desktop_app.gui import keyboard
from desktop_app.gui.cases.common import (
    EditDialog,
    choose_data,
    combo,
    list_view,
    selected_row,
)
from desktop_app.gui.cases.retirable import RetirableModel, RetireButtons, open_entry_dialog, save_entry, toggle_retired
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.window_fit import open_size
from desktop_app.services.support_catalogue import MeasureKindInput, MeasureKindRow, SupportCatalogueService

NO_RIGHT = (
    "Перечень открыт только для просмотра: изменять его может пользователь с правом «ведение справочников» "
    "(региональный координатор или администратор)."
)
AT_DISTRICT = (
    "Перечень открыт только для просмотра: перечень мер поддержки ведёт регион, изменения приходят в район "
    "с пакетом региона."
)


def read_only_reason(context: AppContext) -> str:
    """Why this user here cannot change the catalogue; "" when they can."""
    if not context.actor.can(Permission.MANAGE_REFERENCE_DATA):
        return NO_RIGHT
    if context.info.kind is not InstallationKind.REGION:
        return AT_DISTRICT
    return ""


class CatalogueModel(RetirableModel[MeasureKindRow]):
    HEADERS = ("Мера поддержки", "Уровень", "Социальный контракт", "Исключена", "Применялась")

    def display(self, row: MeasureKindRow, column: int) -> str:
        values = (
            row.name,
            row.level_label,
            "да" if row.is_social_contract else "",
            "исключена" if row.is_retired else "",
            str(row.used_by_cases) if row.used_by_cases else "",
        )
        return values[column]


class MeasureKindDialog(EditDialog):
    def __init__(
        self,
        context: AppContext,
        service: SupportCatalogueService,
        row: MeasureKindRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "Мера поддержки" if row else "Новая мера поддержки", parent, (600, 300))
        self.service, self.row = service, row
        self.name = QLineEdit()
        self.name.setObjectName("catalogueName")
        self.level = combo("catalogueLevel", ((level.value, level.label) for level in MeasureLevel))
        self.social = QCheckBox("социальный контракт")
        self.social.setObjectName("catalogueSocial")
        self.field("name", "Наименование:", self.name)
        self.field("level", "Уровень:", self.level)
        self.field("is_social_contract", "", self.social)
        if row is not None:
            self.name.setText(row.name)
            choose_data(self.level, row.level)
            self.social.setChecked(row.is_social_contract)
        else:
            choose_data(self.level, MeasureLevel.REGIONAL.value)
        self.finish_layout()

    def save(self) -> None:
        entry = MeasureKindInput(self.name.text(), str(self.level.currentData()), self.social.isChecked())
        save_entry(self, entry, self.row, self.service.add, self.service.update)


class SupportCatalogueDialog(QDialog):
    """The catalogue; ``changed`` is True after anything was written (the caller may refresh what shows it)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Перечень мер поддержки")
        open_size(self, 1000, 600)
        self.context = context
        self.service = SupportCatalogueService(context.db)
        self.changed = False
        self.reason = read_only_reason(context)
        self.editable = not self.reason
        self.messages = MessageBar(self)
        self.reason_label = QLabel(self.reason)
        self.reason_label.setObjectName("catalogueReadOnly")
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(self.reason))
        self.show_retired = QCheckBox("показывать исключённые")
        self.show_retired.setObjectName("catalogueShowRetired")
        self.show_retired.toggled.connect(lambda _on: self.reload())
        self.model = CatalogueModel()
        self.table = list_view(self.model, "catalogueTable", (480, 130, 150, 100))
        self.entry_buttons = RetireButtons("catalogue", self.editable, "Исключить из перечня", "Вернуть в перечень")
        self.add, self.edit, self.retire = self.entry_buttons.add, self.entry_buttons.edit, self.entry_buttons.retire
        self.add.clicked.connect(lambda: self.open_kind_dialog(None))
        self.edit.clicked.connect(self._edit)
        self.retire.clicked.connect(self._toggle_retired)
        self.table.doubleClicked.connect(lambda _index: self._edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        close = QPushButton("Закрыть")
        close.setObjectName("catalogueClose")
        close.clicked.connect(self.accept)
        buttons = self.entry_buttons.row()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.show_retired)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        keyboard.prepare_dialog(self, self.table, close)
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        service, actor, retired = self.service, self.context.actor, self.show_retired.isChecked()
        self.context.runner.run(lambda: service.kinds(actor, retired), self._show, self.messages.show_error)

    def _show(self, rows: list[MeasureKindRow]) -> None:
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        if not rows:
            self.messages.show_info("Перечень мер поддержки пуст: меры приходят с пакетом региона.")
        self._update_buttons()

    def chosen(self) -> MeasureKindRow | None:
        return self.model.row_at(selected_row(self.table))

    def _update_buttons(self) -> None:
        self.entry_buttons.show_for(self.chosen())

    def open_kind_dialog(self, row: MeasureKindRow | None) -> QDialog:
        return open_entry_dialog(MeasureKindDialog(self.context, self.service, row, self), self._saved)

    def _edit(self) -> None:
        row = self.chosen()
        if self.editable and row is not None and not row.read_only_reason:
            self.open_kind_dialog(row)

    def _toggle_retired(self) -> None:
        row = self.chosen()
        if row is None or not self.editable:
            return
        said = ("Мера исключена из перечня.", "Мера возвращена в перечень.")
        toggle_retired(self.context, row, self.service.retire, said, self._written, self.messages.show_error)

    def _saved(self) -> None:
        self._written("Перечень сохранён.")

    def _written(self, message: str) -> None:
        self.changed = True
        self.messages.show_info(message)
        self.reload()
