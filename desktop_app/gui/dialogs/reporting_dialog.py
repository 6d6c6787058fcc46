"""«Порядок отчётности»: how often a program's executors report and by when; the head changes it."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import format_date
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.reporting_fields import ReportingProcedureFields
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
        self.setMinimumWidth(560)
        self.context = context
        self.current = current
        self.program_start, self.program_end = program_start, program_end
        self.result_procedure: ProgramProcedure | None = None

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
        layout.addWidget(self.buttons)
        self._show_deadlines()

    def _show_deadlines(self) -> None:
        procedure = self.fields.typed()
        if procedure is None:
            self.deadlines.setText("")
            return
        self.deadlines.setText(
            "Сроки отчётов исполнителей: " + upcoming_deadlines(procedure, self.program_start, self.program_end)
        )

    def save(self) -> None:
        procedure = self.fields.procedure()
        if procedure is None:
            return
        if procedure == self.current.procedure:
            self.reject()
            return
        self.save_button.setEnabled(False)
        settings = self.context.reporting
        actor, program_id, version = self.context.actor, self.current.program_id, self.current.row_version
        self.context.runner.run(
            lambda: settings.update(actor, program_id, procedure, version), self._saved, self._failed
        )

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
