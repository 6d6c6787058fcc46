"""New records of a file as database rows, converted a column at a time.

A region takes tens of thousands of new records per batch; checking and converting them value by value in
Python costs more than writing them. Here each column is checked with whole-column operations (the set
of value types, the longest text, one ``map`` of the date parser) that run in C, and only a column that
fails is converted again record by record by ``stored_row``, which names the record and field at fault.
The result is the same rows ``stored_row`` gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import partial
from operator import attrgetter, itemgetter
from typing import Any

from sqlalchemy import Boolean, Float, Integer, String

from desktop_app.storage.base import IsoDate, JsonText, UtcDateTime
from desktop_app.sync.records import EntitySpec, keys_in_order, stored_row

_NONE = type(None)
_DIALECT: Any = None  # the program's TypeDecorators do not look at the dialect
_TZ = attrgetter("tzinfo")
# The text a valid date or UTC moment in this form is stored as is the text itself (ASCII digits only:
# Python's \d would take other scripts' digits)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_STORED_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00")
_MICROSECONDS = partial(datetime.isoformat, timespec="microseconds")
ColumnCheck = Callable[[tuple[Any, ...]], list[Any] | tuple[Any, ...] | None]


def stored_rows(
    records: Sequence[Mapping[str, Any]], spec: EntitySpec, where: str, numbers: Sequence[int]
) -> list[tuple[Any, ...] | None]:
    """Rows for ``records`` in ``spec.columns`` order (None for a record lacking some column); a bad value
    raises the RecordError ``stored_row`` gives for it, naming the record by its number in ``numbers``."""
    keys = keys_in_order(spec)

    def one_by_one() -> list[tuple[Any, ...] | None]:
        return [stored_row(record, spec, f"{where}, запись {n}") for n, record in zip(numbers, records, strict=True)]

    # every record has as many fields as the table has columns, and each column's: the same fields exactly
    if not records or set(map(len, records)) != {len(keys)}:
        return one_by_one()
    try:
        rows = list(map(itemgetter(*keys), records))
    except KeyError:
        return one_by_one()
    checked, as_read = [], True
    for column, values in zip(_checks(spec), zip(*rows, strict=True), strict=True):
        converted = column(values)
        if converted is None:  # some value is wrong: the slow path says which one
            return one_by_one()
        checked.append(converted)
        as_read = as_read and converted is values
    # values the file already carries as stored (the usual case) leave the rows as they were read
    return list(rows) if as_read else list(zip(*checked, strict=True))


_CHECKS: dict[str, list[ColumnCheck]] = {}


def _checks(spec: EntitySpec) -> list[ColumnCheck]:
    found = _CHECKS.get(spec.name)
    if found is None:
        found = _CHECKS[spec.name] = [_check(column) for column in spec.columns]
    return found


def _check(column: Any) -> ColumnCheck:
    """The whole-column check of one column: its values as stored, or None when any of them is wrong."""
    kind = column.type
    required = not column.nullable and column.default is None and not column.primary_key
    allowed_none = set() if required else {_NONE}
    if column.primary_key:
        return _identifiers
    if isinstance(kind, UtcDateTime):
        return partial(_moments, allowed_none=bool(allowed_none))
    if isinstance(kind, IsoDate):
        return partial(_dates, allowed_none=bool(allowed_none))
    if isinstance(kind, JsonText):
        return lambda values: [kind.process_bind_param(value, _DIALECT) for value in values]
    if isinstance(kind, Boolean):
        return partial(_typed, allowed={bool} | allowed_none)
    if isinstance(kind, Integer):
        return partial(_typed, allowed={int} | allowed_none)
    if isinstance(kind, Float):
        return partial(_floats, allowed={int, float} | allowed_none)
    length = kind.length if isinstance(kind, String) else None
    return partial(_texts, allowed={str} | allowed_none, length=length)


def _identifiers(values: tuple[Any, ...]) -> tuple[Any, ...] | None:
    if set(map(type, values)) != {str} or min(map(len, values)) < 8 or max(map(len, values)) > 36:
        return None
    return values


def _typed(values: tuple[Any, ...], allowed: set[type]) -> tuple[Any, ...] | None:
    return values if set(map(type, values)) <= allowed else None


def _floats(values: tuple[Any, ...], allowed: set[type]) -> list[Any] | tuple[Any, ...] | None:
    types = set(map(type, values))
    if not types <= allowed:
        return None
    if int not in types:
        return values
    return [float(value) if type(value) is int else value for value in values]


def _texts(values: tuple[Any, ...], allowed: set[type], length: int | None) -> tuple[Any, ...] | None:
    if not set(map(type, values)) <= allowed:
        return None
    if length is not None and values:
        present = values if None not in values else [value for value in values if value is not None]
        if max(map(len, present), default=0) > length:
            return None
    return values


def _parsed(
    values: tuple[Any, ...], allowed_none: bool, parse: Callable[[str], Any]
) -> tuple[list[Any], list[Any]] | None:
    """The present values of a date or moment column and what ``parse`` makes of them; None when a value is
    missing where it may not be, is not text, or does not parse."""
    present = list(values) if None not in values else [value for value in values if value is not None]
    if len(present) < len(values) and not allowed_none:
        return None
    if set(map(type, present)) - {str}:
        return None
    try:
        return present, list(map(parse, present))
    except ValueError:
        return None


def _dates(values: tuple[Any, ...], allowed_none: bool) -> list[Any] | tuple[Any, ...] | None:
    found = _parsed(values, allowed_none, date.fromisoformat)
    if found is None:
        return None
    present, parsed = found
    if all(map(_ISO_DATE.fullmatch, present)):
        return values  # a valid date written YYYY-MM-DD is stored as it is written
    return _with_nones(values, list(map(date.isoformat, parsed)))


def _moments(values: tuple[Any, ...], allowed_none: bool) -> list[Any] | tuple[Any, ...] | None:
    found = _parsed(values, allowed_none, datetime.fromisoformat)
    if found is None:
        return None
    present, parsed = found
    if all(map(_STORED_MOMENT.fullmatch, present)):
        return values  # a valid moment written as UtcDateTime stores it (formatting it again costs most)
    if set(map(_TZ, parsed)) <= {UTC}:
        converted: list[str | None] = list(map(_MICROSECONDS, parsed))
    else:  # another offset, or none (taken as UTC), as UtcDateTime stores it
        bind = UtcDateTime().process_bind_param
        converted = [bind(moment, _DIALECT) for moment in parsed]
    return _with_nones(values, converted)


def _with_nones(values: tuple[Any, ...], converted: list[Any]) -> list[Any]:
    """The converted values put back among the empty ones; a column with none empty (the timestamps every
    record has) is taken as it is, without a pass in Python."""
    if len(converted) == len(values):
        return converted
    stored = iter(converted)
    return [None if value is None else next(stored) for value in values]
