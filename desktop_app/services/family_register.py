"""Reading the register of resource families: the table (paged, searchable), targets, statistics, matching.

Names, birth dates, contacts and addresses of the adults are personal data: roles without
``VIEW_PERSONAL_DATA`` (the regional coordinator) see each family under its code only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    Text,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import READY_STAGES, FamilyStage
from desktop_app.domain.matching import (
    ChildNeeds,
    FamilyProfile,
    Match,
    TargetRow,
    match_families,
    ready_family_targets,
)
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementCounts, PlacementFact, placement_counts
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.services.driver_rows import plain_rows
from desktop_app.services.family_rows import (
    ROW_COLUMNS,
    FamilyRow,
    RegisterOnDay,
    family_row,
    register_on_day,
    sees_personal_data,
)
from desktop_app.services.keyset import key_parameters, seek_after
from desktop_app.services.name_search import has_search_index, key_contains, like_pattern
from desktop_app.services.ownership import REGION, own_owner
from desktop_app.storage.database import Database
from desktop_app.storage.models import ChildPlacement, FamilyStep, ResourceFamily
from desktop_app.storage.name_fold import FAMILY_NAME_KEY

READY = "ready"  # the status filter value for «in the register and not paused»
# the adults' names as the user reads them, folded; the very expression of the index that serves the sort
NAME_KEY: ColumnElement[str] = literal_column(FAMILY_NAME_KEY, Text())
SORT_COLUMNS: dict[str, SQLColumnExpression[Any]] = {
    "code": ResourceFamily.code,
    "name": NAME_KEY,
    "municipality": ResourceFamily.municipality,
    "status": ResourceFamily.status,
    "status_since": ResourceFamily.status_since,
    "capacity": ResourceFamily.capacity_children,
    "placed": ResourceFamily.placed_now,
}


@dataclass(frozen=True)
class FamilyFilter:
    search: str = ""
    status: str | None = None  # a FamilyStage value, READY, or None for all
    municipality: str | None = None
    free_places_only: bool = False
    accepts_disability: bool = False
    accepts_siblings: bool = False
    sort: str = "code"
    descending: bool = False


@dataclass(frozen=True)
class PageKey:
    """Where a page ended: the sort value and the id of its last row; the next page starts after it. It carries
    what the first page learnt of the installation (region or district, search index or not), so a scroll of
    500 pages asks that once."""

    value: object
    id: str
    at_region: bool | None = None
    indexed: bool | None = None


class FamilyRegister:
    def __init__(self, db: Database) -> None:
        self._db = db

    def count(self, actor: Actor, filters: FamilyFilter) -> int:
        actor.require(Permission.VIEW_DATA)
        with self._db.plain_reading() as core:  # a count on a plain connection: no ORM session to set up
            counted = select(func.count()).select_from(ResourceFamily)
            query = _filtered(counted, filters, sees_personal_data(actor), has_search_index(core))
            return int(core.execute(query).scalar_one())

    def rows(self, actor: Actor, filters: FamilyFilter, offset: int = 0, limit: int = 200) -> list[FamilyRow]:
        """One page of the table by its position, in the order of ``page`` (reads every row before it: for a
        first page or a short list; scrolling goes through ``page``)."""
        actor.require(Permission.VIEW_DATA)
        personal = sees_personal_data(actor)
        column, descending = _sort_column(filters, personal), filters.descending
        with self._db.reading() as session:
            query = _filtered(select(*ROW_COLUMNS), filters, personal, has_search_index(session))
            query = query.order_by(*_order(column, descending))
            result = session.execute(query.offset(offset).limit(limit)).all()
            at_region = own_owner(session) == REGION
        return [family_row(values, personal, at_region) for values in result]

    def page_at(
        self, actor: Actor, filters: FamilyFilter, start: int, limit: int, total: int
    ) -> tuple[list[FamilyRow], PageKey | None]:
        """The rows at positions ``start`` … ``start + limit - 1`` of the ``total`` the filter leaves (a jump of
        the scroll bar), read from the nearer end: in the list's order with OFFSET, or in the reverse order and
        turned round, so the last page of a million costs what the first does. The key of the last row comes
        back, so the pages after it are sought by ``page``."""
        actor.require(Permission.VIEW_DATA)
        personal = sees_personal_data(actor)
        column, descending = _sort_column(filters, personal), filters.descending
        limit = max(0, min(limit, total - start))
        from_end = total - start - limit < start
        with self._db.reading() as session:
            indexed, at_region = has_search_index(session), own_owner(session) == REGION
            query = _filtered(select(*ROW_COLUMNS, column), filters, personal, indexed)
            if from_end:  # SQLite's reverse order is the exact mirror, empty dates included
                query = query.order_by(*_order(column, not descending)).offset(total - start - limit)
            else:
                query = query.order_by(*_order(column, descending)).offset(start)
            result = list(session.connection().execute(query.limit(limit)).all())
        if from_end:
            result.reverse()
        rows = [family_row(values[: len(ROW_COLUMNS)], personal, at_region) for values in result]
        last = result[-1] if result else None
        return rows, (PageKey(last[-1], str(last[0]), at_region, indexed) if last is not None else None)

    def page(
        self, actor: Actor, filters: FamilyFilter, after: PageKey | None = None, limit: int = 200
    ) -> tuple[list[FamilyRow], PageKey | None]:
        """The ``limit`` rows that follow ``after`` in the chosen order (the sort key, then the id), found by
        seeking in the sort key's index: the last page costs what the first does, in either direction. The key
        of the next page comes back with the rows; None when there is no more."""
        actor.require(Permission.VIEW_DATA)
        personal = sees_personal_data(actor)
        descending = filters.descending
        seek = "first" if after is None else ("empty" if after.value is None else "value")
        bound: dict[str, object] = {"limit": limit}
        if after is not None:
            bound |= key_parameters((after.value, after.id))
        with self._db.plain_reading() as core:  # plain rows: no ORM session or entity, so a page costs its query
            if after is None or after.at_region is None or after.indexed is None:
                at_region, indexed = own_owner(core) == REGION, has_search_index(core)
            else:
                at_region, indexed = after.at_region, after.indexed
            result = plain_rows(core, _page_statement(filters, personal, indexed, seek), bound)
            column = _sort_column(filters, personal)
            if len(result) < limit and descending and column is _NULLABLE and after and after.value is not None:
                # the empty dates come last: read them apart, so the dated ones above are sought, not scanned
                rest = _page_statement(filters, personal, indexed, "rest")
                result.extend(plain_rows(core, rest, bound | {"limit": limit - len(result)}))
        width = len(ROW_COLUMNS)
        rows = [family_row(values[:width], personal, at_region) for values in result]
        last = result[-1] if len(result) == limit else None
        return rows, (PageKey(last[-1], str(last[0]), at_region, indexed) if last is not None else None)

    def register_on(self, actor: Actor, day: date, municipality: str | None = None) -> RegisterOnDay:
        """The families known on ``day`` (by code), each at the stage its dated steps had reached then and with
        the children placed with it then: a report for a past period shows that period's end, not today."""
        actor.require(Permission.VIEW_DATA)
        personal = sees_personal_data(actor)
        families = select(*ROW_COLUMNS).order_by(ResourceFamily.code)
        steps = select(FamilyStep.family_id, FamilyStep.stage, FamilyStep.on_date).order_by(
            FamilyStep.on_date, FamilyStep.created_at
        )
        placed = (
            select(ChildPlacement.family_id, func.count(ChildPlacement.id))
            .where(ChildPlacement.start_date <= day)
            .where((ChildPlacement.end_date.is_(None)) | (ChildPlacement.end_date > day))
            .group_by(ChildPlacement.family_id)
        )
        if municipality:
            families = families.where(ResourceFamily.municipality == municipality)
            steps = steps.join(ResourceFamily, FamilyStep.family_id == ResourceFamily.id).where(
                ResourceFamily.municipality == municipality
            )
        with self._db.reading() as session:
            at_region = own_owner(session) == REGION
            found = [family_row(values, personal, at_region) for values in session.execute(families)]
            history: dict[str, list[tuple[FamilyStage, date]]] = {}
            for family_id, stage, on_date in session.execute(steps):
                history.setdefault(str(family_id), []).append((FamilyStage.read(str(stage)), on_date))
            children = {str(family_id): int(count) for family_id, count in session.execute(placed)}
        return register_on_day(found, history, children, day)

    def municipalities(self, actor: Actor) -> list[str]:
        """The municipalities that have families, by name."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            names = session.scalars(_MUNICIPALITIES).all()
        return sorted({name for name in names if name}, key=search_key)

    def targets(self, actor: Actor, municipalities: Sequence[str] = ()) -> list[TargetRow]:
        """Ready families per municipality against the target of five, the largest shortfall first."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = (
                select(ResourceFamily.municipality, func.count())
                .where(ResourceFamily.status.in_([stage.value for stage in READY_STAGES]))
                .group_by(ResourceFamily.municipality)
            )
            ready = {name: count for name, count in session.execute(query)}
            known = session.scalars(_MUNICIPALITIES).all()
        return ready_family_targets(ready, [*municipalities, *known])

    def placement_statistics(
        self, actor: Actor, periods: Sequence[Period], municipality: str | None = None
    ) -> list[PlacementCounts]:
        """Placements begun (by legal form), ended (by outcome) and ongoing, for each period; in the families
        of one municipality when it is named (the region holds every district's)."""
        actor.require(Permission.VIEW_DATA)
        query = _FACTS
        if municipality:
            query = query.join(ResourceFamily, ChildPlacement.family_id == ResourceFamily.id).where(
                ResourceFamily.municipality == municipality
            )
        with self._db.reading() as session:
            facts = [PlacementFact(*values) for values in session.execute(query)]
        return [placement_counts(facts, period) for period in periods]

    def match(self, actor: Actor, needs: ChildNeeds) -> list[Match]:
        """Every ready family with why it fits the child or not, best first."""
        actor.require(Permission.VIEW_DATA)
        personal = sees_personal_data(actor)
        with self._db.reading() as session:
            families = session.execute(
                select(*ROW_COLUMNS, ResourceFamily.age_from_months, ResourceFamily.age_to_months).where(
                    ResourceFamily.status.in_([stage.value for stage in READY_STAGES])
                )
            ).all()
            at_region = own_owner(session) == REGION
        profiles = []
        for values in families:
            row = family_row(values[: len(ROW_COLUMNS)], personal, at_region)
            profiles.append(
                FamilyProfile(
                    id=row.id,
                    name=f"{row.code} {row.name}" if personal else row.name,
                    municipality=row.municipality,
                    capacity=row.capacity,
                    placed=row.placed,
                    age_from_months=values[-2],
                    age_to_months=values[-1],
                    accepts_disability=row.accepts_disability,
                    accepts_siblings=row.accepts_siblings,
                )
            )
        return match_families(needs, profiles)


