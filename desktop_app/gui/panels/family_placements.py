"""«Размещения»: children placed with the family (by code only), placing a child, ending a placement."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.domain.placements import (
    LEGAL_FORM_LABELS,
    OUTCOME_LABELS,
    SEX_LABELS,
    FamilyLoad,
    LegalForm,
    Outcome,
    PlacementInput,
    check_end,
    check_placement,
)
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.family_form import date_edit, optional_date
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.row_table import row_table
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.services.family_card import FamilyCard, PlacementView

_FORMS = {form.value for form in LegalForm}
_OUTCOMES = {outcome.value for outcome in Outcome}
HEADERS = ("Код ребёнка", "Дата рождения", "Пол", "Начало", "Окончание", "Форма устройства", "Итог", "Причина")


class FamilyPlacementsPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._card: FamilyCard | None = None
        can_edit = context.actor.can(Permission.EDIT_DATA) and context.actor.can(Permission.VIEW_PERSONAL_DATA)
        self.messages = MessageBar(self)
        self.table = row_table(HEADERS, "familyPlacements")
        self.table.horizontalHeader().setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((95, 95, 70, 85, 85, 190, 210)):
            self.table.setColumnWidth(column, width)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        self.child_code = QLineEdit()
        self.child_code.setObjectName("childCode")
        self.child_code.setPlaceholderText("внутренний код, например Р-2026-07 (без имени)")
        self.child_birth = date_edit("childBirth")
        self.child_sex = QComboBox()
        self.child_sex.setObjectName("childSex")
        self.child_sex.addItem("—", "")
        for value, label in SEX_LABELS.items():
            self.child_sex.addItem(label, value)
        self.start_date = date_edit("placementStart")
        self.legal_form = QComboBox()
        self.legal_form.setObjectName("legalForm")
        for form in LegalForm:
            self.legal_form.addItem(form.label, form.value)
        self.separation_reason = QLineEdit()
        self.separation_reason.setPlaceholderText("почему ребёнок временно не с родителями")
        self.place_button = QPushButton("Разместить ребёнка")
        self.place_button.setObjectName("placeChild")
        self.place_button.clicked.connect(self.place)
        place_box = QGroupBox("Новое размещение")
        place_form = QFormLayout(place_box)
        self.place_errors: dict[str, FieldError] = {
            "child_code": add_field(place_form, "Код ребёнка:", self.child_code),
            "child_birth_date": add_field(place_form, "Дата рождения:", self.child_birth),
            "child_sex": add_field(place_form, "Пол:", self.child_sex),
            "start_date": add_field(place_form, "Начало размещения:", self.start_date),
            "legal_form": add_field(place_form, "Форма устройства:", self.legal_form),
            "separation_reason": add_field(place_form, "Причина разлучения:", self.separation_reason),
            "family": add_field(place_form, "", self.place_button),
        }

        self.end_date = date_edit("placementEnd")
        self.outcome = QComboBox()
        self.outcome.setObjectName("placementOutcome")
        for outcome in Outcome:
            if outcome is not Outcome.ONGOING:
                self.outcome.addItem(outcome.label, outcome.value)
        self.end_button = QPushButton("Завершить размещение")
        self.end_button.setObjectName("endPlacement")
        self.end_button.clicked.connect(self.end_selected)
        self.end_box = QGroupBox("Завершение выбранного размещения")
        end_form = QFormLayout(self.end_box)
        self.end_errors = {
            "end_date": add_field(end_form, "Дата окончания:", self.end_date),
            "outcome": add_field(end_form, "Итог:", self.outcome),
        }
        end_form.addRow("", self.end_button)
        self.end_box.setEnabled(False)
        for widget in (place_box, self.end_box):
            widget.setVisible(can_edit)

        # at 720 px the two forms and their wrapped reasons are taller than the tab: they scroll rather than
        # squeeze a reason into one clipped line drawn over the next field
        # the long names of legal forms and outcomes drop down whole; the closed combos do not set the width
        for combo in (self.child_sex, self.legal_form, self.outcome):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        forms_panel = QWidget()
        forms = QVBoxLayout(forms_panel)
        forms.setContentsMargins(0, 0, 0, 0)
        forms.addWidget(place_box)
        forms.addWidget(self.end_box)
        forms.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.table, 1)
        forms_area = scrolling(forms_panel)
        forms_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # never narrower than its fields (at 125 % the table would otherwise squeeze them under the right edge);
        # the table gives way and scrolls sideways, as a table may
        scroll_bar = forms_area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        forms_area.setMinimumWidth(forms_panel.minimumSizeHint().width() + scroll_bar + 2 * forms_area.frameWidth())
        columns.addWidget(forms_area, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addLayout(columns)

    def show_card(self, card: FamilyCard) -> None:
        self._card = card
        clear_field_errors(self.place_errors)
        clear_field_errors(self.end_errors)
        self.table.setRowCount(len(card.placements))
        for row, p in enumerate(card.placements):
            values = (
                p.child_code,
                format_date(p.child_birth_date),
                SEX_LABELS.get(p.child_sex, ""),
                format_date(p.start_date),
                format_date(p.end_date),
                LEGAL_FORM_LABELS.get(LegalForm(p.legal_form), p.legal_form)
                if p.legal_form in _FORMS
                else p.legal_form,
                OUTCOME_LABELS[Outcome(p.outcome)] if p.outcome in _OUTCOMES else p.outcome,
                p.separation_reason,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.start_date.setText(format_date(date.today()))
        self.end_date.setText(format_date(date.today()))
        self.end_box.setEnabled(False)

    def selected_placement(self) -> PlacementView | None:
        card, row = self._card, self.table.currentRow()
        if card is None or not 0 <= row < len(card.placements):
            return None
        return card.placements[row]

    def _selection_changed(self) -> None:
        placement = self.selected_placement()
        self.end_box.setEnabled(placement is not None and placement.is_ongoing)

    def place(self) -> None:
        card = self._card
        if card is None:
            return
        clear_field_errors(self.place_errors)
        problems: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for key, edit in (("child_birth_date", self.child_birth), ("start_date", self.start_date)):
            try:
                dates[key] = optional_date(edit.text())
            except ValidationError as exc:
                problems[key] = exc.message
                dates[key] = None
        entry = PlacementInput(
            self.child_code.text(),
            dates["child_birth_date"],
            str(self.child_sex.currentData()),
            dates["start_date"],
            str(self.legal_form.currentData()),
            self.separation_reason.text(),
        )
        load = FamilyLoad(card.stage, card.entry.capacity, tuple((p.start_date, p.end_date) for p in card.placements))
        if not problems:
            try:  # checked again by the service; here each reason goes beside its field
                check_placement(entry, load, date.today())
            except ValidationError as exc:
                problems = exc.field_errors
        if problems:
            show_field_errors(self.place_errors, problems)
            self.messages.show_error("Размещение не записано: " + next(iter(problems.values())))
            return
        editing, actor, family_id = self.context.family_editing, self.context.actor, card.id
        self.context.runner.run(
            lambda: editing.place_child(actor, family_id, entry),
            lambda placed: self._written(f"Ребёнок {placed.child_code} размещён в семье."),
            self.messages.show_error,
        )

    def end_selected(self) -> None:
        placement = self.selected_placement()
        if placement is None or not placement.is_ongoing:
            self.messages.show_error("Выберите в таблице продолжающееся размещение.")
            return
        clear_field_errors(self.end_errors)
        try:
            end = parse_date(self.end_date.text())
            check_end(placement.start_date, end, str(self.outcome.currentData()), date.today())
        except ValidationError as exc:
            show_field_errors(self.end_errors, exc.field_errors or {"end_date": exc.message})
            return
        editing, actor = self.context.family_editing, self.context.actor
        outcome, version = str(self.outcome.currentData()), placement.row_version
        self.context.runner.run(
            lambda: editing.end_placement(actor, placement.id, end, outcome, version),
            lambda ended: self._written(f"Размещение ребёнка {ended.child_code} завершено."),
            self.messages.show_error,
        )

    def _written(self, message: str) -> None:
        self.child_code.clear()
        self.child_birth.clear()
        self.separation_reason.clear()
        self.messages.show_info(message)
        self.changed.emit()
