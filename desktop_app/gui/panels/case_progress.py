"""«Ход работы» of a case card: its stages so far, and the buttons that move it on (each a small dialog)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import format_date
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.case_actions import (
    AssessmentDialog,
    CaseActionDialog,
    ClosureDialog,
    ReopenDialog,
    RequestDialog,
    StageDialog,
)
from desktop_app.gui.widgets.row_table import row_table
from desktop_app.services.case_card import CaseCard

STAGE_HEADERS = ("Этап", "Дата", "Кто провёл", "Причина, примечание")


class CaseProgressPanel(QWidget):
    """Emits ``changed(card)`` with the case as saved after each action."""

    changed = Signal(object)

    def __init__(self, context: AppContext, can_edit: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.can_edit = can_edit
        self.card: CaseCard | None = None
        self.summary = QLabel()
        self.summary.setObjectName("caseProgressSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.table = row_table(STAGE_HEADERS, "caseStages")
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 200), (1, 90), (2, 200)):
            self.table.setColumnWidth(column, width)
        self.stage_button = QPushButton("Следующий этап…")
        self.stage_button.setObjectName("caseStageButton")
        self.assess_button = QPushButton("Оценка…")
        self.assess_button.setObjectName("caseAssessButton")
        self.request_button = QPushButton("Запрос семьи…")
        self.request_button.setObjectName("caseRequestButton")
        self.close_button = QPushButton("Закрыть случай…")
        self.close_button.setObjectName("caseCloseButton")
        self.reopen_button = QPushButton("Возобновить…")
        self.reopen_button.setObjectName("caseReopenButton")
        actions = (
            (self.stage_button, StageDialog),
            (self.assess_button, AssessmentDialog),
            (self.request_button, RequestDialog),
            (self.close_button, ClosureDialog),
            (self.reopen_button, ReopenDialog),
        )
        buttons = QHBoxLayout()
        for button, dialog_class in actions:
            button.clicked.connect(lambda _checked=False, make=dialog_class: self.open_action(make))
            button.setVisible(can_edit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_card(self, card: CaseCard) -> None:
        self.card = card
        closed = card.is_closed
        for button in (self.stage_button, self.assess_button, self.request_button, self.close_button):
            button.setEnabled(not closed)
        self.reopen_button.setEnabled(closed)
        self.summary.setText(_summary(card))
        self.table.setRowCount(0)
        for stage in card.stages:
            row = self.table.rowCount()
            self.table.insertRow(row)
            why = "; ".join(part for part in (stage.reason, stage.notes) if part)
            for column, text in enumerate((stage.stage.label, format_date(stage.on_date), stage.done_by, why)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if card.stages:
            self.table.scrollToBottom()

    def open_action(self, make: type[CaseActionDialog]) -> CaseActionDialog | None:
        if self.card is None:
            return None
        dialog = make(self.context, self.card, self)
        dialog.finished.connect(lambda code: self._finished(dialog, code))
        dialog.open()
        return dialog

    def _finished(self, dialog: CaseActionDialog, code: int) -> None:
        if code == QDialog.DialogCode.Accepted and dialog.result_card is not None:
            self.changed.emit(dialog.result_card)


def _summary(card: CaseCard) -> str:
    parts = []
    if card.support_level is not None:
        parts.append(
            f"Уровень сопровождения: <b>{card.support_level.label}</b> (оценка {format_date(card.assessed_on)})"
        )
    else:
        parts.append("Оценка семейной ситуации ещё не проведена")
    if card.entry.consent_on is not None:
        parts.append(f"согласие семьи на сопровождение — {format_date(card.entry.consent_on)}")
    if card.is_closed and card.outcome is not None:
        parts.append(f"снят с сопровождения {format_date(card.closed_on)}: <b>{html.escape(card.outcome.label)}</b>")
    return "; ".join(parts) + "."
