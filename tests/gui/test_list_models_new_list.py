"""A new list asked for (a search typed, a filter changed) while the table still shows the old one: the pages the
view asks of the old list meanwhile are not read with the new query — its first page resets the table, and the
pages after it come in order with nothing skipped or repeated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from desktop_app.gui.models.list_query import ListQuery
from desktop_app.gui.models.paged_table import PagedTableModel
from desktop_app.gui.models.sparse_table import SparseTableModel


class Deferred:
    """A background loader whose results the test hands over when it wants."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []

    def __call__(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.waiting.append((work, done))

    def finish_all(self) -> None:
        while self.waiting:
            work, done = self.waiting.pop(0)
            done(work())


def listing(rows: Sequence[int], size: int) -> ListQuery[int, int]:
    """The rows in pages of ``size``; a page's key is the position after its last row."""

    def page(after: int | None) -> tuple[list[int], int | None]:
        start = after or 0
        found = list(rows[start : start + size])
        return found, (start + size if start + size < len(rows) else None)

    return ListQuery(lambda: len(rows), page, lambda start, _total: page(start))


class Numbers(PagedTableModel[int, int]):
    COLUMNS = ("Число",)

    def display(self, row: int, column: int) -> str:
        return str(row)


class SparseNumbers(SparseTableModel[int, int]):
    COLUMNS = ("Число",)

    def display(self, row: int, column: int) -> str:
        return str(row)


def test_the_end_of_the_old_list_is_not_read_into_the_new_one(qtbot: object) -> None:
    model, loader = Numbers(), Deferred()
    model.read(loader, listing(list(range(0, 1000)), 7))
    loader.finish_all()
    assert model.rowCount() == 7
    new_rows = list(range(5000, 5025))
    model.read(loader, listing(new_rows, 10))  # a search typed: its first page not yet read
    model.fetchMore()  # the view, still showing the old list, reaches its end
    loader.finish_all()
    while model.canFetchMore():
        model.fetchMore()
        loader.finish_all()
    assert model.rows() == new_rows


def test_a_sparse_table_drops_the_pages_asked_of_the_old_list(qtbot: object) -> None:
    model, loader = SparseNumbers(page_size=10), Deferred()
    model.read(loader, listing(list(range(0, 1000)), 10))
    loader.finish_all()
    new_rows = list(range(5000, 5025))
    model.read(loader, listing(new_rows, 10))
    model._read_page(1, 3)  # asked of the old list while the new one is read: a key the new list does not know
    loader.finish_all()
    assert model.total == len(new_rows)
    shown = []
    for row in range(model.total):
        while (found := model.row_at(row)) is None:
            number = row // model.page_size
            model._read_page(number, model._keys.get(number - 1))
            loader.finish_all()
        shown.append(found)
    assert shown == new_rows
