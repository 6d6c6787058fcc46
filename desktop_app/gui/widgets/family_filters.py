"""The filter strip above the register: search by name or code, stage, municipality, what the family accepts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.family_register import READY, FamilyFilter


class FamilyFilterBar(QWidget):
    changed = Signal()

    def __init__(self, personal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hint = "Поиск по ФИО или коду семьи (Ctrl+F)" if personal else "Поиск по коду семьи (Ctrl+F)"
        self.search = SearchBox(hint)
        self.search.setObjectName("familySearch")
        self.search.search_changed.connect(lambda _text: self.changed.emit())
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("familyStatus")
        self.status_combo.addItem("Все этапы", None)
        self.status_combo.addItem("Готовы принять (в реестре)", READY)
        for stage in FamilyStage:
            self.status_combo.addItem(stage.label.capitalize(), stage.value)
        self.municipality_combo = QComboBox()
        self.municipality_combo.setObjectName("familyMunicipality")
        self.municipality_combo.addItem("Все муниципальные образования", None)
        self.free_check = QCheckBox("Есть свободные места")
        self.disability_check = QCheckBox("Принимает ребёнка с ОВЗ")
        self.siblings_check = QCheckBox("Принимает братьев и сестёр")
        for combo in (self.status_combo, self.municipality_combo):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        for check in (self.free_check, self.disability_check, self.siblings_check):
            check.toggled.connect(lambda _on: self.changed.emit())
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 2)
        first.addWidget(self.status_combo, 1)
        first.addWidget(self.municipality_combo, 1)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        for check in (self.free_check, self.disability_check, self.siblings_check):
            second.addWidget(check)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

    def set_municipalities(self, names: list[str]) -> None:
        current = self.municipality_combo.currentData()
        self.municipality_combo.blockSignals(True)
        while self.municipality_combo.count() > 1:
            self.municipality_combo.removeItem(1)
        for name in names:
            self.municipality_combo.addItem(name, name)
        self.municipality_combo.setCurrentIndex(max(0, self.municipality_combo.findData(current)))
        self.municipality_combo.blockSignals(False)

    def current(self, sort: str = "code", descending: bool = False) -> FamilyFilter:
        return FamilyFilter(
            search=self.search.text(),
            status=self.status_combo.currentData(),
            municipality=self.municipality_combo.currentData(),
            free_places_only=self.free_check.isChecked(),
            accepts_disability=self.disability_check.isChecked(),
            accepts_siblings=self.siblings_check.isChecked(),
            sort=sort,
            descending=descending,
        )
