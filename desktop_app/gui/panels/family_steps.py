"""«Этапы»: the family's way so far, and the form to record its next step."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import (
    FamilyStage,
    StepInput,
    check_step,
    missing_papers_text,
    next_stages,
    reason_needed,
)
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.family_form import date_edit
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.services.family_card import FamilyCard


class FamilyStepsPanel(QWidget):
    changed = Signal(object)  # the card after the step

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._card: FamilyCard | None = None
        self.messages = MessageBar(self)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("familySteps")
        self.table.setHorizontalHeaderLabels(["Этап", "Дата", "Кто провёл", "Причина, примечание"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 260)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 200)

        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("nextStage")
        self.stage_combo.currentIndexChanged.connect(lambda _index: self._explain())
        self.on_date = date_edit("stageDate")
        self.done_by = QLineEdit(context.actor.full_name)
        self.done_by.setCursorPosition(0)  # a narrow field shows the name's start, not «…емонстрационный»
        self.reason = QLineEdit()
        self.reason.setObjectName("stageReason")
        self.notes = QLineEdit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color:#555;")
        self.record_button = QPushButton("Записать этап")
        self.record_button.setObjectName("recordStep")
        self.record_button.clicked.connect(self.record)
        self.record_button.setEnabled(context.actor.can(Permission.EDIT_DATA))
        form = QFormLayout()
        self.errors = {
            "stage": add_field(form, "Следующий этап:", self.stage_combo),
            "on_date": add_field(form, "Дата:", self.on_date),
            "done_by": add_field(form, "Кто провёл:", self.done_by),
            "reason": add_field(form, "Причина:", self.reason),
            "notes": add_field(form, "Примечание:", self.notes),
        }
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.hint)
        right.addLayout(buttons)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.table, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.messages)
        layout.addLayout(columns)

    def show_card(self, card: FamilyCard) -> None:
        self._card = card
        self.messages.clear_message()
        clear_field_errors(self.errors)
        self.table.setRowCount(len(card.steps))
        for row, step in enumerate(card.steps):
            note = "; ".join(filter(None, [step.reason, step.notes]))
            for column, text in enumerate((step.stage.label, format_date(step.on_date), step.done_by, note)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.stage_combo.blockSignals(True)
        self.stage_combo.clear()
        for stage in next_stages(card.stage):
            self.stage_combo.addItem(stage.label, stage.value)
        self.stage_combo.blockSignals(False)
        self.on_date.setText(format_date(date.today()))
        self.reason.clear()
        self.notes.clear()
        self._explain()

    def choose_stage(self, stage: FamilyStage) -> None:
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(stage.value))

    def _explain(self) -> None:
        card, value = self._card, self.stage_combo.currentData()
        if card is None or value is None:
            return
        why = reason_needed(card.stage, FamilyStage(value), card.entry.papers)
        self.hint.setText(why or "Обычный следующий шаг: причина не нужна.")
        # A missing paper is what a head would regret: it stands out, not grey like the usual hint.
        papers_missing = bool(missing_papers_text(card.stage, FamilyStage(value), card.entry.papers))
        self.hint.setStyleSheet("color:#a33; font-weight:bold;" if papers_missing else "color:#555;")

    def record(self) -> None:
        card = self._card
        if card is None or self.stage_combo.currentData() is None:
            return
        clear_field_errors(self.errors)
        try:
            on = parse_date(self.on_date.text())
        except ValidationError as exc:
            self.errors["on_date"].show_message(exc.message)
            return
        stage = FamilyStage(self.stage_combo.currentData())
        reason = self.reason.text()
        missing = missing_papers_text(card.stage, stage, card.entry.papers)
        if missing and not reason.strip():
            asked = self._ask_reason(missing)
            if asked is None:
                self.messages.show_info("Этап не записан: причина не указана.")
                return
            reason = asked
            self.reason.setText(reason)
        step = StepInput(stage, on, self.done_by.text(), reason, self.notes.text())
        try:  # the service checks the same again; here the reasons can go beside the fields
            check_step(card.stage, card.last_step_date, step, date.today(), card.entry.papers)
        except ValidationError as exc:
            show_field_errors(self.errors, exc.field_errors)
            self.messages.show_error(exc.message)
            return
        editing, actor, family_id = self.context.family_editing, self.context.actor, card.id
        self.record_button.setEnabled(False)
        self.context.runner.run(lambda: editing.record_step(actor, family_id, step), self._recorded, self._failed)

    def _ask_reason(self, missing: str) -> str | None:
        """The reason for entering the register without a paper, or None when the user cancels or gives none."""
        dialog = QInputDialog(self)
        dialog.setObjectName("registerReasonDialog")
        dialog.setWindowTitle("Включение в реестр")
        dialog.setLabelText(f"{missing}\n\nПричина (будет записана в этапе и в журнале):")
        dialog.setOkButtonText("Записать этап")
        dialog.setCancelButtonText("Отмена")
        if dialog.exec() != QInputDialog.DialogCode.Accepted:
            return None
        reason = dialog.textValue().strip()
        return reason or None

    def _recorded(self, card: FamilyCard) -> None:
        self.record_button.setEnabled(True)
        self.changed.emit(card)  # the card shows the new state in every tab, this one included
        self.messages.show_info(f"Записан этап «{card.stage.label}».")

    def _failed(self, message: str) -> None:
        self.record_button.setEnabled(True)
        self.messages.show_error(message)
