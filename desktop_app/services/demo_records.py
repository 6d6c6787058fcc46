"""The demo's period-bound records: execution reports and indicator values of the half-years up to today.

Every half-year of the program before the current one is reported in full and approved by the head (each
measure its schedule makes due gets its report); the current half-year is partly filled, as an office would
have it a few weeks in: some reports, the indicator values entered first, nothing approved yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.program_definition import ProgramDefinition
from desktop_app.domain.reporting_chain import SEED_002_CHAIN, StepKind, step_deadlines
from desktop_app.domain.schedules import parse_schedule
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.demo_timeline import DemoTimeline
from desktop_app.services.reporting_chain import store_chain as store_chain_steps
from desktop_app.services.reporting_chain import stored_steps
from desktop_app.storage.models import (
    ExecutionReport,
    Indicator,
    IndicatorRule,
    IndicatorValue,
    Measure,
    Program,
    ProgramBlock,
    ReportDocument,
    ReportingStepMark,
)
from desktop_app.storage.territory import own_territory

DEMO_COMMENT = "Демонстрационные данные"
APPROVAL_DELAY = timedelta(days=10)


@dataclass(frozen=True)
class DemoPeople:
    reporter: str  # the specialist who enters reports and values
    approver: str  # the head who approves them


def program_periods(program: ProgramDefinition, up_to: Period) -> Iterator[Period]:
    """The program's half-years from its start up to and including ``up_to``."""
    period = Period.containing(program.period_start, PeriodKind.HALF_YEAR)
    while period.start <= program.period_end and period <= up_to:
        yield period
        period = period.next()


def store_values(
    session: Session,
    data: dict[str, list[dict[str, Any]]],
    timeline: DemoTimeline,
    program: ProgramDefinition,
    people: DemoPeople,
) -> None:
    """Indicator values: all of a finished half-year approved, the ones entered early in the current one as drafts."""
    territory = own_territory(session)
    indicators = {ind.code: ind for ind in session.scalars(select(Indicator))}
    for period in program_periods(program, timeline.current):
        finished = period < timeline.current
        reported, approved = _finished_times(period, timeline.today)
        for item in data.get(timeline.slot(period), []):
            if not finished and not item.get("early"):
                continue
            session.add(
                IndicatorValue(
                    indicator_id=indicators[item["code"]].id,
                    period=period.code,
                    territory=territory,
                    value=item["value"],
                    numerator=item.get("numerator"),
                    denominator=item.get("denominator"),
                    comment=DEMO_COMMENT,
                    source="entered",
                    status="approved" if finished else "draft",
                    submitted_by=people.reporter if finished else "",
                    submitted_at=reported if finished else None,
                    approved_by=people.approver if finished else "",
                    approved_at=approved if finished else None,
                    is_demo=True,
                )
            )


def store_reports(
    session: Session,
    data: dict[str, Any],
    timeline: DemoTimeline,
    program: ProgramDefinition,
    people: DemoPeople,
    store: AttachmentStore,
) -> None:
    """Execution reports: every measure due in a finished half-year, approved; a few of the current one's."""
    measures = {
        f"{block.number}{measure.number}": measure
        for measure, block in session.execute(select(Measure, ProgramBlock).join(ProgramBlock))
    }
    finished_texts = {item["measure"]: item for item in data["execution_reports"]}
    territory = own_territory(session)
    for period in program_periods(program, timeline.current):
        current = period == timeline.current
        texts = (
            data["current_reports"] if current else [finished_texts[key] for key in measures if key in finished_texts]
        )
        for item in texts:
            measure = measures[item["measure"]]
            schedule = parse_schedule(measure.deadline_text)
            if not schedule.is_due_in(period, program.period_start, program.period_end):
                continue  # the schedule decides which measures a half-year reports on
            if current and _due(measures.get(item.get("instead_of", "")), period, program):
                continue  # a stand-in for a measure that is due this half-year after all
            if current:
                reported_at = _at(max(period.start, timeline.today - timedelta(days=1)), 10)
                approved_at = None
            else:
                reported_at, approved_at = _finished_times(period, timeline.today)
            report = ExecutionReport(
                measure_id=measure.id,
                period=period.code,
                territory=territory,
                status=item["status"],
                done_text=item["done_text"],
                quantity=item.get("quantity"),
                notes=DEMO_COMMENT,
                reported_by=people.reporter,
                reported_at=reported_at,
                approved_by="" if current else people.approver,
                approved_at=approved_at,
            )
            for position, document in enumerate(item.get("documents", [])):
                report.documents.append(_document(document, position, period, timeline, program, store))
            session.add(report)


