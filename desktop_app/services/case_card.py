"""One family support case in full, as its card shows it; every opening of a card is written to the journal.

Without ``VIEW_PERSONAL_DATA`` the service itself withholds the family's and the adults' names, birth dates and
phones, the address, the family's request, the notes and every free-text reason (any of them may name someone):
what is left is what the region may know — codes, category, stages and dates, outcome, the children's codes.

A view is recorded like a security event (services/auth.py): an ``AuditEntry`` with the action «view» added to the
session, which the audit hook numbers and chains with the changes, so the journal page lists who opened which card
and when, and `opeka check` still verifies the chain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput
from desktop_app.domain.case_rules import review_overdue
from desktop_app.domain.case_terms import (
    CaseCategory,
    CaseOutcome,
    CaseStage,
    IdentificationSource,
    ParentalRights,
    SupportLevel,
)
from desktop_app.domain.errors import NotFound
from desktop_app.domain.roles import Permission
from desktop_app.storage.base import new_uuid, utc_now
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, CaseTeamMember, FamilyCase, Organisation
from desktop_app.storage.models import CaseStage as CaseStageRow

VIEW_ACTION = "view"
VIEW_SUMMARY = "Просмотр карточки случая {code}"


@dataclass(frozen=True)
class CaseStageView:
    id: str
    stage: CaseStage
    on_date: date
    done_by: str
    reason: str  # blank where personal data is withheld
    notes: str


@dataclass(frozen=True)
class TeamMemberView:
    id: str
    organisation_id: str | None
    organisation: str  # the organisation's short name (its full name where it has none)
    person: str
    role: str
    is_curator: bool


@dataclass(frozen=True)
class CaseCard:
    id: str
    code: str
    entry: CaseInput  # the editable part; names, address, request and notes blank where withheld
    personal_shown: bool
    stage: CaseStage
    stage_since: date | None
    support_level: SupportLevel | None
    assessed_on: date | None
    next_review_on: date | None
    review_overdue: bool
    curator: str
    closed_on: date | None
    outcome: CaseOutcome | None
    closure_reason: str
    stages: tuple[CaseStageView, ...]
    team: tuple[TeamMemberView, ...]
    row_version: int

    @property
    def name(self) -> str:
        return self.entry.name if self.personal_shown else self.code

    @property
    def is_closed(self) -> bool:
        return self.stage is CaseStage.CLOSED

    @property
    def last_stage_date(self) -> date | None:
        return self.stages[-1].on_date if self.stages else None


@dataclass(frozen=True)
class CardView:
    """One opening of a case card, from the journal: when, by whom."""

    at: datetime
    user_login: str


class CaseCards:
    def __init__(self, db: Database) -> None:
        self._db = db

    def open(self, actor: Actor, case_id: str, today: date | None = None) -> CaseCard:
        """The card, and a «просмотр карточки случая» entry in the journal in the same transaction."""
        actor.require(Permission.VIEW_DATA)
        with self._db.transaction(actor) as session:
            family_case = load_case(session, case_id)
            card = case_card(session, family_case, actor.can(Permission.VIEW_PERSONAL_DATA), today or date.today())
            session.add(view_entry(actor, family_case))
            return card

    def views(self, actor: Actor, case_id: str) -> list[CardView]:
        """Who opened the card and when, newest first (for the head of the office: «кто смотрел дело»)."""
        actor.require(Permission.VIEW_AUDIT)
        query = (
            select(AuditEntry.at, AuditEntry.user_login)
            .where(AuditEntry.action == VIEW_ACTION, AuditEntry.entity == FamilyCase.__tablename__)
            .where(AuditEntry.entity_id == case_id)
            .order_by(AuditEntry.seq.desc())
        )
        with self._db.reading() as session:
            return [CardView(at, login) for at, login in session.execute(query)]


def view_entry(actor: Actor, family_case: FamilyCase) -> AuditEntry:
    """The journal entry of one opening of the card (no name in it: the code is enough and may be read by all)."""
    return AuditEntry(
        id=new_uuid(),
        at=utc_now(),
        user_id=actor.user_id,
        user_login=actor.login,
        action=VIEW_ACTION,
        entity=FamilyCase.__tablename__,
        entity_id=family_case.id,
        summary=VIEW_SUMMARY.format(code=family_case.code),
    )


def load_case(session: Session, case_id: str) -> FamilyCase:
    family_case = session.get(FamilyCase, case_id)
    if family_case is None:
        raise NotFound("Случай не найден: возможно, его удалили. Обновите реестр случаев.")
    return family_case


def case_card(session: Session, family_case: FamilyCase, personal: bool, today: date) -> CaseCard:
    """The card of a loaded case; ``personal`` False withholds everything that may name someone."""
    adults = tuple(
        AdultInput(
            a.full_name,
            a.birth_date,
            a.relation,
            a.phone,
            ParentalRights.read(a.parental_rights, ParentalRights.FULL),
            a.rights_restored_on,
            a.id,
        )
        for a in family_case.adults
    )
    if not personal:
        adults = tuple(replace(adult, full_name="", birth_date=None, phone="") for adult in adults)
    children = tuple(
        ChildInput(c.code, c.birth_date, c.sex, c.placed_on, c.institution, c.returned_on, c.family_placed_on, c.id)
        for c in family_case.children
    )
    entry = CaseInput(
        municipality=family_case.municipality,
        category=CaseCategory.read(family_case.category, CaseCategory.TJS),
        source=IdentificationSource.read(family_case.source, IdentificationSource.OTHER)
        if family_case.source
        else None,
        identified_on=family_case.identified_on,
        adults=adults,
        children=children,
        display_name=family_case.display_name if personal else "",
        source_detail=family_case.source_detail if personal else "",
        address=family_case.address if personal else "",
        notes=family_case.notes if personal else "",
        request_text=family_case.request_text if personal else "",
        consent_on=family_case.consent_on,
    )
    stage = CaseStage.read(family_case.stage, CaseStage.IDENTIFIED)
    return CaseCard(
        id=family_case.id,
        code=family_case.code,
        entry=entry,
        personal_shown=personal,
        stage=stage,
        stage_since=family_case.stage_since,
        support_level=SupportLevel(family_case.support_level) if family_case.support_level else None,
        assessed_on=family_case.assessed_on,
        next_review_on=family_case.next_review_on,
        review_overdue=review_overdue(family_case.next_review_on, stage is CaseStage.CLOSED, today),
        curator=family_case.curator,
        closed_on=family_case.closed_on,
        outcome=CaseOutcome(family_case.outcome) if family_case.outcome else None,
        closure_reason=family_case.closure_reason if personal else "",
        stages=tuple(_stage(row, personal) for row in family_case.stages),
        team=_team(session, family_case.team),
        row_version=family_case.row_version,
    )


def _stage(row: CaseStageRow, personal: bool) -> CaseStageView:
    stage = CaseStage.read(row.stage, CaseStage.IDENTIFIED)
    reason, notes = (row.reason, row.notes) if personal else ("", "")
    return CaseStageView(row.id, stage, row.on_date, row.done_by, reason, notes)


def _team(session: Session, members: list[CaseTeamMember]) -> tuple[TeamMemberView, ...]:
    ids = {member.organisation_id for member in members if member.organisation_id}
    names: dict[str, str] = {}
    if ids:
        query = select(Organisation.id, Organisation.short_name, Organisation.full_name).where(Organisation.id.in_(ids))
        names = {org_id: short or full for org_id, short, full in session.execute(query)}
    return tuple(
        TeamMemberView(
            member.id,
            member.organisation_id,
            names.get(member.organisation_id or "", ""),
            member.person,
            member.team_role,
            member.is_curator,
        )
        for member in members
    )
