"""A question answered by a table: typed columns, rows added and removed, each cell checked as it is left."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop_app.formkit.answers import Limits, limits_of
from desktop_app.formkit.definition import Column, Question, ValueType
from desktop_app.gui.formview.cells import DATE_PLACEHOLDER, ERROR_BACKGROUND, cell_problem, shown_text, typed_value
from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.widgets.field_error import FieldError

_PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1
_EDIT_ROLE = Qt.ItemDataRole.EditRole
_MAX_VISIBLE_ROWS = 10
_NUMERIC_WIDTH = 110


def column_title(column: Column) -> str:
    """«7.3 Объём финансирования, тыс. руб.», wrapped into a header of modest width; «*» when required."""
    title = " ".join(part for part in (column.number, column.title) if part)
    if column.unit:
        title += f", {column.unit}"
    if column.required:
        title += " *"
    return textwrap.fill(title, 16 if _narrow(column) else 28)


def _narrow(column: Column) -> bool:
    return column.type.is_numeric or column.type in (ValueType.DATE, ValueType.YES_NO)


class _CellDelegate(QStyledItemDelegate):
    """A list to pick from for «choice» and «да/нет» columns; the usual line edit elsewhere."""

    def __init__(self, columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns

    def _options(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, ...] | None:
        column = self.columns[index.column()]
        if column.type is ValueType.CHOICE:
            return ("", *column.options)
        if column.type is ValueType.YES_NO:
            return ("", "Да", "Нет")
        return None

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        options = self._options(index)
        if options is None:
            editor = super().createEditor(parent, option, index)
            if self.columns[index.column()].type is ValueType.DATE and hasattr(editor, "setPlaceholderText"):
                editor.setPlaceholderText(DATE_PLACEHOLDER)
            return editor
        combo = QComboBox(parent)
        combo.addItems(list(options))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(_EDIT_ROLE) or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), _EDIT_ROLE)
        else:
            super().setModelData(editor, model, index)


class TableQuestionWidget(QuestionWidget):
    """A cell's issue key is «<row number among filled rows, from 1>/<column id>», as the form engine names it."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.columns = question.columns
        self.limits: list[Limits] = [limits_of(column) for column in self.columns]
        self._filling = False
        self.table = QTableWidget(0, len(self.columns))
        self.table.setObjectName("answerTable")
        self.table.setItemDelegate(_CellDelegate(self.columns, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for number, column in enumerate(self.columns):
            item = QTableWidgetItem(column_title(column))
            item.setToolTip(column.hint or column.title)
            self.table.setHorizontalHeaderItem(number, item)
            if _narrow(column):
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
                widest = max(header.fontMetrics().horizontalAdvance(line) for line in item.text().splitlines())
                self.table.setColumnWidth(number, max(_NUMERIC_WIDTH, widest + 24))
            else:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton("Добавить строку")
        self.add_button.setObjectName("addRow")
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button = QPushButton("Удалить строку")
        self.remove_button.setObjectName("removeRow")
        self.remove_button.clicked.connect(self.remove_row)
        self.cell_errors = FieldError()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.body.addWidget(self.table)
        self.body.addLayout(buttons)
        self.body.addWidget(self.cell_errors)
        self.finish()
        self._fit_height()

    # ------------------------------------------------------------------------------------------ rows

    def add_row(self, values: Mapping[str, Any] | None = None) -> int:
        self._filling = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        for number, column in enumerate(self.columns):
            value = values.get(column.id) if values else None
            item = QTableWidgetItem(shown_text(value, column.type))
            if column.type.is_numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(column.hint)
            self._set_editable(item)
            self.table.setItem(row, number, item)
        self._filling = False
        self._fit_height()
        return row

    def _add_clicked(self) -> None:
        row = self.add_row()
        self.table.setCurrentCell(row, 0)
        self.changed()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        row = row if row >= 0 else self.table.rowCount() - 1
        if row < 0 or self.read_only:
            return
        self.table.removeRow(row)
        self._fit_height()
        self._refresh_cell_errors()
        self.changed()

    def set_cell(self, row: int, column_id: str, text: str) -> None:
        """Type ``text`` into a cell, as a user would (rows are added as needed)."""
        while self.table.rowCount() <= row:
            self.add_row()
        item = self.table.item(row, self._column(column_id))
        assert item is not None
        item.setText(text)

    def _column(self, column_id: str) -> int:
        return next(number for number, column in enumerate(self.columns) if column.id == column_id)

    def _fit_height(self) -> None:
        rows = min(max(self.table.rowCount(), 2), _MAX_VISIBLE_ROWS)
        header = self.table.horizontalHeader().sizeHint().height()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(header + rows * row_height + 2 * self.table.frameWidth() + 4)

    def _set_editable(self, item: QTableWidgetItem) -> None:
        flags = item.flags()
        if self.read_only:
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable)
        else:
            item.setFlags(flags | Qt.ItemFlag.ItemIsEditable)

    # ------------------------------------------------------------------------------------------ values

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        rows = [row for row in value if isinstance(row, Mapping)] if isinstance(value, list) else []
        for row in rows:
            self.add_row(row)
        while self.table.rowCount() < max(1, self.question.min_rows):
            self.add_row()
        self.clear_errors()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _filled_rows(self) -> list[int]:
        return [
            row for row in range(self.table.rowCount()) if any(self._text(row, c) for c in range(len(self.columns)))
        ]

    def value(self) -> Any:
        rows = []
        for row in self._filled_rows():
            cells = {}
            for number, column in enumerate(self.columns):
                stored = typed_value(self.limits[number], self._text(row, number))
                if stored is not None:
                    cells[column.id] = stored
            rows.append(cells)
        return rows or None

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self._filling = True
        for row in range(self.table.rowCount()):
            for column in range(len(self.columns)):
                item = self.table.item(row, column)
                if item is not None:
                    self._set_editable(item)
        self._filling = False
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    # ------------------------------------------------------------------------------------------ errors

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        limits = self.limits[item.column()]
        problem = cell_problem(limits, item.text())
        self._mark(item, problem)
        if not problem and item.text().strip():
            self._filling = True
            item.setText(shown_text(typed_value(limits, item.text()), limits.type))  # «1 234,5», «25.07.2023»
            self._filling = False
        self._refresh_cell_errors()
        self.changed()

    def _mark(self, item: QTableWidgetItem, message: str) -> None:
        self._filling = True
        item.setData(_PROBLEM_ROLE, message or None)
        item.setBackground(QBrush(QColor(ERROR_BACKGROUND)) if message else QBrush())
        item.setToolTip(message or self.columns[item.column()].hint)
        self._filling = False

    def cell_problem(self, row: int, column_id: str) -> str:
        """The message on a cell of the table (row from 0), empty when it is right."""
        item = self.table.item(row, self._column(column_id))
        return str(item.data(_PROBLEM_ROLE) or "") if item is not None else ""

    def _refresh_cell_errors(self) -> None:
        lines = []
        for row in range(self.table.rowCount()):
            for number, column in enumerate(self.columns):
                item = self.table.item(row, number)
                message = item.data(_PROBLEM_ROLE) if item is not None else None
                if message:
                    lines.append(f"Строка {row + 1}, «{column.title}»: {message}")
        self.cell_errors.show_message("\n".join(lines))

    def show_errors(self, problems: Mapping[str, str]) -> None:
        filled = self._filled_rows()
        rest = {}
        for cell, message in problems.items():
            number, _, column_id = cell.partition("/")
            if number.isdigit() and 0 < int(number) <= len(filled) and self.question.column(column_id):
                item = self.table.item(filled[int(number) - 1], self._column(column_id))
                if item is not None:
                    self._mark(item, message)
                    continue
            rest[cell] = message
        super().show_errors(rest)
        self._refresh_cell_errors()

    def clear_errors(self) -> None:
        super().clear_errors()
        for row in range(self.table.rowCount()):
            for column in range(len(self.columns)):
                item = self.table.item(row, column)
                if item is not None and item.data(_PROBLEM_ROLE):
                    self._mark(item, "")
        self.cell_errors.clear_message()

    def error_text(self, cell: str = "") -> str:
        number, _, column_id = cell.partition("/")
        if number.isdigit() and column_id:
            filled = self._filled_rows()
            index = int(number) - 1
            return self.cell_problem(filled[index], column_id) if 0 <= index < len(filled) else ""
        return super().error_text(cell)
