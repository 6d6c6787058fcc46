"""A row of the register of resource families as every reader of it builds one: the columns read, the row they make
(the code carrying its district at the region, the name hidden without the right to personal data), and the
register as it stood at the end of a day. ``family_register`` reads one municipality or page at a time,
``family_register_region`` every district at once; both build their rows here, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from desktop_app.domain.actor import Actor
from desktop_app.domain.family_pipeline import READY_STAGES, FamilyStage, stage_on
from desktop_app.domain.pseudonymity import family_label
from desktop_app.domain.roles import Permission
from desktop_app.storage.models import ResourceFamily


class FamilyRow(NamedTuple):
    """One row of the register (a named tuple: a scroll through 100 000 families builds 100 000 of them)."""

    id: str
    code: str
    name: str  # the adults' names, or the code where personal data is not shown
    municipality: str
    stage: FamilyStage
    status_since: date | None
    capacity: int
    placed: int
    accepts_disability: bool
    accepts_siblings: bool
    supervisor: str

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.placed, 0)


@dataclass(frozen=True)
class RegisterOnDay:
    """The register as it stood at the end of a day: who was in it, at which stage, with how many children."""

    day: date
    rows: list[FamilyRow]
    first_step: date | None  # when the earliest of these families entered the lists

    @property
    def ready(self) -> list[FamilyRow]:
        return [row for row in self.rows if row.stage in READY_STAGES]


# the columns a FamilyRow is built from, in its order
ROW_COLUMNS = (
    ResourceFamily.id,
    ResourceFamily.code,
    ResourceFamily.display_name,
    ResourceFamily.municipality,
    ResourceFamily.status,
    ResourceFamily.status_since,
    ResourceFamily.capacity_children,
    ResourceFamily.placed_now,
    ResourceFamily.accepts_disability,
    ResourceFamily.accepts_siblings,
    ResourceFamily.supervisor,
)

_STAGES = {stage.value: stage for stage in FamilyStage}


def sees_personal_data(actor: Actor) -> bool:
    return actor.can(Permission.VIEW_PERSONAL_DATA)


def family_row(values: Sequence[Any], personal: bool, at_region: bool = False) -> FamilyRow:
    """One row of the register from the values of ``ROW_COLUMNS``; at the region the code carries its district
    (each district numbers its own). The values come typed by their SQL types, or as SQLite stores them (the
    date as text, the flags as 0/1) when a page is read on the driver's cursor."""
    (family_id, code, name, municipality, status, since, capacity, placed, disability, siblings, supervisor) = values
    if at_region:
        code = family_label(code, municipality)
    if since.__class__ is str:  # read straight from SQLite's cursor (driver_rows): the date as stored
        since = date.fromisoformat(since) if since else None
    stage = _STAGES.get(status) or FamilyStage.read(status)
    # tuple.__new__ skips the named tuple's own constructor: a scroll through a million families builds a million
    fields = (
        family_id,
        code,
        name if personal else code,
        municipality,
        stage,
        since,
        capacity,
        placed,
        disability == 1,  # True or 1 alike
        siblings == 1,
        supervisor,
    )
    return tuple.__new__(FamilyRow, fields)


def register_on_day(
    found: Sequence[FamilyRow],
    history: dict[str, list[tuple[FamilyStage, date]]],
    children: dict[str, int],
    day: date,
) -> RegisterOnDay:
    """The families of ``found`` as they stood at the end of ``day``: each at the stage its dated steps (``history``,
    by family id, oldest first) had reached then, with the children placed with it then; a family that entered the
    lists after the day is left out."""
    rows: list[FamilyRow] = []
    first: list[date] = []
    for row in found:
        # a family without kept steps has only the stage and date on its row to go by
        dated = history.get(row.id) or ([(row.stage, row.status_since)] if row.status_since else [])
        then: tuple[FamilyStage, date | None] | None = stage_on(dated, day) if dated else (row.stage, row.status_since)
        if then is None:
            continue
        if dated:
            first.append(dated[0][1])
        rows.append(row._replace(stage=then[0], status_since=then[1], placed=children.get(row.id, 0)))
    return RegisterOnDay(day, rows, min(first, default=None))
