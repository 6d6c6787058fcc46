"""Work without a mouse: lists that Tab leaves, dialogs that open on their first field and confirm with Enter.

Kept in one place so that pages and dialogs need one call each, not their own handling of keys.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTextEdit,
    QWidget,
)

# What a person fills in: the first of these in the Tab order gets the focus when a dialog opens.
FIELD_TYPES: tuple[type[QWidget], ...] = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QCheckBox,
    QAbstractItemView,
)
_LEAVES = "keyboardLeavesGrid"  # set on a grid once it has its _LeaveGrid
_CONFIRMING = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole)


def tidy_tab_order(root: QWidget) -> None:
    """Tab goes from field to field: a list picked from by rows (measures, families, accounts) lets Tab go on to the
    next field (by default a table's Tab walks its cells, and a keyboard user never got past 31 rows × 8 columns),
    and a scroll area is no stop of its own (the field Tab reaches inside it is scrolled into view anyway)."""
    for view in root.findChildren(QAbstractItemView):
        if view.selectionBehavior() is QAbstractItemView.SelectionBehavior.SelectRows:
            view.setTabKeyNavigation(False)
        elif isinstance(view, QTableView) and view.tabKeyNavigation() and not view.property(_LEAVES):
            view.setProperty(_LEAVES, True)
            view.installEventFilter(_LeaveGrid(view))
    for area in root.findChildren(QScrollArea):
        if area.focusPolicy() & Qt.FocusPolicy.TabFocus:
            area.setFocusPolicy(Qt.FocusPolicy.ClickFocus)


class _LeaveGrid(QObject):
    """In a grid typed into cell by cell (indicator values, a form's table) Tab goes to the next cell, and from the
    last cell it used to wrap round to the first: nobody got out without a mouse. Now Tab on the last cell (Shift+Tab
    on the first) and Ctrl+Tab (Ctrl+Shift+Tab) on any cell go on to the next field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QTableView):
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return False
        modifiers = event.modifiers()
        forward = event.key() == Qt.Key.Key_Tab and not modifiers & Qt.KeyboardModifier.ShiftModifier
        if not modifiers & Qt.KeyboardModifier.ControlModifier and not _at_edge(watched, forward):
            return False
        return leave(watched, forward)


def _at_edge(view: QTableView, forward: bool) -> bool:
    model, current = view.model(), view.currentIndex()
    if model is None or not current.isValid():
        return True
    columns = [column for column in range(model.columnCount()) if not view.isColumnHidden(column)]
    rows = [row for row in range(model.rowCount()) if not view.isRowHidden(row)]
    if not columns or not rows:
        return True
    if forward:
        return current.row() == rows[-1] and current.column() == columns[-1]
    return current.row() == rows[0] and current.column() == columns[0]


def leave(widget: QWidget, forward: bool = True) -> bool:
    """Move the focus to the field after (before) ``widget`` and all it contains; False if there is none."""
    candidate = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
    for _ in range(1000):
        if candidate is None or candidate is widget:
            return False
        if (
            not widget.isAncestorOf(candidate)
            and candidate.isVisible()
            and candidate.isEnabled()
            and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus
            and candidate.focusProxy() is None
        ):
            reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
            candidate.setFocus(reason)
            return True
        candidate = candidate.nextInFocusChain() if forward else candidate.previousInFocusChain()
    return False


class _SearchLeadsToResults(QObject):
    def __init__(self, search: QLineEdit, results: QAbstractItemView) -> None:
        super().__init__(search)
        self._results = results

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.modifiers():
            return False
        self._results.setFocus(Qt.FocusReason.TabFocusReason)
        return True


def search_leads_to(search: QLineEdit, results: QAbstractItemView) -> None:
    """Enter or ↓ in a search box goes to what it found, past the filters between them in the Tab order."""
    search.installEventFilter(_SearchLeadsToResults(search, results))


class _EnterPresses(QObject):
    def __init__(self, owner: QWidget, button: QAbstractButton) -> None:
        super().__init__(owner)
        self._button = button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.modifiers():
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False  # Enter picks the item of the open list first
        if self._button.isEnabled() and self._button.isVisible():
            self._button.click()
        return True


def enter_presses(button: QAbstractButton, *fields: QWidget) -> None:
    """Enter in any of ``fields`` presses ``button``, as a dialog's default button would: a page is no dialog,
    so Qt's default button does nothing there."""
    for field in fields:
        field.installEventFilter(_EnterPresses(field, button))


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits inside ``root``, in order, from ``root``'s first one (shown and enabled only)."""
    chain: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(chain) < 1000:
        if (
            root.isAncestorOf(widget)
            and widget.isVisibleTo(root)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def first_field(root: QWidget) -> QWidget | None:
    """The first field (not a button, not a label) Tab reaches in ``root``."""
    return next((widget for widget in focus_chain(root) if isinstance(widget, FIELD_TYPES)), None)


def focus_first_field(root: QWidget) -> None:
    """Put the cursor in ``root``'s first field: after a dialog's content arrives from a background job."""
    field = first_field(root)
    if field is not None:
        field.setFocus(Qt.FocusReason.OtherFocusReason)


def confirming_button(dialog: QDialog) -> QPushButton | None:
    """The «Сохранить»/«ОК» of the dialog's button box, the one Enter presses."""
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            if box.buttonRole(button) in _CONFIRMING and isinstance(button, QPushButton):
                return button
    return None


class _OpenOnFirstField(QObject):
    def __init__(self, dialog: QDialog, first: QWidget | None) -> None:
        super().__init__(dialog)
        self._first = first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QDialog):
            target = self._first if self._first is not None and self._first.isEnabled() else first_field(watched)
            if target is not None:
                # Qt would give the focus to the first widget of the chain, often the close button of a message bar
                target.setFocus(Qt.FocusReason.TabFocusReason)
        return False


def prepare_dialog(dialog: QDialog, first: QWidget | None = None, default: QAbstractButton | None = None) -> None:
    """Enter presses ``default`` (or the dialog's confirming button), Esc cancels (QDialog's own), the dialog opens
    with the focus on ``first`` (or its first field), and lists in it let Tab go on to the next field."""
    button = default or confirming_button(dialog)
    if isinstance(button, QPushButton):
        button.setDefault(True)
    tidy_tab_order(dialog)
    dialog.installEventFilter(_OpenOnFirstField(dialog, first))
