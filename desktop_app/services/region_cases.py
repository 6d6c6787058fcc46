"""The region's view of its districts' family support cases and resource maps (issue 25 §4–§6).

What the region holds of a case is the projection its districts sent (desktop_app/sync/projection.py): codes,
categories, stages, dates and outcomes, no name. Per district the region counts the cases open on a date by
category and stage, the cases closed by then by outcome, the reviews and route services overdue; it lists the
case codes with their district («СС-0003 · Вельский р-н»: every district numbers its own cases), and sees the
districts' resource maps together. A case is the district's that sent it (the bundle's source), else the one its
``municipality`` names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage, ServiceKind
from desktop_app.domain.pseudonymity import family_label
from desktop_app.domain.roles import Permission
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseService as RouteService
from desktop_app.storage.models import CaseStage as StageRecord
from desktop_app.storage.models import FamilyCase, Organisation, ResourceService, SyncPeer, SyncRecordState

REGION_OWNER = "Регион"  # a map entry the region keeps itself
_CLOSED_SERVICE = frozenset({"given", "not_given", "cancelled"})


@dataclass(frozen=True)
class DistrictCases:
    """One district's cases on a date: counts only, with the words a table shows."""

    district: str
    open: int
    by_category: tuple[tuple[str, int], ...]  # (label, open cases), in the vocabulary's order
    by_stage: tuple[tuple[str, int], ...]
    closed: int
    by_outcome: tuple[tuple[str, int], ...]  # (label, cases closed on or before the date)
    reviews_overdue: int  # open cases whose next review was due before the date
    services_overdue: int  # route services of open cases due before the date and not given

    def category(self, value: CaseCategory) -> int:
        return dict(self.by_category).get(value.label, 0)

    def stage(self, value: CaseStage) -> int:
        return dict(self.by_stage).get(value.label, 0)

    def outcome(self, value: CaseOutcome) -> int:
        return dict(self.by_outcome).get(value.label, 0)


@dataclass(frozen=True)
class RegionCaseRow:
    """A case as the region lists it: its code with the district, never a name (none reached the region)."""

    id: str
    label: str
    code: str
    district: str
    category: str
    stage: str
    identified_on: date
    next_review_on: date | None
    closed_on: date | None
    outcome: str
    review_overdue: bool


@dataclass(frozen=True)
class MapEntry:
    """An entry of a district's resource map (public information), with the district that keeps it."""

    id: str
    district: str
    kind: str
    name: str
    provider: str
    territory: str
    address: str
    target_group: str
    contacts: str
    terms: str


@dataclass(frozen=True)
class _Case:
    id: str
    code: str
    district: str
    category: str
    stage: str
    identified_on: date
    next_review_on: date | None
    closed_on: date | None
    outcome: str

    def open_on(self, day: date) -> bool:
        return self.identified_on <= day and (self.closed_on is None or self.closed_on > day)


