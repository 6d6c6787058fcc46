"""The case register's figures for a period, each with the cases behind it, computed in the database.

Every figure is one set-based query over the whole register (never one per case), written from the rules of
domain/case_figures.py and sharing their constants. A figure's cases carry their id and code; the family's name only
for a role that may see personal data (``Permission.VIEW_PERSONAL_DATA``) — the coordinator gets codes only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, literal, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_figures import (
    FIGURE_RULES,
    HELP_CATEGORIES,
    HELP_STATUSES,
    Window,
    window_of,
)
from desktop_app.domain.case_terms import CaseCategory, ConsiliumKind, MeasureDecision, ServiceKind
from desktop_app.domain.periods import Period
from desktop_app.domain.register_sources import SOURCE_LABELS
from desktop_app.domain.roles import Permission
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    CaseAdult,
    CaseChild,
    CaseService,
    CaseSupportMeasure,
    ConsiliumMeeting,
    ConsiliumReview,
    FamilyCase,
    SupportMeasureKind,
)

CASE_KEYS = tuple(FIGURE_RULES)
Query = Select[str, str, str, int]  # a case behind a figure: id, code, name (or ""), units


@dataclass(frozen=True)
class CaseRef:
    """A case behind a figure: ``units`` is how many it adds (parents restored, children returned; else 1);
    ``name`` is empty for a viewer without the right to personal data."""

    case_id: str
    code: str
    name: str
    units: int = 1


@dataclass(frozen=True)
class CaseFigure:
    key: str
    label: str
    window: Window
    count: int
    cases: tuple[CaseRef, ...]

    @property
    def codes(self) -> list[str]:
        return [case.code for case in self.cases]


class CaseFigures:
    """Read-only: the figures of the case register for a period, and the register's totals."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def figures(
        self,
        actor: Actor,
        period: Period,
        keys: Iterable[str] = CASE_KEYS,
        *,
        since: date | None = None,
        municipality: str | None = None,
    ) -> dict[str, CaseFigure]:
        """The figures ``keys`` for ``period``; ``since`` (a program's start) reads them as running totals."""
        actor.require(Permission.VIEW_DATA)
        window = window_of(period.start, period.end, since)
        with self._db.reading() as session:
            return {
                key: figure(
                    session, key, window, names=actor.can(Permission.VIEW_PERSONAL_DATA), municipality=municipality
                )
                for key in dict.fromkeys(keys)
                if key in FIGURE_RULES
            }


def figure(
    session: Session, key: str, window: Window, *, names: bool = False, municipality: str | None = None
) -> CaseFigure:
    """One figure in one query: the cases it finds, ordered by code."""
    query = _QUERIES[key](window, _name(names))
    if municipality is not None:
        query = query.where(FamilyCase.municipality == municipality)
    rows = session.execute(query.order_by(FamilyCase.code, FamilyCase.id)).all()
    cases = tuple(CaseRef(case_id, code, name or "", int(units)) for case_id, code, name, units in rows)
    return CaseFigure(key, SOURCE_LABELS[key], window, sum(case.units for case in cases), cases)


def case_counts(session: Session) -> dict[str, int]:
    """The register's totals for `opeka info`: open, closed, total."""
    total, closed = session.execute(
        select(func.count(FamilyCase.id), func.count(FamilyCase.closed_on)).select_from(FamilyCase)
    ).one()
    return {"open": int(total) - int(closed or 0), "closed": int(closed or 0), "total": int(total)}


# -- the queries, one per figure (domain/case_figures.py says what each counts) -----------------------------------


def _name(names: bool) -> ColumnElement[str]:
    return (FamilyCase.display_name if names else literal("")).label("name")


def _cases(name: ColumnElement[str], *conditions: ColumnElement[bool]) -> Query:
    return select(FamilyCase.id, FamilyCase.code, name, literal(1)).where(*conditions)


def _within(column: QueryableAttribute[Any], window: Window) -> ColumnElement[bool]:
    return and_(column >= window.start, column <= window.end)


def known_by(window: Window) -> ColumnElement[bool]:
    return FamilyCase.identified_on <= window.end


def open_on(day: date) -> ColumnElement[bool]:
    return and_(FamilyCase.identified_on <= day, or_(FamilyCase.closed_on.is_(None), FamilyCase.closed_on > day))


