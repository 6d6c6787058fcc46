"""«Отметить выполнение»: a step of the reporting chain done for the period, with a note (a letter's number)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainState
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.services.reporting_chain import ReportingChainService


class MarkStepDialog(QDialog):
    """``result_state`` is the chain after the mark was saved."""

    def __init__(
        self,
        context: AppContext,
        service: ReportingChainService,
        program_id: str,
        period: Period,
        steps: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Отметить выполнение — {period.label}")
        self.setMinimumWidth(480)
        self.context, self.service, self.program_id, self.period = context, service, program_id, period
        self.result_state: ChainState | None = None
        self.messages = MessageBar(self)
        self.step_combo = QComboBox()
        self.step_combo.setObjectName("chainStepCombo")
        for key, title in steps:
            self.step_combo.addItem(title, key)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("chainNote")
        self.note_edit.setPlaceholderText("например: письмо от 07.07.2026 № 12")
        form = QFormLayout()
        form.addRow("Шаг:", self.step_combo)
        form.addRow("Примечание:", self.note_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Отметить")
        self.ok_button.setEnabled(bool(steps))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if not steps:
            self.messages.show_info("Отмечать нечего: открытые шаги отмечаются в отчётах или руководителем.")

    def save(self) -> None:
        key = self.step_combo.currentData()
        if not key:
            return
        self.ok_button.setEnabled(False)
        service, actor, program_id, period, note = (
            self.service,
            self.context.actor,
            self.program_id,
            self.period,
            self.note_edit.text(),
        )
        self.context.runner.run(
            lambda: service.mark_done(actor, program_id, key, period, note), self._saved, self._failed
        )

    def _saved(self, state: ChainState) -> None:
        self.result_state = state
        self.accept()

    def _failed(self, message: str) -> None:
        self.ok_button.setEnabled(True)
        self.messages.show_error(message)
