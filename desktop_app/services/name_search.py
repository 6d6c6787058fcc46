"""The registers' name search: an FTS5 trigram index over ``search_key`` where the database has one.

Migrations 0016 (resource families) and 0017 (support cases) build ``<table>_fts`` (external content, kept in
step by triggers) on SQLite with the trigram tokenizer. A trigram index answers terms of three characters and
more; a shorter term, or a database without the table (another engine, an SQLite without FTS5), is searched with
LIKE over the same column. Either way the term is folded as ``search_key`` is (case, ё → е) and matched as a
substring.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, literal_column, select, table, text
from sqlalchemy.orm import Session

from desktop_app.storage.models import FamilyCase, ResourceFamily

TRIGRAM = 3  # the shortest term the trigram index can answer
SearchedModel = type[ResourceFamily] | type[FamilyCase]


def index_table(model: SearchedModel) -> str:
    return f"{model.__tablename__}_fts"


def has_search_index(reader: Session | Connection, model: SearchedModel = ResourceFamily) -> bool:
    dialect = reader.dialect if isinstance(reader, Connection) else reader.get_bind().dialect
    if dialect.name != "sqlite":
        return False
    found = reader.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": index_table(model)}
    )
    return found.first() is not None


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
