"""At the region: a form's consolidation for a period (services/form_consolidation.py) — the total of each
question, each district's own answer to the question chosen (the drill-down), the completeness of every
district, and «Заполнить форму региона из свода», which writes the totals as the region's own draft."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import UserError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.formkit.definition import Question, QuestionKind
from desktop_app.formkit.display import answer_cells, cell_text
from desktop_app.gui.context import AppContext
from desktop_app.gui.window_fit import open_size
from desktop_app.services.form_answers import FormState
from desktop_app.services.form_consolidation import Consolidation, FormConsolidation, QuestionTotal

TOTAL_HEADERS = ("№", "Вопрос", "Итого по МО")
COMPLETENESS_HEADERS = ("Муниципальное образование", "Состояние", "Не хватает обязательных")


def total_text(question: Question, total: QuestionTotal, period: Period) -> str:
    """The total as one line of the table: a sum, «да — N МО из M», counts, rows, or how many answered."""
    kind = question.kind
    if kind is QuestionKind.NUMBER:
        decimals = question.value_type.decimals or 0
        return format_number(total.number, decimals) or "—"
    if kind is QuestionKind.YES_NO:
        return total.yes_no.text
    if kind is QuestionKind.CHOICE:
        return total.choices_text
    if kind is QuestionKind.YEAR_PAIR:
        parts = []
        for row in question.pair_rows():
            for offset in question.year_offsets:
                value = total.pairs.get(row.id, {}).get(str(offset))
                where = ", ".join(part for part in (row.label, question.year_label(period, offset)) if part)
                parts.append(f"{where}: {format_number(value, question.value_type.decimals or 0) or '—'}")
        return "; ".join(parts)
    if kind is QuestionKind.YES_NO_GRID:
        return "; ".join(f"{row.label}: {total.grid[row.id].text}" for row in question.rows if row.id in total.grid)
    if kind is QuestionKind.TABLE:
        return f"строк: {len(total.rows)} от {len({row.district for row in total.rows})} МО"
    if kind is QuestionKind.INDICATOR:
        found = total.indicator
        if found.value is None:
            return "—"
        parts_text = f" ({cell_text(found.numerator)} из {cell_text(found.denominator)})" if found.denominator else ""
        return f"{cell_text(found.value)}{parts_text}"
    return f"ответили {len(total.texts)} МО" if total.texts else "—"


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), objectName=name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


class FormConsolidationPanel(QDialog):
    """Not modal: the coordinator reads the totals beside the form page."""

    def __init__(
        self,
        context: AppContext,
        form_id: str,
        period: Period,
        on_filled: Callable[[FormState], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="formConsolidationPanel")
        self.context, self.form_id, self.period = context, form_id, period
        self._on_filled = on_filled
        self.service = FormConsolidation(context.db, context.forms)
        self.consolidation: Consolidation | None = None
        self._busy = False
        open_size(self, 1000, 640)

        self.summary = QLabel(objectName="consolidationSummary", wordWrap=True)
        self.totals = _table(TOTAL_HEADERS, "consolidationTotals")
        self.totals.itemSelectionChanged.connect(self._show_district_answer)
        self.completeness = _table(COMPLETENESS_HEADERS, "consolidationCompleteness")
        self.completeness.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.completeness.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.completeness.itemSelectionChanged.connect(self._district_row_chosen)
        self.district_combo = QComboBox(objectName="consolidationDistrict")
        self.district_combo.currentIndexChanged.connect(self._show_district_answer)
        self.district_answer = QPlainTextEdit(objectName="consolidationDistrictAnswer", readOnly=True)
        self.fill_button = QPushButton("Заполнить форму региона из свода", objectName="fillRegionForm")
        self.fill_button.setToolTip("Записать итоги как ответы региона (черновик) для проверки руководителем")
        self.fill_button.setEnabled(context.actor.can(Permission.EDIT_DATA))
        self.fill_button.clicked.connect(self.fill_region_form)
        self.message = QLabel(objectName="consolidationMessage", wordWrap=True)

        drill = QWidget()
        drill_layout = QVBoxLayout(drill)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Ответ МО:"))
        chooser.addWidget(self.district_combo, 1)
        drill_layout.addLayout(chooser)
        drill_layout.addWidget(self.district_answer, 1)
        drill_layout.addWidget(QLabel("Полнота ответов:"))
        drill_layout.addWidget(self.completeness, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.totals)
        splitter.addWidget(drill)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.fill_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.reload()

    @property
    def busy(self) -> bool:
        return self._busy

    def reload(self) -> None:
        """Add up the districts' answers in the background: sixty districts' forms are read and summed."""
        self._busy = True
        self.summary.setText("Собираются ответы муниципальных образований…")
        self.fill_button.setEnabled(False)
        actor, form_id, period = self.context.actor, self.form_id, self.period
        self.context.runner.run(
            lambda: self.service.consolidate(actor, form_id, period), self._show_consolidation, self._not_consolidated
        )

    def _not_consolidated(self, message: str) -> None:
        self._busy = False
        self.summary.setText(message)

    def _show_consolidation(self, result: Consolidation) -> None:
        self._busy = False
        self.consolidation = result
        self.fill_button.setEnabled(self.context.actor.can(Permission.EDIT_DATA))
        self.setWindowTitle(f"Свод: {result.form.title} — {self.period.label}")
        silent = result.silent
        self.summary.setText(
            f"Ответы прислали {len(result.reporting)} МО из {len(result.districts)}."
            + (f" Не прислали: {', '.join(silent)}." if silent else "")
        )
        questions = result.form.questions
        self.totals.setRowCount(len(questions))
        for number, question in enumerate(questions):
            shown = total_text(question, result.totals[question.id], self.period)
            for column, value in enumerate((question.number, question.text, shown)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.totals.setItem(number, column, item)
        self.completeness.setRowCount(len(result.districts))
        for number, district in enumerate(result.districts):
            values = (district.district, district.state.label, str(district.missing_required))
            for column, value in enumerate(values):
                self.completeness.setItem(number, column, QTableWidgetItem(value))
        self.district_combo.blockSignals(True)
        self.district_combo.clear()
        for name in result.reporting:
            self.district_combo.addItem(name, name)
        self.district_combo.blockSignals(False)
        self.totals.resizeRowsToContents()
        if questions:
            self.totals.selectRow(0)

    def select_question(self, question_id: str) -> None:
        assert self.consolidation is not None
        ids = [question.id for question in self.consolidation.form.questions]
        self.totals.selectRow(ids.index(question_id))

    def select_district(self, name: str) -> None:
        self.district_combo.setCurrentIndex(self.district_combo.findData(name))

    def _district_row_chosen(self) -> None:
        rows = self.completeness.selectionModel().selectedRows()
        item = self.completeness.item(rows[0].row(), 0) if rows else None
        if item is not None and self.district_combo.findData(item.text()) >= 0:
            self.select_district(item.text())

    def _show_district_answer(self) -> None:
        """The chosen district's own answer to the chosen question, cell by cell."""
        result = self.consolidation
        rows = self.totals.selectionModel().selectedRows()
        district = self.district_combo.currentData()
        if result is None or not rows or not district:
            self.district_answer.setPlainText("")
            return
        question = result.form.questions[rows[0].row()]
        value = result.district(district).answers.get(question.id)
        if value in (None, "", [], {}):
            self.district_answer.setPlainText("Нет ответа.")
            return
        lines = [
            f"{where}: {shown}" if where else shown
            for where, shown in answer_cells(question, value, self.period).values()
            if shown
        ]
        self.district_answer.setPlainText("\n".join(lines) or "Нет ответа.")

    def fill_region_form(self) -> None:
        try:
            state = self.service.fill_region_form(self.context.actor, self.form_id, self.period)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(
            f"Итоги записаны как ответы региона ({state.territory}), черновик: проверьте их на странице «Формы»."
        )
        if self._on_filled is not None:
            self._on_filled(state)
