"""The reporting chain of one program for one period on one line: which step is due and by when, and who is late
(in red), with «Отметить выполнение…» for the steps marked by hand and «Снять отметку…» to take back one made by
mistake on the right. Every step with its status is in the line's tooltip and, on «▸ Шаги», in a list under the
line (folded by default; the choice lasts for the session). Shown on «Мероприятия» and «Обзор».

The whole list once stood in the strip: five lines and more at 1280×720, and the measures table under it showed
a row or two."""

from __future__ import annotations

import html
from datetime import date
from weakref import WeakKeyDictionary

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainState, StepKind, StepState
from desktop_app.domain.roles import Permission, Role
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.elided_parts import ElidedParts, Part
from desktop_app.services.reporting_chain import ReportingChainService
from desktop_app.storage.database import Database

LATE = "#b00020"
FOLDED, UNFOLDED = "▸ Шаги", "▾ Шаги"
# whether the steps are unfolded, by the signed-in session's database: «Мероприятия» and «Обзор» share the choice
_unfolded: WeakKeyDictionary[Database, bool] = WeakKeyDictionary()


def late_parties(state: ChainState, today: date) -> list[str]:
    """Who is late at any step on ``today``, each once, in the order of the steps."""
    late: list[str] = []
    for step in state.steps:
        late.extend(party for party in step.late_parties(today) if party not in late)
    return late


def chain_line(state: ChainState, today: date) -> list[Part]:
    """«I полугодие 2026 г.: сейчас «Сводный отчёт» (ЦССУ), срок 08.07.2026 · опаздывают: ЦССУ», the last part
    in red. On a short line the deadline stays whole, the step's name and who is late share the rest, and the
    period (also in the page's filter and in the tooltip) is left out before it would be cut."""
    head = Part(f"{state.period.label}: ", bold=True, whole=True)
    due = state.due_step()
    if due is None:
        return [head, Part("все шаги выполнены.")]
    who = f" ({due.step.performer})" if due.step.performer else ""
    parts = [head, Part(f"сейчас «{due.step.title}»{who}"), Part(f", срок {due.deadline:%d.%m.%Y}", kept=True)]
    late = late_parties(state, today)
    if late:
        parts.append(Part(f" · опаздывают: {', '.join(late)}", colour=LATE))
    return parts


def steps_html(state: ChainState, today: date) -> str:
    """One line per step with its status, the late ones in red with who has not done them."""
    lines = []
    for step in state.steps:
        text = f"{step.position}. {html.escape(step.step.title)} — {html.escape(step.status_text(today))}"
        late = step.late_parties(today)
        if late:
            text = f"<span style='color:{LATE}'>{text}; не выполнили: {html.escape(', '.join(late))}</span>"
        lines.append(text)
    return "<br>".join(lines)


def chain_html(state: ChainState, today: date) -> str:
    """«Порядок отчётности за I полугодие 2026 г.: сейчас — …» and one line per step: the line's tooltip."""
    due = state.due_step()
    if due is None:
        head = f"<b>Порядок отчётности за {html.escape(state.period.label)}</b>: все шаги выполнены."
    else:
        who = f" ({html.escape(due.step.performer)})" if due.step.performer else ""
        head = (
            f"<b>Порядок отчётности за {html.escape(state.period.label)}</b>: сейчас — "
            f"«{html.escape(due.step.title)}»{who}, срок {due.deadline:%d.%m.%Y}."
        )
    return f"{head}<br>{steps_html(state, today)}"


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
        self.toggle = QToolButton()
        self.toggle.setObjectName("chainStepsToggle")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.toggled.connect(self._unfold)
        self.text = ElidedParts()  # the line: the step due, its deadline and who is late
        self.text.setObjectName("chainText")
        self.steps = QLabel()  # every step with its status, under the line when unfolded
        self.steps.setObjectName("chainSteps")
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setVisible(False)
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
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.toggle)
        line.addWidget(self.text, 1)
        line.addWidget(self.mark_button)
        line.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.steps)
        self._fold(_unfolded.get(context.db, False))
        self.setVisible(False)

    @property
    def unfolded(self) -> bool:
        return self.toggle.isChecked()

    def _unfold(self, unfolded: bool) -> None:
        """The user's click: show or fold the list, and remember the choice for the other page and the next visit."""
        _unfolded[self.context.db] = unfolded
        self._fold(unfolded)

    def _fold(self, unfolded: bool) -> None:
        self.toggle.blockSignals(True)
        self.toggle.setChecked(unfolded)
        self.toggle.blockSignals(False)
        self.toggle.setText(UNFOLDED if unfolded else FOLDED)
        self.toggle.setToolTip("Свернуть список шагов" if unfolded else "Показать все шаги порядка отчётности")
        self.steps.setVisible(unfolded and bool(self.steps.text()))

    def showEvent(self, event: QShowEvent) -> None:
        # the other page's strip may have been unfolded or folded since this one was last seen
        self._fold(_unfolded.get(self.context.db, False))
        super().showEvent(event)

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
        today = date.today()
        self.text.set_parts(chain_line(state, today))
        self.text.setToolTip(chain_html(state, today))
        self.steps.setText(steps_html(state, today))
        self.toggle.setEnabled(True)
        self._fold(self.unfolded)
        self.mark_button.setEnabled(bool(self.markable()))
        self.undo_button.setEnabled(bool(self.undoable()))
        self.setVisible(True)

    def _failed(self, message: str) -> None:
        self.text.set_parts([Part(message)])
        self.text.setToolTip(html.escape(message))
        self.steps.setText("")
        self.toggle.setEnabled(False)
        self._fold(self.unfolded)
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