def _each_municipality() -> Select:  # type: ignore[type-arg]
    """Each municipality once, sought in the (municipality, id) index from one name to the next: a few dozen seeks
    where DISTINCT reads an index of a million entries."""
    names = select(func.min(ResourceFamily.municipality).label("name")).cte("names", recursive=True)
    after_name = ResourceFamily.municipality > names.c.name
    following = select(func.min(ResourceFamily.municipality)).where(after_name).scalar_subquery()
    names = names.union_all(select(following).where(names.c.name.is_not(None)))
    return select(names.c.name).where(names.c.name.is_not(None))


_MUNICIPALITIES = _each_municipality()
_FACTS = select(ChildPlacement.start_date, ChildPlacement.end_date, ChildPlacement.legal_form, ChildPlacement.outcome)


_NULLABLE = SORT_COLUMNS["status_since"]


def _sort_column(filters: FamilyFilter, personal: bool) -> SQLColumnExpression[Any]:
    """The column of the chosen sort; without personal data the name shown is the code, so it sorts so."""
    if filters.sort == "name" and not personal:
        return ResourceFamily.code
    return SORT_COLUMNS.get(filters.sort, ResourceFamily.code)


def _order(column: SQLColumnExpression[Any], descending: bool) -> tuple[ColumnElement[Any], ...]:
    if descending:
        return column.desc(), ResourceFamily.id.desc()
    return column.asc(), ResourceFamily.id.asc()


