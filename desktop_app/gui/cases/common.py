"""What the case screens share: a section that loads in the background and follows committed changes, list tables
with red (overdue) and grey (retired) rows, and the small edit dialog every route, map and meeting entry opens in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import parse_date
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.row_table import DISPLAY_ROLE, RowTableModel
from desktop_app.gui.widgets.field_error import FieldError, add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.row_table import wrap_header
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size

RowT = TypeVar("RowT")

# the tables behind each screen: a committed write to any of them makes the screen reload
ROUTE_TABLES = frozenset(
    {"case_service", "case_support_measure", "case_referral", "family_case", "case_child"}
    | {"resource_service", "support_measure_kind", "organisation"}
)
CONSILIUM_TABLES = frozenset({"consilium_meeting", "consilium_review", "family_case", "case_child"})
MAP_TABLES = frozenset({"resource_service", "organisation", "case_service"})
CATALOGUE_TABLES = frozenset({"support_measure_kind", "case_support_measure"})

FOREGROUND_ROLE = Qt.ItemDataRole.ForegroundRole
OVERDUE_COLOUR = QColor("#b00020")
RETIRED_COLOUR = QColor("#8a8a8a")
NO_PERSONAL_DATA = (
    "Текстовые поля (описания, результаты, рекомендации) скрыты: у вашей роли нет доступа к персональным данным."
)

_Index = QModelIndex | QPersistentModelIndex


class _ChangeRelay(QObject):
    """Lives in the GUI thread: a commit in the worker thread emits, Qt queues the call into the GUI thread."""

    changed = Signal(object)


class LiveSection(QWidget):
    """A widget that loads what it shows in the background and reloads after any committed write to the tables in
    ``DEPENDS_ON``: at once when on screen, otherwise when next shown. ``changed`` is emitted after its own writes."""

    DEPENDS_ON: frozenset[str] = frozenset()
    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.messages = MessageBar(self)
        self._loading = 0
        self.stale = False
        self.loaded_once = False
        self._relay = _ChangeRelay(self)
        self._relay.changed.connect(self.data_changed)
        unsubscribe = context.db.changes.subscribe(self._relay.changed.emit)
        self.destroyed.connect(lambda *_args: unsubscribe())

    @property
    def busy(self) -> bool:
        return self._loading > 0 or self.context.runner.pending

    def refresh(self) -> None:
        """Reload what the section shows."""
        raise NotImplementedError

    def data_changed(self, tables: frozenset[str]) -> None:
        if not tables & self.DEPENDS_ON:
            return
        if self.isVisible() and self._loading == 0:
            self.refresh()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and self._loading == 0:
            self.stale = False
            self.refresh()

    def load(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """Run ``work`` in the background and pass its result to ``on_done`` in the GUI thread."""
        self._loading += 1
        self.stale = False

        def done(result: object) -> None:
            self._loading -= 1
            self.loaded_once = True
            on_done(result)
            if self.stale and self._loading == 0 and self.isVisible():
                self.stale = False
                self.refresh()  # a write arrived while this load ran

        def failed(message: str) -> None:
            self._loading -= 1
            self.loaded_once = True
            self.messages.show_error(message)

        self.context.runner.run(work, done, failed)


class MarkedRowsModel(RowTableModel[RowT]):
    """Rows drawn red (overdue) or grey (retired) as ``colour`` says."""

    def colour(self, row: RowT) -> QColor | None:
        return None

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if role == FOREGROUND_ROLE:
            row = self.row_at(index.row()) if index.isValid() else None
            return self.colour(row) if row is not None else None
        return super().data(index, role)


def list_view(model: RowTableModel[Any], name: str, widths: Iterable[int] = ()) -> QTableView:
    """A read-only list picked from by whole rows; the last column takes the rest of the width."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)
    view.setWordWrap(True)
    view.horizontalHeader().setStretchLastSection(True)
    wrap_header(view)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


def selected_row(view: QTableView) -> int:
    """The row of the view's current selection, or -1."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].row() if rows else -1


def combo(name: str, items: Iterable[tuple[object, str]], blank: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if blank is not None:
        box.addItem(blank, "")
    for value, label in items:
        box.addItem(label, value)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(20)
    return box


def choose_data(box: QComboBox, value: object) -> None:
    """Select the entry holding ``value`` (the first entry when none does)."""
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


def date_field(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText("дд.мм.гггг")
    edit.setMaximumWidth(120)
    return edit


def read_dates(fields: Mapping[str, QLineEdit], problems: dict[str, str]) -> dict[str, date | None]:
    """The dates typed (None for an empty field); what cannot be read goes into ``problems`` under its key."""
    values: dict[str, date | None] = {}
    for key, edit in fields.items():
        text = edit.text().strip()
        try:
            values[key] = parse_date(text) if text else None
        except ValidationError as exc:
            problems[key] = exc.message
            values[key] = None
    return values


class EditDialog(QDialog):
    """A small form with errors beside its fields, «Сохранить» and «Отмена». Subclasses add fields with ``field``
    and implement ``save``: check locally (each error beside its field), then ``write`` in the background."""

    def __init__(
        self, context: AppContext, title: str, parent: QWidget | None = None, size: tuple[int, int] = (560, 420)
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        open_size(self, *size)
        self.context = context
        self.result_row: object = None
        self.messages = MessageBar(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, FieldError] = {}
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addStretch(1)
        # on a 1280×720 screen at 125 % the form scrolls; the message and the buttons stay in sight
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.buttons)

    def finish_layout(self) -> None:
        keyboard.prepare_dialog(self)

    def field(self, key: str, label: str, widget: QWidget) -> QWidget:
        self.errors[key] = add_field(self.form, label, widget)
        return widget

    def save(self) -> None:
        raise NotImplementedError

    def show_problems(self, problems: Mapping[str, str], message: str) -> None:
        """Each problem beside its field (those without a field in the message bar)."""
        clear_field_errors(self.errors)
        shown = {key: text for key, text in problems.items() if key in self.errors}
        show_field_errors(self.errors, shown)
        rest = [text for key, text in problems.items() if key not in self.errors]
        self.messages.show_error(" ".join([message, *rest]))

    def check(self, entry_check: Callable[[], object], problems: dict[str, str]) -> object | None:
        """Run the input's own check after the dates were read; None after showing what is wrong."""
        if not problems:
            try:
                return entry_check()
            except ValidationError as exc:
                self.show_problems(exc.field_errors, exc.message)
                return None
        self.show_problems(problems, "Не сохранено: исправьте отмеченные поля.")
        return None

    def write(self, work: Callable[[], object]) -> None:
        """Save in the background; the dialog closes when it is written and stays open with the reason if not."""
        self.buttons.setEnabled(False)
        clear_field_errors(self.errors)
        self.messages.clear_message()

        def done(row: object) -> None:
            self.result_row = row
            self.buttons.setEnabled(True)
            self.accept()

        def failed(message: str) -> None:
            self.buttons.setEnabled(True)
            self.messages.show_error(message)

        self.context.runner.run(work, done, failed)
