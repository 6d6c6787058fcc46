"""The caseload of a period, per curator (or per district at the region) and category, in one grouped query.

At start + taken − closed = at end: a case is open at the start when identified before the period and not closed
before its first day; closed ones are those closed within the period (domain/case_figures.py). A review is overdue
when the case is open at the period's end and its next review date is earlier than the period's end (or than today,
while the period lasts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import CaseOutcome
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Permission
from desktop_app.services.case_figures import open_on
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase

GroupBy = Literal["curator", "municipality"]


@dataclass(frozen=True)
class CaseloadRow:
    """One curator's (or district's) cases of one category over the period."""

    group: str
    category: str
    at_start: int
    opened: int
    closed: int
    closed_by_outcome: dict[str, int] = field(default_factory=dict)
    at_end: int = 0
    overdue: int = 0


class Caseload:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    def rows(self, actor: Actor, period: Period, by: GroupBy) -> list[CaseloadRow]:
        """Rows with anything to show, ordered by group and category; a case without a curator is grouped
        under "" (the report names it)."""
        actor.require(Permission.VIEW_DATA)
        start, end = period.start, period.end
        as_of = min(end, self._today())
        group = FamilyCase.curator if by == "curator" else FamilyCase.municipality
        closed = and_(FamilyCase.identified_on <= end, FamilyCase.closed_on >= start, FamilyCase.closed_on <= end)
        at_start = open_on(start - timedelta(days=1))
        overdue = and_(open_on(end), FamilyCase.next_review_on < as_of)
        outcomes = [outcome.value for outcome in CaseOutcome]
        query = (
            select(
                group,
                FamilyCase.category,
                _count(at_start),
                _count(and_(FamilyCase.identified_on >= start, FamilyCase.identified_on <= end)),
                _count(closed),
                _count(open_on(end)),
                _count(overdue),
                *(_count(and_(closed, FamilyCase.outcome == outcome)) for outcome in outcomes),
            )
            .where(FamilyCase.identified_on <= end, or_(FamilyCase.closed_on.is_(None), FamilyCase.closed_on >= start))
            .group_by(group, FamilyCase.category)
            .order_by(group, FamilyCase.category)
        )
        with self._db.reading() as session:
            found = []
            for row in session.execute(query):
                name, category, begun, taken, ended, remaining, late, *by_outcome = row
                found.append(
                    CaseloadRow(
                        name or "",
                        category,
                        int(begun),
                        int(taken),
                        int(ended),
                        {outcome: int(n) for outcome, n in zip(outcomes, by_outcome, strict=True) if n},
                        int(remaining),
                        int(late),
                    )
                )
        return found


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