@lru_cache(maxsize=64)
def _page_statement(filters: FamilyFilter, personal: bool, indexed: bool, seek: str) -> Select:  # type: ignore[type-arg]
    """The query of a page, built once per filter and kind of seek and then only bound (the key, ``limit``): a
    scroll of 500 pages compiles it once. ``seek``: «first» (no key), «value» (after a key with a value), «empty»
    (after a key whose date is empty), «rest» (the empty dates after the dated ones)."""
    column, descending = _sort_column(filters, personal), filters.descending
    query = _filtered(select(*ROW_COLUMNS, column), filters, personal, indexed).order_by(*_order(column, descending))
    if seek == "rest":
        query = query.where(column.is_(None))
    elif seek != "first":
        query = query.where(_after(column, seek == "empty", descending))
    return query.limit(bindparam("limit"))


def _after(column: SQLColumnExpression[Any], empty: bool, descending: bool) -> ColumnElement[bool]:
    """Rows after the bound key in the order of ``_order`` (SQLite puts NULL first ascending, last descending;
    ``page`` reads the empty dates after a dated key descending)."""
    if empty:  # only «С даты» may be empty
        key_id = bindparam("after_1", type_=ResourceFamily.id.type)
        later_tie = ResourceFamily.id < key_id if descending else ResourceFamily.id > key_id
        tied = and_(column.is_(None), later_tie)
        return tied if descending else or_(tied, column.is_not(None))
    return seek_after(column, (ResourceFamily.id,), descending, by_range=column is NAME_KEY)


