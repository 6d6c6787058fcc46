"""What a committed unit of work changed, told to whoever listens: the window's pages refresh what depends on it.

The tables written are noted from the SQL itself (every INSERT, UPDATE, DELETE and REPLACE the engine sends), so
no write can forget to announce itself, whether it went through the ORM, a bulk insert or plain SQL. The note
belongs to the unit of work that runs in this thread (a context variable); listeners hear of it only after the
commit succeeded, and never of a rolled-back one.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

ChangeListener = Callable[[frozenset[str]], None]

_WRITE = re.compile(
    r"""^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+["`\[]?(\w+)""",
    re.IGNORECASE,
)
_written: ContextVar[set[str] | None] = ContextVar("opeka_written_tables", default=None)


def written_table(statement: str) -> str | None:
    """The table a write statement changes, or None for a statement that writes no table (a SELECT, a PRAGMA)."""
    found = _WRITE.match(statement)
    return found.group(1).lower() if found else None


def _note_write(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
    tables = _written.get()
    if tables is not None and (table := written_table(statement)) is not None:
        tables.add(table)


class ChangeFeed:
    """Listeners of committed changes on one engine; each hears the set of tables one transaction wrote."""

    def __init__(self, engine: Engine) -> None:
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()
        event.listen(engine, "before_cursor_execute", _note_write)

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener`` after every committed write, in the thread that committed; returns the way out."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Note the tables written inside the block (this thread only); an enclosing record sees them too."""
        outer = _written.get()
        tables: set[str] = set()
        token = _written.set(tables)
        try:
            yield tables
        finally:
            _written.reset(token)
            if outer is not None:
                outer.update(tables)

    def publish(self, tables: set[str]) -> None:
        """Tell every listener what a committed transaction wrote; a failing listener is logged, not raised:
        the data is already committed and the caller must hear of its success."""
        if not tables or _written.get() is not None:
            return  # nothing written, or an enclosing transaction will publish it when it commits
        changed = frozenset(tables)
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(changed)
            except Exception:
                log.exception("A listener of committed changes failed")
