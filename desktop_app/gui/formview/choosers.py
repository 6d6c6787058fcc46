"""The form screen's top row: which form and which period."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import FormDefinition


def form_chooser(forms: Sequence[FormDefinition]) -> QComboBox:
    """The catalogue's forms by title (the form id as data), none chosen yet."""
    combo = QComboBox(objectName="formChooser")
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(40)
    for number, form in enumerate(forms):
        combo.addItem(form.title, form.id)
        combo.setItemData(number, form.description or form.title, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(-1)
    return combo


def fill_periods(combo: QComboBox, periods: list[Period], chosen: Period) -> None:
    """List ``periods`` (newest first; ``chosen`` is added when missing) and select ``chosen`` silently."""
    if chosen not in periods:
        periods = sorted([*periods, chosen], reverse=True)
    combo.blockSignals(True)
    combo.clear()
    for period in periods:
        combo.addItem(period.label, period.code)
    combo.setCurrentIndex(periods.index(chosen))
    combo.blockSignals(False)


def rich_line(name: str) -> QLabel:
    return QLabel(objectName=name, wordWrap=True, textFormat=Qt.TextFormat.RichText)