def _filtered(query: Select, filters: FamilyFilter, personal: bool, indexed: bool) -> Select:  # type: ignore[type-arg]
    needle = search_key(filters.search)
    if needle:
        if personal:
            # search_key holds the code and every adult's name, lower-cased with ё → е
            query = query.where(key_contains(needle, indexed))
        else:
            query = query.where(ResourceFamily.code.like(like_pattern(filters.search.strip().upper()), escape="\\"))
    if filters.status == READY:
        query = query.where(ResourceFamily.status.in_([stage.value for stage in READY_STAGES]))
    elif filters.status:
        query = query.where(ResourceFamily.status == filters.status)
    if filters.municipality:
        query = query.where(ResourceFamily.municipality == filters.municipality)
    if filters.free_places_only:
        query = query.where(ResourceFamily.placed_now < ResourceFamily.capacity_children)
    if filters.accepts_disability:
        query = query.where(ResourceFamily.accepts_disability.is_(True))
    if filters.accepts_siblings:
        query = query.where(ResourceFamily.accepts_siblings.is_(True))
    return query


def family_search_key(code: str, names: Sequence[str]) -> str:
    """What the register's search looks in: the code and the adults' names, in search form."""
    return search_key(" ".join([code, *names]))


def placed_now(session: Session, family_id: str) -> int:
    query = select(func.count(ChildPlacement.id)).where(
        ChildPlacement.family_id == family_id, ChildPlacement.end_date.is_(None)
    )
    return int(session.execute(query).scalar_one())
