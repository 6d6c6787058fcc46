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
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, Text, bindparam, func, literal_column, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_rules import review_overdue
from desktop_app.domain.case_terms import CaseCategory, CaseStage
from desktop_app.domain.pseudonymity import family_label
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.services.keyset import key_parameters, ordering, seek_after
from desktop_app.services.name_search import has_search_index, key_contains, like_pattern
from desktop_app.services.ownership import REGION, own_owner
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseChild, FamilyCase
from desktop_app.storage.name_fold import CASE_SORT_EXPRESSIONS

OPEN = "open"
CLOSED = "closed"


def _expression(name: str) -> ColumnElement[str]:
    """A sort key the index of migration 0017 holds as an expression (written exactly as the index is)."""
    return literal_column(CASE_SORT_EXPRESSIONS[name], Text())


# the visible column's sort key; the expressions are sought by range (see services/keyset.py)
SORT_COLUMNS: dict[str, SQLColumnExpression[Any]] = {
    "code": FamilyCase.code,
    "family": _expression("name"),
    "municipality": FamilyCase.municipality,
    "category": FamilyCase.category,
    "stage": FamilyCase.stage,
    "stage_since": _expression("stage_since"),
    "curator": FamilyCase.curator,
    "next_review_on": _expression("next_review"),
    "identified_on": FamilyCase.identified_on,
}
_BY_RANGE = {"family", "stage_since", "next_review_on"}


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


class CaseRow(NamedTuple):
    """One row of the list (a named tuple: scrolling a region's 50 000 cases builds 50 000 of them)."""

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


@dataclass(frozen=True)
class CasePageKey:
    """Where a page ended: the last row's sort value, code and id (the next page starts after them), and what the
    first page learnt of the installation, so a long scroll asks it once."""

    values: tuple[object, ...]
    at_region: bool
    indexed: bool


class CaseRegister:
    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, actor: Actor, filters: CaseFilter, today: date | None = None) -> int:
        """How many cases the filter leaves (for the table's size and «найдено N»)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            indexed = has_search_index(session, FamilyCase)
            query = _filtered(select(func.count()).select_from(FamilyCase), filters, _personal(actor), indexed)
            return int(session.execute(query, {"today": today or date.today()}).scalar_one())

    def rows(
        self, actor: Actor, filters: CaseFilter, offset: int = 0, limit: int = 200, today: date | None = None
    ) -> list[CaseRow]:
        """One page of the table by its position, in the order of ``page`` (reads every row before it: for a first
        page or a short list; scrolling goes through ``page``)."""
        actor.require(Permission.VIEW_DATA)
        today = today or date.today()
        personal = _personal(actor)
        with self._db.reading() as session:
            indexed = has_search_index(session, FamilyCase)
            query = _page_statement(filters, personal, indexed, False).offset(offset).limit(limit)
            result = session.connection().execute(query, {"today": today}).all()
            at_region = own_owner(session) == REGION
        return [_row(values[: len(_ROW_COLUMNS) + 1], personal, at_region, today) for values in result]

    def page(
        self,
        actor: Actor,
        filters: CaseFilter,
        after: CasePageKey | None = None,
        limit: int = 200,
        today: date | None = None,
    ) -> tuple[list[CaseRow], CasePageKey | None]:
        """The ``limit`` rows that follow ``after`` in the chosen order (the sort key, then the code and id),
        found by seeking in the sort key's index: the last page costs what the first does, in either direction.
        The key of the next page comes back with the rows; None when there is no more."""
        actor.require(Permission.VIEW_DATA)
        today = today or date.today()
        personal = _personal(actor)
        if after is None:
            with self._db.reading() as session:
                at_region, indexed = own_owner(session) == REGION, has_search_index(session, FamilyCase)
        else:
            at_region, indexed = after.at_region, after.indexed
        bound: dict[str, object] = {"today": today, "limit": limit}
        if after is not None:
            bound |= key_parameters(after.values)
        with self._db.plain_reading() as core:
            statement = _page_statement(filters, personal, indexed, after is not None)
            result = core.execute(statement, bound).all()
        width = len(_ROW_COLUMNS) + 1
        rows = [_row(values[:width], personal, at_region, today) for values in result]
        if len(result) < limit:
            return rows, None
        return rows, CasePageKey(tuple(result[-1][width:]), at_region, indexed)

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


def _sort_key(filters: CaseFilter, personal: bool) -> tuple[SQLColumnExpression[Any], tuple[Any, ...], bool]:
    """The sort key, its tie-breakers and whether it is sought by range; without personal data the family shown
    is the code, so it sorts so."""
    sort = filters.sort if filters.sort in SORT_COLUMNS else "code"
    if sort == "family" and not personal:
        sort = "code"
    ties = (FamilyCase.id,) if sort == "code" else (FamilyCase.code, FamilyCase.id)
    return SORT_COLUMNS[sort], ties, sort in _BY_RANGE


@lru_cache(maxsize=64)
def _page_statement(filters: CaseFilter, personal: bool, indexed: bool, seeking: bool) -> Select:  # type: ignore[type-arg]
    """A page's query, built once per filter and then only bound (``today``, the key, ``limit``): the row's
    columns, then the key's (sort value, tie-breakers)."""
    sort, ties, by_range = _sort_key(filters, personal)
    query = _filtered(select(*_ROW_COLUMNS, _CHILDREN, sort, *ties), filters, personal, indexed)
    if seeking:
        query = query.where(seek_after(sort, ties, filters.descending, by_range))
    return query.order_by(*ordering(sort, ties, filters.descending)).limit(bindparam("limit"))


