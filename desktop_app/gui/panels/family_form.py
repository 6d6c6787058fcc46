"""The family's own fields: its adults, where it lives, what it can take, its documents of readiness."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_record import MAX_AGE_MONTHS, MAX_CAPACITY, FamilyInput, MemberInput
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors

MEMBER_HEADERS = ("ФИО", "Дата рождения", "Кем приходится", "Телефон", "Эл. почта")
MEMBER_KEYS = ("full_name", "birth_date", "relation", "phone", "email")
_MEMBER_ID_ROLE = 256  # Qt.UserRole
_FIELD_LEAST_CHARS = 22  # «Плесецкий муниципальный округ», «ул. Демонстрационная, д. 1»


def optional_date(text: str) -> date | None:
    return parse_date(text) if text.strip() else None


def date_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText("дд.мм.гггг")
    edit.setMaximumWidth(120)
    return edit


class FamilyForm(QWidget):
    """``entry()`` returns what is typed, or None after marking what is wrong beside each field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._member_rows: list[int] = []
        self.members = QTableWidget(0, len(MEMBER_HEADERS))
        self.members.setObjectName("familyMembers")
        self.members.setHorizontalHeaderLabels(list(MEMBER_HEADERS))
        self.members.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.verticalHeader().hide()
        self.members.setMinimumHeight(90)
        for column, width in enumerate((0, 110, 120, 130, 160)):
            if width:
                self.members.setColumnWidth(column, width)
        add_member = QPushButton("Добавить взрослого")
        add_member.setObjectName("addMember")
        add_member.clicked.connect(lambda: self.add_member_row())
        remove_member = QPushButton("Убрать")
        remove_member.clicked.connect(self._remove_member)
        self.members_error = FieldError()
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(add_member)
        member_buttons.addWidget(remove_member)
        member_buttons.addStretch(1)

        self.municipality = QComboBox()
        self.municipality.setObjectName("familyMunicipalityEdit")
        self.municipality.setEditable(True)
        self.address = QLineEdit()
        self.household = QPlainTextEdit()
        self.household.setTabChangesFocus(True)
        self.household.setMaximumHeight(54)
        self.household.setPlaceholderText("кто живёт в семье: супруги, свои дети и их возраст")
        self.housing = QLineEdit()
        self.housing.setPlaceholderText("например, частный дом 96 м², отдельная детская комната")
        self.capacity = QSpinBox()
        self.capacity.setObjectName("familyCapacity")
        self.capacity.setRange(1, MAX_CAPACITY)
        self.capacity.setSuffix(" реб.")
        self.age_from = QSpinBox()
        self.age_from.setRange(0, MAX_AGE_MONTHS)
        self.age_from.setSuffix(" мес.")
        self.age_to = QSpinBox()
        self.age_to.setRange(0, MAX_AGE_MONTHS)
        self.age_to.setSuffix(" мес.")
        self.age_to.setValue(MAX_AGE_MONTHS)
        ages = QWidget()
        ages_row = QHBoxLayout(ages)
        ages_row.setContentsMargins(0, 0, 0, 0)
        ages_row.addWidget(self.age_from)
        ages_row.addWidget(self.age_to)
        ages_row.addStretch(1)
        self.disability = QCheckBox("готова принять ребёнка с инвалидностью или ОВЗ")
        self.disability.setObjectName("acceptsDisability")
        self.siblings = QCheckBox("готова принять братьев и сестёр вместе")
        self.siblings.setObjectName("acceptsSiblings")
        self.shpr_certificate = QLineEdit()
        self.shpr_date = date_edit("shprDate")
        self.conclusion_number = QLineEdit()
        self.conclusion_date = date_edit("conclusionDate")
        self.supervisor = QLineEdit()
        self.supervisor.setPlaceholderText("специалист, сопровождающий семью")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(54)

        # the long check boxes span both columns: in the right column they alone made it wider than the left
        left, right, both = QFormLayout(), QFormLayout(), QFormLayout()
        self.errors: dict[str, FieldError] = {
            "municipality": add_field(left, "Муниципальное образование:", self.municipality),
            "address": add_field(left, "Адрес:", self.address),
            "household": add_field(left, "Состав семьи:", self.household),
            "housing": add_field(left, "Жилищные условия:", self.housing),
            "supervisor": add_field(left, "Куратор семьи:", self.supervisor),
            "notes": add_field(left, "Примечание:", self.notes),
            "capacity": add_field(right, "Может принять:", self.capacity),
            "age_from_months": add_field(right, "Возраст детей от / до:", ages),
            "accepts_disability": add_field(both, "", self.disability),
            "accepts_siblings": add_field(both, "", self.siblings),
            "shpr_certificate": add_field(right, "Свидетельство ШПР, №:", self.shpr_certificate),
            "shpr_date": add_field(right, "Дата свидетельства:", self.shpr_date),
            "conclusion_number": add_field(right, "Заключение опеки, №:", self.conclusion_number),
            "conclusion_date": add_field(right, "Дата заключения:", self.conclusion_date),
        }
        self.errors["age_to_months"] = self.errors["age_from_months"]
        # on a 1024-pixel screen (1280 px at 125 %) a field keeps room for a municipality's name or an address
        # rather than shrinking to a few letters while the right-hand column keeps its width
        least = self.fontMetrics().averageCharWidth() * _FIELD_LEAST_CHARS
        for field in (self.municipality, self.address, self.housing, self.supervisor):
            field.setMinimumWidth(least)
        self.errors["members"] = self.members_error
        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.addLayout(both, 1, 0, 1, 2)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.members)
        layout.addLayout(member_buttons)
        layout.addWidget(self.members_error)
        layout.addLayout(columns)

    # ------------------------------------------------------------------------------------------ filling

    def set_municipalities(self, names: list[str], default: str = "") -> None:
        current = self.municipality.currentText() or default
        self.municipality.clear()
        self.municipality.addItems(names)
        self.municipality.setCurrentText(current)

    def set_entry(self, entry: FamilyInput) -> None:
        clear_field_errors(self.errors)
        self.members.setRowCount(0)
        for member in entry.members:
            self.add_member_row(member)
        self.municipality.setCurrentText(entry.municipality)
        self.address.setText(entry.address)
        self.household.setPlainText(entry.household)
        self.housing.setText(entry.housing)
        self.capacity.setValue(entry.capacity)
        self.age_from.setValue(entry.age_from_months)
        self.age_to.setValue(entry.age_to_months)
        self.disability.setChecked(entry.accepts_disability)
        self.siblings.setChecked(entry.accepts_siblings)
        self.shpr_certificate.setText(entry.shpr_certificate)
        self.shpr_date.setText(format_date(entry.shpr_date))
        self.conclusion_number.setText(entry.conclusion_number)
        self.conclusion_date.setText(format_date(entry.conclusion_date))
        self.supervisor.setText(entry.supervisor)
        self.notes.setPlainText(entry.notes)

    def add_member_row(self, member: MemberInput | None = None) -> int:
        row = self.members.rowCount()
        self.members.insertRow(row)
        values = (
            (member.full_name, format_date(member.birth_date), member.relation, member.phone, member.email)
            if member
            else ("", "", "", "", "")
        )
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column == 0:
                item.setData(_MEMBER_ID_ROLE, member.id if member else None)
            self.members.setItem(row, column, item)
        self.members.setCurrentCell(row, 0)
        return row

    def set_member(self, row: int, *values: str) -> None:
        """Type ``values`` into the member row (as a user would, cell by cell)."""
        for column, text in enumerate(values):
            item = self.members.item(row, column)
            assert item is not None
            item.setText(text)

    def _remove_member(self) -> None:
        row = self.members.currentRow()
        if row >= 0:
            self.members.removeRow(row)

    # ------------------------------------------------------------------------------------------ drafts

    def snapshot(self) -> tuple[object, ...]:
        """Everything typed, as raw text: equal snapshots mean nothing was changed."""
        members = tuple(
            tuple(self._cell(row, column) for column in range(len(MEMBER_HEADERS)))
            + (self.members.item(row, 0).data(_MEMBER_ID_ROLE) if self.members.item(row, 0) else None,)
            for row in range(self.members.rowCount())
        )
        return (
            members,
            self.municipality.currentText(),
            self.address.text(),
            self.household.toPlainText(),
            self.housing.text(),
            self.capacity.value(),
            self.age_from.value(),
            self.age_to.value(),
            self.disability.isChecked(),
            self.siblings.isChecked(),
            self.shpr_certificate.text(),
            self.shpr_date.text(),
            self.conclusion_number.text(),
            self.conclusion_date.text(),
            self.supervisor.text(),
            self.notes.toPlainText(),
        )

    def restore(self, snapshot: tuple[object, ...]) -> None:
        members, *values = snapshot
        self.members.setRowCount(0)
        for cells in members:  # type: ignore[attr-defined]
            row = self.add_member_row()
            self.set_member(row, *cells[: len(MEMBER_HEADERS)])
            item = self.members.item(row, 0)
            if item is not None:
                item.setData(_MEMBER_ID_ROLE, cells[-1])
        (
            municipality,
            address,
            household,
            housing,
            capacity,
            age_from,
            age_to,
            disability,
            siblings,
            shpr_certificate,
            shpr_date,
            conclusion_number,
            conclusion_date,
            supervisor,
            notes,
        ) = values
        self.municipality.setCurrentText(str(municipality))
        self.address.setText(str(address))
        self.household.setPlainText(str(household))
        self.housing.setText(str(housing))
        self.capacity.setValue(int(capacity))  # type: ignore[call-overload]
        self.age_from.setValue(int(age_from))  # type: ignore[call-overload]
        self.age_to.setValue(int(age_to))  # type: ignore[call-overload]
        self.disability.setChecked(bool(disability))
        self.siblings.setChecked(bool(siblings))
        self.shpr_certificate.setText(str(shpr_certificate))
        self.shpr_date.setText(str(shpr_date))
        self.conclusion_number.setText(str(conclusion_number))
        self.conclusion_date.setText(str(conclusion_date))
        self.supervisor.setText(str(supervisor))
        self.notes.setPlainText(str(notes))

    # ------------------------------------------------------------------------------------------ reading

    def entry(self) -> FamilyInput | None:
        clear_field_errors(self.errors)
        problems: dict[str, str] = {}
        members = []
        self._member_rows = []  # the table row of each member read, for messages
        for row in range(self.members.rowCount()):
            cells = [self._cell(row, column) for column in range(len(MEMBER_HEADERS))]
            if not any(cells):
                continue
            try:
                birth = optional_date(cells[1])
            except ValidationError:
                problems.setdefault("members", f"Строка {row + 1}: дата рождения — дд.мм.гггг.")
                birth = None
            item = self.members.item(row, 0)
            member_id = item.data(_MEMBER_ID_ROLE) if item is not None else None
            members.append(MemberInput(cells[0], birth, cells[2], cells[3], cells[4], member_id))
            self._member_rows.append(row)
        dates: dict[str, date | None] = {}
        for key, edit in (("shpr_date", self.shpr_date), ("conclusion_date", self.conclusion_date)):
            try:
                dates[key] = optional_date(edit.text())
            except ValidationError as exc:
                problems[key] = exc.message
                dates[key] = None
        entry = FamilyInput(
            municipality=self.municipality.currentText(),
            members=tuple(members),
            address=self.address.text(),
            household=self.household.toPlainText(),
            housing=self.housing.text(),
            capacity=self.capacity.value(),
            age_from_months=self.age_from.value(),
            age_to_months=self.age_to.value(),
            accepts_disability=self.disability.isChecked(),
            accepts_siblings=self.siblings.isChecked(),
            shpr_certificate=self.shpr_certificate.text(),
            shpr_date=dates["shpr_date"],
            conclusion_number=self.conclusion_number.text(),
            conclusion_date=dates["conclusion_date"],
            supervisor=self.supervisor.text(),
            notes=self.notes.toPlainText(),
        )
        try:
            entry = entry.checked(date.today())
        except ValidationError as exc:
            for key, message in exc.field_errors.items():
                problems.setdefault(key, message)
        if problems:
            self.show_errors(problems)
            return None
        return entry

    def show_errors(self, problems: dict[str, str]) -> None:
        """Each message beside its field; a member's problem under the table, with its row number."""
        member_lines = []
        for key, message in problems.items():
            if key.startswith("members."):
                index = int(key.split(".")[1])
                row = self._member_rows[index] if index < len(self._member_rows) else index
                member_lines.append(f"Строка {row + 1}: {message}")
            elif key in self.errors:
                self.errors[key].show_message(message)
        if "members" in problems:
            member_lines.insert(0, problems["members"])
        if member_lines:
            self.members_error.show_message("\n".join(dict.fromkeys(member_lines)))

    def _cell(self, row: int, column: int) -> str:
        item = self.members.item(row, column)
        return item.text().strip() if item is not None else ""
