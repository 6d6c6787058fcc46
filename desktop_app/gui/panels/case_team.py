"""«Команда» of a case card: the members from the organisation directory, the person, the role, one curator."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case_record import TeamMemberInput
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.case_form import returning_problems
from desktop_app.gui.panels.family_form import date_edit, optional_date
from desktop_app.gui.widgets.field_error import FieldError, add_field
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.services.case_card import CaseCard, TeamMemberView
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.directory import DirectoryService, OrganisationRow

TEAM_HEADERS = ("Организация", "ФИО", "Роль в команде", "Куратор")
COL_ORGANISATION, COL_PERSON, COL_ROLE, COL_CURATOR = range(4)
_ID_ROLE = 256
_KEYS = {"organisation_id": COL_ORGANISATION, "person": COL_PERSON, "role": COL_ROLE}


class CaseTeamPanel(QWidget):
    """Emits ``changed(card)`` after the team is saved."""

    changed = Signal(object)

    def __init__(self, context: AppContext, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.can_edit = can_edit
        self.card: CaseCard | None = None
        self.organisations: list[OrganisationRow] = []
        self.messages = MessageBar()
        self.table = QTableWidget(0, len(TEAM_HEADERS))
        self.table.setObjectName("caseTeam")
        self.table.setHorizontalHeaderLabels(list(TEAM_HEADERS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ORGANISATION, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_PERSON, 230), (COL_ROLE, 170), (COL_CURATOR, 70)):
            self.table.setColumnWidth(column, width)
        self.curators = QButtonGroup(self)
        self.curators.setExclusive(True)
        self.add_button = QPushButton("Добавить участника")
        self.add_button.setObjectName("caseTeamAdd")
        self.add_button.clicked.connect(lambda: self.add_member())
        self.remove_button = QPushButton("Убрать")
        self.remove_button.clicked.connect(self._remove_member)
        self.save_button = QPushButton("Сохранить команду")
        self.save_button.setObjectName("caseTeamSave")
        self.save_button.clicked.connect(self.save)
        self.team_error = FieldError()
        self.on_date = date_edit("caseTeamDate")
        self.on_date.setToolTip("Дата, с которой работает команда: этап «команда сопровождения»")
        dates = QFormLayout()
        self.date_error = add_field(dates, "Команда работает с:", self.on_date)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.save_button):
            button.setVisible(can_edit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.team_error)
        layout.addLayout(dates)
        layout.addLayout(buttons)
        if can_edit:
            directory, actor = DirectoryService(context.db), context.actor
            context.runner.run(
                lambda: directory.organisations(actor), self._show_organisations, self.messages.show_error
            )

    def _show_organisations(self, rows: list[OrganisationRow]) -> None:
        self.organisations = sorted(rows, key=lambda row: (row.short_name or row.full_name).casefold())
        if self.card is not None:
            self.show_card(self.card)

    def show_card(self, card: CaseCard) -> None:
        self.card = card
        self.team_error.clear_message()
        self.date_error.clear_message()
        self.table.setRowCount(0)
        for member in card.team:
            self.add_member(member)
        self.on_date.setText(format_date(date.today()))
        editable = self.can_edit and not card.is_closed
        for widget in (self.add_button, self.remove_button, self.save_button, self.on_date):
            widget.setEnabled(editable)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for row in range(self.table.rowCount()):
            for column in (COL_ORGANISATION, COL_CURATOR):
                widget = self.table.cellWidget(row, column)
                if widget is not None:
                    widget.setEnabled(editable)

    def add_member(self, member: TeamMemberView | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        combo.setObjectName("caseTeamOrganisation")
        combo.addItem("— выберите —", None)
        for organisation in self.organisations:
            combo.addItem(organisation.short_name or organisation.full_name, organisation.id)
        if member is not None and member.organisation_id and combo.findData(member.organisation_id) < 0:
            combo.addItem(member.organisation, member.organisation_id)  # the directory is not loaded for this role
        combo.setCurrentIndex(max(0, combo.findData(member.organisation_id if member else None)))
        self.table.setCellWidget(row, COL_ORGANISATION, combo)
        first = QTableWidgetItem()
        first.setData(_ID_ROLE, member.id if member else None)
        self.table.setItem(row, COL_ORGANISATION, first)
        self.table.setItem(row, COL_PERSON, QTableWidgetItem(member.person if member else ""))
        self.table.setItem(row, COL_ROLE, QTableWidgetItem(member.role if member else ""))
        radio = QRadioButton()
        radio.setObjectName("caseTeamCurator")
        radio.setToolTip("Куратор случая: у команды он один")
        self.curators.addButton(radio)
        radio.setChecked(bool(member and member.is_curator) or self.table.rowCount() == 1)
        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(8, 0, 0, 0)
        holder_layout.addWidget(radio)
        self.table.setCellWidget(row, COL_CURATOR, holder)
        self.table.setCurrentCell(row, COL_PERSON)
        return row

    def set_member(self, row: int, organisation_id: str | None, person: str, role: str, curator: bool) -> None:
        """Fill the row as the user would."""
        combo = self.table.cellWidget(row, COL_ORGANISATION)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(max(0, combo.findData(organisation_id)))
        self.table.item(row, COL_PERSON).setText(person)
        self.table.item(row, COL_ROLE).setText(role)
        self._radio(row).setChecked(curator)

    def _radio(self, row: int) -> QRadioButton:
        holder = self.table.cellWidget(row, COL_CURATOR)
        assert holder is not None
        radio = holder.findChild(QRadioButton)
        assert radio is not None
        return radio

    def _remove_member(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.curators.removeButton(self._radio(row))
            self.table.removeRow(row)

    def members(self) -> tuple[TeamMemberInput, ...]:
        found = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, COL_ORGANISATION)
            organisation = combo.currentData() if isinstance(combo, QComboBox) else None
            first = self.table.item(row, COL_ORGANISATION)
            person = self.table.item(row, COL_PERSON)
            role = self.table.item(row, COL_ROLE)
            found.append(
                TeamMemberInput(
                    organisation,
                    person.text() if person else "",
                    role.text() if role else "",
                    self._radio(row).isChecked(),
                    first.data(_ID_ROLE) if first else None,
                )
            )
        return tuple(found)

    def save(self) -> None:
        card = self.card
        if card is None:
            return
        self._clear_marks()
        try:
            on_date = optional_date(self.on_date.text())
        except ValidationError:
            self.date_error.show_message("Дата — в виде дд.мм.гггг.")
            return
        members, editing, actor = self.members(), CaseEditing(self.context.db), self.context.actor
        self.context.runner.run(
            returning_problems(lambda: editing.set_team(actor, card.id, members, on_date)),
            self._saved,
            self.messages.show_error,
        )

    def _saved(self, result: CaseCard | ValidationError) -> None:
        if isinstance(result, ValidationError):
            self.show_problems(result)
            return
        self.messages.show_info("Команда сохранена.")
        self.changed.emit(result)

    def show_problems(self, error: ValidationError) -> None:
        lines = []
        for key, message in error.field_errors.items():
            parts = key.split(".")
            if key == "on_date":
                self.date_error.show_message(message)
            elif len(parts) == 3 and parts[1].isdigit():
                row, column = int(parts[1]), _KEYS.get(parts[2], COL_PERSON)
                item = self.table.item(row, column)
                if item is not None:
                    item.setToolTip(message)
                lines.append(f"Строка {row + 1}: {message}")
            else:
                lines.append(message)
        self.team_error.show_message("\n".join(lines))
        self.messages.show_error(error.message)

    def _clear_marks(self) -> None:
        self.team_error.clear_message()
        self.date_error.clear_message()
        self.messages.clear_message()
