"""The reporting chain of one program for one period, in a few lines: which step is due and by when, who is late
at each step, with «Отметить выполнение…» for the steps marked by hand. Shown on «Мероприятия» and «Обзор»."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainState, StepKind
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.services.reporting_chain import ReportingChainService


def chain_html(state: ChainState, today: date) -> str:
    """«Порядок отчётности за I полугодие 2026 г.: сейчас — …» and one line per step, the late ones in red."""
    due = state.due_step()
    if due is None:
        head = f"<b>Порядок отчётности за {html.escape(state.period.label)}</b>: все шаги выполнены."
    else:
        who = f" ({html.escape(due.step.performer)})" if due.step.performer else ""
        head = (
            f"<b>Порядок отчётности за {html.escape(state.period.label)}</b>: сейчас — "
            f"«{html.escape(due.step.title)}»{who}, срок {due.deadline:%d.%m.%Y}."
        )
    lines = [head]
    for step in state.steps:
        text = f"{step.position}. {html.escape(step.step.title)} — {html.escape(step.status_text(today))}"
        late = step.late_parties(today)
        if late:
            text = f"<span style='color:#b00020'>{text}; не выполнили: {html.escape(', '.join(late))}</span>"
        lines.append(text)
    return "<br>".join(lines)


class ChainStrip(QFrame):
    """Loads and shows the chain for (program, period); ``changed`` after a step was marked here."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chainStrip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.context = context
        self.service = ReportingChainService(context.db)
        self.state: ChainState | None = None
        self.program_id: str | None = None
        self.mark_dialog: QWidget | None = None
        self.text = QLabel()
        self.text.setObjectName("chainText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.mark_button = QPushButton("Отметить выполнение…")
        self.mark_button.setObjectName("markChainStep")
        self.mark_button.setToolTip("Отметить шаг порядка отчётности выполненным за период: кто, когда, примечание")
        self.mark_button.setVisible(context.actor.can(Permission.EDIT_DATA))
        self.mark_button.clicked.connect(self.open_mark_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.mark_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setVisible(False)

    def show_for(self, program_id: str | None, period: Period | None) -> None:
        """Show the chain of ``program_id`` for ``period``; hidden when either is missing."""
        self.program_id = program_id
        if program_id is None or period is None:
            self.state = None
            self.setVisible(False)
            return
        service, actor = self.service, self.context.actor
        self.context.runner.run(
            lambda: service.state(actor, program_id, period), self._show, lambda message: self._failed(message)
        )

    def _show(self, state: ChainState) -> None:
        self.state = state
        self.text.setText(chain_html(state, date.today()))
        self.mark_button.setEnabled(bool(self.markable()))
        self.setVisible(True)

    def _failed(self, message: str) -> None:
        self.text.setText(html.escape(message))
        self.setVisible(True)

    def markable(self) -> list[tuple[str, str]]:
        """(key, title) of the steps still open that are marked by hand here (the executors' step is seen in the
        reports; the approval only by a head)."""
        if self.state is None:
            return []
        can_approve = self.context.actor.can(Permission.APPROVE_REPORTS)
        return [
            (state.step.key, state.step.title)
            for state in self.state.steps
            if not state.done
            and state.step.kind is not StepKind.EXECUTORS
            and not state.step.key.startswith("default-")
            and (can_approve or state.step.kind is not StepKind.APPROVAL)
        ]

    def open_mark_dialog(self) -> None:
        from desktop_app.gui.dialogs.mark_step_dialog import MarkStepDialog

        if self.state is None or self.program_id is None:
            return
        dialog = MarkStepDialog(self.context, self.service, self.program_id, self.state.period, self.markable(), self)
        dialog.accepted.connect(lambda: self._marked(dialog.result_state))
        self.mark_dialog = dialog
        dialog.open()

    def _marked(self, state: ChainState | None) -> None:
        if state is not None:
            self._show(state)
            self.changed.emit()
