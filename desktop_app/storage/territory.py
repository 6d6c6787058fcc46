"""The territory whose records an installation keeps as its own: its district, or "" at the region."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.storage.models import Installation


def own_territory(session: Session) -> str:
    """A district's name, or "" at a regional installation (and before set-up)."""
    name = session.scalars(select(Installation.district_name)).first()
    return name or ""
