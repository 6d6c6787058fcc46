"""«Новый случай»: the family taken into support, as it was identified, with its adults and its children's codes."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.gui import keyboard
from desktop_app.gui.context import AppContext
from desktop_app.gui.panels.case_form import CaseForm, returning_problems
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size
from desktop_app.services.case_card import CaseCard
from desktop_app.services.case_editing import CaseEditing


class NewCaseDialog(QDialog):
    """``result_card`` holds the case once it is saved."""

    def __init__(self, context: AppContext, municipalities: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Новый случай сопровождения семьи")
        open_size(self, 1100, 720)
        self.context = context
        self.result_card: CaseCard | None = None
        self.messages = MessageBar(self)
        self.form = CaseForm()
        self.form.set_municipalities(municipalities, context.info.district_name or "")
        self.form.identified_on.setText(format_date(date.today()))
        self.form.adults.add_row()
        self.form.children.add_row()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Сохранить")
        self.save_button.setObjectName("saveNewCase")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(scrolling(self.form), 1)
        layout.addWidget(self.buttons)
        keyboard.prepare_dialog(self, first=self.form.display_name)

    def save(self) -> None:
        entry = self.form.entry()
        if entry is None:
            self.messages.show_error("Случай не сохранён: исправьте отмеченные поля.")
            return
        self.save_button.setEnabled(False)
        editing, actor = CaseEditing(self.context.db), self.context.actor
        self.context.runner.run(returning_problems(lambda: editing.create(actor, entry)), self._saved, self._failed)

    def _saved(self, card: CaseCard | ValidationError) -> None:
        if isinstance(card, ValidationError):
            self._failed(card.message)
            self.form.show_problems(dict(card.field_errors))
            return
        self.result_card = card
        self.accept()

    def _failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        self.messages.show_error(message)
