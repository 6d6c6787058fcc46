"""«Журнал»: who changed what and when, with old and new values; read-only by design."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QWidget,
)

from desktop_app.domain.numbers import format_number
from desktop_app.domain.roles import Permission
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.audit_model import AuditTableModel, journal_entry_html
from desktop_app.gui.models.list_query import ListQuery
from desktop_app.gui.pages.base import AUDIT_TABLES, Page
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.gui.window_fit import keep_splitter
from desktop_app.services.audit_log import AuditRow

PAGE_SIZE = 200


class AuditPage(Page):
    KEY = "audit"
    TITLE = "Журнал"
    DEPENDS_ON = AUDIT_TABLES
    REFRESH_WHILE_SHOWN = True

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.allowed = context.actor.can(Permission.VIEW_AUDIT)
        self.search = SearchBox("Поиск по описанию изменения или логину")
        self.search.search_changed.connect(lambda _text: self.refresh())
        self.model = AuditTableModel()
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().lineSpacing() + 8)
        # a row is one line high: a long description ends in «…» (whole in the details below) instead of wrapping
        # onto a second line cut in half
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((150, 110, 130)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.details = QTextBrowser()
        self.count_label = QLabel()
        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        keep_splitter(splitter, "journal", context.settings)
        self.verify_button = QPushButton("Проверить целостность журнала")
        self.verify_button.setObjectName("verifyJournal")
        self.verify_button.setToolTip("Найти записи, изменённые или удалённые в обход программы")
        self.verify_button.clicked.connect(self.verify)
        self.verify_button.setEnabled(self.allowed)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.verify_button)
        self.root_layout.addWidget(QLabel("<h2>Журнал изменений</h2>"))
        self.root_layout.addLayout(top)
        self.root_layout.addWidget(splitter, 1)
        self.root_layout.addWidget(self.count_label)
        if not self.allowed:
            self.search.setEnabled(False)
            self.messages.show_info("Журнал изменений доступен руководителю, координатору и администратору.")

    def refresh(self) -> None:
        if not self.allowed:
            self.loaded_once = True
            return
        audit, actor, text = self.context.audit, self.context.actor, self.search.text()
        query: ListQuery[AuditRow, int] = ListQuery(
            lambda: audit.count(actor), lambda before: audit.page(actor, text, before, PAGE_SIZE)
        )
        self.model.read(self.load, query, self._show_rows, self._count_shown)

    def verify(self) -> None:
        """Check the journal's hash chain (off the GUI thread) and say the result above the table."""
        audit, actor = self.context.audit, self.context.actor
        self.verify_button.setEnabled(False)
        self.context.runner.run(lambda: audit.chain_problems(actor), self._verified, self._verify_failed)

    def _verified(self, result: tuple[int, list[str]]) -> None:
        self.verify_button.setEnabled(True)
        count, problems = result
        if problems:
            self.messages.show_error(" ".join(problems))
        else:
            self.messages.show_info(
                f"Журнал цел: проверено записей — {format_number(count)}, ни одна не изменена и не удалена."
            )

    def _verify_failed(self, message: str) -> None:
        self.verify_button.setEnabled(True)
        self.messages.show_error(message)

    def _show_rows(self) -> None:
        self._count_shown()
        if self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.details.setHtml("<p>Записей не найдено.</p>")

    def _count_shown(self) -> None:
        if not self.search.text().strip():
            self.count_label.setText(f"Записей: {format_number(self.model.total)}")
            return
        found = format_number(self.model.rowCount())
        more = " — прокрутите вниз, чтобы искать в более ранних" if self.model.next_key is not None else ""
        self.count_label.setText(f"Найдено записей: {found}{more}")

    def _show_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is None:
            return
        self.details.setHtml(journal_entry_html(row))