def _personal(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_PERSONAL_DATA)


_CATEGORIES = {category.value: category for category in CaseCategory}
_STAGES = {stage.value: stage for stage in CaseStage}


def _row(values: Sequence[Any], personal: bool, at_region: bool, today: date) -> CaseRow:
    """One row; the columns come typed by their SQL types (text, dates, a count): only the terms are looked up."""
    (case_id, code, name, municipality, category, stage, since, curator, review, identified, closed, kids) = values
    shown_code = family_label(code, municipality) if at_region else code
    current = _STAGES.get(stage) or CaseStage.read(str(stage), CaseStage.IDENTIFIED)
    return CaseRow(
        case_id,
        shown_code,
        name if personal else shown_code,
        municipality,
        _CATEGORIES.get(category) or CaseCategory.read(str(category), CaseCategory.TJS),
        current,
        since,
        curator,
        review,
        review_overdue(review, current is CaseStage.CLOSED, today),
        kids or 0,
        identified,
        closed,
    )


def _filtered(query: Select, filters: CaseFilter, personal: bool, indexed: bool) -> Select:  # type: ignore[type-arg]
    """The filter's conditions; «overdue» compares with the bound ``today``."""
    needle = search_key(filters.search)
    if needle:
        if personal:
            query = query.where(key_contains(needle, indexed, FamilyCase))
        else:  # names are not theirs to search by: a code only
            query = query.where(FamilyCase.code.like(like_pattern(filters.search.strip().upper()), escape="\\"))
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
        today = bindparam("today", type_=FamilyCase.next_review_on.type)
        query = query.where(FamilyCase.stage != CaseStage.CLOSED.value, FamilyCase.next_review_on < today)
    if filters.identified_from is not None:
        query = query.where(FamilyCase.identified_on >= filters.identified_from)
    if filters.identified_to is not None:
        query = query.where(FamilyCase.identified_on <= filters.identified_to)
    return query


def case_search_key(code: str, display_name: str, names: Sequence[str]) -> str:
    """What the register's search looks in: the code, the family's name and its adults' names, in search form."""
    return search_key(" ".join([code, display_name, *names]))
