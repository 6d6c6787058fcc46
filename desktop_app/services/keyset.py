"""Keyset (seek) paging for the long lists: the next page is the rows after the last one shown, in the list's order.

A page is found in the sort key's index whatever its position, so the last page costs what the first does; OFFSET
would read every row before it. The order is the sort key and then tie-breakers that end with the id, so it is
total and every row comes exactly once. The key of the last row is bound as ``after_0`` (the sort value),
``after_1``… (the tie-breakers).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, bindparam, or_, tuple_


def ordering(sort: SQLColumnExpression[Any], ties: Sequence[SQLColumnExpression[Any]], descending: bool) -> list[Any]:
    columns = [sort, *ties]
    return [column.desc() if descending else column.asc() for column in columns]


def seek_after(
    sort: SQLColumnExpression[Any],
    ties: Sequence[SQLColumnExpression[Any]],
    descending: bool,
    by_range: bool = False,
) -> ColumnElement[bool]:
    """The rows after the bound key in the order of ``ordering``.

    A row value (sort, ties…) > (key…) lets SQLite seek a plain index however many rows share the sort value (a
    stage, a category). An index on an expression is sought by a range on the expression only, so ``by_range``
    writes the same condition as «sort ≥ value and (sort > value or ties > key)»: right for names and dates, which
    have few ties."""
    value = bindparam("after_0", type_=_type_of(sort))
    bounds = [bindparam(f"after_{number}", type_=_type_of(column)) for number, column in enumerate(ties, start=1)]
    if by_range:
        rest = tuple_(*ties) < tuple_(*bounds) if descending else tuple_(*ties) > tuple_(*bounds)
        if descending:
            return and_(sort <= value, or_(sort < value, rest))
        return and_(sort >= value, or_(sort > value, rest))
    pair, bound = tuple_(sort, *ties), tuple_(value, *bounds)
    return pair < bound if descending else pair > bound


def key_parameters(values: Sequence[object]) -> dict[str, object]:
    """The bound key of ``seek_after`` for a last row's sort value and tie-breakers."""
    return {f"after_{number}": value for number, value in enumerate(values)}


def _type_of(column: SQLColumnExpression[Any]) -> Any:
    return getattr(column, "type", None)  # bound as the column stores it (a date as text)
