"""A long list's page query run straight on SQLite's cursor: the statement compiled once for the dialect, its
rows returned as the driver gives them. A scroll through a million families reads five thousand pages; SQLAlchemy's
result machinery (a Row object and the column types' conversion for every value) costs more than the query itself.
The caller converts the few values that need it (``family_rows.family_row`` takes dates as text). Other engines,
and statements with an IN list (expanded at execution), read through SQLAlchemy as usual."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler


def plain_rows(core: Connection, statement: Select, bound: Mapping[str, object]) -> list[Sequence[Any]]:  # type: ignore[type-arg]
    compiled = _compiled(statement, core.dialect)
    if core.dialect.name != "sqlite" or compiled.post_compile_params:  # an IN list is expanded by SQLAlchemy
        return list(core.execute(statement, dict(bound)).all())
    parameters = compiled.construct_params(dict(bound))
    values = [_as_stored(parameters[name]) for name in compiled.positiontup or ()]
    driver_error = core.dialect.loaded_dbapi.Error
    try:
        cursor = core.connection.driver_connection.execute(compiled.string, values)  # type: ignore[union-attr]
        return list(cursor.fetchall())
    except driver_error as exc:  # as SQLAlchemy wraps it: the database's reader turns it into one Russian sentence
        raise DBAPIError.instance(compiled.string, values, exc, driver_error, dialect=core.dialect) from exc


@lru_cache(maxsize=128)
def _compiled(statement: Select, dialect: Dialect) -> SQLCompiler:  # type: ignore[type-arg]
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    return compiled


def _as_stored(value: object) -> object:
    """A bound value as the columns store it: dates as ``YYYY-MM-DD`` text (storage/base.py IsoDate)."""
    return value.isoformat() if isinstance(value, date) else value
