"""«Подбор семьи»: for a child's needs, the ready families that fit, best first, with the reasons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.matching import ChildNeeds, Match
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.family_form import date_edit
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.window_fit import open_size

_FITS = QBrush(QColor("#e6f4ea"))


class MatchingDialog(QDialog):
    """``chosen_family_id`` is the family picked with «Открыть карточку»."""

    def __init__(self, context: AppContext, municipalities: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Подбор ресурсной семьи")
        open_size(self, 1000, 560)
        self.context = context
        self.chosen_family_id: str | None = None
        self.matches: list[Match] = []
        self.messages = MessageBar(self)
        self.birth = date_edit("matchBirth")
        self.on_date = date_edit("matchDate")
        self.on_date.setText(format_date(date.today()))
        self.disability = QCheckBox("инвалидность или ОВЗ")
        self.disability.setObjectName("matchDisability")
        self.children = QSpinBox()
        self.children.setObjectName("matchChildren")
        self.children.setRange(1, 10)
        self.children.setSuffix(" реб. (братья и сёстры вместе)")
        self.municipality = QComboBox()
        self.municipality.setEditable(True)
        self.municipality.addItems(municipalities)
        self.municipality.setCurrentText(context.info.district_name or "")
        form = QFormLayout()
        self.errors = {
            "birth": add_field(form, "Дата рождения ребёнка:", self.birth),
            "on_date": add_field(form, "На дату:", self.on_date),
        }
        form.addRow("Здоровье:", self.disability)
        form.addRow("Сколько детей:", self.children)
        form.addRow("Муниципальное образование:", self.municipality)
        self.search_button = QPushButton("Подобрать")
        self.search_button.setObjectName("runMatching")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.run)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("matches")
        self.table.setHorizontalHeaderLabels(["Семья", "Подходит", "Свободно мест", "Почему"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 240)
        self.table.doubleClicked.connect(lambda _index: self._choose())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        self.open_button = buttons.addButton("Открыть карточку", QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(self._choose)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def run(self) -> None:
        clear_field_errors(self.errors)
        try:
            birth = parse_date(self.birth.text())
        except ValidationError as exc:
            self.errors["birth"].show_message(exc.message)
            return
        try:
            on = parse_date(self.on_date.text())
        except ValidationError as exc:
            self.errors["on_date"].show_message(exc.message)
            return
        if birth > on:
            self.errors["birth"].show_message("Дата рождения позже даты подбора.")
            return
        needs = ChildNeeds(
            birth, on, self.disability.isChecked(), self.children.value(), self.municipality.currentText()
        )
        register, actor = self.context.families, self.context.actor
        self.context.runner.run(lambda: register.match(actor, needs), self._show, self.messages.show_error)

    def _show(self, matches: list[Match]) -> None:
        self.matches = matches
        fitting = sum(1 for match in matches if match.fits)
        if not matches:
            self.messages.show_info("В реестре нет готовых семей (включённых в реестр и не приостановленных).")
        else:
            self.messages.show_info(f"Готовых семей: {len(matches)}; подходят: {fitting}.")
        self.table.setRowCount(len(matches))
        for row, match in enumerate(matches):
            values = (
                match.family.name,
                "да" if match.fits else "нет",
                str(match.family.free_places),
                "\n".join(match.reasons),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if match.fits:
                    item.setBackground(_FITS)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def _choose(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.matches):
            self.chosen_family_id = self.matches[row].family.id
            self.accept()
