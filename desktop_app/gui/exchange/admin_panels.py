"""The exchange page's records: the import history (with the refused files), the conflicts waiting for a person,
and the installations we exchange with, whose pinned keys an administrator may release."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop_app.domain.roles import Permission
from desktop_app.gui.exchange.common import MUTED_STYLE, fit_columns, format_count, table_view, wrapped_label
from desktop_app.gui.exchange.models import (
    ConflictFieldsModel,
    ConflictsModel,
    HistoryModel,
    HistoryRow,
    PeersModel,
)
from desktop_app.sync.administration import ConflictView, PeerView

if TYPE_CHECKING:
    from desktop_app.gui.pages.exchange_page import ExchangePage


def refusal_row(entry: dict[str, Any]) -> HistoryRow:
    """A line of the refusal log as a history row; a damaged date is shown empty rather than hiding the line."""
    try:
        at: datetime | None = datetime.fromisoformat(str(entry.get("at", "")))
    except ValueError:
        at = None
    if at is not None and at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return HistoryRow(
        at,
        str(entry.get("user_name") or entry.get("user_login") or ""),
        str(entry.get("file_name", "")),
        "",
        None,
        str(entry.get("result", "refused")),
        str(entry.get("message", "")),
    )


def receipt_row(entry: dict[str, Any]) -> HistoryRow:
    """The region's receipt for one of our bundles, shown beside our own imports: «Регион: …»."""
    row = refusal_row(entry)
    sequence = entry.get("sequence")
    return HistoryRow(
        row.at,
        "регион",
        row.file_name,
        "квитанция региона",
        sequence if isinstance(sequence, int) else None,
        str(entry.get("result", "")),
        row.message,
    )


class HistoryPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        self.model = HistoryModel()
        self.table = table_view(self.model, "importHistory")
        fit_columns(self.table, (115, 140, 190, 180, 60, 90))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_message())
        self.count_label = wrapped_label(name="historyCount", style=MUTED_STYLE)
        self.message_label = wrapped_label(name="historyMessage")
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message_label)

    def refresh(self) -> None:
        context = self.page.context
        actor, admin, importer = context.actor, context.exchange_admin, context.exchange_import

        def work() -> list[HistoryRow]:
            taken = [
                HistoryRow(e.at, e.user, e.file_name, e.source, e.sequence, e.result, e.message)
                for e in admin.history(actor)
            ]
            refused = [refusal_row(entry) for entry in importer.refusals()]
            receipts = [receipt_row(entry) for entry in importer.receipts()]
            oldest = datetime.min.replace(tzinfo=UTC)
            return sorted(taken + refused + receipts, key=lambda row: row.at or oldest, reverse=True)

        self.page.load(work, self._show)

    def _show(self, rows: object) -> None:
        assert isinstance(rows, list)
        self.model.set_rows(rows)
        refused = sum(1 for row in rows if row.result == "refused")
        self.count_label.setText(
            f"Попыток загрузки: {format_count(len(rows))}, из них отказов: {format_count(refused)}."
            if rows
            else "Файлы обмена ещё не загружались."
        )
        self._show_message()

    def _show_message(self) -> None:
        index = self.table.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        self.message_label.setText(f"{row.file_name}: {row.message}" if row and row.message else "")


class ConflictsPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        self.can_resolve = page.context.actor.can(Permission.EDIT_DATA)
        self.model = ConflictsModel()
        self.table = table_view(self.model, "conflicts")
        fit_columns(self.table, (125, 230, 180, 80))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_fields())
        self.fields_model = ConflictFieldsModel()
        self.fields = table_view(self.fields_model, "conflictFields")
        fit_columns(self.fields, (220, 300))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.fields)
        self.keep_button = QPushButton("Оставить своё")
        self.keep_button.setObjectName("keepLocal")
        self.keep_button.setToolTip("Оставить запись как здесь; при следующих пакетах стороны считаются согласными")
        self.keep_button.clicked.connect(lambda: self.resolve(take_incoming=False))
        self.take_button = QPushButton("Принять из пакета")
        self.take_button.setObjectName("takeIncoming")
        self.take_button.setToolTip("Заменить запись значениями из файла")
        self.take_button.clicked.connect(lambda: self.resolve(take_incoming=True))
        self.count_label = wrapped_label(name="conflictCount", style=MUTED_STYLE)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.take_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> None:
        actor, admin = self.page.context.actor, self.page.context.exchange_admin
        self.page.load(lambda: admin.conflicts(actor), self._show)

    def _show(self, conflicts: object) -> None:
        assert isinstance(conflicts, list)
        self.model.set_rows(conflicts)
        self.count_label.setText(
            f"Записей, изменённых и здесь, и у отправителя: {format_count(len(conflicts))}. Выберите запись и решите,"
            " какой вариант оставить."
            if conflicts
            else "Конфликтов нет."
        )
        if conflicts:
            self.table.selectRow(0)
        self._show_fields()
        self.page.conflicts_counted(len(conflicts))

    def selected(self) -> ConflictView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_fields(self) -> None:
        conflict = self.selected()
        self.fields_model.set_rows(list(conflict.fields) if conflict else [])
        self._update_buttons()

    def _update_buttons(self) -> None:
        enabled = self.can_resolve and self.selected() is not None
        self.keep_button.setEnabled(enabled)
        self.take_button.setEnabled(enabled)

    def resolve(self, take_incoming: bool) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        actor, admin = self.page.context.actor, self.page.context.exchange_admin
        done = "Принята запись из пакета." if take_incoming else "Оставлена запись этой установки."
        self.page.load(lambda: admin.resolve(actor, conflict.id, take_incoming), lambda _: self._done(conflict, done))

    def _done(self, conflict: ConflictView, text: str) -> None:
        self.page.messages.show_info(f"{conflict.entity_label}: {text}")
        self.refresh()


class PeersPanel(QWidget):
    def __init__(self, page: ExchangePage) -> None:
        super().__init__()
        self.page = page
        self.can_unpin = page.context.actor.can(Permission.MANAGE_USERS)
        self.model = PeersModel()
        self.table = table_view(self.model, "peers")
        fit_columns(self.table, (115, 230, 150, 125, 75, 125))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.unpin_button = QPushButton("Открепить ключ…")
        self.unpin_button.setObjectName("unpinKey")
        self.unpin_button.setToolTip(
            "Забыть ключ подписи участника (его программу переустановили): следующий пакет закрепит новый ключ"
        )
        self.unpin_button.clicked.connect(self.unpin)
        note = "" if self.can_unpin else "Открепляет ключ администратор."
        buttons = QHBoxLayout()
        buttons.addWidget(self.unpin_button)
        buttons.addWidget(wrapped_label(note, style=MUTED_STYLE), 1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            wrapped_label(
                "Отпечаток ключа сверяйте с отправителем по телефону: пакет, подписанный другим ключом, не загрузится.",
                style=MUTED_STYLE,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refresh(self) -> None:
        actor, admin = self.page.context.actor, self.page.context.exchange_admin
        self.page.load(lambda: admin.peers(actor), self._show)

    def _show(self, peers: object) -> None:
        assert isinstance(peers, list)
        self.model.set_rows(peers)
        self._update_buttons()

    def selected(self) -> PeerView | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        peer = self.selected()
        self.unpin_button.setEnabled(self.can_unpin and peer is not None and bool(peer.key_fingerprint))

    def unpin(self) -> None:
        peer = self.selected()
        if peer is None or not self.page.confirm_unpin(peer):
            return
        actor, admin = self.page.context.actor, self.page.context.exchange_admin
        self.page.load(lambda: admin.unpin(actor, peer.id), lambda _: self._unpinned(peer))

    def _unpinned(self, peer: PeerView) -> None:
        name = peer.name or peer.district
        self.page.messages.show_info(f"Ключ «{name}» откреплён: следующий пакет закрепит новый ключ.")
        self.refresh()
