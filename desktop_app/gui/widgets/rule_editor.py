"""«Правила» of the catalogue window: the program's rules across indicators (DHIS2's left side / operator / right
side) listed, added, edited and removed, each side read back in words — or its problem named — beside its field
as it is typed, against the program's own codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.validation_rules import Importance, Operator
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleCard, RuleInput, side_words

_KEY = Qt.ItemDataRole.UserRole
_GOOD, _BAD = "color: #1e7b34;", "color: #8a1c1c;"
HINT = (
    "Показатель пишется как #{1.1} (значение), #{1.2.числитель}, #{1.2.знаменатель} или #{1.1.план}; слагаемые"
    " соединяются знаками + и −, число пишется с запятой: #{5.1.1} + #{5.1.2}, #{1.1} − 2,5. Правило с"
    " незаполненным показателем не проверяется. «Ошибка» не даёт представить период, «предупреждение» только"
    " показывается в таблице значений."
)


class RuleEditor(QWidget):
    """Runs its service through ``run(work, done)``, the window's runner with its message bar for errors."""

    def __init__(
        self, rules: CatalogueValidationRules, actor: Any, run: Callable[[Any, Any], None], messages: MessageBar
    ) -> None:
        super().__init__()
        self.service, self.actor, self._run, self.messages = rules, actor, run, messages
        self.program_id = ""
        self.editable = False
        self.cards: list[RuleCard] = []
        self.known: list[str] = []
        self.current: RuleCard | None = None

        self.rule_list = QListWidget()
        self.rule_list.setObjectName("ruleList")
        self.rule_list.setWordWrap(True)
        self.rule_list.currentItemChanged.connect(lambda item, _old: self._chosen(item))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("ruleName")
        self.left_edit, self.left_note = self._side("ruleLeft")
        self.right_edit, self.right_note = self._side("ruleRight")
        self.operator_combo = QComboBox()
        self.operator_combo.setObjectName("ruleOperator")
        for operator in Operator:
            self.operator_combo.addItem(operator.value, operator.value)
        self.importance_combo = QComboBox()
        self.importance_combo.setObjectName("ruleImportance")
        for importance in Importance:
            self.importance_combo.addItem(importance.label, importance.value)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Название:", self.name_edit)
        form.addRow("Левая часть:", self.left_edit)
        form.addRow("", self.left_note)
        form.addRow("Знак:", self.operator_combo)
        form.addRow("Правая часть:", self.right_edit)
        form.addRow("", self.right_note)
        form.addRow("Важность:", self.importance_combo)
        self.new_button = self._button("Правило +", "addRule", self.new_rule)
        self.save_button = self._button("Сохранить правило", "saveRule", self.save)
        self.delete_button = self._button("Удалить правило…", "deleteRule", self.delete)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rule_list, 1)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._set_enabled()

    def _side(self, name: str) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit()
        edit.setObjectName(name)
        note = QLabel()
        note.setObjectName(name + "Note")
        note.setWordWrap(True)
        edit.textChanged.connect(lambda text: self._check_side(text, "left" if edit is self.left_edit else "right"))
        return edit, note

    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # loading ----------------------------------------------------------------------------------------
    def show_program(self, program_id: str, editable: bool) -> None:
        self.program_id, self.editable = program_id, editable
        service, actor = self.service, self.actor
        self._run(lambda: (service.rules(actor, program_id), service.codes(actor, program_id)), self._show_rules)

    def _show_rules(self, loaded: tuple[list[RuleCard], list[str]], chosen: str = "") -> None:
        self.cards, self.known = loaded
        self.rule_list.blockSignals(True)
        self.rule_list.clear()
        for card in self.cards:
            mark = "✖" if card.importance is Importance.ERROR else "⚠"
            item = QListWidgetItem(f"{mark} {card.name}: {card.words}")
            item.setData(_KEY, card.id)
            item.setToolTip(f"{card.name}\n{card.words}\nВажность: {card.importance.label}")
            self.rule_list.addItem(item)
            if card.id == chosen:
                self.rule_list.setCurrentItem(item)
        self.rule_list.blockSignals(False)
        self._chosen(self.rule_list.currentItem())

    def _chosen(self, item: QListWidgetItem | None) -> None:
        rule_id = item.data(_KEY) if item is not None else ""
        self.current = next((card for card in self.cards if card.id == rule_id), None)
        card = self.current
        self.name_edit.setText(card.name if card else "")
        self.left_edit.setText(card.left if card else "")
        self.right_edit.setText(card.right if card else "")
        self.operator_combo.setCurrentIndex(max(0, self.operator_combo.findData(card.operator if card else "≤")))
        importance = card.importance if card else Importance.ERROR
        self.importance_combo.setCurrentIndex(max(0, self.importance_combo.findData(importance.value)))
        self._set_enabled()

    def _set_enabled(self) -> None:
        for widget in (self.name_edit, self.left_edit, self.right_edit, self.operator_combo, self.importance_combo):
            widget.setEnabled(self.editable)
        self.new_button.setEnabled(self.editable)
        self.save_button.setEnabled(self.editable)
        self.delete_button.setEnabled(self.editable and self.current is not None)

    # checking beside the fields ---------------------------------------------------------------------
    def _check_side(self, text: str, side: str) -> bool:
        note = self.left_note if side == "left" else self.right_note
        if not text.strip():
            note.setText("")
            return False
        try:
            words = side_words(text, side, self.known)
        except ValidationError as problem:
            note.setStyleSheet(_BAD)
            note.setText(problem.field_errors.get(side) or problem.message)
            return False
        note.setStyleSheet(_GOOD)
        note.setText(f"= {words}")
        return True

    # actions ----------------------------------------------------------------------------------------
    def new_rule(self) -> None:
        self.rule_list.clearSelection()
        self.rule_list.setCurrentItem(None)
        self._chosen(None)
        self.name_edit.setFocus()

    def entry(self) -> RuleInput:
        return RuleInput(
            self.name_edit.text(),
            self.left_edit.text(),
            str(self.operator_combo.currentData()),
            self.right_edit.text(),
            Importance.of(str(self.importance_combo.currentData())),
        )

    def save(self) -> None:
        entry, service, actor, program_id = self.entry(), self.service, self.actor, self.program_id
        card = self.current
        if card is None:
            self._run(
                lambda: service.add(actor, program_id, entry), lambda new_id: self._saved("Правило добавлено.", new_id)
            )
        else:
            self._run(
                lambda: service.update(actor, card.id, entry, card.row_version),
                lambda _none: self._saved("Правило сохранено.", card.id),
            )

    def delete(self) -> None:
        card = self.current
        if card is None:
            return
        question = f"Удалить правило «{card.name}»?"
        if QMessageBox.question(self, "Удаление правила", question) != QMessageBox.StandardButton.Yes:
            return
        service, actor = self.service, self.actor
        self._run(
            lambda: service.delete(actor, card.id, card.row_version), lambda _none: self._saved("Правило удалено.", "")
        )

    def _saved(self, note: str, chosen: str) -> None:
        self.messages.show_info(note)
        service, actor, program_id = self.service, self.actor, self.program_id
        self._run(
            lambda: (service.rules(actor, program_id), service.codes(actor, program_id)),
            lambda loaded: self._show_rules(loaded, chosen),
        )
