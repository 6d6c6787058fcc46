"""The report on one measure for one period: status, what was done, documents, approval."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.execution import REPORT_STATUS_LABELS, ReportInput, ReportStatus, read_quantity
from desktop_app.domain.numbers import format_number
from desktop_app.domain.periods import Period, format_date, format_moment
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.document_dialog import DocumentDialog
from desktop_app.gui.widgets.document_table import DocumentTable
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling_with_actions
from desktop_app.gui.widgets.stacking_columns import StackingColumns
from desktop_app.services.execution import ReportView
from desktop_app.services.measure_editing import MeasureDetail


class ReportEditor(QWidget):
    """Edits the report of the measure and period it is given; emits ``changed`` after every write."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._detail: MeasureDetail | None = None
        self._report: ReportView | None = None
        # What was typed but not saved, per (measure, period): switching to another measure or period
        # keeps it, and coming back brings it back into the fields.
        self._drafts: dict[tuple[str, str], tuple[str, str, str, str]] = {}
        self._viewing_folder = Path(tempfile.gettempdir()) / "opeka-documents"
        can_edit = context.actor.can(Permission.EDIT_DATA)
        can_approve = context.actor.can(Permission.APPROVE_REPORTS)

        self.messages = MessageBar(self)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("reportPeriod")
        self.period_combo.setMinimumContentsLength(16)
        self.period_combo.currentIndexChanged.connect(lambda _index: self._switch_period())
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("reportDeadline")
        self.deadline_label.setWordWrap(True)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("reportStatus")
        for status in ReportStatus:
            self.status_combo.addItem(REPORT_STATUS_LABELS[status], status.value)
        self.done_edit = QPlainTextEdit()
        self.done_edit.setObjectName("reportDone")
        self.done_edit.setTabChangesFocus(True)
        self.done_edit.setMinimumHeight(90)
        self.done_edit.setPlaceholderText("Что сделано за период: мероприятия, даты, участники, результат")
        self.quantity_edit = QLineEdit()
        self.quantity_edit.setObjectName("reportQuantity")
        self.quantity_edit.setPlaceholderText("число, например 12 или 1 234,5")
        self.quantity_edit.setToolTip(
            "Только число. Что именно посчитано (человек, мероприятий, семей), напишите в поле «Что сделано»."
        )
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMaximumHeight(60)
        self.who_label = QLabel()
        self.who_label.setObjectName("reportWho")
        self.who_label.setWordWrap(True)

        form = QFormLayout()
        period_row = QWidget()
        period_layout = QHBoxLayout(period_row)
        period_layout.setContentsMargins(0, 0, 0, 0)
        period_layout.addWidget(self.period_combo)
        period_layout.addWidget(self.deadline_label, 1)
        form.addRow("Отчётный период:", period_row)
        self.errors = {
            "status": add_field(form, "Статус исполнения:", self.status_combo),
            "done_text": add_field(form, "Что сделано:", self.done_edit),
            "quantity": add_field(form, "Количественный результат:", self.quantity_edit),
            "notes": add_field(form, "Примечание:", self.notes_edit),
        }
        self.quantity_edit.textEdited.connect(self._check_quantity_as_typed)  # after add_field's clearing

        self.documents = DocumentTable("reportDocuments", self._open_document)
        self.attach_button = QPushButton("Прикрепить документ…")
        self.attach_button.setObjectName("attachDocument")
        self.attach_button.clicked.connect(self._attach)
        self.open_button = QPushButton("Открыть")
        self.open_button.clicked.connect(self._open_document)
        self.remove_button = QPushButton("Убрать")
        self.remove_button.clicked.connect(self._remove_document)
        document_buttons = QHBoxLayout()
        for button in (self.attach_button, self.open_button, self.remove_button):
            document_buttons.addWidget(button)
        document_buttons.addStretch(1)

        self.save_button = QPushButton("Сохранить отчёт")
        self.save_button.setObjectName("saveReport")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.approve_button = QPushButton("Утвердить")
        self.approve_button.setObjectName("approveReport")
        self.approve_button.clicked.connect(self._approve)
        self.withdraw_button = QPushButton("Снять утверждение")
        self.withdraw_button.setObjectName("withdrawApproval")
        self.withdraw_button.clicked.connect(self._withdraw)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(self.approve_button)
        actions.addWidget(self.withdraw_button)
        self.approve_button.setVisible(can_approve)
        self.withdraw_button.setVisible(can_approve)
        for widget in (self.save_button, self.attach_button, self.remove_button):
            widget.setEnabled(can_edit)

        # What was done on the left, proof and approval on the right; below it where the card is narrow.
        right = QVBoxLayout()
        right.addWidget(self.who_label)
        right.addWidget(QLabel("Подтверждающие документы:"))
        right.addWidget(self.documents, 1)
        right.addLayout(document_buttons)
        self.columns = StackingColumns(form, right, (3, 2))
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.columns, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scrolling_with_actions(body, actions, self.messages))
        self.setEnabled(False)

    # ------------------------------------------------------------------------------------------ loading

    def show_measure(self, detail: MeasureDetail, periods: list[Period], preferred: Period | None) -> None:
        """Show ``detail``'s report for ``preferred`` or, without one, the latest period already begun."""
        self._keep_draft()
        self._detail = detail
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in periods:
            self.period_combo.addItem(period.label, period.code)
        chosen = preferred or _latest_started(periods)
        if chosen is not None:
            self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(chosen.code)))
        self.period_combo.blockSignals(False)
        self.setEnabled(bool(periods))
        self._load_report()

    def select_period(self, period: Period) -> None:
        """Switch to ``period`` when the measure reports for it (the combo then loads its report)."""
        index = self.period_combo.findData(period.code)
        if index >= 0 and index != self.period_combo.currentIndex():
            self.period_combo.setCurrentIndex(index)

    def current_period(self) -> Period | None:
        code = self.period_combo.currentData()
        return Period.parse(code) if code else None

    def _switch_period(self) -> None:
        self._keep_draft()
        self._load_report()

    def _typed(self) -> tuple[str, str, str, str]:
        return (
            str(self.status_combo.currentData()),
            self.done_edit.toPlainText(),
            self.quantity_edit.text().strip(),
            self.notes_edit.toPlainText(),
        )

    @staticmethod
    def _stored(report: ReportView) -> tuple[str, str, str, str]:
        return (report.status.value, report.done_text, format_number(report.quantity, 3), report.notes)

    def _keep_draft(self) -> None:
        report = self._report
        if report is None or self.done_edit.isReadOnly():
            return
        key = (report.measure_id, report.period.code)
        typed = self._typed()
        if typed != self._stored(report):
            self._drafts[key] = typed
        else:
            self._drafts.pop(key, None)

    def unsaved_reports(self) -> int:
        """How many reports hold typed text that is not saved (the one on screen included)."""
        self._keep_draft()
        return len(self._drafts)

    def _load_report(self) -> None:
        detail, period = self._detail, self.current_period()
        if detail is None or period is None:
            return
        execution, actor = self.context.execution, self.context.actor
        self.context.runner.run(
            lambda: execution.report(actor, detail.id, period), self._show_report, self.messages.show_error
        )

    def _show_report(self, report: ReportView) -> None:
        detail = self._detail
        if detail is None or report.measure_id != detail.id:
            return
        self._report = report
        self.messages.clear_message()
        clear_field_errors(self.errors)
        self.status_combo.setCurrentIndex(self.status_combo.findData(report.status.value))
        self.done_edit.setPlainText(report.done_text)
        self.quantity_edit.setText(format_number(report.quantity, 3))
        self.notes_edit.setPlainText(report.notes)
        deadline = detail.procedure.deadline(report.period)
        due = detail.schedule.is_due_in(report.period, detail.program_start, detail.program_end)
        late = due and report.reported_at is None and date.today() > deadline
        due_text = "по графику отчёт требуется" if due else "по графику отчёт не требуется"
        self.deadline_label.setText(
            f"срок отчёта: {format_date(deadline)}; {due_text}"
            + (" — <b style='color:#b00020'>просрочен</b>" if late else "")
        )
        parts = []
        if report.reported_at:
            parts.append(f"Отчитался: {report.reported_by}, {format_moment(report.reported_at)}")
        else:
            parts.append("Отчёта ещё нет.")
        if report.approved_at:
            parts.append(f"Утвердил: {report.approved_by}, {format_moment(report.approved_at)}")
        self.who_label.setText("  ·  ".join(parts))
        self._show_documents(report)
        frozen = report.is_approved and not self.context.actor.can(Permission.APPROVE_REPORTS)
        can_edit = self.context.actor.can(Permission.EDIT_DATA) and not frozen
        for widget in (self.done_edit, self.notes_edit):
            widget.setReadOnly(not can_edit)
        self.quantity_edit.setReadOnly(not can_edit)
        self.status_combo.setEnabled(can_edit)
        for widget in (self.save_button, self.remove_button):
            widget.setEnabled(can_edit)
        saved = report.reported_at is not None
        self.attach_button.setEnabled(can_edit and saved)
        self.attach_button.setToolTip(
            "" if saved else "Сначала сохраните отчёт: документы подтверждают сохранённый отчёт."
        )
        self.approve_button.setEnabled(report.reported_at is not None and not report.is_approved)
        self.approve_button.setToolTip(approve_tooltip(report.reported_at is not None, report.is_approved))
        self.withdraw_button.setEnabled(report.is_approved)
        self.withdraw_button.setToolTip("" if report.is_approved else "Отчёт не утверждён: снимать нечего.")
        if frozen:
            self.messages.show_info("Отчёт утверждён руководителем; изменить его может только руководитель.")
        elif can_edit and (draft := self._drafts.get((report.measure_id, report.period.code))) is not None:
            status, done_text, quantity, notes = draft
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
            self.done_edit.setPlainText(done_text)
            self.quantity_edit.setText(quantity)
            self.notes_edit.setPlainText(notes)
            self.messages.show_info("Возвращён несохранённый текст отчёта: сохраните его (Ctrl+S) или исправьте.")

    def _show_documents(self, report: ReportView) -> None:
        self.documents.show_documents(report.documents)

    # ------------------------------------------------------------------------------------------ writing

    def save(self) -> None:
        detail, report, period = self._detail, self._report, self.current_period()
        if detail is None or report is None or period is None or not self.save_button.isEnabled():
            return
        clear_field_errors(self.errors)
        problems: dict[str, str] = {}
        quantity, problem = read_quantity(self.quantity_edit.text())
        if problem:
            problems["quantity"] = problem
        entry = ReportInput(
            str(self.status_combo.currentData()), self.done_edit.toPlainText(), quantity, self.notes_edit.toPlainText()
        )
        try:
            entry = entry.checked()
        except ValidationError as exc:
            problems.update(exc.field_errors)
        if show_field_errors(self.errors, problems):
            self.messages.show_error("Отчёт не сохранён: исправьте отмеченные поля.")
            return
        execution, actor, version = self.context.execution, self.context.actor, report.row_version
        self.context.runner.run(
            lambda: execution.save_report(actor, detail.id, period, entry, version),
            lambda saved: self._written(saved, "Отчёт сохранён."),
            self.messages.show_error,
        )

    def _check_quantity_as_typed(self, text: str) -> None:
        """Say at once whether the typed quantity can be saved; a corrected value loses its error at once."""
        self.errors["quantity"].show_message(read_quantity(text)[1])

    def _written(self, report: ReportView, message: str) -> None:
        self._drafts.pop((report.measure_id, report.period.code), None)
        self._show_report(report)
        self.messages.show_info(message)
        self.changed.emit()

    def _attach(self) -> None:
        detail, period = self._detail, self.current_period()
        if detail is None or period is None:
            return
        dialog = DocumentDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_path is None or dialog.result_document is None:
            return
        self.attach_file(dialog.result_path, dialog.result_document)

    def attach_file(self, path: Path, document) -> None:  # type: ignore[no-untyped-def]
        detail, period = self._detail, self.current_period()
        if detail is None or period is None:
            return
        execution, actor = self.context.execution, self.context.actor
        self.context.runner.run(
            lambda: execution.attach_document(actor, detail.id, period, path, document),
            lambda _document: self._after_document_change("Документ прикреплён."),
            self.messages.show_error,
        )

    def _open_document(self) -> None:
        document_id = self.documents.selected_id()
        if document_id is None:
            self.messages.show_error("Выберите документ в списке.")
            return
        execution, actor, folder = self.context.execution, self.context.actor, self._viewing_folder
        self.context.runner.run(
            lambda: execution.document_file(actor, document_id, folder),
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            self.messages.show_error,
        )

    def _remove_document(self) -> None:
        document_id = self.documents.selected_id()
        if document_id is None:
            self.messages.show_error("Выберите документ в списке.")
            return
        answer = QMessageBox.question(self, "Убрать документ", "Убрать документ из отчёта?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        execution, actor = self.context.execution, self.context.actor
        self.context.runner.run(
            lambda: execution.remove_document(actor, document_id),
            lambda _none: self._after_document_change("Документ убран из отчёта."),
            self.messages.show_error,
        )

    def _after_document_change(self, message: str) -> None:
        """Refresh the list of documents only: what the user has typed but not saved stays in the fields."""
        detail, period = self._detail, self.current_period()
        if detail is None or period is None:
            return
        execution, actor = self.context.execution, self.context.actor

        def show(report: ReportView) -> None:
            if self._report is None or report.measure_id != self._report.measure_id:
                return
            self._report = replace(
                self._report, id=report.id, row_version=report.row_version, documents=report.documents
            )
            self._show_documents(report)
            self.messages.show_info(message)
            self.changed.emit()

        self.context.runner.run(lambda: execution.report(actor, detail.id, period), show, self.messages.show_error)

    def _approve(self) -> None:
        detail, report, period = self._detail, self._report, self.current_period()
        if detail is None or report is None or period is None:
            return
        execution, actor, version = self.context.execution, self.context.actor, report.row_version
        self.context.runner.run(
            lambda: execution.approve_report(actor, detail.id, period, version),
            lambda approved: self._written(approved, "Отчёт утверждён."),
            self.messages.show_error,
        )

    def _withdraw(self) -> None:
        detail, period = self._detail, self.current_period()
        if detail is None or period is None:
            return
        execution, actor = self.context.execution, self.context.actor
        self.context.runner.run(
            lambda: execution.withdraw_approval(actor, detail.id, period),
            lambda reopened: self._written(reopened, "Утверждение снято: отчёт можно исправить."),
            self.messages.show_error,
        )


def _latest_started(periods: list[Period]) -> Period | None:
    today = date.today()
    started = [period for period in periods if period.start <= today]
    return started[-1] if started else (periods[0] if periods else None)


def approve_tooltip(saved: bool, approved: bool) -> str:
    """Why «Утвердить» is greyed out, or what it does when it is not."""
    if approved:
        return "Отчёт уже утверждён: утверждать нечего."
    if not saved:
        return "Утверждать нечего: за этот период отчёт ещё не сдан."
    return "Утвердить этот отчёт за выбранный период."
