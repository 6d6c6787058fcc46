"""Who owns a record (DOMAIN.md «Who owns a record»): the region its programs, indicator catalogue, plan values
and directory; a district its own municipal programs and everything it enters. Only the owner edits a record.

An owner is written as a district's name, or ``REGION`` ("") for the region. Programs and organisations keep
theirs in an ``owner`` column; a section, block, measure, indicator group, indicator or plan value belongs to
its program's owner, and an indicator group with no program is the region's catalogue.
"""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import InstallationKind
from desktop_app.storage.models import Indicator, IndicatorGroup, Installation, Measure, Organisation, Program

REGION = ""


def own_owner(session: Session | Connection) -> str:
    """What this installation writes as the owner of a record it makes."""
    row = session.execute(select(Installation.kind, Installation.district_name).limit(1)).first()
    if row is None or row[0] != InstallationKind.DISTRICT:
        return REGION
    return str(row[1] or "")


def owner_name(owner: str) -> str:
    """«регион» or «муниципальное образование «…»» (who may change the record)."""
    return "регион" if owner == REGION else f"муниципальное образование «{owner}»"


def owner_dative(owner: str) -> str:
    """«региону» or «муниципальному образованию «…»» (to whom the record belongs)."""
    return "региону" if owner == REGION else f"муниципальному образованию «{owner}»"


def owner_instrumental(owner: str) -> str:
    """«регионом» or «муниципальным образованием «…»» (by whom a file is signed)."""
    return "регионом" if owner == REGION else f"муниципальным образованием «{owner}»"


def not_own_reason(what: str, owner: str) -> str:
    """Why this installation may not change a record ``owner`` owns, in one sentence."""
    source = "пакетом региона" if owner == REGION else "пакетом этого муниципального образования"
    return (
        f"{what} принадлежит {owner_dative(owner)}: изменить это может только {owner_name(owner)}, а изменения"
        f" приходят с {source}."
    )


def read_only_reason(session: Session, owner: str, what: str) -> str:
    """ "" when this installation owns the record, else why it is shown read-only."""
    return "" if owner == own_owner(session) else not_own_reason(what, owner)


def require_own(session: Session, owner: str, what: str) -> None:
    """Refuse to change a record this installation does not own."""
    if reason := read_only_reason(session, owner, what):
        raise UserError(reason)


def program_owner(session: Session, program_id: str | None) -> str:
    if program_id is None:
        return REGION  # the indicator catalogue outside any program is the region's
    owner = session.scalar(select(Program.owner).where(Program.id == program_id))
    return REGION if owner is None else str(owner)


def measure_owner(measure: Measure) -> str:
    return str(measure.block.program.owner)


def indicator_owner(session: Session, indicator: Indicator) -> str:
    group = session.get(IndicatorGroup, indicator.group_id) if indicator.group_id else None
    return program_owner(session, group.program_id if group else None)


def organisation_owner(organisation: Organisation) -> str:
    return str(organisation.owner)
