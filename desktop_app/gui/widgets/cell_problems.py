"""Under the indicator grid: the current cell's problem in words and every problem of the period as a list.

A tooltip is found only by someone who knows to hover; the reason and the list stay where the eye is, and a
click on a listed problem takes the cursor to its cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop_app.gui.models.indicator_grid import Problem

_NAME_SHOWN = 45
_LIST_ROWS = 4
_POSITION_ROLE = Qt.ItemDataRole.UserRole


def problems_heading(count: int) -> str:
    """«Проблемы периода: 3» in words a specialist reads without counting the lines."""
    if count % 10 == 1 and count % 100 != 11:
        word = "ячейка требует"
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        word = "ячейки требуют"
    else:
        word = "ячеек требуют"
    return f"В периоде {count} {word} внимания (щёлкните строку, чтобы перейти к ячейке):"


def short_name(name: str, limit: int = _NAME_SHOWN) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


class CellProblems(QWidget):
    """``cell_message`` says what is wrong with the current cell; ``problems`` lists the whole period's."""

    chosen = Signal(int, int)  # row, column of the problem the user clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cell_message = QLabel()
        self.cell_message.setObjectName("cellMessage")
        self.cell_message.setWordWrap(True)
        self.cell_message.setStyleSheet("color: #8a1c1c;")
        self.cell_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading = QLabel()
        self.heading.setObjectName("problemsHeading")
        self.problems = QListWidget()
        self.problems.setObjectName("periodProblems")
        self.problems.setWordWrap(True)
        self.problems.itemClicked.connect(self._clicked)
        self.problems.itemActivated.connect(self._clicked)  # Enter on a line, for the keyboard
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.cell_message)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems)
        self.show_problems([])

    def show_cell(self, message: str) -> None:
        self.cell_message.setText(message)
        self.cell_message.setVisible(bool(message))

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.problems.clear()
        for problem in problems:
            item = QListWidgetItem(f"{problem.code} {short_name(problem.name)} — {problem.message}")
            item.setToolTip(f"{problem.code} {problem.name}\n{problem.message}")
            item.setData(_POSITION_ROLE, (problem.row, problem.column))
            self.problems.addItem(item)
        self.heading.setText(problems_heading(len(problems)) if problems else "")
        self.heading.setVisible(bool(problems))
        self.problems.setVisible(bool(problems))
        # a few lines show, the rest scroll: the grid keeps its height on a 720-pixel screen
        line = self.problems.fontMetrics().lineSpacing() + 4
        self.problems.setFixedHeight(min(len(problems), _LIST_ROWS) * line + 2 * self.problems.frameWidth() + 2)

    def _clicked(self, item: QListWidgetItem) -> None:
        row, column = item.data(_POSITION_ROLE)
        self.chosen.emit(row, column)
