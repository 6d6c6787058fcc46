"""The reporting chain of one program for one period, in a few lines: which step is due and by when, who is late
at each step, with «Отметить выполнение…» for the steps marked by hand and «Снять отметку…» to take back one made
by mistake. Shown on «Мероприятия» and «Обзор»."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainState, StepKind, StepState
from desktop_app.domain.roles import Permission, Role
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
        self.undo_button = QPushButton("Снять отметку…")
        self.undo_button.setObjectName("undoChainStep")
        self.undo_button.setToolTip("Снять отметку о выполнении, сделанную по ошибке; в журнале она останется")
        self.undo_button.setVisible(context.actor.can(Permission.EDIT_DATA))
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.take_back_mark)
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
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
        self.undo_button.setEnabled(bool(self.undoable()))
        self.setVisible(True)

    def _failed(self, message: str) -> None:
        self.text.setText(html.escape(message))
        self.setVisible(True)

    def markable(self) -> list[tuple[str, str]]:
        """(key, title) of the steps still open that are marked by hand here (the executors' step is seen in the
        reports; the approval and a head's step only by a head)."""
        if self.state is None:
            return []
        return [
            (state.step.key, state.step.title)
            for state in self.state.steps
            if not state.done
            and state.step.kind is not StepKind.EXECUTORS
            and not state.step.key.startswith("default-")
            and self._may_mark(state)
        ]

    def _may_mark(self, state: StepState) -> bool:
        """The service's rule, to offer only what it will accept: the approval and a head's step need the right
        to approve."""
        if state.step.kind is StepKind.APPROVAL or state.step.role in (Role.HEAD, Role.COORDINATOR):
            return self.context.actor.can(Permission.APPROVE_REPORTS)
        return self.context.actor.can(Permission.EDIT_DATA)

    def undoable(self) -> list[StepState]:
        """The steps of the period marked by hand here that this user may take back (a mark seen in the reports
        or in the head's approval of them is taken back there, not here)."""
        if self.state is None:
            return []
        return [
            state
            for state in self.state.steps
            if state.mark is not None and state.mark.by_hand and self._may_mark(state)
        ]

    def take_back_mark(self) -> None:
        """Ask which mark (the latest made, when there are several) and whether to take it back, naming who made
        it and when; then take it back."""
        steps = self.undoable()
        if self.state is None or self.program_id is None or not steps:
            return
        period = self.state.period
        chosen = steps[0] if len(steps) == 1 else self._choose(steps)
        if chosen is None or chosen.mark is None:
            return
        mark = chosen.mark
        made = f"Отметил(а): {mark.done_by or 'не указано'}"
        if mark.done_at is not None:
            made += f", {mark.done_at.astimezone():%d.%m.%Y %H:%M}"
        if mark.note:
            made += f"; примечание: {mark.note}"
        question = f"Снять отметку «{chosen.step.title}» за {period.label}?\n\n{made}."
        if QMessageBox.question(self, "Снять отметку", question) != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        service, actor, program_id, key = self.service, self.context.actor, self.program_id, chosen.step.key
        self.context.runner.run(lambda: service.undo_mark(actor, program_id, key, period), self._marked, self._failed)

    def _choose(self, steps: list[StepState]) -> StepState | None:
        latest = max(range(len(steps)), key=lambda index: _made_at(steps[index]))
        labels = [f"{state.position}. {state.step.title}" for state in steps]
        label, chosen = QInputDialog.getItem(self, "Снять отметку", "Какую отметку снять:", labels, latest, False)
        return steps[labels.index(label)] if chosen and label in labels else None

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


def _made_at(state: StepState) -> float:
    at = state.mark.done_at if state.mark is not None else None
    return at.timestamp() if at is not None else 0.0
