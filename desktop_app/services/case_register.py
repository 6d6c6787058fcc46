"""Reading the register of family support cases: the table, page by page, searchable and filtered in SQL.

The family's name and its adults' names are personal data: a role without ``VIEW_PERSONAL_DATA`` (the regional
coordinator) sees each case under its code only, and searches by code only — the service withholds them, not the
screen. The search looks in ``search_key`` (code, the family's name and its adults' names, lower-cased with ё → е),
which the editing service keeps, because SQLite's LIKE does not fold Cyrillic case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_rules import review_overdue
from desktop_app.domain.case_terms import CaseCategory, CaseStage
from desktop_app.domain.pseudonymity import family_label
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.services.ownership import REGION, own_owner
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseChild, FamilyCase

OPEN = "open"
CLOSED = "closed"
SORT_COLUMNS = {
    "code": FamilyCase.code,
    "family": FamilyCase.search_key,
    "municipality": FamilyCase.municipality,
    "category": FamilyCase.category,
    "stage": FamilyCase.stage,
    "stage_since": FamilyCase.stage_since,
    "curator": FamilyCase.curator,
    "next_review_on": FamilyCase.next_review_on,
    "identified_on": FamilyCase.identified_on,
}


@dataclass(frozen=True)
class CaseFilter:
    search: str = ""
    category: str | None = None  # a CaseCategory value
    stage: str | None = None  # a CaseStage value
    curator: str | None = None
    state: str | None = None  # OPEN, CLOSED or None for all
    overdue_only: bool = False  # open cases whose next review date has passed
    identified_from: date | None = None
    identified_to: date | None = None
    municipality: str | None = None
    sort: str = "code"
    descending: bool = False


@dataclass(frozen=True)
class CaseRow:
    id: str
    code: str  # at the region with its district («СС-0001 · Плесецкий МО»): each district numbers its own
    family: str  # the family's name, or the code where personal data is not shown
    municipality: str
    category: CaseCategory
    stage: CaseStage
    stage_since: date | None
    curator: str
    next_review_on: date | None
    review_overdue: bool
    children: int
    identified_on: date
    closed_on: date | None

    @property
    def category_label(self) -> str:
        return self.category.label

    @property
    def stage_label(self) -> str:
        return self.stage.label


class CaseRegister:
    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, actor: Actor, filters: CaseFilter, today: date | None = None) -> int:
        """How many cases the filter leaves (for the table's size and «найдено N»)."""
        actor.require(Permission.VIEW_DATA)
        query = _filtered(select(func.count(FamilyCase.id)), filters, _personal(actor), today or date.today())
        with self._db.reading() as session:
            return int(session.execute(query).scalar_one())

    def rows(
        self, actor: Actor, filters: CaseFilter, offset: int = 0, limit: int = 200, today: date | None = None
    ) -> list[CaseRow]:
        """One page of the table in the requested order (ties broken by code), overdue marked as of ``today``."""
        actor.require(Permission.VIEW_DATA)
        today = today or date.today()
        personal = _personal(actor)
        column = SORT_COLUMNS.get(filters.sort, FamilyCase.code)
        order = column.desc() if filters.descending else column.asc()
        query = _filtered(select(*_ROW_COLUMNS, _CHILDREN), filters, personal, today)
        query = query.order_by(order, FamilyCase.code, FamilyCase.id).offset(offset).limit(limit)
        with self._db.reading() as session:
            result = session.execute(query).all()
            at_region = own_owner(session) == REGION
        return [_row(values, personal, at_region, today) for values in result]

    def curators(self, actor: Actor) -> list[str]:
        """The curators named on cases, by name (the curator filter's choices)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            names = session.scalars(select(FamilyCase.curator).distinct()).all()
        return sorted({name for name in names if name}, key=search_key)

    def municipalities(self, actor: Actor) -> list[str]:
        """The municipalities that have cases, by name."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            names = session.scalars(select(FamilyCase.municipality).distinct()).all()
        return sorted({name for name in names if name}, key=search_key)


_ROW_COLUMNS = (
    FamilyCase.id,
    FamilyCase.code,
    FamilyCase.display_name,
    FamilyCase.municipality,
    FamilyCase.category,
    FamilyCase.stage,
    FamilyCase.stage_since,
    FamilyCase.curator,
    FamilyCase.next_review_on,
    FamilyCase.identified_on,
    FamilyCase.closed_on,
)
_CHILDREN = (
    select(func.count(CaseChild.id)).where(CaseChild.case_id == FamilyCase.id).correlate(FamilyCase).scalar_subquery()
)


def _personal(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_PERSONAL_DATA)


def _row(values: Sequence[object], personal: bool, at_region: bool, today: date) -> CaseRow:
    (case_id, code, name, municipality, category, stage, since, curator, review, identified, closed, kids) = values
    shown_code = family_label(str(code), str(municipality)) if at_region else str(code)
    current = CaseStage.read(str(stage), CaseStage.IDENTIFIED)
    next_review = review if isinstance(review, date) else None
    return CaseRow(
        id=str(case_id),
        code=shown_code,
        family=str(name) if personal else shown_code,
        municipality=str(municipality),
        category=CaseCategory.read(str(category), CaseCategory.TJS),
        stage=current,
        stage_since=since if isinstance(since, date) else None,
        curator=str(curator),
        next_review_on=next_review,
        review_overdue=review_overdue(next_review, current is CaseStage.CLOSED, today),
        children=int(kids or 0),  # type: ignore[call-overload]
        identified_on=identified,  # type: ignore[arg-type]
        closed_on=closed if isinstance(closed, date) else None,
    )


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filtered(query: Select, filters: CaseFilter, personal: bool, today: date) -> Select:  # type: ignore[type-arg]
    needle = search_key(filters.search)
    if needle:
        if personal:
            query = query.where(FamilyCase.search_key.like(_like(needle), escape="\\"))
        else:  # names are not theirs to search by: a code only
            query = query.where(FamilyCase.code.like(_like(filters.search.strip().upper()), escape="\\"))
    if filters.category:
        query = query.where(FamilyCase.category == filters.category)
    if filters.stage:
        query = query.where(FamilyCase.stage == filters.stage)
    if filters.curator:
        query = query.where(FamilyCase.curator == filters.curator)
    if filters.municipality:
        query = query.where(FamilyCase.municipality == filters.municipality)
    if filters.state == OPEN:
        query = query.where(FamilyCase.stage != CaseStage.CLOSED.value)
    elif filters.state == CLOSED:
        query = query.where(FamilyCase.stage == CaseStage.CLOSED.value)
    if filters.overdue_only:
        query = query.where(FamilyCase.stage != CaseStage.CLOSED.value, FamilyCase.next_review_on < today)
    if filters.identified_from is not None:
        query = query.where(FamilyCase.identified_on >= filters.identified_from)
    if filters.identified_to is not None:
        query = query.where(FamilyCase.identified_on <= filters.identified_to)
    return query


def case_search_key(code: str, display_name: str, names: Sequence[str]) -> str:
    """What the register's search looks in: the code, the family's name and its adults' names, in search form."""
    return search_key(" ".join([code, display_name, *names]))
