"""«Мероприятия»: the program tree beside the table of measures and the selected measure's details."""

from __future__ import annotations

import html

from PySide6.QtCore import QByteArray, QItemSelection, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.periods import format_date
from desktop_app.gui.context import AppContext
from desktop_app.gui.models.measures_model import MeasuresTableModel
from desktop_app.gui.pages.base import Page
from desktop_app.gui.widgets.search_box import SearchBox
from desktop_app.services.registry import MeasureRow, ProgramNode

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class MeasuresPage(Page):
    KEY = "measures"
    TITLE = "Мероприятия"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._programs: list[ProgramNode] = []
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Программы и блоки", "Мер."])
        self.tree.setObjectName("programTree")
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.setWordWrap(True)
        self.tree.itemSelectionChanged.connect(self._reload_measures)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.search = SearchBox("Поиск по номеру или названию мероприятия (Ctrl+F)")
        self.search.search_changed.connect(lambda _text: self._reload_measures())

        self.model = MeasuresTableModel()
        self.table = QTableView()
        self.table.setObjectName("measuresTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Three lines per measure keep the table scannable; the panel below shows the full text.
        line = self.table.fontMetrics().lineSpacing()
        self.table.verticalHeader().setDefaultSectionSize(line * 3 + 4)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((56, 380, 190, 230)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.count_label = QLabel()

        self.details = QTextBrowser()
        self.details.setObjectName("measureDetails")
        self.details.setOpenLinks(False)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.search)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(self.table)
        vertical.addWidget(self.details)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 1)
        right_layout.addWidget(vertical, 1)
        right_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([380, 900])
        saved = context.settings.measures_splitter
        if saved:
            self.splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
        self.splitter.splitterMoved.connect(self._remember_splitter)
        self.root_layout.addWidget(self.splitter, 1)
        self.details.setHtml("<p>Выберите мероприятие в таблице, чтобы увидеть подробности.</p>")

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        registry, actor = self.context.registry, self.context.actor
        self.load(lambda: registry.program_tree(actor), self._show_programs)

    def _show_programs(self, programs: list[ProgramNode]) -> None:
        selected = self._selection()
        self._programs = programs
        self.tree.blockSignals(True)
        self.tree.clear()
        restore: QTreeWidgetItem | None = None
        for program in programs:
            top = QTreeWidgetItem([program.short_title or program.title, str(program.measure_count)])
            top.setToolTip(0, program.title)
            top.setData(0, ID_ROLE, program.id)
            top.setData(0, KIND_ROLE, "program")
            self.tree.addTopLevelItem(top)
            if selected == ("program", program.id):
                restore = top
            for block in program.blocks:
                child = QTreeWidgetItem([f"{block.number} {block.title}", str(block.measure_count)])
                child.setToolTip(0, f"{block.number} {block.title}\n\nОжидаемый результат: {block.expected_result}")
                child.setData(0, ID_ROLE, block.id)
                child.setData(0, KIND_ROLE, "block")
                top.addChild(child)
                if selected == ("block", block.id):
                    restore = child
            top.setExpanded(True)
        if restore is None and self.tree.topLevelItemCount():
            restore = self.tree.topLevelItem(0)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self.tree.blockSignals(False)
        if not programs:
            self.messages.show_info(
                "Программ пока нет. Программу можно будет загрузить из файла плана (раздел в разработке)."
            )
        self._reload_measures()

    def _selection(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))

    def _current_program(self) -> ProgramNode | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        program_id = item.data(0, ID_ROLE)
        return next((p for p in self._programs if p.id == program_id), None)

    def _reload_measures(self) -> None:
        selection = self._selection()
        if selection is None:
            self.model.set_rows([])
            self._update_heading(0)
            return
        kind, item_id = selection
        program = self._current_program()
        program_id = program.id if program else None
        block_id = item_id if kind == "block" else None
        text = self.search.text()
        registry, actor = self.context.registry, self.context.actor
        self.load(
            lambda: registry.measures(actor, program_id=program_id, block_id=block_id, search=text), self._show_measures
        )

    def _show_measures(self, rows: list[MeasureRow]) -> None:
        self.model.set_rows(rows)
        self._update_heading(len(rows))
        if rows:
            self.table.selectRow(0)
        else:
            self.details.setHtml("<p>Нет мероприятий, подходящих под условия поиска.</p>")

    def _update_heading(self, count: int) -> None:
        program = self._current_program()
        if program is None:
            self.heading.setText("")
        else:
            period = f"{format_date(program.period_start)} – {format_date(program.period_end)}"
            self.heading.setText(
                f"<b>{html.escape(program.title)}</b><br>"
                f"<span style='color:#555'>{html.escape(program.act_label)}; срок реализации {period}</span>"
            )
        self.count_label.setText(f"Показано мероприятий: {count}")

    def _show_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        row = self.model.row_at(indexes[0].row()) if indexes else None
        if row is None:
            return
        executors = "".join(
            f"<li>{html.escape(name)}{' <i>(ответственный)</i>' if i == 0 else ''}</li>"
            for i, name in enumerate(row.executors)
        )
        self.details.setHtml(
            f"<h3>{html.escape(row.full_number)} {html.escape(row.name)}</h3>"
            f"<p><b>Срок реализации:</b> {html.escape(row.deadline_text)}</p>"
            f"<p><b>Ответственные исполнители</b> (как в документе: {html.escape(row.executors_text)}):</p>"
            f"<ol>{executors}</ol>"
            f"<p><b>Ожидаемый результат:</b> {html.escape(row.expected_result)}</p>"
        )

    def _remember_splitter(self) -> None:
        self.context.settings.measures_splitter = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")
