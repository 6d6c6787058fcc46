"""The family of a support case as the user types it: how it was identified, where it lives, its adults and its
children (by code only). ``entry()`` returns the CaseInput, or None after marking what is wrong beside each field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput
from desktop_app.domain.case_terms import CaseCategory, IdentificationSource, ParentalRights
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.domain.placements import SEX_LABELS
from desktop_app.gui.panels.family_form import date_edit, optional_date
from desktop_app.gui.widgets.entry_table import Column, EntryTable
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors

DATE_HINT = "дд.мм.гггг"
ADULT_COLUMNS = (
    Column("full_name", "ФИО"),
    Column("birth_date", "Дата рождения", 100, placeholder=DATE_HINT),
    Column("relation", "Кем приходится", 110),
    Column("phone", "Телефон", 120),
    Column("parental_rights", "Родительские права", 200, tuple((r.value, r.label) for r in ParentalRights)),
    Column("rights_restored_on", "Права восстановлены", 110, placeholder=DATE_HINT),
)
CHILD_COLUMNS = (
    Column("code", "Код ребёнка", 100),
    Column("birth_date", "Дата рождения", 100, placeholder=DATE_HINT),
    Column("sex", "Пол", 100, (("", "—"), *SEX_LABELS.items())),
    Column("placed_on", "Помещён в организацию", 110, placeholder=DATE_HINT),
    Column("institution", "В какую организацию"),
    Column("returned_on", "Возвращён в семью", 110, placeholder=DATE_HINT),
    Column("family_placed_on", "Устроен в семью", 110, placeholder=DATE_HINT),
)
_ADULT_DATES = ("birth_date", "rights_restored_on")
_CHILD_DATES = ("birth_date", "placed_on", "returned_on", "family_placed_on")
CODES_ONLY = (
    "Дети вносятся только по внутреннему коду (например, Р-2026-07) с датой рождения и полом: имён детей в "
    "программе нет, и в регион уходят только коды."
)
_FIELD_LEAST_CHARS = 24
PART_TITLES = ("Взрослые члены семьи", "Дети (только коды)", "Примечание")
T = TypeVar("T")


def returning_problems(work: Callable[[], T]) -> Callable[[], T | ValidationError]:
    """``work`` for the runner, its ValidationError returned rather than raised: the runner hands back only the
    message, and a form wants the problem of each field to show it beside the field."""

    def run() -> T | ValidationError:
        try:
            return work()
        except ValidationError as exc:
            if not exc.field_errors:
                raise
            return exc

    return run


def _date_or_problem(text: str, key: str, problems: dict[str, str]) -> date | None:
    try:
        return optional_date(text)
    except ValidationError:
        problems[key] = "Дата — в виде дд.мм.гггг."
        return None


class CaseForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kept: CaseInput | None = None  # the loaded entry: its request and consent are edited elsewhere
        self.display_name = QLineEdit()
        self.display_name.setObjectName("caseFamilyName")
        self.display_name.setPlaceholderText("например, семья Ёлкиных; пусто — по именам взрослых")
        self.municipality = QComboBox()
        self.municipality.setObjectName("caseMunicipality")
        self.municipality.setEditable(True)
        self.category = QComboBox()
        self.category.setObjectName("caseCategory")
        self.category.addItem("— выберите —", None)
        for category in CaseCategory:
            self.category.addItem(category.label, category.value)
        self.source = QComboBox()
        self.source.setObjectName("caseSource")
        self.source.addItem("— выберите —", None)
        for source in IdentificationSource:
            self.source.addItem(source.label, source.value)
        self.source_detail = QLineEdit()
        self.source_detail.setObjectName("caseSourceDetail")
        self.source_detail.setPlaceholderText("кто именно: школа № 2, участковый Иванов…")
        self.identified_on = date_edit("caseIdentifiedOn")
        self.address = QLineEdit()
        self.address.setObjectName("caseAddress")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("caseNotes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(54)

        left, right = QFormLayout(), QFormLayout()
        self.errors: dict[str, FieldError] = {
            "display_name": add_field(left, "Семья:", self.display_name),
            "municipality": add_field(left, "Муниципальное образование:", self.municipality),
            "address": add_field(left, "Адрес:", self.address),
            "category": add_field(right, "Категория:", self.category),
            "source": add_field(right, "Кем выявлена:", self.source),
            "source_detail": add_field(right, "Уточнение:", self.source_detail),
            "identified_on": add_field(right, "Дата выявления:", self.identified_on),
        }
        least = self.fontMetrics().averageCharWidth() * _FIELD_LEAST_CHARS
        for widget in (self.display_name, self.municipality, self.address):
            widget.setMinimumWidth(least)
        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)

        self.adults = EntryTable("caseAdults", ADULT_COLUMNS, "Добавить взрослого")
        self.children = EntryTable("caseChildren", CHILD_COLUMNS, "Добавить ребёнка")
        self.codes_note = QLabel(CODES_ONLY)
        self.codes_note.setObjectName("caseCodesOnly")
        self.codes_note.setWordWrap(True)
        self.codes_note.setStyleSheet("color:#5f6368;")
        children_tab = QWidget()
        children_layout = QVBoxLayout(children_tab)
        children_layout.addWidget(self.codes_note)
        children_layout.addWidget(self.children, 1)
        notes_tab = QWidget()
        notes_form = QFormLayout(notes_tab)
        self.errors["notes"] = add_field(notes_form, "Примечание:", self.notes)
        self.notes.setMaximumHeight(16777215)
        # the adults, the children and the notes take turns in one place: the form fits a 1280×720 screen at 125 %
        # without its buttons scrolling out of sight
        self.parts = QTabWidget()
        self.parts.setObjectName("caseFormParts")
        for part, title in zip((self.adults, children_tab, notes_tab), PART_TITLES, strict=True):
            self.parts.addTab(part, title)
        self.other_error = FieldError()  # problems of fields edited elsewhere (the request's consent date)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns)
        layout.addWidget(self.parts, 1)
        layout.addWidget(self.other_error)

    # ------------------------------------------------------------------------------------------ filling

    def set_municipalities(self, names: list[str], default: str = "") -> None:
        current = self.municipality.currentText() or default
        self.municipality.clear()
        self.municipality.addItems(names)
        self.municipality.setCurrentText(current)
        self._show_start()

    def _show_start(self) -> None:
        """A narrow field shows the name's start, not «…униципальный округ»."""
        line = self.municipality.lineEdit()
        if line is not None:
            line.setCursorPosition(0)

    def set_entry(self, entry: CaseInput) -> None:
        self._kept = entry
        self.clear_problems()
        self.display_name.setText(entry.display_name)
        self.municipality.setCurrentText(entry.municipality)
        self._show_start()
        self.category.setCurrentIndex(max(0, self.category.findData(entry.category.value if entry.category else None)))
        self.source.setCurrentIndex(max(0, self.source.findData(entry.source.value if entry.source else None)))
        self.source_detail.setText(entry.source_detail)
        self.identified_on.setText(format_date(entry.identified_on))
        self.address.setText(entry.address)
        self.notes.setPlainText(entry.notes)
        self.adults.clear()
        for adult in entry.adults:
            values = {
                "full_name": adult.full_name,
                "birth_date": format_date(adult.birth_date),
                "relation": adult.relation,
                "phone": adult.phone,
                "parental_rights": adult.parental_rights.value,
                "rights_restored_on": format_date(adult.rights_restored_on),
            }
            self.adults.add_row(values, adult.id)
        self.children.clear()
        for child in entry.children:
            values = {
                "code": child.code,
                "birth_date": format_date(child.birth_date),
                "sex": child.sex,
                "placed_on": format_date(child.placed_on),
                "institution": child.institution,
                "returned_on": format_date(child.returned_on),
                "family_placed_on": format_date(child.family_placed_on),
            }
            self.children.add_row(values, child.id)

    def set_read_only(self, read_only: bool) -> None:
        for edit in (self.display_name, self.source_detail, self.identified_on, self.address):
            edit.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)
        for combo in (self.municipality, self.category, self.source):
            combo.setEnabled(not read_only)
        self.adults.set_read_only(read_only)
        self.children.set_read_only(read_only)

    def snapshot(self) -> tuple[object, ...]:
        """Everything typed, as raw text: equal snapshots mean nothing was changed."""
        return (
            self.display_name.text(),
            self.municipality.currentText(),
            self.category.currentData(),
            self.source.currentData(),
            self.source_detail.text(),
            self.identified_on.text(),
            self.address.text(),
            self.notes.toPlainText(),
            self.adults.snapshot(),
            self.children.snapshot(),
        )

    def restore(self, snapshot: tuple[object, ...]) -> None:
        name, municipality, category, source, detail, identified, address, notes, adults, children = snapshot
        self.display_name.setText(str(name))
        self.municipality.setCurrentText(str(municipality))
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.source.setCurrentIndex(max(0, self.source.findData(source)))
        self.source_detail.setText(str(detail))
        self.identified_on.setText(str(identified))
        self.address.setText(str(address))
        self.notes.setPlainText(str(notes))
        self.adults.restore(adults)  # type: ignore[arg-type]
        self.children.restore(children)  # type: ignore[arg-type]

    # ------------------------------------------------------------------------------------------ reading

    def clear_problems(self) -> None:
        clear_field_errors(self.errors)
        for index, title in enumerate(PART_TITLES):
            self.parts.setTabText(index, title)
        self.other_error.clear_message()
        self.adults.clear_problems()
        self.children.clear_problems()

    def entry(self) -> CaseInput | None:
        """What is typed, checked by the domain's rules; None after showing each problem beside its field."""
        self.clear_problems()
        problems: dict[str, str] = {}
        adults = []
        for index, (values, row_id) in enumerate(self.adults.rows()):
            birth, restored = (_date_or_problem(values[key], f"adults.{index}.{key}", problems) for key in _ADULT_DATES)
            rights = ParentalRights.read(values["parental_rights"], ParentalRights.FULL)
            adults.append(
                AdultInput(values["full_name"], birth, values["relation"], values["phone"], rights, restored, row_id)
            )
        children = []
        for index, (values, row_id) in enumerate(self.children.rows()):
            birth, placed, returned, family = (
                _date_or_problem(values[key], f"children.{index}.{key}", problems) for key in _CHILD_DATES
            )
            children.append(
                ChildInput(
                    values["code"], birth, values["sex"], placed, values["institution"], returned, family, row_id
                )
            )
        identified = _date_or_problem(self.identified_on.text(), "identified_on", problems)
        kept = self._kept
        category, source = self.category.currentData(), self.source.currentData()
        entry = CaseInput(
            municipality=self.municipality.currentText(),
            category=CaseCategory(category) if category else None,
            source=IdentificationSource(source) if source else None,
            identified_on=identified,
            adults=tuple(adults),
            children=tuple(children),
            display_name=self.display_name.text(),
            source_detail=self.source_detail.text(),
            address=self.address.text(),
            notes=self.notes.toPlainText(),
            request_text=kept.request_text if kept else "",
            consent_on=kept.consent_on if kept else None,
        )
        try:
            checked = entry.checked(date.today())
        except ValidationError as exc:
            for key, message in exc.field_errors.items():
                problems.setdefault(key, message)
            checked = entry
        if problems:
            self.show_problems(problems)
            return None
        return checked

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem beside its field: the form's fields, the cells of the two tables, the rest under them."""
        other: list[str] = []
        for key, message in problems.items():
            if key in self.errors:
                self.errors[key].show_message(message)
            elif not key.startswith(("adults", "children")):
                other.append(message)
        in_adults = self.adults.show_problems("adults", problems)
        in_children = self.children.show_problems("children", problems)
        for index, wrong in enumerate((in_adults, in_children, "notes" in problems)):
            self.parts.setTabText(index, PART_TITLES[index] + (" — исправьте" if wrong else ""))
        if in_adults or in_children or "notes" in problems:
            self.parts.setCurrentIndex(0 if in_adults else 1 if in_children else 2)
        if other:
            self.other_error.show_message("\n".join(other))
