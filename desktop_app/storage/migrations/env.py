"""Alembic environment: the program always hands in an open connection (see storage/migrate.py)."""

from __future__ import annotations

from alembic import context

from desktop_app.storage import models  # noqa: F401  (registers the tables)
from desktop_app.storage.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Migrations run only through desktop_app.storage.migrate with an open connection.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
