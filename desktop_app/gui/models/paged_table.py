"""A table that loads one page at a time as the user scrolls: the first page with the total, the next ones sought
by the key of the last row shown (services/keyset.py), so scrolling to the end reads each row once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Signal

from desktop_app.gui.models.list_query import ListQuery, Loader, read_first
from desktop_app.gui.models.row_table import RowT, RowTableModel

KeyT = TypeVar("KeyT")
PAGE_SIZE = 200
_Index = QModelIndex | QPersistentModelIndex


class PagedTableModel(RowTableModel[RowT], Generic[RowT, KeyT]):
    more_wanted = Signal(int)  # the number of rows shown; the next page starts after ``next_key``

    def __init__(self) -> None:
        super().__init__()
        self.total = 0
        self.generation = 0
        self.next_key: KeyT | None = None  # where the next page starts; None: no more
        self._fetching = False
        self._shown = 0  # the generation whose list is in the table
        self._reading: tuple[Loader, ListQuery[RowT, KeyT], Callable[[], None]] | None = None
        self.more_wanted.connect(self._read_more)

    def read(
        self,
        load: Loader,
        query: ListQuery[RowT, KeyT],
        first_shown: Callable[[], None] = lambda: None,
        more_shown: Callable[[], None] = lambda: None,
    ) -> None:
        """A new list: its size and first page read by ``load`` (the page's background loader), then
        ``first_shown``; the next pages are read the same way as the user scrolls, each followed by ``more_shown``."""
        self._reading = (load, query, more_shown)
        read_first(self, load, query, first_shown)

    def _read_more(self, _shown: int) -> None:
        if self._reading is None:
            return  # a model filled by its owner, not read
        if self._shown != self.generation:  # the end of the list still shown while a new one is read
            self._fetching = False
            return
        load, query, shown = self._reading
        generation, after = self.generation, self.next_key

        def more(page: tuple[Sequence[RowT], KeyT | None]) -> None:
            if generation == self.generation:
                self.append_page(page[0], generation, page[1])
                shown()

        load(lambda: query.page(after), more)

    def start_generation(self) -> int:
        """A new query: pages of earlier ones that arrive late are dropped."""
        self.generation += 1
        self._fetching = False
        return self.generation

    def set_result(self, total: int, rows: Sequence[RowT], generation: int, next_key: KeyT | None = None) -> None:
        if generation != self.generation:
            return
        self._shown = generation
        self.total = total
        self.next_key = next_key
        self._fetching = False
        self.set_rows(rows)

    def append_page(self, rows: Sequence[RowT], generation: int, next_key: KeyT | None = None) -> None:
        if generation != self.generation:
            return  # a page of an earlier query: the fetch of this one may still be under way
        self._fetching = False
        self.next_key = next_key
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid() and not self._fetching and self.next_key is not None and len(self._rows) < self.total
        )

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self.more_wanted.emit(len(self._rows))
