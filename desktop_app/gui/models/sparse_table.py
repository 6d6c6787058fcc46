"""A table as long as the whole list whose rows are read only when they come into view: the scroll bar spans every
row from the start, a jump to the end reads the last page alone, and only the pages seen lately are kept, so a
register of a million rows scrolls in the memory of a few thousand."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop_app.gui.models.list_query import ListQuery, Loader, read_first
from desktop_app.gui.models.row_table import ALIGN_ROLE, ALIGN_TOP_LEFT, DISPLAY_ROLE, TOOLTIP_ROLE, RowT, RowTableModel

KeyT = TypeVar("KeyT")
PAGE_SIZE = 200
KEPT_PAGES = 30  # 6 000 rows: several screens either way of where the user looks
LOADING = "…"
_Index = QModelIndex | QPersistentModelIndex


class SparseTableModel(RowTableModel[RowT], Generic[RowT, KeyT]):
    # a page to read: its number and the key after the row before it (None when that page is not at hand; the
    # reader then finds the page by its position)
    page_wanted = Signal(int, object)

    def __init__(self, page_size: int = PAGE_SIZE, kept_pages: int = KEPT_PAGES) -> None:
        super().__init__()
        self.page_size, self.kept_pages = page_size, kept_pages
        self.total = 0
        self.generation = 0
        self._pages: OrderedDict[int, list[RowT]] = OrderedDict()  # least recently seen first
        self._keys: dict[int, KeyT | None] = {}  # the key after a page's last row
        self._asked: set[int] = set()
        self._shown = 0  # the generation whose list is in the table
        self._reading: tuple[Loader, ListQuery[RowT, KeyT]] | None = None
        # queued: a page is asked for while the table paints, and read after the painting is done
        self.page_wanted.connect(self._read_page, Qt.ConnectionType.QueuedConnection)

    def read(self, load: Loader, query: ListQuery[RowT, KeyT], shown: Callable[[], None] = lambda: None) -> None:
        """A new list: its size and first page read by ``load`` (the page's background loader), then ``shown``;
        the pages that come into view later are read the same way."""
        self._reading = (load, query)
        read_first(self, load, query, shown)

    def _read_page(self, number: int, after: KeyT | None) -> None:
        """A page come into view: sought after the page before it when that one is at hand (scrolling down),
        otherwise read by its position (a jump of the scroll bar, Ctrl+End)."""
        if self._reading is None or self._shown != self.generation:
            # not read, or asked of the list still shown while a new one is read: its key and position mean nothing
            # in the new list, whose first page resets the table anyway
            self._asked.discard(number)
            return
        load, query = self._reading
        generation, total, start = self.generation, self.total, number * self.page_size

        def work() -> tuple[Sequence[RowT], KeyT | None]:
            if after is not None:
                return query.page(after)
            assert query.page_at is not None, "a sparse table jumps by position"
            return query.page_at(start, total)

        load(work, lambda page: self.put_page(number, page[0], generation, page[1]))

    def start_generation(self) -> int:
        """A new query: pages of earlier ones that arrive late are dropped."""
        self.generation += 1
        return self.generation

    def set_result(self, total: int, rows: Sequence[RowT], generation: int, next_key: KeyT | None = None) -> None:
        """The list's size and its first page."""
        if generation != self.generation:
            return
        self.beginResetModel()
        self._shown = generation
        self.total = total
        self._pages = OrderedDict([(0, list(rows))]) if rows else OrderedDict()
        self._keys = {0: next_key}
        self._asked = set()
        self.endResetModel()

    def set_rows(self, rows: Sequence[RowT]) -> None:
        self.generation += 1
        self.set_result(len(rows), rows[: self.page_size], self.generation)

    def put_page(self, number: int, rows: Sequence[RowT], generation: int, next_key: KeyT | None) -> None:
        """A page read for the rows in view; the pages seen longest ago are let go beyond ``kept_pages``."""
        self._asked.discard(number)
        if generation != self.generation:
            return
        self._pages[number] = list(rows)
        self._keys[number] = next_key
        while len(self._pages) > self.kept_pages:
            self._pages.popitem(last=False)
        first = number * self.page_size
        last = min(first + len(rows), self.total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    def row_at(self, row: int) -> RowT | None:
        """The row, or None while its page is being read (it is asked for)."""
        if not 0 <= row < self.total:
            return None
        number, place = divmod(row, self.page_size)
        page = self._pages.get(number)
        if page is None:
            if number not in self._asked:
                self._asked.add(number)
                self.page_wanted.emit(number, self._keys.get(number - 1))
            return None
        self._pages.move_to_end(number)
        return page[place] if place < len(page) else None

    def rows(self) -> list[RowT]:
        """The rows read and kept, in the list's order (not the whole list: see ``total``)."""
        return [row for number in sorted(self._pages) for row in self._pages[number]]

    def loaded_rows(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.total

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return LOADING if role == DISPLAY_ROLE and index.column() == 0 else None
        if role == DISPLAY_ROLE or role == TOOLTIP_ROLE:
            return self.display(row, index.column())
        if role == ALIGN_ROLE:
            return ALIGN_TOP_LEFT
        return None
