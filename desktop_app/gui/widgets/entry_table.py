"""A table typed into row by row (a case's adults, its children): text and date cells, and choices from a list.

A problem the domain finds in a cell («adults.0.birth_date») is shown on that cell — tinted, with the message as its
tooltip — and in a line under the table naming the row, so the user sees where and what."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.widgets.field_error import FieldError
from desktop_app.gui.widgets.row_table import wrap_header

_ID_ROLE = 256  # Qt.UserRole: the stored row's id on the first cell
_PROBLEM = QBrush(QColor("#fde2e1"))
_CLEAN = QBrush()


@dataclass(frozen=True)
class Column:
    key: str  # the domain's field name («full_name», «birth_date»)
    header: str
    width: int = 0  # 0: the column stretches
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (stored value, label) for a list column
    placeholder: str = ""


class EntryTable(QWidget):
    """``rows()`` gives each filled row as {key: text or chosen value} with its id; ``show_problems`` marks cells."""

    def __init__(self, name: str, columns: Sequence[Column], add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setObjectName(name)
        self.table.setHorizontalHeaderLabels([column.header for column in self.columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(96)
        self.table.setWordWrap(False)
        wrap_header(self.table)  # «Помещён в организацию» on two lines rather than cut
        header = self.table.horizontalHeader()
        for index, column in enumerate(self.columns):
            if column.width:
                self.table.setColumnWidth(index, column.width)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{name}Add")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Убрать строку")
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.clicked.connect(self.remove_current)
        self.error = FieldError()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self._read_rows: list[int] = []  # the table row of each row read by rows(), for messages

    # ------------------------------------------------------------------------------------------ filling

    def add_row(self, values: dict[str, str] | None = None, row_id: str | None = None) -> int:
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self.columns):
            text = values.get(column.key, "")
            if column.choices:
                combo = QComboBox()
                combo.setObjectName(f"{self.table.objectName()}_{column.key}")
                for value, label in column.choices:
                    combo.addItem(label, value)
                combo.setCurrentIndex(max(0, combo.findData(text)))
                combo.activated.connect(lambda _index: self.error.clear_message())
                self.table.setCellWidget(row, index, combo)
                item = QTableWidgetItem()
            else:
                item = QTableWidgetItem(text)
                if column.placeholder and not text:
                    item.setToolTip(column.placeholder)
            if index == 0:
                item.setData(_ID_ROLE, row_id)
            self.table.setItem(row, index, item)
        self.table.setCurrentCell(row, 0)
        return row

    def set_cells(self, row: int, **values: str) -> None:
        """Type ``values`` into the row, as the user would (a list column takes the stored value)."""
        for index, column in enumerate(self.columns):
            if column.key not in values:
                continue
            widget = self.table.cellWidget(row, index)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(values[column.key])))
            else:
                item = self.table.item(row, index)
                assert item is not None
                item.setText(values[column.key])

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.error.clear_message()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_read_only(self, read_only: bool) -> None:
        triggers = (
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.setEditTriggers(triggers)
        for row in range(self.table.rowCount()):
            for index in range(len(self.columns)):
                widget = self.table.cellWidget(row, index)
                if widget is not None:
                    widget.setEnabled(not read_only)
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    # ------------------------------------------------------------------------------------------ reading

    def value(self, row: int, key: str) -> str:
        index = next(i for i, column in enumerate(self.columns) if column.key == key)
        widget = self.table.cellWidget(row, index)
        if isinstance(widget, QComboBox):
            return str(widget.currentData() or "")
        item = self.table.item(row, index)
        return item.text().strip() if item is not None else ""

    def rows(self) -> list[tuple[dict[str, str], str | None]]:
        """The filled rows (a row left with text cells blank is skipped) with their stored ids."""
        found: list[tuple[dict[str, str], str | None]] = []
        self._read_rows = []
        text_keys = [column.key for column in self.columns if not column.choices]
        for row in range(self.table.rowCount()):
            values = {column.key: self.value(row, column.key) for column in self.columns}
            if not any(values[key] for key in text_keys):
                continue
            item = self.table.item(row, 0)
            found.append((values, item.data(_ID_ROLE) if item is not None else None))
            self._read_rows.append(row)
        return found

    def snapshot(self) -> tuple[tuple[object, ...], ...]:
        return tuple(
            tuple(self.value(row, column.key) for column in self.columns)
            + ((self.table.item(row, 0).data(_ID_ROLE) if self.table.item(row, 0) else None),)
            for row in range(self.table.rowCount())
        )

    def restore(self, snapshot: tuple[tuple[object, ...], ...]) -> None:
        self.clear()
        for cells in snapshot:
            values = {column.key: str(cells[index]) for index, column in enumerate(self.columns)}
            row_id = cells[-1]
            self.add_row(values, row_id if isinstance(row_id, str) else None)

    # ------------------------------------------------------------------------------------------ problems

    def clear_problems(self) -> None:
        self.error.clear_message()
        for row in range(self.table.rowCount()):
            for index in range(len(self.columns)):
                item = self.table.item(row, index)
                if item is not None and item.background() == _PROBLEM:
                    item.setBackground(_CLEAN)
                    item.setToolTip("")

    def show_problems(self, prefix: str, problems: dict[str, str]) -> bool:
        """Mark the cells of ``problems`` keyed «prefix.N.key» (N counts the rows read) and the table's own
        «prefix» problem; True when there was any."""
        lines: list[str] = []
        if prefix in problems:
            lines.append(problems[prefix])
        for key, message in problems.items():
            parts = key.split(".")
            if len(parts) != 3 or parts[0] != prefix or not parts[1].isdigit():
                continue
            read = int(parts[1])
            row = self._read_rows[read] if read < len(self._read_rows) else read
            index = next((i for i, column in enumerate(self.columns) if column.key == parts[2]), None)
            if index is not None and (item := self.table.item(row, index)) is not None:
                item.setBackground(_PROBLEM)
                item.setToolTip(message)
                header = self.columns[index].header
                lines.append(f"Строка {row + 1}, «{header}»: {message}")
            else:
                lines.append(f"Строка {row + 1}: {message}")
        if lines:
            self.error.show_message("\n".join(dict.fromkeys(lines)))
        return bool(lines)
