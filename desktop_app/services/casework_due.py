"""What is overdue in the district's work with families, for the start screen (issue 25 §2): open cases whose review
date has passed and the route's services, referrals and measures past their deadline, marked as overdue measures
are. Counts of all of them and the first few, the latest first, each naming the case it opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_route import DAY, Overdue
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import Permission
from desktop_app.services.case_register import OPEN, CaseFilter, CaseRegister
from desktop_app.services.case_route import CaseRouteService

CASEWORK_SHOWN = 20


@dataclass(frozen=True)
class CaseworkItem:
    """One overdue thing of an open case: its review («Пересмотр случая») or an item of its route."""

    case_id: str
    case_code: str
    title: str
    overdue: Overdue

    @property
    def late_text(self) -> str:
        """«5 дней (срок 02.12.2026)»: short enough to leave the width to what is overdue."""
        return f"{DAY.count(self.overdue.days_late)} (срок {format_date(self.overdue.due)})"


@dataclass(frozen=True)
class CaseworkDue:
    reviews_overdue: int  # open cases whose next review date has passed
    route_overdue: int  # overdue services, referrals and measures of open cases
    items: tuple[CaseworkItem, ...]  # the first CASEWORK_SHOWN of both, the longest overdue first

    @property
    def total(self) -> int:
        return self.reviews_overdue + self.route_overdue


class CaseworkDueService:
    def __init__(self, register: CaseRegister, route: CaseRouteService) -> None:
        self._register = register
        self._route = route

    def summary(self, actor: Actor, today: date) -> CaseworkDue:
        actor.require(Permission.VIEW_DATA)
        overdue_reviews = CaseFilter(state=OPEN, overdue_only=True, sort="next_review_on")
        reviews = self._register.count(actor, overdue_reviews, today=today)
        rows = self._register.rows(actor, overdue_reviews, 0, CASEWORK_SHOWN, today=today)
        items = [
            CaseworkItem(
                row.id, row.code, "Пересмотр случая", Overdue(row.next_review_on, (today - row.next_review_on).days)
            )
            for row in rows
            if row.next_review_on is not None
        ]
        route = self._route.overdue(actor, today=today)
        items.extend(CaseworkItem(item.case_id, item.case_code, item.title, item.overdue) for item in route)
        items.sort(key=lambda item: (-item.overdue.days_late, item.case_code, item.title))
        return CaseworkDue(reviews, len(route), tuple(items[:CASEWORK_SHOWN]))
