"""The family card: tabs for the family itself, its steps, placements, documents and history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.document_dialog import DocumentDialog
from desktop_app.gui.models.audit_model import AuditTableModel, journal_entry_html
from desktop_app.gui.panels.family_form import FamilyForm
from desktop_app.gui.panels.family_placements import FamilyPlacementsPanel
from desktop_app.gui.panels.family_steps import FamilyStepsPanel
from desktop_app.gui.widgets.document_table import DocumentTable
from desktop_app.gui.widgets.message_bar import MessageBar
from desktop_app.gui.widgets.scrolling import scrolling_with_actions
from desktop_app.services.audit_log import AuditRow
from desktop_app.services.family_card import FamilyCard


class FamilyCardPanel(QTabWidget):
    """Emits ``changed`` after every write, so the register table can show the new state."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("familyCard")
        self.context = context
        self.card: FamilyCard | None = None
        self._clean: tuple[object, ...] | None = None  # the form as loaded, to tell typed changes
        self._drafts: dict[str, tuple[object, ...]] = {}  # unsaved forms of other families, by id
        self.personal = context.actor.can(Permission.VIEW_PERSONAL_DATA)
        can_edit = context.actor.can(Permission.EDIT_DATA) and self.personal

        self.messages = MessageBar()
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.form = FamilyForm()
        self.save_button = QPushButton("Сохранить семью")
        self.save_button.setObjectName("saveFamily")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(can_edit)
        family_fields = QWidget()
        family_layout = QVBoxLayout(family_fields)
        family_layout.setContentsMargins(0, 0, 0, 0)
        family_layout.addWidget(self.title)
        family_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        family_tab = scrolling_with_actions(family_fields, buttons, self.messages)
        if not self.personal:
            self.form.members.hide()
            self.form.address.setEnabled(False)
            self.form.setEnabled(False)

        self.steps = FamilyStepsPanel(context)
        self.steps.changed.connect(self._after_step)
        self.placements = FamilyPlacementsPanel(context)
        self.placements.changed.connect(self.reload)

        self.documents = DocumentTable("familyDocuments", self._open_document)
        self.document_messages = MessageBar()
        attach = QPushButton("Прикрепить документ…")
        attach.setObjectName("attachFamilyDocument")
        attach.clicked.connect(self._attach)
        open_button = QPushButton("Открыть")
        open_button.clicked.connect(self._open_document)
        remove = QPushButton("Убрать")
        remove.clicked.connect(self._remove_document)
        for button in (attach, remove):
            button.setEnabled(can_edit)
        open_button.setEnabled(self.personal)
        documents_tab = QWidget()
        documents_layout = QVBoxLayout(documents_tab)
        documents_layout.addWidget(self.document_messages)
        documents_layout.addWidget(self.documents, 1)
        document_buttons = QHBoxLayout()
        for button in (attach, open_button, remove):
            document_buttons.addWidget(button)
        document_buttons.addStretch(1)
        documents_layout.addLayout(document_buttons)

        self.history_model = AuditTableModel()
        self.history = QTableView()
        self.history.setObjectName("familyHistory")
        self.history.setModel(self.history_model)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.setColumnWidth(0, 150)
        self.history.selectionModel().selectionChanged.connect(lambda *_selection: self._show_history_entry())
        # What an entry changed, field by field, as the «Журнал» page shows it.
        self.history_details = QTextBrowser()
        self.history_details.setObjectName("familyHistoryDetails")
        history_tab = QSplitter(Qt.Orientation.Vertical)
        history_tab.addWidget(self.history)
        history_tab.addWidget(self.history_details)
        history_tab.setStretchFactor(0, 3)
        history_tab.setStretchFactor(1, 2)
        self.history_tab = history_tab

        self.addTab(family_tab, "Семья")
        self.addTab(self.steps, "Этапы")
        self.addTab(self.placements, "Размещения")
        self.addTab(documents_tab, "Документы")
        if self.personal:
            self.addTab(self.history_tab, "История")
        self.setEnabled(False)

    # ------------------------------------------------------------------------------------------ loading

    def show_family(self, family_id: str) -> None:
        editing, actor = self.context.family_editing, self.context.actor
        self.context.runner.run(lambda: editing.card(actor, family_id), self.show_card, self.messages.show_error)
        self._load_history(family_id)

    def _load_history(self, family_id: str) -> None:
        if self.personal:
            editing, actor = self.context.family_editing, self.context.actor
            self.context.runner.run(
                lambda: editing.history(actor, family_id), self._show_history, self.messages.show_error
            )

    def reload(self) -> None:
        if self.card is not None:
            self.show_family(self.card.id)
        self.changed.emit()

    def unsaved_families(self) -> int:
        self._keep_draft()
        return len(self._drafts)

    def _keep_draft(self) -> None:
        if self.card is None or self._clean is None or not self.save_button.isVisible():
            return
        typed = self.form.snapshot()
        if typed != self._clean:
            self._drafts[self.card.id] = typed
        else:
            self._drafts.pop(self.card.id, None)

    def show_card(self, card: FamilyCard) -> None:
        self._keep_draft()
        self.card = card
        self.setEnabled(True)
        self.messages.clear_message()
        since = f" с {card.status_since:%d.%m.%Y}" if card.status_since else ""
        self.title.setText(
            f"<b>{card.code}</b> — {card.name}; этап: <b>{card.stage.label}</b>{since}; "
            f"детей сейчас: {card.placed_now} из {card.entry.capacity}"
        )
        self.form.set_entry(card.entry)
        self._clean = self.form.snapshot()
        if (draft := self._drafts.get(card.id)) is not None:
            self.form.restore(draft)
            self.messages.show_info("Возвращены несохранённые изменения карточки: сохраните их (Ctrl+S) или исправьте.")
        self.steps.show_card(card)
        self.placements.show_card(card)
        self.documents.show_documents(card.documents)
        self.setTabText(2, f"Размещения ({len(card.placements)})")
        self.setTabText(3, f"Документы ({len(card.documents)})")

    def _show_history(self, rows: list[AuditRow]) -> None:
        self.history_model.set_rows(rows)
        if rows:
            self.history.selectRow(0)
        else:
            self.history_details.setHtml("<p>Изменений пока нет.</p>")

    def _show_history_entry(self) -> None:
        indexes = self.history.selectionModel().selectedRows()
        row = self.history_model.row_at(indexes[0].row()) if indexes else None
        if row is not None:
            self.history_details.setHtml(journal_entry_html(row))

    def _after_step(self, card: FamilyCard) -> None:
        """The step's answer is the whole card: show it, and fetch only the history again."""
        self.show_card(card)
        self._load_history(card.id)
        self.changed.emit()

    # ------------------------------------------------------------------------------------------ writing

    def save(self) -> None:
        card = self.card
        entry = self.form.entry()
        if card is None or entry is None:
            if entry is None:
                self.messages.show_error("Семья не сохранена: исправьте отмеченные поля.")
            return
        editing, actor, version = self.context.family_editing, self.context.actor, card.row_version
        self.context.runner.run(
            lambda: editing.update(actor, card.id, entry, version), self._saved, self.messages.show_error
        )

    def _saved(self, card: FamilyCard) -> None:
        self._drafts.pop(card.id, None)
        self._clean = None  # what is typed is what was saved
        self.show_card(card)
        self.messages.show_info("Семья сохранена.")
        self.changed.emit()

    def _attach(self) -> None:
        card = self.card
        if card is None:
            return
        dialog = DocumentDialog(self, self.context.settings.last_folder)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_path is None or dialog.result_document is None:
            return
        self.attach_file(dialog.result_path, dialog.result_document)

    def attach_file(self, path: Path, document) -> None:  # type: ignore[no-untyped-def]
        card = self.card
        if card is None:
            return
        editing, actor = self.context.family_editing, self.context.actor
        self.context.runner.run(
            lambda: editing.attach_document(actor, card.id, path, document),
            lambda updated: self._documents_changed(updated, "Документ прикреплён."),
            self.document_messages.show_error,
        )

    def _open_document(self) -> None:
        document_id = self.documents.selected_id()
        if document_id is None:
            self.document_messages.show_error("Выберите документ в списке.")
            return
        editing, actor = self.context.family_editing, self.context.actor
        folder = Path(tempfile.gettempdir()) / "opeka-documents"
        self.context.runner.run(
            lambda: editing.document_file(actor, document_id, folder),
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
            self.document_messages.show_error,
        )

    def _remove_document(self) -> None:
        document_id = self.documents.selected_id()
        if document_id is None:
            self.document_messages.show_error("Выберите документ в списке.")
            return
        if (
            QMessageBox.question(self, "Убрать документ", "Убрать документ из карточки семьи?")
            != QMessageBox.StandardButton.Yes
        ):
            return
        editing, actor = self.context.family_editing, self.context.actor
        self.context.runner.run(
            lambda: editing.remove_document(actor, document_id),
            lambda _none: self.reload(),
            self.document_messages.show_error,
        )

    def _documents_changed(self, card: FamilyCard, message: str) -> None:
        self.show_card(card)
        self.document_messages.show_info(message)
        self.changed.emit()
