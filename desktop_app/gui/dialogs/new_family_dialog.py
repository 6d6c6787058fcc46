"""«Новая семья»: the family's own fields and its first step (usually «кандидат»)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput, check_step
from desktop_app.domain.periods import format_date, parse_date
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.family_form import FamilyForm, date_edit
from desktop_app.gui.widgets.field_error import add_field, clear_field_errors, show_field_errors
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size
from desktop_app.services.family_card import FamilyCard


class NewFamilyDialog(QDialog):
    """``result_card`` holds the family once it is saved."""

    def __init__(self, context: AppContext, municipalities: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Новая ресурсная семья")
        open_size(self, 1000, 700)
        self.context = context
        self.result_card: FamilyCard | None = None
        self.messages = MessageBar(self)
        self.form = FamilyForm()
        self.form.set_municipalities(municipalities, context.info.district_name or "")
        self.form.add_member_row()
        self.stage_combo = QComboBox()
        self.stage_combo.setObjectName("firstStage")
        for stage in FamilyStage:
            self.stage_combo.addItem(stage.label, stage.value)
        self.on_date = date_edit("firstStageDate")
        self.on_date.setText(format_date(date.today()))
        self.done_by = QLineEdit(context.actor.full_name)
        self.done_by.setCursorPosition(0)  # a narrow field shows the name's start, not «…емонстрационный»
        self.reason = QLineEdit()
        self.reason.setObjectName("firstStageReason")
        self.reason.setPlaceholderText("нужна, если семья вносится сразу на более поздний этап")
        step_box = QGroupBox("Первый этап")
        step_form = QFormLayout(step_box)
        self.step_errors = {
            "stage": add_field(step_form, "Этап:", self.stage_combo),
            "on_date": add_field(step_form, "Дата:", self.on_date),
            "done_by": add_field(step_form, "Кто провёл:", self.done_by),
            "reason": add_field(step_form, "Причина:", self.reason),
        }
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сохранить")
        self.save_button.setObjectName("saveNewFamily")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.form)
        body_layout.addWidget(step_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.buttons)
        keyboard.prepare_dialog(self, first=self.form.members)

    def save(self) -> None:
        entry = self.form.entry()
        clear_field_errors(self.step_errors)
        step: StepInput | None = None
        try:
            on = parse_date(self.on_date.text())
            step = StepInput(FamilyStage(self.stage_combo.currentData()), on, self.done_by.text(), self.reason.text())
            check_step(None, None, step, date.today(), entry.papers if entry is not None else None)
        except ValidationError as exc:
            show_field_errors(self.step_errors, exc.field_errors or {"on_date": exc.message})
            step = None
        if entry is None or step is None:
            self.messages.show_error("Семья не сохранена: исправьте отмеченные поля.")
            return
        self.save_button.setEnabled(False)
        editing, actor = self.context.family_editing, self.context.actor
        self.context.runner.run(lambda: editing.create(actor, entry, step), self._saved, self._failed)

    def _saved(self, card: FamilyCard) -> None:
        self.result_card = card
        self.accept()

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.messages.show_error(message)