class RegionCases:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    def districts(self, actor: Actor, on: date | None = None) -> tuple[DistrictCases, ...]:
        """Every district with cases here, by name: its counts on ``on`` (today when not given)."""
        actor.require(Permission.VIEW_DATA)
        day = on or self._today()
        with self._db.reading() as session:
            cases = _cases(session)
            stages = _stages_on(session, day)
            overdue_services = _services_overdue(session, day)
        by_district: dict[str, list[_Case]] = defaultdict(list)
        for case in cases:
            by_district[case.district].append(case)
        return tuple(_district(name, by_district[name], stages, overdue_services, day) for name in sorted(by_district))

    def cases(
        self, actor: Actor, on: date | None = None, district: str = "", open_only: bool = False
    ) -> list[RegionCaseRow]:
        """The cases' codes labelled with their districts, by district and code; of one ``district`` when named,
        open on ``on`` only when ``open_only``."""
        actor.require(Permission.VIEW_DATA)
        day = on or self._today()
        with self._db.reading() as session:
            cases = _cases(session)
            stages = _stages_on(session, day)
        rows = []
        for case in sorted(cases, key=lambda c: (c.district, c.code, c.id)):
            if (district and case.district != district) or (open_only and not case.open_on(day)):
                continue
            is_open = case.open_on(day)
            rows.append(
                RegionCaseRow(
                    case.id,
                    family_label(case.code, case.district),
                    case.code,
                    case.district,
                    _label(_CATEGORIES, case.category),
                    _label(_STAGES, stages.get(case.id, case.stage)),
                    case.identified_on,
                    case.next_review_on,
                    case.closed_on,
                    _label(_OUTCOMES, case.outcome),
                    is_open and case.next_review_on is not None and case.next_review_on < day,
                )
            )
        return rows

    def resource_map(self, actor: Actor, kind: str = "", territory: str = "", text: str = "") -> list[MapEntry]:
        """Every district's resource map together, retired entries left out: of one ``kind`` (ServiceKind's
        value) when given, of a ``territory`` containing the text given, with every word of ``text`` found in
        its name, provider, place, address, target group, terms or kind."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            providers = {row.id: row.short_name or row.full_name for row in session.scalars(select(Organisation))}
            query = select(ResourceService).where(ResourceService.is_retired.is_(False))
            if kind:
                query = query.where(ResourceService.kind == kind)
            entries = [
                MapEntry(
                    row.id,
                    row.owner or REGION_OWNER,
                    _label(_KINDS, row.kind),
                    row.name,
                    providers.get(row.provider_id or "", ""),
                    row.territory,
                    row.address,
                    row.target_group,
                    row.contacts,
                    row.terms,
                )
                for row in session.scalars(query)
            ]
        place, wanted = territory.casefold().strip(), text.casefold().split()
        found = []
        for entry in entries:
            if place and place not in entry.territory.casefold():
                continue
            words = " ".join(
                (
                    entry.name,
                    entry.provider,
                    entry.territory,
                    entry.address,
                    entry.target_group,
                    entry.terms,
                    entry.kind,
                )
            ).casefold()
            if all(word in words for word in wanted):
                found.append(entry)
        return sorted(found, key=lambda e: (e.district, e.kind, e.name.casefold(), e.id))


def _cases(session: Session) -> list[_Case]:
    """Every case here with the district that sent it (the bundle's source), else the one it names."""
    sent_by = dict(
        session.execute(
            select(SyncRecordState.record_id, SyncPeer.district)
            .join(SyncPeer, SyncPeer.id == SyncRecordState.peer_id)
            .where(SyncRecordState.entity == "family_cases", SyncPeer.kind == "district")
        ).all()
    )
    columns = (
        FamilyCase.id,
        FamilyCase.code,
        FamilyCase.municipality,
        FamilyCase.category,
        FamilyCase.stage,
        FamilyCase.identified_on,
        FamilyCase.next_review_on,
        FamilyCase.closed_on,
        FamilyCase.outcome,
    )
    return [
        _Case(row[0], row[1], sent_by.get(row[0]) or row[2], *row[3:])
        for row in session.execute(select(*columns)).all()
    ]


def _stages_on(session: Session, day: date) -> dict[str, str]:
    """Each case's stage on ``day`` from its history (the latest step on or before it); a case without any
    such step keeps the stage it has."""
    query = (
        select(StageRecord.case_id, StageRecord.stage)
        .where(StageRecord.on_date <= day)
        .order_by(StageRecord.on_date, StageRecord.created_at)
    )
    return dict(session.execute(query).all())  # the latest step of each case is the last one written


def _services_overdue(session: Session, day: date) -> Counter[str]:
    """Per case: its route services due before ``day`` and not given (nor refused or cancelled) by then."""
    query = select(RouteService.case_id, RouteService.status, RouteService.given_on).where(RouteService.due_on < day)
    found: Counter[str] = Counter()
    for case_id, status, given_on in session.execute(query):
        done = (given_on is not None and given_on <= day) or (given_on is None and status in _CLOSED_SERVICE)
        if not done:
            found[case_id] += 1
    return found


def _district(
    name: str, cases: list[_Case], stages: dict[str, str], overdue_services: Counter[str], day: date
) -> DistrictCases:
    open_cases = [case for case in cases if case.open_on(day)]
    closed = [case for case in cases if case.closed_on is not None and case.closed_on <= day]
    categories = Counter(case.category for case in open_cases)
    at_stage = Counter(stages.get(case.id, case.stage) for case in open_cases)
    outcomes = Counter(case.outcome for case in closed)
    return DistrictCases(
        name,
        len(open_cases),
        _in_order(categories, _CATEGORIES),
        _in_order(at_stage, _STAGES),
        len(closed),
        _in_order(outcomes, _OUTCOMES),
        sum(1 for case in open_cases if case.next_review_on is not None and case.next_review_on < day),
        sum(overdue_services[case.id] for case in open_cases),
    )


def _in_order(counts: Counter[str], labels: dict[str, str]) -> tuple[tuple[str, int], ...]:
    """(label, count) of the values counted, in the vocabulary's order; a value it does not know is shown as is."""
    known = [(label, counts[value]) for value, label in labels.items() if counts[value]]
    unknown = sorted((value or "—", n) for value, n in counts.items() if value not in labels)
    return tuple(known + unknown)


def _label(labels: dict[str, str], value: str) -> str:
    return labels.get(value, value)


_CATEGORIES = {member.value: member.label for member in CaseCategory}
_STAGES = {member.value: member.label for member in CaseStage}
_OUTCOMES = {member.value: member.label for member in CaseOutcome}
_KINDS = {member.value: member.label for member in ServiceKind}