def _sop_at_end(window: Window, name: ColumnElement[str]) -> Query:
    return _cases(name, FamilyCase.category == CaseCategory.SOP.value, open_on(window.end))


def _rights_restored(window: Window, name: ColumnElement[str]) -> Query:
    return (
        select(FamilyCase.id, FamilyCase.code, name, func.count(CaseAdult.id))
        .join(CaseAdult, CaseAdult.case_id == FamilyCase.id)
        .where(known_by(window), _within(CaseAdult.rights_restored_on, window))
        .group_by(FamilyCase.id)
    )


def _children_returned(window: Window, name: ColumnElement[str]) -> Query:
    return (
        select(FamilyCase.id, FamilyCase.code, name, func.count(CaseChild.id))
        .join(CaseChild, CaseChild.case_id == FamilyCase.id)
        .where(known_by(window), _within(CaseChild.returned_on, window))
        .group_by(FamilyCase.id)
    )


def _consilium_support(window: Window, name: ColumnElement[str]) -> Query:
    considered = exists(
        select(ConsiliumReview.id)
        .join(ConsiliumMeeting, ConsiliumMeeting.id == ConsiliumReview.meeting_id)
        .where(
            ConsiliumReview.case_id == FamilyCase.id,
            ConsiliumReview.interagency_support.is_(True),
            ConsiliumMeeting.kind == ConsiliumKind.CONSILIUM.value,
            _within(ConsiliumMeeting.held_on, window),
        )
    )
    return _cases(name, known_by(window), considered)


def _return_support(window: Window, name: ColumnElement[str]) -> Query:
    open_during = or_(FamilyCase.closed_on.is_(None), FamilyCase.closed_on >= window.start)
    return _cases(name, FamilyCase.category == CaseCategory.CHILD_PLACED.value, known_by(window), open_during)


def _helped_with(kind: ServiceKind) -> Callable[[Window, ColumnElement[str]], Query]:
    def query(window: Window, name: ColumnElement[str]) -> Query:
        # «id IN (the services of this kind given in the window)», not a correlated EXISTS: SQLite then reads
        # only those services through ix_case_service_kind_given_on, not every service of every case (0015)
        given = FamilyCase.id.in_(
            select(CaseService.case_id).where(
                CaseService.kind == kind.value,
                CaseService.status.in_(sorted(HELP_STATUSES)),
                _within(CaseService.given_on, window),
            )
        )
        return _cases(name, FamilyCase.category.in_(sorted(HELP_CATEGORIES)), known_by(window), given)

    return query


def _social_contract(window: Window, name: ColumnElement[str]) -> Query:
    granted = exists(
        select(CaseSupportMeasure.id)
        .join(SupportMeasureKind, SupportMeasureKind.id == CaseSupportMeasure.kind_id)
        .where(
            CaseSupportMeasure.case_id == FamilyCase.id,
            SupportMeasureKind.is_social_contract.is_(True),
            CaseSupportMeasure.decision == MeasureDecision.GRANTED.value,
            _within(CaseSupportMeasure.decided_on, window),
        )
    )
    return _cases(name, FamilyCase.category.in_(sorted(HELP_CATEGORIES)), known_by(window), granted)


def _open_at_end(window: Window, name: ColumnElement[str]) -> Query:
    return _cases(name, open_on(window.end))


def _opened(window: Window, name: ColumnElement[str]) -> Query:
    return _cases(name, _within(FamilyCase.identified_on, window))


def _closed(window: Window, name: ColumnElement[str]) -> Query:
    return _cases(name, known_by(window), _within(FamilyCase.closed_on, window))


_QUERIES: dict[str, Callable[[Window, ColumnElement[str]], Query]] = {
    "cases.sop_at_end": _sop_at_end,
    "cases.rights_restored": _rights_restored,
    "cases.consilium_support": _consilium_support,
    "cases.return_support": _return_support,
    "cases.children_returned": _children_returned,
    "cases.addiction_help": _helped_with(ServiceKind.ADDICTION),
    "cases.employment_help": _helped_with(ServiceKind.EMPLOYMENT),
    "cases.social_contract": _social_contract,
    "cases.open_at_end": _open_at_end,
    "cases.opened": _opened,
    "cases.closed": _closed,
}
assert set(_QUERIES) == set(FIGURE_RULES), "every rule of domain/case_figures.py has its query"
