"""The card of a family support case: its header, and tabs for the family, the course of work and the team.

The card is read on the worker by ``CaseCards.open``, which journals the view. Other parts of the work (the route,
the consilium) are tabs added with ``add_tab``. A closed case is read-only except «Возобновить…»."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import Permission
from desktop_app.gui import file_dialogs, keyboard
from desktop_app.gui.cases.reviews_tab import CaseReviewsTab
from desktop_app.gui.cases.route_tab import CaseRouteTab
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.cases_model import review_text
from desktop_app.gui.panels.case_form import CaseForm, returning_problems
from desktop_app.gui.panels.case_progress import CaseProgressPanel
from desktop_app.gui.panels.case_team import CaseTeamPanel
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling_with_actions
from desktop_app.gui.window_fit import open_size
from desktop_app.services.case_card import CaseCard, CaseCards
from desktop_app.services.case_editing import CaseEditing

RED = "#b00020"


class CaseCardDialog(QDialog):
    """Emits ``changed(card)`` after every write made in the card."""

    changed = Signal(object)

    def __init__(self, context: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Карточка случая")
        open_size(self, 1100, 700)
        self.context = context
        self.case_id = case_id
        self.card: CaseCard | None = None
        self._clean: tuple[object, ...] | None = None  # the form as loaded, to tell typed changes
        personal = context.actor.can(Permission.VIEW_PERSONAL_DATA)
        self.can_edit = context.actor.can(Permission.EDIT_DATA) and personal

        self.messages = MessageBar(self)
        self.header = QLabel("Карточка загружается…")
        self.header.setObjectName("caseHeader")
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(True)

        self.form = CaseForm()
        self.form_messages = MessageBar()
        self.save_button = QPushButton("Сохранить")
        self.save_button.setObjectName("saveCase")
        self.save_button.setToolTip("Сохранить данные семьи")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(self.can_edit)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        family_tab = scrolling_with_actions(self.form, save_row, self.form_messages)

        self.progress = CaseProgressPanel(context, self.can_edit)
        self.progress.changed.connect(self._after_action)
        self.team = CaseTeamPanel(context, self.can_edit)
        self.team.changed.connect(self._after_action)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.addTab(family_tab, "Семья")
        self.tabs.addTab(self.progress, "Ход работы")
        self.tabs.addTab(self.team, "Команда")
        self.route = CaseRouteTab(context, case_id)
        self.add_tab(self.route, "Маршрут")
        self.reviews = CaseReviewsTab(context, case_id)
        self.add_tab(self.reviews, "Консилиумы")
        self.tabs.setEnabled(False)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("Закрыть")
        self.buttons.rejected.connect(self.reject)
        self.print_button = QPushButton("Печать карточки…")
        self.print_button.setObjectName("printCase")
        self.print_button.setToolTip("Карточка случая в PDF для личного дела; печать записывается в журнал")
        self.print_button.clicked.connect(self.choose_print_file)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setVisible(personal)  # after addButton, which shows it: the card is personal data
        layout = QVBoxLayout(self)
        layout.addWidget(self.messages)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        keyboard.prepare_dialog(self, first=self.tabs)
        self.load()

    def add_tab(self, widget: QWidget, title: str) -> int:
        """Another part of the case («Маршрут», «Консилиумы»): a tab after the card's own."""
        return self.tabs.addTab(widget, title)

    # ------------------------------------------------------------------------------------------ loading

    def load(self) -> None:
        """Read the card on the worker; the service writes the view to the journal in the same transaction."""
        cards, actor, case_id = CaseCards(self.context.db), self.context.actor, self.case_id
        self.context.runner.run(lambda: cards.open(actor, case_id), self.show_card, self.messages.show_error)

    def unsaved(self) -> bool:
        return self._clean is not None and self.save_button.isVisible() and self.form.snapshot() != self._clean

    def show_card(self, card: CaseCard) -> None:
        """Show ``card``; what the user typed in the family's form and has not saved stays typed."""
        typed = self.form.snapshot() if self.unsaved() else None
        self.card = card
        self.tabs.setEnabled(True)
        self.setWindowTitle(f"Карточка случая {card.code}")
        self.header.setText(_header(card))
        self.form.set_municipalities([card.entry.municipality], card.entry.municipality)
        self.form.set_entry(card.entry)
        self._clean = self.form.snapshot()
        if typed is not None:
            self.form.restore(typed)
            self.form_messages.show_info("Ваши несохранённые изменения данных семьи остались: сохраните их.")
        editable = self.can_edit and not card.is_closed
        self.form.set_read_only(not editable)
        self.save_button.setEnabled(editable)
        self.progress.show_card(card)
        self.team.show_card(card)
        self.tabs.setTabText(2, f"Команда ({len(card.team)})")

    def _after_action(self, card: CaseCard) -> None:
        self.show_card(card)
        self.messages.show_info(f"Записано. Этап: «{card.stage.label}».")
        self.changed.emit(card)

    def choose_print_file(self) -> None:
        card = self.card
        if card is None:
            return
        folder = self.context.settings.last_folder or str(Path.home())
        suggested = str(Path(folder) / f"Карточка случая {card.code}.pdf")
        name, _filter = file_dialogs.save_file_name(self, "Карточка случая", suggested, "Документ PDF (*.pdf)")
        if name:
            self.context.settings.last_folder = str(Path(name).parent)
            self.print_to(Path(name))

    def print_to(self, path: Path) -> None:
        """Write the printed card on the worker (it reads the case again and journals the print as a view)."""
        from desktop_app.reports.builders.case_card import print_case_card

        db, actor, case_id = self.context.db, self.context.actor, self.case_id
        self.print_button.setEnabled(False)
        self.context.runner.run(lambda: print_case_card(db, actor, case_id, path), self._printed, self._print_failed)

    def _printed(self, path: Path) -> None:
        self.print_button.setEnabled(True)
        self.messages.show_info(f"Карточка записана: {path}")

    def _print_failed(self, message: str) -> None:
        self.print_button.setEnabled(True)
        self.messages.show_error(message)

    # ------------------------------------------------------------------------------------------ writing

    def save(self) -> None:
        card = self.card
        entry = self.form.entry()
        if card is None or entry is None:
            if entry is None:
                self.form_messages.show_error("Случай не сохранён: исправьте отмеченные поля.")
            return
        editing, actor, version = CaseEditing(self.context.db), self.context.actor, card.row_version
        self.save_button.setEnabled(False)
        self.context.runner.run(
            returning_problems(lambda: editing.update(actor, card.id, entry, version)), self._saved, self._failed
        )

    def _saved(self, result: CaseCard | ValidationError) -> None:
        if isinstance(result, ValidationError):
            self._failed(result.message)
            self.form.show_problems(dict(result.field_errors))
            return
        self._clean = None  # what is typed is what was saved
        self.show_card(result)
        self.form_messages.show_info("Данные семьи сохранены.")
        self.changed.emit(result)

    def _failed(self, message: str) -> None:
        """A refusal keeps what was typed: after «изменён другим пользователем» the user reopens the card and
        types the change again, as the message says."""
        self.save_button.setEnabled(self.card is not None and not self.card.is_closed)
        self.form_messages.show_error(message)


def _header(card: CaseCard) -> str:
    since = f" с {format_date(card.stage_since)}" if card.stage_since else ""
    level = card.support_level.label if card.support_level else "не определён"
    category = card.entry.category.label if card.entry.category else "—"
    review = review_text(card.next_review_on, card.review_overdue) or "не назначен"
    if card.review_overdue:
        review = f"<b style='color:{RED}'>{review}</b>"
    curator = html.escape(card.curator) if card.curator else "не назначен"
    return (
        f"<b>{html.escape(card.code)}</b> — <b>{html.escape(card.name)}</b>; {html.escape(category)}<br>"
        f"Этап: <b>{card.stage.label}</b>{since}; уровень сопровождения: {level}; "
        f"следующий пересмотр: {review}; куратор: {curator}"
    )
