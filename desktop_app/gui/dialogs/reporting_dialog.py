"""«Порядок отчётности»: how often a program's executors report and by when, and the chain of steps a period's
report passes after them (summary, approval, submission), each with its deadline; the head changes it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.domain.reporting_chain import ChainStep, StepKind
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.chain_table import ChainTable
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.reporting_fields import ReportingProcedureFields
from desktop_app.services.reporting_chain import ProgramChain, ReportingChainService
from desktop_app.services.reporting_procedure import ProgramProcedure

SHOWN_DEADLINES = 4


class ReportingProcedureDialog(QDialog):
    """Edits one program's procedure; ``result_procedure`` is what was saved, if anything."""

    def __init__(
        self,
        context: AppContext,
        current: ProgramProcedure,
        program_start: date,
        program_end: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Порядок отчётности")
        self.setMinimumWidth(760)
        self.context = context
        self.current = current
        self.program_start, self.program_end = program_start, program_end
        self.result_procedure: ProgramProcedure | None = None
        self.chain_service = ReportingChainService(context.db)
        self.current_chain: ProgramChain | None = None
        self.chain = ChainTable()
        self.chain.setEnabled(False)  # until the chain is read

        self.messages = MessageBar(self)
        title = QLabel(f"<b>{current.program_title}</b>")
        title.setWordWrap(True)
        self.fields = ReportingProcedureFields()
        self.fields.set_procedure(current.procedure)
        self.fields.changed.connect(self._show_deadlines)
        self.deadlines = QLabel()
        self.deadlines.setObjectName("upcomingDeadlines")
        self.deadlines.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сохранить")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(title)
        layout.addWidget(self.fields)
        layout.addWidget(self.deadlines)
        chain_title = QLabel("<b>Порядок отчётности за период</b> — шаги по порядку, кто выполняет и срок")
        layout.addWidget(chain_title)
        layout.addWidget(self.chain, 1)
        layout.addWidget(self.buttons)
        self._show_deadlines()
        if current.read_only_reason:  # the page does not open it then; a stale tree could
            self.messages.show_info(current.read_only_reason)
            self.fields.setEnabled(False)
            self.save_button.setEnabled(False)
        service, actor, program_id = self.chain_service, context.actor, current.program_id
        context.runner.run(lambda: service.chain(actor, program_id), self._chain_loaded, self._failed)

    def _chain_loaded(self, chain: ProgramChain) -> None:
        self.current_chain = chain
        self.chain.set_steps(chain.steps)
        if chain.read_only_reason:
            self.messages.show_info(chain.read_only_reason)
        self.chain.setEnabled(not chain.read_only_reason)

    def _show_deadlines(self) -> None:
        procedure = self.fields.typed()
        if procedure is None:
            self.deadlines.setText("")
            return
        self.chain.follow_procedure(procedure)
        self.deadlines.setText(
            "Сроки отчётов исполнителей: " + upcoming_deadlines(procedure, self.program_start, self.program_end)
        )

    def save(self) -> None:
        procedure = self.fields.procedure()
        if procedure is None:
            return
        steps: list[ChainStep] | None = None
        if self.current_chain is not None and self.chain.isEnabled():
            try:
                typed = self.chain.steps()
            except ValidationError as exc:
                self.messages.show_error(exc.message)
                return
            steps = typed if chain_changed(self.current_chain.steps, typed) else None
        if procedure == self.current.procedure and steps is None:
            self.reject()
            return
        self.save_button.setEnabled(False)
        settings, chains = self.context.reporting, self.chain_service
        actor, program_id, version = self.context.actor, self.current.program_id, self.current.row_version
        changed_procedure = procedure != self.current.procedure

        def work() -> ProgramProcedure:
            saved = settings.update(actor, program_id, procedure, version) if changed_procedure else self.current
            if steps is not None:
                chains.declare(actor, program_id, steps)
                saved = settings.procedure(actor, program_id)
            return saved

        self.context.runner.run(work, self._saved, self._failed)

    def _saved(self, saved: ProgramProcedure) -> None:
        self.result_procedure = saved
        self.accept()

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.messages.show_error(message)


def upcoming_deadlines(procedure: ReportingProcedure, start: date, end: date, today: date | None = None) -> str:
    """«II полугодие 2026 г. — до 20.01.2027; …» for the next periods of the program (the last ones if it is over)."""
    periods = procedure.periods(start, end)
    today = today or date.today()
    upcoming = [period for period in periods if procedure.deadline(period) >= today] or periods[-SHOWN_DEADLINES:]
    return "; ".join(
        f"{period.label} — до {format_date(procedure.deadline(period))}" for period in upcoming[:SHOWN_DEADLINES]
    )


def chain_changed(before: tuple[ChainStep, ...], typed: list[ChainStep]) -> bool:
    """Whether the chain as typed differs from the stored one; the executors' day follows the procedure above
    and is not a change of the chain by itself."""

    def shape(step: ChainStep) -> tuple[object, ...]:
        executors = step.kind is StepKind.EXECUTORS
        days = None if executors else step.working_days_after
        year = None if executors else step.year_end_date
        return (step.key, step.title.strip(), step.performer.strip(), days, year, step.kind)

    return [shape(step) for step in before] != [shape(step) for step in typed]
