"""The organisation directory: finding executors by the names plans use, adding the ones not yet known."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.program_definition import OrganisationDef
from desktop_app.domain.text import search_key
from desktop_app.storage.models import Organisation


def organisation_key(full_name: str, short_name: str = "") -> str:
    """What two spellings of one organisation share: the search key of its short name, else its full name."""
    return search_key(short_name or full_name)


def find_or_add_organisation(session: Session, definition: OrganisationDef, confirmed: bool = True) -> Organisation:
    """The directory entry matching the definition's short or full name, created when absent."""
    keys = {search_key(definition.full_name)}
    if definition.short_name:
        keys.add(search_key(definition.short_name))
    for candidate in session.scalars(select(Organisation).where(Organisation.search_key.in_(keys))):
        return candidate
    for candidate in session.scalars(select(Organisation)):
        if search_key(candidate.full_name) in keys or search_key(candidate.short_name) in keys:
            return candidate
    organisation = Organisation(
        full_name=definition.full_name,
        short_name=definition.short_name,
        department=definition.department,
        territory=definition.territory,
        is_confirmed=confirmed,
        search_key=organisation_key(definition.full_name, definition.short_name),
    )
    session.add(organisation)
    session.flush()
    return organisation
