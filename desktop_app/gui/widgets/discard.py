"""Asking before typed work is dropped when the user picks another form, period or program."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget


def revert(combo: QComboBox, index: int) -> None:
    """Put the chooser back without announcing it: the user kept the answers typed."""
    combo.blockSignals(True)
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


def may_discard(
    page: QWidget, unsaved: str, question: str = "Перейти к другой форме или периоду без сохранения?"
) -> bool:
    """True when nothing is typed or the user agrees to drop it; the main window asks when it hosts the page."""
    if not unsaved:
        return True
    window = page.window()
    ask = getattr(window, "confirm_discard", None) if window is not page else None
    if callable(ask):
        return bool(ask([unsaved], question))
    answer = QMessageBox.question(page, "Несохранённые изменения", f"Есть {unsaved}.\n\n{question}")
    return answer == QMessageBox.StandardButton.Yes
