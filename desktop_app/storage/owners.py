"""Programs and organisations record who owns them (DOMAIN.md «Who owns a record»): the one that made them.

``owner`` is "" for the region, else the district's name. Whatever way a program or an organisation is made here
(the demo, a plan import, the directory, a test's factory), it gets this installation's name unless the maker
gave another one (an exchange file carries its records' owners, and so does set-up before the installation row
exists).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_OWN = "SELECT kind, district_name FROM installation LIMIT 1"


def _owner_from(row: Any) -> str:
    return str(row[1] or "") if row is not None and row[0] == "district" else ""


def installation_owner(context: Any) -> str:
    """The column default for an insert outside the ORM (an exchange file of an older program without owners)."""
    if context is None:  # the audit trail fills defaults before the flush: the hook below has set it already
        return ""
    return _owner_from(context.connection.exec_driver_sql(_OWN).first())


def _fill_owners(session: Session, _context: Any, _instances: Any) -> None:
    made = [obj for obj in session.new if hasattr(type(obj), "__owned__") and getattr(obj, "owner", None) is None]
    if made:
        owner = _owner_from(session.connection().exec_driver_sql(_OWN).first())
        for obj in made:
            obj.owner = owner


def install_owner_hook(session_class: type[Session]) -> None:
    """Fill the owner of new programs and organisations, before the audit trail records them (idempotent)."""
    if not event.contains(session_class, "before_flush", _fill_owners):
        event.listen(session_class, "before_flush", _fill_owners)
