"""The programs a report may be made for: every program in the database, not only those with indicators —
a plan imported from a document has measures only, and its roadmap report is still wanted."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import Permission
from desktop_app.storage.database import Database
from desktop_app.storage.models import Indicator, IndicatorGroup, Measure, Program, ProgramBlock


@dataclass(frozen=True)
class ProgramChoice:
    """A program with how much of each kind of report it can fill."""

    id: str
    title: str
    measures: int
    indicators: int


def program_choices(db: Database, actor: Actor) -> list[ProgramChoice]:
    """Every program, newest first (as the indicators screen lists them), with its numbers of measures and
    indicators."""
    actor.require(Permission.VIEW_DATA)
    with db.reading() as session:
        measures = dict(
            session.execute(
                select(ProgramBlock.program_id, func.count(Measure.id))
                .join(Measure, Measure.block_id == ProgramBlock.id)
                .group_by(ProgramBlock.program_id)
            ).all()
        )
        indicators = dict(
            session.execute(
                select(IndicatorGroup.program_id, func.count(Indicator.id))
                .join(Indicator, Indicator.group_id == IndicatorGroup.id)
                .group_by(IndicatorGroup.program_id)
            ).all()
        )
        programs = session.execute(
            select(Program.id, Program.title).order_by(Program.period_start.desc(), Program.title)
        ).all()
    return [
        ProgramChoice(program_id, title, measures.get(program_id, 0), indicators.get(program_id, 0))
        for program_id, title in programs
    ]
