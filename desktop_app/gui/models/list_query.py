"""What a long table reads, named once by its page: the size of the whole list and a page after a key, bound to the
service, the user and the filter of the moment. The table models (paged_table, sparse_table) read through it in the
page's background loader, so each page names its service and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

RowT = TypeVar("RowT")
KeyT = TypeVar("KeyT")
# the page's background loader: runs the work off the GUI thread and hands its result to the callback in it
Loader = Callable[[Callable[[], Any], Callable[[Any], None]], None]
Page = tuple[Sequence[RowT], KeyT | None]


@dataclass(frozen=True)
class ListQuery(Generic[RowT, KeyT]):
    count: Callable[[], int]
    page: Callable[[KeyT | None], tuple[Sequence[RowT], KeyT | None]]  # the rows after the key (None: the first)
    # the rows from a position of a list of a known size (start, total): a jump of the scroll bar
    page_at: Callable[[int, int], tuple[Sequence[RowT], KeyT | None]] | None = None

    def first(self) -> tuple[int, Sequence[RowT], KeyT | None]:
        """The list's size and its first page, as the table shows them on opening."""
        return self.count(), *self.page(None)


class _ListModel(Protocol[RowT, KeyT]):
    generation: int

    def start_generation(self) -> int: ...

    def set_result(self, total: int, rows: Sequence[RowT], generation: int, next_key: KeyT | None = None) -> None: ...


def read_first(
    model: _ListModel[RowT, KeyT], load: Loader, query: ListQuery[RowT, KeyT], shown: Callable[[], None]
) -> None:
    """A new list in ``model``: its size and first page read by ``load``, then ``shown`` — unless another list was
    asked for meanwhile (the answer of an earlier filter arriving late is dropped)."""
    generation = model.start_generation()

    def first(result: tuple[int, Sequence[RowT], KeyT | None]) -> None:
        if generation == model.generation:
            total, rows, next_key = result
            model.set_result(total, rows, generation, next_key)
            shown()

    load(query.first, first)
