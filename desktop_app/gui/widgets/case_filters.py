"""The filter strip above the case register: search, category, stage, curator, open or closed, overdue reviews."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from desktop_app.domain.case_terms import CaseCategory, CaseStage
from desktop_app.gui.models.cases_model import short_category
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.case_register import CLOSED, OPEN, CaseFilter


class CaseFilterBar(QWidget):
    changed = Signal()

    def __init__(self, personal: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hint = "Поиск по фамилии или коду случая (Ctrl+F)" if personal else "Поиск по коду случая (Ctrl+F)"
        self.search = SearchBox(hint)
        self.search.setObjectName("caseSearch")
        self.search.search_changed.connect(lambda _text: self.changed.emit())
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("caseCategoryFilter")
        self.category_combo.addItem("Все категории", None)
        for category in CaseCategory:
            self.category_combo.addItem(short_category(category), category.value)
            self.category_combo.setItemData(self.category_combo.count() - 1, category.label, 3)  # ToolTipRole
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("caseStageFilter")
        self.stage_combo.addItem("Все этапы", None)
        for stage in CaseStage:
            self.stage_combo.addItem(stage.label.capitalize(), stage.value)
        self.curator_combo = QComboBox()
        self.curator_combo.setObjectName("caseCuratorFilter")
        self.curator_combo.addItem("Все кураторы", None)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("caseStateFilter")
        self.state_combo.addItem("Открытые и закрытые", None)
        self.state_combo.addItem("Открытые", OPEN)
        self.state_combo.addItem("Закрытые", CLOSED)
        self.overdue_check = QCheckBox("Только просроченные пересмотры")
        self.overdue_check.setObjectName("caseOverdueOnly")
        for combo in (self.category_combo, self.stage_combo, self.curator_combo, self.state_combo):
            # as wide as the strip gives, not as the longest stage or curator: the search keeps its room
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.overdue_check.toggled.connect(lambda _on: self.changed.emit())
        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(self.search, 2)
        first.addWidget(self.category_combo, 1)
        first.addWidget(self.stage_combo, 1)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.curator_combo, 1)
        second.addWidget(self.state_combo, 1)
        second.addWidget(self.overdue_check)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

    def set_curators(self, names: list[str]) -> None:
        current = self.curator_combo.currentData()
        self.curator_combo.blockSignals(True)
        while self.curator_combo.count() > 1:
            self.curator_combo.removeItem(1)
        for name in names:
            self.curator_combo.addItem(name, name)
        self.curator_combo.setCurrentIndex(max(0, self.curator_combo.findData(current)))
        self.curator_combo.blockSignals(False)

    def current(self, sort: str = "code", descending: bool = False) -> CaseFilter:
        return CaseFilter(
            search=self.search.text(),
            category=self.category_combo.currentData(),
            stage=self.stage_combo.currentData(),
            curator=self.curator_combo.currentData(),
            state=self.state_combo.currentData(),
            overdue_only=self.overdue_check.isChecked(),
            sort=sort,
            descending=descending,
        )
