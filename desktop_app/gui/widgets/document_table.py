"""The list of confirming documents shown in a card: title, kind, number and date, file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop_app.domain.execution import document_reference


class ShownDocument(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def number(self) -> str: ...
    @property
    def doc_date(self) -> date | None: ...
    @property
    def file_name(self) -> str: ...


class DocumentTable(QTableWidget):
    def __init__(self, object_name: str, on_open: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName(object_name)
        self.setHorizontalHeaderLabels(["Документ", "Вид", "№ и дата", "Файл"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        # the document's title takes what the other columns leave: in a narrow panel «Документ» was cut to «окуме»
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("Документ") + 16)
        self.setMinimumHeight(90)
        self.doubleClicked.connect(lambda _index: on_open())

    def show_documents(self, documents: Sequence[ShownDocument]) -> None:
        self.setRowCount(len(documents))
        for row, document in enumerate(documents):
            reference = document_reference(document.number, document.doc_date)
            for column, text in enumerate((document.title, document.kind, reference, document.file_name)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, document.id)
                item.setToolTip(text)
                self.setItem(row, column, item)

    def selected_id(self) -> str | None:
        item = self.item(self.currentRow(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None
