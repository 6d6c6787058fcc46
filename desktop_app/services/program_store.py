"""Storing a checked ProgramDefinition as registry rows, in the caller's transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop_app.domain.program_definition import ProgramDefinition
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
            measure = Measure(
                block_id=block.id,
                number=measure_def.number,
                name=measure_def.name,
                deadline_text=measure_def.deadline_text,
                executors_text=measure_def.executors_text,
                document_type=measure_def.document_type,
                expected_result=measure_def.expected_result,
                position=position,
                search_key=search_key(f"{block_def.number}{measure_def.number} {measure_def.name}"),
            )
            session.add(measure)
            session.flush()
            seen: set[str] = set()
            for executor_position, key in enumerate(measure_def.executor_keys):
                organisation_id = organisations[key].id
                if organisation_id in seen:
                    continue
                seen.add(organisation_id)
                session.add(
                    MeasureExecutor(measure_id=measure.id, organisation_id=organisation_id, position=executor_position)
                )
            for code in measure_def.indicator_codes:
                if code in indicators:
                    session.add(MeasureIndicator(measure_id=measure.id, indicator_id=indicators[code].id))
    session.flush()
    return program


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
