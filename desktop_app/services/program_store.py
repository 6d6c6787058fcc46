"""Storing a checked ProgramDefinition as registry rows, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from desktop_app.domain.program_definition import ProgramDefinition
from desktop_app.domain.schedules import parse_schedule
from desktop_app.domain.text import search_key
from desktop_app.services.organisations import find_or_add_organisation
from desktop_app.storage.models import (
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    Measure,
    MeasureExecutor,
    MeasureIndicator,
    Program,
    ProgramBlock,
)


def store_program(session: Session, definition: ProgramDefinition, territory: str = "") -> Program:
    """Insert the program with its blocks, measures, executors, indicators and plan values."""
    organisations = {org.key: find_or_add_organisation(session, org) for org in definition.organisations}
    program = Program(
        title=definition.title,
        short_title=definition.short_title,
        level=definition.level,
        territory=territory,
        act_body=definition.act.body,
        act_kind=definition.act.kind,
        act_number=definition.act.number,
        act_date=definition.act.date,
        period_start=definition.period_start,
        period_end=definition.period_end,
        strategic_goal=definition.strategic_goal,
        goals=list(definition.goals),
        tasks=list(definition.tasks),
        notes=definition.notes,
        reporting_period=definition.reporting.period_kind.value,
        report_due_working_days=definition.reporting.working_days_after,
        report_due_year_end=definition.reporting.year_end_code(),
    )
    session.add(program)
    session.flush()
    indicators = _store_indicators(session, program, definition, territory)
    for block_position, block_def in enumerate(definition.blocks):
        block = ProgramBlock(
            program_id=program.id,
            number=block_def.number,
            title=block_def.title,
            expected_result=block_def.expected_result,
            position=block_position,
        )
        session.add(block)
        session.flush()
        for position, measure_def in enumerate(block_def.measures):
            measure = add_measure(
                session,
                block,
                number=measure_def.number,
                name=measure_def.name,
                deadline_text=measure_def.deadline_text,
                executors_text=measure_def.executors_text,
                document_type=measure_def.document_type,
                expected_result=measure_def.expected_result,
                position=position,
                executor_ids=[organisations[key].id for key in measure_def.executor_keys],
            )
            for code in measure_def.indicator_codes:
                if code in indicators:
                    session.add(MeasureIndicator(measure_id=measure.id, indicator_id=indicators[code].id))
    session.flush()
    return program


def add_measure(
    session: Session,
    block: ProgramBlock,
    *,
    number: str,
    name: str,
    deadline_text: str = "",
    executors_text: str = "",
    document_type: str = "",
    expected_result: str = "",
    position: int = 0,
    executor_ids: Sequence[str] = (),
) -> Measure:
    """A new measure in ``block`` with its schedule read from the deadline and its ordered executors."""
    measure = Measure(
        block_id=block.id,
        number=number,
        name=name,
        deadline_text=deadline_text,
        executors_text=executors_text,
        document_type=document_type,
        expected_result=expected_result,
        position=position,
    )
    refresh_search_key(measure, block)
    refresh_schedule(measure)
    session.add(measure)
    session.flush()
    set_executors(session, measure, executor_ids)
    return measure


def set_executors(session: Session, measure: Measure, organisation_ids: Sequence[str]) -> None:
    """Make the measure's executors exactly ``organisation_ids`` in that order (the first leads)."""
    wanted = list(dict.fromkeys(organisation_ids))
    current = {link.organisation_id: link for link in measure.executors}
    for organisation_id, link in current.items():
        if organisation_id not in wanted:
            measure.executors.remove(link)
    session.flush()
    for position, organisation_id in enumerate(wanted):
        existing = current.get(organisation_id)
        if existing is None:
            measure.executors.append(MeasureExecutor(organisation_id=organisation_id, position=position))
        elif existing.position != position:
            existing.position = position
    session.flush()


def refresh_schedule(measure: Measure) -> None:
    """Read the measure's schedule again from its approved deadline text."""
    measure.schedule = parse_schedule(measure.deadline_text).to_dict()


def refresh_search_key(measure: Measure, block: ProgramBlock) -> None:
    measure.search_key = search_key(f"{block.number}{measure.number} {measure.name}")


def _store_indicators(
    session: Session, program: Program, definition: ProgramDefinition, territory: str
) -> dict[str, Indicator]:
    stored: dict[str, Indicator] = {}
    position = 0
    for group_position, group_def in enumerate(definition.indicator_groups):
        group = IndicatorGroup(
            program_id=program.id, number=group_def.number, title=group_def.title, position=group_position
        )
        session.add(group)
        session.flush()
        for indicator_def in group_def.indicators:
            indicator = Indicator(
                group_id=group.id,
                code=indicator_def.code,
                name=indicator_def.name,
                unit=indicator_def.unit,
                kind=indicator_def.kind,
                cumulative=indicator_def.cumulative,
                direction=indicator_def.direction,
                base_value=indicator_def.base_value,
                base_date=indicator_def.base_date,
                source=indicator_def.source,
                position=position,
            )
            position += 1
            session.add(indicator)
            session.flush()
            stored[indicator_def.code] = indicator
            for plan in indicator_def.plan:
                session.add(
                    IndicatorPlan(
                        indicator_id=indicator.id,
                        period=plan.period.code,
                        territory=territory,
                        value=plan.value,
                        value_text=plan.text,
                    )
                )
    return stored
