"""What of a district's family support cases reaches the region (issue 25 §6, 152-ФЗ; FORMAT.md «Cases»).

Between the PCs of one office everything travels. A bundle for the region carries a pseudonymous projection:
the case's code, category, stages, dates and outcome, the children's codes, birth dates and sex, the route's
kinds, providers, dates and statuses — counts can be made and codes listed, but no name, address, phone, adult's
birth date, request, reason, note, recommendation or result text. The columns that travel are listed (a column
added later stays home until it is listed here); every other column is written blank (``""``, null, ``false``
or ``0``), so a record keeps the table's shape and the region's copy, stored blank, hashes the same as the next
bundle's (sync/records.py ``content_hash``): the missing text is never seen as a change. The support team
(names of people) does not go at all.

The exporter applies the projection to a bundle meant for the region, never to a workstation's bundle for the
office's main PC; the region applies it again to every district bundle it reads, so nothing personal is stored
there even from a file written otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Boolean, Integer
from sqlalchemy.sql.schema import Column

from desktop_app.sync.records import BY_NAME, TRACKING

# entity → the columns that reach the region besides ``id`` and the tracking columns
TO_REGION: dict[str, frozenset[str]] = {
    "family_cases": frozenset(
        {
            "code",
            "municipality",
            "category",
            "source",
            "identified_on",
            "stage",
            "stage_since",
            "support_level",
            "assessed_on",
            "next_review_on",
            "consent_on",
            "closed_on",
            "outcome",
            "is_demo",
        }
    ),
    # seed 002's 1.4 counts parental rights restored: the adult is a line with the rights and no one's identity
    "case_adults": frozenset({"case_id", "parental_rights", "rights_restored_on", "position"}),
    "case_children": frozenset(
        {"case_id", "code", "birth_date", "sex", "placed_on", "returned_on", "family_placed_on", "position"}
    ),
    "case_stages": frozenset({"case_id", "stage", "on_date"}),
    "case_services": frozenset(
        {"case_id", "kind", "resource_service_id", "provider_id", "planned_on", "due_on", "given_on", "status"}
    ),
    "case_support_measures": frozenset({"case_id", "kind_id", "applied_on", "decided_on", "decision"}),
    "case_referrals": frozenset(
        {"case_id", "organisation_id", "service_kind", "sent_on", "answer_due_on", "answered_on", "answer"}
    ),
    "consilium_meetings": frozenset({"municipality", "kind", "held_on", "number"}),
    "consilium_reviews": frozenset(
        {"meeting_id", "case_id", "child_id", "decision", "interagency_support", "position"}
    ),
}
# entities that never reach the region: the support team is people's names and roles
NOT_TO_REGION = frozenset({"case_team_members"})
ALWAYS = TRACKING | {"id"}


def blank(column: Column[Any]) -> Any:
    """The value a column left home is written as: null where the column allows it, else an empty value."""
    if column.nullable:
        return None
    if isinstance(column.type, Boolean):
        return False
    if isinstance(column.type, Integer):
        return 0
    return ""


# per entity: (column, its blank value) of every column that stays home
_BLANKED: dict[str, tuple[tuple[str, Any], ...]] = {
    entity: tuple(
        (column.key, blank(column))
        for column in BY_NAME[entity].columns
        if column.key not in kept and column.key not in ALWAYS
    )
    for entity, kept in TO_REGION.items()
}


def withheld(entity: str) -> tuple[str, ...]:
    """The columns of ``entity`` a bundle for the region leaves blank (none for an entity that travels whole)."""
    return tuple(key for key, _ in _BLANKED.get(entity, ()))


def project_record(entity: str, record: Mapping[str, Any]) -> dict[str, Any]:
    """The record as it reaches the region; a record that is not an object is left for the checks to refuse."""
    blanked = _BLANKED.get(entity)
    if not blanked or not isinstance(record, Mapping):
        return record  # type: ignore[return-value]
    projected = dict(record)
    projected.update(blanked)
    return projected


def for_region(data: Mapping[str, Any]) -> dict[str, Any]:
    """A bundle's records as the region may have them: the case tables projected, the support team left out."""
    projected: dict[str, Any] = {}
    for entity, records in data.items():
        if entity in NOT_TO_REGION:
            continue
        if entity in _BLANKED and isinstance(records, list):
            projected[entity] = [project_record(entity, record) for record in records]
        else:
            projected[entity] = records
    return projected
