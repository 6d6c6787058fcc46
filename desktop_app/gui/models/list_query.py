"""What a long table reads, named once by its page: the size of the whole list and a page after a key, bound to the
service, the user and the filter of the moment. The table models (paged_table, sparse_table) read through it in the
page's background loader, so each page names its service and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

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
