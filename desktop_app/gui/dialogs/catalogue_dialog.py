"""«Каталог показателей»: a program's groups and indicators as a tree, the chosen indicator's fields and its
plan values (territories × periods, pasted from Excel), drafts confirmed, indicators retired or deleted.

Whoever may not change the catalogue here (a district for the region's program, a specialist) sees it read-only
with the reason above it; the services check the same rules again (services/catalogue_rules.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.indicators import IndicatorState
from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.group_form import GroupForm
from desktop_app.gui.widgets.indicator_form import IndicatorForm
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.plan_panel import PlanPanel
from desktop_app.gui.widgets.rule_editor import RuleEditor
from desktop_app.gui.widgets.scrolling import scrolling
from desktop_app.gui.window_fit import open_size
from desktop_app.services.catalogue import Catalogue, CatalogueView, GroupCard, IndicatorCard
from desktop_app.services.catalogue_validation import CatalogueValidationRules

_KEY = Qt.ItemDataRole.UserRole


class CatalogueDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, program_id: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Каталог показателей")
        open_size(self, 1200, 660)
        self.context = context
        self.catalogue = Catalogue(context.db)
        self.view: CatalogueView | None = None
        self.selected: tuple[str, str] = ("", "")  # ("group" | "indicator" | "new_indicator" | "new_group", id)
        self.changed = False
        self._wanted_program = program_id
        self._note = ""

        self.messages = MessageBar(self)
        self.program_combo = QComboBox()
        self.program_combo.setObjectName("catalogueProgram")
        self.program_combo.setMinimumContentsLength(40)
        self.program_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.program_combo.currentIndexChanged.connect(lambda _index: self.reload())
        top = QHBoxLayout()
        top.addWidget(QLabel("Программа:"))
        top.addWidget(self.program_combo, 1)

        self.tree = QTreeWidget()
        self.tree.setObjectName("catalogueTree")
        self.tree.setHeaderLabels(["Группы и показатели"])
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.add_group_button = self._button("Группа +", "addGroup", self._new_group)
        self.add_indicator_button = self._button("Показатель +", "addIndicator", self._new_indicator)
        self.up_button = self._button("Выше", "moveUp", lambda: self._move(-1))
        self.down_button = self._button("Ниже", "moveDown", lambda: self._move(1))
        tree_buttons = QHBoxLayout()
        for button in (self.add_group_button, self.add_indicator_button, self.up_button, self.down_button):
            tree_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(tree_buttons)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._group_page())
        self.stack.addWidget(self._indicator_page())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        # the rules tie indicators together, so they sit beside the tree rather than under one indicator
        self.rules = RuleEditor(CatalogueValidationRules(context.db), context.actor, self._run, self.messages)
        self.sections = QTabWidget()
        self.sections.setObjectName("catalogueSections")
        self.sections.addTab(splitter, "Показатели")
        self.sections.addTab(self.rules, "Правила")
        close = QPushButton("Закрыть")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addLayout(top)
        layout.addWidget(self.sections, 1)
        layout.addLayout(bottom)
        self._load_programs()

    # building ---------------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _group_page(self) -> QWidget:
        self.group_form = GroupForm()
        self.group_form.save_button.clicked.connect(self._save_group)
        self.group_form.delete_button.clicked.connect(self._delete_group)
        return self.group_form

    def _indicator_page(self) -> QWidget:
        self.tabs = QTabWidget()
        self.form = IndicatorForm()
        self.state_label = QLabel()
        self.state_label.setObjectName("indicatorState")
        self.state_label.setWordWrap(True)
        self.save_button = self._button("Сохранить", "saveIndicator", self._save_indicator)
        self.confirm_button = self._button("Подтвердить черновик", "confirmDraft", self._confirm)
        self.remove_button = self._button("Исключить…", "removeIndicator", self._remove)
        self.reinstate_button = self._button("Вернуть в каталог", "reinstateIndicator", self._reinstate)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.confirm_button, self.remove_button, self.reinstate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        fields = QWidget()
        column = QVBoxLayout(fields)
        column.addWidget(self.state_label)
        column.addWidget(scrolling(self.form), 1)
        column.addLayout(buttons)
        self.tabs.addTab(fields, "Показатель")

        self.plan_panel = PlanPanel(self.context, self.messages, self._plan_saved)
        self.grid, self.save_plan_button = self.plan_panel.grid, self.plan_panel.save_button
        self.tabs.addTab(self.plan_panel, "Плановые значения")
        return self.tabs

    # loading ----------------------------------------------------------------------------------------
    def _run(self, work: Any, done: Any) -> None:
        self.context.runner.run(work, done, self.messages.show_error)

    def _load_programs(self) -> None:
        catalogue, actor = self.catalogue, self.context.actor
        self._run(lambda: catalogue.programs(actor), self._show_programs)

    def _show_programs(self, programs: list[tuple[str, str]]) -> None:
        self.program_combo.blockSignals(True)
        for program_id, title in programs:
            self.program_combo.addItem(title, program_id)
            self.program_combo.setItemData(self.program_combo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
        self.program_combo.setCurrentIndex(max(0, self.program_combo.findData(self._wanted_program)))
        self.program_combo.blockSignals(False)
        if not programs:
            self.messages.show_info("Программ пока нет: загрузите план мероприятий («Мероприятия» → «Загрузить план»).")
        self.reload()

    def reload(self, select: tuple[str, str] | None = None) -> None:
        program_id = self.program_combo.currentData()
        if not program_id:
            return
        if select is not None:
            self.selected = select
        catalogue, actor = self.catalogue, self.context.actor
        self._run(lambda: catalogue.view(actor, str(program_id)), self._show_view)

    def _show_view(self, view: CatalogueView) -> None:
        self.view = view
        self.form.set_choices(view)
        self.rules.show_program(view.program_id, not view.read_only_reason)
        editable = not view.read_only_reason
        for widget in (self.add_group_button, self.add_indicator_button, self.up_button, self.down_button):
            widget.setEnabled(editable)
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen: QTreeWidgetItem | None = None
        for group in view.groups:
            group_item = QTreeWidgetItem([group.label])
            group_item.setData(0, _KEY, ("group", group.id))
            self.tree.addTopLevelItem(group_item)
            chosen = group_item if self.selected == ("group", group.id) else chosen
            for indicator in group.indicators:
                item = QTreeWidgetItem([_indicator_text(indicator)])
                item.setData(0, _KEY, ("indicator", indicator.id))
                item.setToolTip(0, f"{indicator.code} {indicator.name}")
                if indicator.state is not IndicatorState.ACTIVE:
                    item.setForeground(0, Qt.GlobalColor.darkGray)
                group_item.addChild(item)
                chosen = item if self.selected == ("indicator", indicator.id) else chosen
        self.tree.expandAll()
        self.tree.blockSignals(False)
        notes = [note for note in (self._note, view.read_only_reason) if note]
        self._note = ""
        if notes:
            self.messages.show_info(" ".join(notes))
        elif not view.groups:
            self.messages.show_info("В каталоге программы пока нет показателей: начните с кнопки «Группа +».")
        else:
            self.messages.clear_message()
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        elif self.selected[0] not in ("new_indicator", "new_group"):
            first = self.tree.topLevelItem(0)
            if first is not None:
                self.tree.setCurrentItem(first.child(0) or first)
        self._selection_changed()

    def _selection_changed(self) -> None:
        item = self.tree.currentItem()
        if item is not None and self.tree.selectedItems():
            self.selected = tuple(item.data(0, _KEY))  # type: ignore[assignment]
        kind, record_id = self.selected
        if kind in ("group", "new_group"):
            self._show_group(self._group(record_id) if kind == "group" else None)
        elif kind in ("indicator", "new_indicator"):
            self._show_indicator(self.view.indicator(record_id) if self.view and kind == "indicator" else None)

    def _group(self, group_id: str) -> GroupCard | None:
        return next((group for group in self.view.groups if group.id == group_id), None) if self.view else None

    def _current_group_id(self) -> str | None:
        kind, record_id = self.selected
        if kind in ("group", "new_indicator"):
            return record_id
        card = self.view.indicator(record_id) if self.view and kind == "indicator" else None
        return card.group_id if card else None

    def _show_group(self, group: GroupCard | None) -> None:
        self.stack.setCurrentIndex(0)
        self.group_form.show_group(group, bool(self.view and not self.view.read_only_reason))

    def _show_indicator(self, card: IndicatorCard | None) -> None:
        self.stack.setCurrentIndex(1)
        editable = bool(self.view and not self.view.read_only_reason)
        self.form.show_card(card, self.selected[1] if card is None else "")
        self.form.set_editable(editable)
        self.save_button.setEnabled(editable)
        state = card.state if card else None
        self.confirm_button.setVisible(state is IndicatorState.DRAFT)
        self.reinstate_button.setVisible(state is IndicatorState.RETIRED)
        self.remove_button.setVisible(card is not None and state is not IndicatorState.RETIRED)
        self.remove_button.setText("Исключить…" if card and card.value_count else "Удалить…")
        for button in (self.confirm_button, self.reinstate_button, self.remove_button):
            button.setEnabled(editable)
        self.state_label.setText(_state_text(card))
        self.tabs.setTabEnabled(1, card is not None)
        self.plan_panel.show_indicator(card.id if card else None, card.code if card else "")
        if card is None:
            self.tabs.setCurrentIndex(0)
            self.form.code_edit.setFocus()

    # actions ----------------------------------------------------------------------------------------
    def _done(self, note: str, select: tuple[str, str] | None = None) -> None:
        self.changed = True
        self._note = note
        self.reload(select)

    def _new_group(self) -> None:
        self.tree.clearSelection()
        self.selected = ("new_group", "")
        self._show_group(None)

    def _new_indicator(self) -> None:
        group_id = self._current_group_id()
        if not group_id:
            self.messages.show_error("Сначала выберите группу, в которую добавить показатель (или создайте её).")
            return
        self.tree.clearSelection()
        self.selected = ("new_indicator", group_id)
        self._show_indicator(None)

    def _save_group(self) -> None:
        entry = self.group_form.entry()
        if entry is None:
            return
        kind, record_id = self.selected
        catalogue, actor, program_id = self.catalogue, self.context.actor, str(self.program_combo.currentData())
        if kind == "new_group":
            self._run(
                lambda: catalogue.add_group(actor, program_id, entry),
                lambda new_id: self._done("Группа добавлена.", ("group", new_id)),
            )
            return
        group = self._group(record_id)
        if group is not None:
            self._run(
                lambda: catalogue.update_group(actor, group.id, entry, group.row_version),
                lambda _none: self._done("Группа сохранена."),
            )

    def _delete_group(self) -> None:
        group = self._group(self.selected[1]) if self.selected[0] == "group" else None
        if group is None:
            return
        question = f"Удалить пустую группу «{group.label}»?"
        if QMessageBox.question(self, "Удаление группы", question) != QMessageBox.StandardButton.Yes:
            return
        catalogue, actor = self.catalogue, self.context.actor
        self._run(
            lambda: catalogue.delete_group(actor, group.id, group.row_version),
            lambda _none: self._done("Группа удалена.", ("", "")),
        )

    def _save_indicator(self) -> None:
        entry = self.form.entry()
        if entry is None:
            self.messages.show_error("Показатель не сохранён: исправьте отмеченные поля.")
            return
        kind, record_id = self.selected
        catalogue, actor, group_id = self.catalogue, self.context.actor, self.form.group_id()
        if kind == "new_indicator":
            self._run(
                lambda: catalogue.add_indicator(actor, group_id or record_id, entry),
                lambda new_id: self._done(f"Показатель {entry.code} добавлен.", ("indicator", new_id)),
            )
            return
        card = self.view.indicator(record_id) if self.view else None
        if card is not None:
            moved = self._group(group_id) if group_id and group_id != card.group_id else None
            note = f"Показатель {entry.code} сохранён" + (f" и перенесён в группу «{moved.label}»." if moved else ".")
            self._run(
                lambda: catalogue.update_indicator(actor, card.id, entry, card.row_version, group_id or None),
                lambda _none: self._done(note, ("indicator", card.id)),
            )

    def _card(self) -> IndicatorCard | None:
        kind, record_id = self.selected
        return self.view.indicator(record_id) if self.view and kind == "indicator" else None

    def _confirm(self) -> None:
        card = self._card()
        if card is None:
            return
        catalogue, actor = self.catalogue, self.context.actor
        self._run(
            lambda: catalogue.confirm(actor, card.id, card.row_version),
            lambda _none: self._done(f"Показатель {card.code} подтверждён: теперь по нему вводятся значения."),
        )

    def _reinstate(self) -> None:
        card = self._card()
        if card is None:
            return
        catalogue, actor = self.catalogue, self.context.actor
        self._run(
            lambda: catalogue.reinstate(actor, card.id, card.row_version),
            lambda _none: self._done(f"Показатель {card.code} снова в каталоге."),
        )

    def _remove(self) -> None:
        card = self._card()
        if card is None:
            return
        if card.value_count:
            question = (
                f"Исключить показатель {card.code}? Сохранятся значений — {card.value_count}, плановых значений —"
                f" {card.plan_count}: отчёты за прошлые периоды покажут их, а в ввод и новые отчёты он не попадёт."
            )
        else:
            question = (
                f"Удалить показатель {card.code}? Значений по нему нет; удалятся плановые значения —"
                f" {card.plan_count} и связи с мероприятиями."
            )
        if QMessageBox.question(self, "Показатель", question) != QMessageBox.StandardButton.Yes:
            return
        catalogue, actor = self.catalogue, self.context.actor
        self._run(
            lambda: catalogue.remove(actor, card.id, card.row_version),
            lambda removal: self._done(
                f"Показатель {card.code} исключён; значения сохранены."
                if removal.keeps_history
                else f"Показатель {card.code} удалён.",
                ("indicator", card.id) if removal.keeps_history else ("", ""),
            ),
        )

    def _move(self, step: int) -> None:
        kind, record_id = self.selected
        catalogue, actor = self.catalogue, self.context.actor
        if kind == "group":
            self._run(lambda: catalogue.move_group(actor, record_id, step), lambda _none: self._done(""))
        elif kind == "indicator":
            self._run(lambda: catalogue.move_indicator(actor, record_id, step), lambda _none: self._done(""))

    def _plan_saved(self) -> None:
        self.changed = True


def _indicator_text(card: IndicatorCard) -> str:
    state = "" if card.state is IndicatorState.ACTIVE else f" ({card.state.label})"
    return f"{card.code} {card.name}{state}"


def _state_text(card: IndicatorCard | None) -> str:
    if card is None:
        return "Новый показатель: заполните поля и нажмите «Сохранить»."
    if card.state is IndicatorState.DRAFT:
        return "Черновик, прочитанный из документа плана: проверьте поля и подтвердите — до этого значения не вводятся."
    if card.state is IndicatorState.RETIRED:
        return f"Исключён: значения ({card.value_count}) хранятся, в ввод и новые отчёты показатель не попадает."
    return f"Действует. Значений — {card.value_count}, плановых значений — {card.plan_count}."
