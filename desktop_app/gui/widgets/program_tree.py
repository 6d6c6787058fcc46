"""The tree of programs, their sections and blocks, with the number of measures under each."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from desktop_app.services.registry import ProgramNode

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class ProgramTree(QTreeWidget):
    """``selection()`` is («program» | «section» | «block», id); ``current_program()`` the program above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._programs: list[ProgramNode] = []
        self.setHeaderLabels(["Программы, разделы, блоки", "Мер."])
        self.setObjectName("programTree")
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def show_programs(self, programs: list[ProgramNode]) -> None:
        """Fill the tree, keeping the selected node (or selecting the first program); emits no signals."""
        selected = self.selection()
        self._programs = programs
        self.blockSignals(True)
        self.clear()
        restore: QTreeWidgetItem | None = None
        for program in programs:
            top = _tree_item(program.short_title or program.title, program.measure_count, program.id, "program")
            top.setToolTip(0, program.title)
            self.addTopLevelItem(top)
            if selected == ("program", program.id):
                restore = top
            parents: dict[str | None, QTreeWidgetItem] = {None: top}
            for section in program.sections:
                count = sum(block.measure_count for block in program.blocks if block.section_id == section.id)
                item = _tree_item(f"{section.number} {section.title}".strip(), count, section.id, "section")
                item.setToolTip(0, f"{section.number} {section.title}\n\nЦель: {section.goal}")
                top.addChild(item)
                parents[section.id] = item
                item.setExpanded(True)
                if selected == ("section", section.id):
                    restore = item
            for block in program.blocks:
                child = _tree_item(f"{block.number} {block.title}", block.measure_count, block.id, "block")
                child.setToolTip(0, f"{block.number} {block.title}\n\nОжидаемый результат: {block.expected_result}")
                parents.get(block.section_id, top).addChild(child)
                if selected == ("block", block.id):
                    restore = child
            top.setExpanded(True)
        if restore is None and self.topLevelItemCount():
            restore = self.topLevelItem(0)
        if restore is not None:
            self.setCurrentItem(restore)
        self.blockSignals(False)

    def select_program(self, program_id: str) -> bool:
        """Select the program ``program_id`` itself (so none of its measures is hidden); emits no signals."""
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item.data(0, ID_ROLE) == program_id:
                self.blockSignals(True)
                self.setCurrentItem(item)
                self.blockSignals(False)
                return True
        return False

    def selection(self) -> tuple[str, str] | None:
        item = self.currentItem()
        if item is None:
            return None
        return str(item.data(0, KIND_ROLE)), str(item.data(0, ID_ROLE))

    def current_program(self) -> ProgramNode | None:
        item = self.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return None
        program_id = item.data(0, ID_ROLE)
        return next((p for p in self._programs if p.id == program_id), None)


def _tree_item(text: str, count: int, item_id: str, kind: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([text, str(count)])
    item.setData(0, ID_ROLE, item_id)
    item.setData(0, KIND_ROLE, kind)
    return item
