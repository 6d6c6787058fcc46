"""The form screen's top row: which form and which period."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import FormDefinition

_POPUP_PADDING = 40  # the list's frame, item margins and scroll bar
_POPUP_WIDEST = 900  # still inside a 1024-pixel screen


def form_chooser(forms: Sequence[FormDefinition]) -> QComboBox:
    """The catalogue's forms by title (the form id as data), none chosen yet."""
    combo = QComboBox(objectName="formChooser")
    # the start of a title is enough to tell the forms apart on a 1024-pixel screen (125 % of 1280): the combo
    # grows with the window, the list drops down wide enough to read whole titles, the tooltip holds the chosen one
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(20)
    combo.currentTextChanged.connect(combo.setToolTip)
    fill_forms(combo, forms)
    combo.setCurrentIndex(-1)
    return combo


def fill_forms(combo: QComboBox, forms: Sequence[FormDefinition]) -> None:
    """List ``forms`` by title, keeping the chosen form chosen when it is still there; emits no signals."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for number, form in enumerate(forms):
        combo.addItem(form.title, form.id)
        combo.setItemData(number, form.description or form.title, Qt.ItemDataRole.ToolTipRole)
    titles = [combo.view().fontMetrics().horizontalAdvance(form.title) for form in forms]
    combo.view().setMinimumWidth(min(max(titles, default=0) + _POPUP_PADDING, _POPUP_WIDEST))
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)
    combo.setToolTip(combo.currentText())
    combo.blockSignals(False)


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
