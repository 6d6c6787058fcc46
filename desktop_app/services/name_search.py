"""The registers' name search: an FTS5 trigram index over ``search_key`` where the database has one.

Migrations 0016 (resource families) and 0017 (support cases) build ``<table>_fts`` (external content, kept in
step by triggers) on SQLite with the trigram tokenizer. A trigram index answers terms of three characters and
more; a shorter term, or a database without the table (another engine, an SQLite without FTS5), is searched with
LIKE over the same column. Either way the term is folded as ``search_key`` is (case, ё → е) and matched as a
substring.
"""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ColumnElement, Connection, Engine, Select, literal_column, select, table, text
from sqlalchemy.orm import Session

from desktop_app.storage.models import FamilyCase, ResourceFamily

TRIGRAM = 3  # the shortest term the trigram index can answer
SearchedModel = type[ResourceFamily] | type[FamilyCase]


def index_table(model: SearchedModel) -> str:
    return f"{model.__tablename__}_fts"


# engine → index table → whether the database has it: asked once per engine, not on every first page
_known: WeakKeyDictionary[Engine, dict[str, bool]] = WeakKeyDictionary()
_lock = threading.Lock()  # the registers read on background threads


def has_search_index(reader: Session | Connection, model: SearchedModel = ResourceFamily) -> bool:
    """Whether the database behind ``reader`` has ``model``'s trigram index. The answer is kept per engine: the
    index appears only through migrations, which run before a Database is used (``forget_search_index`` when a
    database's schema is changed behind it)."""
    bind = reader if isinstance(reader, Connection) else reader.get_bind()
    engine = bind.engine
    if engine.dialect.name != "sqlite":
        return False
    name = index_table(model)
    with _lock:
        answer = _known.get(engine, {}).get(name)
    if answer is None:
        found = reader.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": name}
        )
        answer = found.first() is not None
        with _lock:
            _known.setdefault(engine, {})[name] = answer
    return answer


def forget_search_index(engine: Engine) -> None:
    """Ask ``engine``'s database again on the next search (its index was added or dropped behind the program)."""
    with _lock:
        _known.pop(engine, None)


def key_contains(needle: str, indexed: bool, model: SearchedModel = ResourceFamily) -> ColumnElement[bool]:
    """Rows whose ``search_key`` holds ``needle`` (already in search form)."""
    if indexed and len(needle) >= TRIGRAM:
        fts = index_table(model)
        phrase = '"' + needle.replace('"', '""') + '"'  # one phrase: its trigrams in a row, i.e. the substring
        matched: Select[tuple[Any]] = (
            select(literal_column("rowid")).select_from(table(fts)).where(literal_column(fts).op("MATCH")(phrase))
        )
        return literal_column(f"{model.__tablename__}.rowid").in_(matched)
    return model.search_key.like(like_pattern(needle), escape="\\")


def like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
