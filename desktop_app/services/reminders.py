"""What is due in the next five working days and what is already overdue, for the signed-in user's role.

At a district: the steps of each program's reporting chain (the executors' reports with the measures still
unreported and who owes them, the summary, the head's approval, the submission), the indicator values not yet
submitted, the forms not yet filled and the bundle to the region not yet sent for the period. At the region: the
districts that have not yet sent the bundle that is due. A head sees the approvals and the bundle; a specialist
what is entered. Read-only; one call when the user signs in and on each refresh of «Обзор».
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainStep, StepKind
from desktop_app.domain.reporting_period import YEAR_END_REPORT
from desktop_app.domain.roles import InstallationKind, Permission, Role
from desktop_app.domain.workdays import ProductionCalendar, russian_calendar
from desktop_app.formkit.definition import FormDefinition
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.services.reporting_chain import period_chain
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    FormAnswer,
    Indicator,
    IndicatorGroup,
    IndicatorValue,
    Installation,
    Program,
)

WINDOW_WORKING_DAYS = 5
SHOWN_NAMES = 5  # more executors or districts than this are counted, not listed
_LOCAL = ZoneInfo("Europe/Moscow")


class ReminderKind(StrEnum):
    CHAIN_STEP = "chain_step"
    MEASURE_REPORTS = "measure_reports"
    INDICATOR_VALUES = "indicator_values"
    FORM = "form"
    BUNDLE = "bundle"
    DISTRICT_BUNDLES = "district_bundles"


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    title: str  # «Сводный отчёт за I полугодие 2026 г. (ЦССУ)»
    due: date
    overdue: bool
    detail: str = ""  # who owes it: «не представлены: ЦССУ, ОМВД» or «нет пакета: 3 МО»
    program_id: str | None = None
    period: Period | None = None
    parties: tuple[str, ...] = ()  # everybody the detail names, in full

    @property
    def text(self) -> str:
        """One line as the panel and «Обзор» show it."""
        when = f"срок был {self.due:%d.%m.%Y}" if self.overdue else f"до {self.due:%d.%m.%Y}"
        detail = f" — {self.detail}" if self.detail else ""
        return f"{self.title}: {when}{detail}"


@dataclass(frozen=True)
class Reminders:
    today: date
    window_end: date  # the fifth working day after today: what falls due up to it is «скоро»
    due_soon: tuple[Reminder, ...]
    overdue: tuple[Reminder, ...]

    @property
    def empty(self) -> bool:
        return not self.due_soon and not self.overdue


def window_end(today: date, calendar: ProductionCalendar | None = None) -> date:
    """The last day of the next five working days after ``today`` (holidays and transfers skipped)."""
    return (calendar or russian_calendar()).nth_working_day_after(today, WINDOW_WORKING_DAYS)


def names_text(names: Sequence[str]) -> str:
    shown = ", ".join(names[:SHOWN_NAMES])
    return shown + (f" и ещё {len(names) - SHOWN_NAMES}" if len(names) > SHOWN_NAMES else "")


class DistrictArrivals(Protocol):
    """What the region knows of a period's bundles (sync/region_view.py's RegionOverview)."""

    @property
    def deadline(self) -> date: ...

    @property
    def missing(self) -> list[str]: ...


class ReminderService:
    """``forms`` gives the forms in use; ``arrivals`` (at the region) which districts sent a period's bundle."""

    def __init__(
        self,
        db: Database,
        forms: Callable[[], Sequence[FormDefinition]] = tuple,
        arrivals: Callable[[Actor, str, Period], DistrictArrivals] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._forms = forms
        self._arrivals = arrivals
        self._today = today

    def reminders(self, actor: Actor, today: date | None = None) -> Reminders:
        """Everything due within five working days or overdue that this user's role acts on."""
        actor.require(Permission.VIEW_DATA)
        today = today or self._today()
        end = window_end(today)
        found: list[Reminder] = []
        with self._db.reading() as session:
            installation = session.scalars(select(Installation)).first()
            at_region = installation is None or installation.kind != InstallationKind.DISTRICT
            territory = "" if installation is None else installation.district_name or ""
            programs = session.scalars(select(Program).order_by(Program.period_start, Program.title)).all()
            if not at_region:
                bundles: dict[Period, date] = {}
                for program in programs:
                    for period in _periods_to_watch(program, end):
                        found += _chain(session, actor, program, period, today)
                        found += _values(session, actor, program, period, territory, today)
                        due = procedure_of(program).deadline(period)
                        bundles[period] = min(due, bundles.get(period, due))
                found += _bundles(session, actor, bundles, today)
                found += _forms(session, actor, self._forms(), territory, today)
            region_programs = [(p.id, p.owner, _short(p), _last_ended(p, today)) for p in programs]
        if at_region:  # outside the reading: the region's own view opens its own
            found += self._districts(actor, region_programs, today)
        window = [item for item in found if item.overdue or item.due <= end]
        ordered = sorted(window, key=lambda item: (item.due, item.title))
        return Reminders(
            today,
            end,
            tuple(item for item in ordered if not item.overdue),
            tuple(item for item in ordered if item.overdue),
        )

    def _districts(
        self, actor: Actor, programs: Sequence[tuple[str, str, str, Period | None]], today: date
    ) -> list[Reminder]:
        """At the region: the districts whose bundle for the period last ended has not come."""
        if not actor.can(Permission.EXCHANGE) or self._arrivals is None:
            return []
        found = []
        for program_id, owner, title, period in programs:
            if owner or period is None:
                continue  # a district's own program is reported to that district, not to the region
            overview = self._arrivals(actor, program_id, period)
            if not overview.missing:
                continue
            found.append(
                Reminder(
                    ReminderKind.DISTRICT_BUNDLES,
                    f"Пакеты муниципальных образований за {period.label} ({title})",
                    overview.deadline,
                    today > overview.deadline,
                    f"не прислали {len(overview.missing)}: {names_text(overview.missing)}",
                    program_id,
                    period,
                    tuple(overview.missing),
                )
            )
        return found


def _short(program: Program) -> str:
    return program.short_title or program.title


def _procedure_periods(program: Program) -> list[Period]:
    return procedure_of(program).periods(program.period_start, program.period_end)


def _periods_to_watch(program: Program, end: date) -> list[Period]:
    """The last two periods of the program that have ended by the window's end: the one being reported and the
    one before, whose last steps may still be open or late."""
    return [period for period in _procedure_periods(program) if period.end < end][-2:]


def _last_ended(program: Program, today: date) -> Period | None:
    ended = [period for period in _procedure_periods(program) if period.end < today]
    return ended[-1] if ended else None


def _acts_on(actor: Actor, step: ChainStep) -> bool:
    """A head acts on the approval and on steps given to a head; everybody who enters data, on the rest."""
    if step.kind is StepKind.APPROVAL or step.role in (Role.HEAD, Role.COORDINATOR):
        return actor.can(Permission.APPROVE_REPORTS)
    return actor.can(Permission.EDIT_DATA)


def _chain(session: Session, actor: Actor, program: Program, period: Period, today: date) -> list[Reminder]:
    found = []
    for state in period_chain(session, program, period, today).steps:
        if state.done or not _acts_on(actor, state.step):
            continue
        executors = state.step.kind is StepKind.EXECUTORS
        who = state.step.performer
        title = f"{state.step.title} за {period.label}" + (f" ({who})" if who and not executors else "")
        detail = f"нет отчётов: {names_text(state.pending)}" if executors and state.pending else ""
        kind = ReminderKind.MEASURE_REPORTS if executors else ReminderKind.CHAIN_STEP
        parties = state.pending if executors else ()
        found.append(Reminder(kind, title, state.deadline, state.late(today), detail, program.id, period, parties))
    return found


def _values(
    session: Session, actor: Actor, program: Program, period: Period, territory: str, today: date
) -> list[Reminder]:
    """The program's indicators in use whose value for the period is not yet submitted here."""
    if not actor.can(Permission.EDIT_DATA):
        return []
    indicators = list(
        session.scalars(
            select(Indicator.id)
            .join(IndicatorGroup, Indicator.group_id == IndicatorGroup.id)
            .where(IndicatorGroup.program_id == program.id, Indicator.state == "active")
        )
    )
    if not indicators:
        return []
    submitted = session.scalar(
        select(func.count()).where(
            IndicatorValue.indicator_id.in_(indicators),
            IndicatorValue.period == period.code,
            IndicatorValue.territory == territory,
            IndicatorValue.status.in_([ValueStatus.SUBMITTED.value, ValueStatus.APPROVED.value]),
        )
    )
    missing = len(indicators) - int(submitted or 0)
    if missing <= 0:
        return []
    due = procedure_of(program).deadline(period)
    return [
        Reminder(
            ReminderKind.INDICATOR_VALUES,
            f"Значения показателей за {period.label} ({_short(program)})",
            due,
            today > due,
            f"не представлено {missing} из {len(indicators)}",
            program.id,
            period,
        )
    ]


def _bundles(session: Session, actor: Actor, due_by_period: dict[Period, date], today: date) -> list[Reminder]:
    """The bundle to the region carrying each period (one file carries every program): due by the day the region
    judges it on time by; sent once a file was written after the period ended. Only a head writes it."""
    if not (actor.can(Permission.EXCHANGE) and actor.can(Permission.APPROVE_REPORTS)):
        return []
    sent = _last_sent(session)
    sent_on = sent.astimezone(_LOCAL).date() if sent is not None else None
    return [
        Reminder(
            ReminderKind.BUNDLE,
            f"Пакет в регион за {period.label}",
            due,
            today > due,
            "после окончания периода пакет ещё не выгружался",
            None,
            period,
        )
        for period, due in sorted(due_by_period.items())
        if sent_on is None or sent_on <= period.end
    ]


def _last_sent(session: Session) -> datetime | None:
    """When this installation last wrote an exchange file: its sequence rises with each, through the audit hook."""
    entries = session.execute(
        select(AuditEntry.at, AuditEntry.new_values)
        .where(AuditEntry.entity == "installation", AuditEntry.action == "update")
        .order_by(AuditEntry.at.desc())
    )
    for at, values in entries:
        if isinstance(values, dict) and "export_sequence" in values:
            return at
    return None


def _forms(
    session: Session, actor: Actor, forms: Sequence[FormDefinition], territory: str, today: date
) -> list[Reminder]:
    """Forms whose period has ended and whose answers are not yet submitted, due like the executors' reports."""
    if not actor.can(Permission.EDIT_DATA):
        return []
    found = []
    for form in forms:
        period = Period.containing(today, form.period_kind).previous()
        status = session.scalar(
            select(FormAnswer.status).where(
                FormAnswer.form_id == form.id, FormAnswer.period == period.code, FormAnswer.territory == territory
            )
        )
        if status in (ValueStatus.SUBMITTED.value, ValueStatus.APPROVED.value):
            continue
        due = ReportingProcedure(form.period_kind, 3, YEAR_END_REPORT).deadline(period)
        found.append(
            Reminder(
                ReminderKind.FORM,
                f"Форма «{form.title}» за {period.label}",
                due,
                today > due,
                "ещё не заполнена" if status is None else "не представлена",
                None,
                period,
            )
        )
    return found