def _due(measure: Measure | None, period: Period, program: ProgramDefinition) -> bool:
    if measure is None:
        return False
    return parse_schedule(measure.deadline_text).is_due_in(period, program.period_start, program.period_end)


def _document(
    document: dict[str, Any],
    position: int,
    period: Period,
    timeline: DemoTimeline,
    program: ProgramDefinition,
    store: AttachmentStore,
) -> ReportDocument:
    if document.get("date_of") == "approving_act" and program.act.date is not None:
        on = program.act.date
    else:
        on = min(period.start + timedelta(days=int(document.get("day", 0))), period.end)
        on = max(period.start, min(on, timeline.today - timedelta(days=1)))
    file_name = f"{document['title']} № {document['number']}.txt"
    text = f"Демонстрационная копия документа «{document['title']}» № {document['number']}.\n{DEMO_COMMENT}\n"
    stored = store.store_bytes(text.encode("utf-8"), file_name)
    return ReportDocument(
        sha256=stored.sha256,
        file_name=file_name,
        size=stored.size,
        title=document["title"],
        kind=document["kind"],
        doc_number=document["number"],
        doc_date=on,
        position=position,
    )


def _finished_times(period: Period, today: date) -> tuple[datetime, datetime]:
    """A finished half-year reported two days after its end and approved ten days later, never after today."""
    yesterday = today - timedelta(days=1)
    reported = min(period.end + timedelta(days=2), yesterday)
    approved = min(reported + APPROVAL_DELAY, yesterday)
    return _at(reported, 10), _at(approved, 15)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def store_chain(
    session: Session, stored: Program, program: ProgramDefinition, timeline: DemoTimeline, people: DemoPeople
) -> None:
    """Seed 002's chain for the demo program, with the ЦССУ's summary and the submission to the ministry marked
    done for every finished half-year on the day before each was due (never after today): the chain then shows
    a finished period and an open one."""
    store_chain_steps(session, stored, SEED_002_CHAIN)
    steps = stored_steps(session, stored)
    territory = own_territory(session)
    for period in program_periods(program, timeline.current):
        if period == timeline.current:
            continue
        for step, due in zip(steps, step_deadlines(steps, period), strict=True):
            if step.kind is not StepKind.OTHER:
                continue  # the executors' reports and the approval are seen in the reports themselves
            on = min(due - timedelta(days=1), timeline.today - timedelta(days=1))
            session.add(
                ReportingStepMark(
                    step_id=step.key,
                    period=period.code,
                    territory=territory,
                    done_by=people.reporter,
                    done_at=_at(on, 16),
                    note=DEMO_COMMENT,
                )
            )


# Children returned to their birth families in a half-year (numerator of 1.2) left the institutions 1.1 counts;
# more of them than 1.1's children is a slip worth a look, not proof of one (1.1 is a count on a date), hence a
# warning rather than an error.
DEMO_RULES = (
    (
        "Детей, возвращённых в кровную семью, не больше, чем детей в детских учреждениях",
        "#{1.2.числитель}",
        "≤",
        "#{1.1}",
        "warning",
    ),
)


def store_rules(session: Session, stored: Program) -> None:
    """The demo program's rules across its indicators, so that the catalogue and the grid show one."""
    for position, (name, left, operator, right, importance) in enumerate(DEMO_RULES, 1):
        session.add(
            IndicatorRule(
                program_id=stored.id,
                position=position,
                name=name,
                left=left,
                operator=operator,
                right=right,
                importance=importance,
            )
        )
