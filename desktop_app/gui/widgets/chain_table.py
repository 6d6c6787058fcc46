"""The steps of a program's reporting chain as an editable table: step, who does it, working day after the
period, date for the year, and what completes it. The executors' step takes its day from the procedure above."""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from desktop_app.domain.deadlines import ReportingProcedure, parse_day_month
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.reporting_chain import ChainStep, StepKind, validate_chain
from desktop_app.domain.roles import Role

COL_TITLE, COL_PERFORMER, COL_DAYS, COL_YEAR, COL_KIND = range(5)
HEADERS = ("Шаг", "Кто выполняет", "Рабочий день после периода", "Срок за год (дд.мм)", "Чем подтверждается")
_KEY = Qt.ItemDataRole.UserRole
_READ_ONLY = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class ChainTable(QWidget):
    """``steps()`` reads the table into steps (raising ValidationError with a Russian message)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("chainTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons, as in every other dialog
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (COL_PERFORMER, COL_DAYS, COL_YEAR, COL_KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(
            "Рабочий день пуст — шаг выполняется к сроку следующего шага (так согласование в программе Плесецкого"
            " округа). Шаг «отчёты исполнителей» берёт срок из полей выше."
        )
        self.add_button = QPushButton("Добавить шаг")
        self.add_button.setObjectName("addChainStep")
        self.add_button.clicked.connect(lambda: self.add_step(ChainStep("", working_days_after=None)))
        self.remove_button = QPushButton("Удалить шаг")
        self.remove_button.setObjectName("removeChainStep")
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button = QPushButton("Выше")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("Ниже")
        self.down_button.clicked.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._procedure = ReportingProcedure()

    def set_steps(self, steps: tuple[ChainStep, ...] | list[ChainStep]) -> None:
        self.table.setRowCount(0)
        for step in steps:
            self.add_step(step)

    def add_step(self, step: ChainStep) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        title = QTableWidgetItem(step.title)
        title.setData(_KEY, step.key)
        self.table.setItem(row, COL_TITLE, title)
        self.table.setItem(row, COL_PERFORMER, QTableWidgetItem(step.performer))
        days = "" if step.working_days_after is None else str(step.working_days_after)
        self.table.setItem(row, COL_DAYS, QTableWidgetItem(days))
        year = f"{step.year_end_date[1]:02d}.{step.year_end_date[0]:02d}" if step.year_end_date else ""
        self.table.setItem(row, COL_YEAR, QTableWidgetItem(year))
        kind = QComboBox()
        for value in StepKind:
            kind.addItem(value.label, value.value)
        kind.setCurrentIndex(kind.findData(step.kind.value))
        kind.currentIndexChanged.connect(lambda _index: self.follow_procedure(self._procedure))
        self.table.setCellWidget(row, COL_KIND, kind)
        self.follow_procedure(self._procedure)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.removeRow(rows[0].row())

    def _move(self, offset: int) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        steps = self._raw_steps()
        source = rows[0].row()
        target = source + offset
        if not 0 <= target < len(steps):
            return
        steps[source], steps[target] = steps[target], steps[source]
        self.set_steps(steps)
        self.table.selectRow(target)

    def kind_at(self, row: int) -> StepKind:
        combo = self.table.cellWidget(row, COL_KIND)
        assert isinstance(combo, QComboBox)
        return StepKind(combo.currentData())

    def follow_procedure(self, procedure: ReportingProcedure) -> None:
        """The executors' step shows (and keeps) the procedure's day and date for the year, read-only."""
        self._procedure = procedure
        for row in range(self.table.rowCount()):
            executors = self.kind_at(row) is StepKind.EXECUTORS
            for column in (COL_DAYS, COL_YEAR):
                item = self.table.item(row, column)
                if item is None:
                    continue
                if executors:
                    item.setText(str(procedure.working_days_after) if column == COL_DAYS else procedure.year_end_text())
                    item.setFlags(_READ_ONLY)
                else:
                    item.setFlags(_READ_ONLY | Qt.ItemFlag.ItemIsEditable)

    def _raw_steps(self) -> list[ChainStep]:
        """The rows as steps, day and date unchecked (for moving rows)."""
        steps = []
        for row in range(self.table.rowCount()):
            days = self._text(row, COL_DAYS)
            steps.append(
                ChainStep(
                    self._text(row, COL_TITLE),
                    self._text(row, COL_PERFORMER),
                    int(days) if days.isdigit() else None,
                    parse_day_month(self._text(row, COL_YEAR)),
                    self.kind_at(row),
                    Role.HEAD if self.kind_at(row) is StepKind.APPROVAL else None,
                    str(self.table.item(row, COL_TITLE).data(_KEY) or ""),
                )
            )
        return steps

    def steps(self) -> list[ChainStep]:
        """The chain as typed; a day that is not a number or a date that is not «дд.мм» is refused by its row."""
        errors: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            days, year = self._text(row, COL_DAYS), self._text(row, COL_YEAR)
            if days and not days.isdigit():
                errors[f"step{row + 1}.days"] = f"Шаг {row + 1}: рабочий день — число, например 6, или пусто."
            if year and parse_day_month(year) is None:
                errors[f"step{row + 1}.year"] = f"Шаг {row + 1}: срок за год — день и месяц, например 01.02."
        if errors:
            raise ValidationError("Порядок отчётности не сохранён: " + " ".join(errors.values()), errors)
        steps = self._raw_steps()
        try:
            validate_chain(steps)
        except ValidationError as exc:
            raise ValidationError(exc.message + " " + " ".join(exc.field_errors.values()), exc.field_errors) from exc
        return steps

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""
