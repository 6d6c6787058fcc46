"""A program's reporting chain: the ordered steps a period's report passes, each with who does it and by when.

Seed 002 (Плесецкий МО): executors report to the ЦССУ by the 3rd working day after the half-year (by 20 January
for the year) → the ЦССУ makes the summary by the 6th (1 February) → the guardianship department agrees it (the
head's approval; the document gives it no date of its own, so it is due by the next step's deadline) → the
administration submits it to the ministry by the 10th working day (10 February). A program that declares no chain
has the one it always had: the executors' reports, then the head's approval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desktop_app.domain.deadlines import WORKING_DAYS_LIMIT, DeadlineRule, ReportingProcedure, deadline
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.domain.workdays import ProductionCalendar, russian_calendar


class StepKind(StrEnum):
    """What completes a step: the executors' reports and the head's approval are seen in the data itself."""

    EXECUTORS = "executors"
    APPROVAL = "approval"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    StepKind.EXECUTORS: "отчёты исполнителей",
    StepKind.APPROVAL: "утверждение руководителем",
    StepKind.OTHER: "отметка о выполнении",
}


@dataclass(frozen=True)
class ChainStep:
    """One step of the chain. ``working_days_after`` None: due by the next step's deadline (an approval that
    the program dates only by the step after it)."""

    title: str
    performer: str = ""
    working_days_after: int | None = None
    # (month, day) of the next year used instead when the period ends the year
    year_end_date: tuple[int, int] | None = None
    kind: StepKind = StepKind.OTHER
    role: Role | None = None
    key: str = ""  # the stored step's id: marks refer to it, so reordering or renaming keeps them

    @property
    def rule(self) -> DeadlineRule | None:
        if self.working_days_after is None:
            return None
        return DeadlineRule(self.title, self.working_days_after, self.year_end_date)

    @property
    def rule_text(self) -> str:
        """«3-й рабочий день; за год — 20.01» as the settings table and the printed report show it."""
        if self.working_days_after is None:
            return "к сроку следующего шага"
        text = f"{self.working_days_after}-й рабочий день"
        if self.year_end_date:
            text += f"; за год — {self.year_end_date[1]:02d}.{self.year_end_date[0]:02d}"
        return text


SEED_002_CHAIN: tuple[ChainStep, ...] = (
    ChainStep("Отчёты исполнителей и соисполнителей", "Исполнители, соисполнители", 3, (1, 20), StepKind.EXECUTORS),
    ChainStep("Сводный отчёт", "ЦССУ", 6, (2, 1)),
    ChainStep(
        "Согласование сводного отчёта",
        "Отдел опеки и попечительства",
        None,
        None,
        StepKind.APPROVAL,
        Role.HEAD,
    ),
    ChainStep("Направление в министерство", "Администрация округа", 10, (2, 10)),
)


# the default chain is not stored: its steps are known by these keys, and are seen in the reports themselves
DEFAULT_EXECUTORS_KEY = "default-executors"
DEFAULT_APPROVAL_KEY = "default-approval"


def default_chain(procedure: ReportingProcedure) -> tuple[ChainStep, ...]:
    """The chain of a program that declares none: the executors' reports by the procedure's day, then approval."""
    return (
        ChainStep(
            "Отчёты исполнителей",
            "Исполнители",
            procedure.working_days_after,
            procedure.year_end_date,
            StepKind.EXECUTORS,
            key=DEFAULT_EXECUTORS_KEY,
        ),
        ChainStep(
            "Утверждение отчётов", "Руководитель", None, None, StepKind.APPROVAL, Role.HEAD, DEFAULT_APPROVAL_KEY
        ),
    )


def validate_chain(steps: Sequence[ChainStep]) -> None:
    """Refuse a chain a period could not pass: no steps, a step without a title, a second executors' or
    approval step, a day out of range, a dated step due after a later one, or nothing dated at all."""
    errors: dict[str, str] = {}
    if not steps:
        errors["steps"] = "Добавьте хотя бы один шаг."
    for index, step in enumerate(steps, start=1):
        if not step.title.strip():
            errors[f"step{index}.title"] = f"Шаг {index}: укажите, что нужно сделать."
        days = step.working_days_after
        if days is not None and not 1 <= days <= WORKING_DAYS_LIMIT:
            errors[f"step{index}.days"] = f"Шаг {index}: рабочий день после периода — от 1 до {WORKING_DAYS_LIMIT}."
        if days is None and step.year_end_date is not None:
            errors[f"step{index}.days"] = f"Шаг {index}: укажите и рабочий день после периода, не только дату за год."
    for kind in (StepKind.EXECUTORS, StepKind.APPROVAL):
        if sum(step.kind is kind for step in steps) > 1:
            errors[f"kind.{kind.value}"] = f"Шаг «{kind.label}» может быть в порядке только один."
    dated = [step for step in steps if step.working_days_after is not None]
    if steps and not dated:
        errors["steps"] = "Укажите срок хотя бы у одного шага."
    for earlier, later in zip(dated, dated[1:], strict=False):
        assert earlier.working_days_after is not None and later.working_days_after is not None
        if earlier.working_days_after > later.working_days_after or _year_later(earlier, later):
            errors["order"] = f"Шаг «{earlier.title}» не может быть позже следующего за ним «{later.title}»."
    if errors:
        raise ValidationError("Порядок отчётности не сохранён: исправьте шаги.", errors)


def _year_later(earlier: ChainStep, later: ChainStep) -> bool:
    return bool(earlier.year_end_date and later.year_end_date and earlier.year_end_date > later.year_end_date)


def step_deadlines(
    steps: Sequence[ChainStep], period: Period, calendar: ProductionCalendar | None = None
) -> list[date]:
    """Each step's last day for ``period``: its own rule, else the next dated step's, else the previous one's."""
    calendar = calendar or russian_calendar()
    own = [deadline(period, step.rule, calendar) if step.rule else None for step in steps]
    found: list[date | None] = list(own)
    following: date | None = None
    for index in range(len(steps) - 1, -1, -1):
        if found[index] is None:
            found[index] = following
        following = found[index]
    preceding: date | None = None
    for index, value in enumerate(found):
        if value is None:
            found[index] = preceding
        preceding = found[index]
    if any(value is None for value in found):
        raise ValueError("a chain needs at least one dated step")
    return [value for value in found if value is not None]


@dataclass(frozen=True)
class StepMark:
    """«Step done for the period»: who recorded it, when, and a note (a letter's number, say). ``by_hand``: a
    mark someone made (and may take back), not one seen in the reports or their approval."""

    done_by: str
    done_at: datetime | None
    note: str = ""
    by_hand: bool = False


@dataclass(frozen=True)
class StepState:
    """One step for one period: its deadline, whether it is done and, once late, who is holding it up."""

    position: int
    step: ChainStep
    deadline: date
    mark: StepMark | None
    # who has not done their part yet: the executors without a report, or the step's performer
    pending: tuple[str, ...] = ()

    @property
    def done(self) -> bool:
        return self.mark is not None

    def late(self, today: date) -> bool:
        return not self.done and today > self.deadline

    def late_parties(self, today: date) -> tuple[str, ...]:
        """Who is late at this step on ``today``: nobody before the deadline or once the step is done."""
        return self.pending if self.late(today) else ()

    def status_text(self, today: date) -> str:
        """«выполнено 03.07.2026 (Иванова И. И.)», «просрочено с 04.07.2026» or «до 08.07.2026»."""
        if self.mark is not None:
            when = f" {self.mark.done_at:%d.%m.%Y}" if self.mark.done_at else ""
            who = f" ({self.mark.done_by})" if self.mark.done_by else ""
            return f"выполнено{when}{who}"
        if self.late(today):
            return f"просрочено, срок был {self.deadline:%d.%m.%Y}"
        return f"до {self.deadline:%d.%m.%Y}"


@dataclass(frozen=True)
class ChainState:
    """The whole chain for one period."""

    period: Period
    steps: tuple[StepState, ...] = field(default_factory=tuple)

    def due_step(self) -> StepState | None:
        """The first step not yet done: the one the period is waiting for (None once all are done)."""
        return next((state for state in self.steps if not state.done), None)

    def late_steps(self, today: date) -> list[StepState]:
        return [state for state in self.steps if state.late(today)]

    @property
    def complete(self) -> bool:
        return all(state.done for state in self.steps)


def chain_state(
    steps: Sequence[ChainStep],
    period: Period,
    marks: Mapping[str, StepMark],
    pending: Callable[[ChainStep], tuple[str, ...]] | None = None,
    calendar: ProductionCalendar | None = None,
) -> ChainState:
    """Put together each step's deadline, its mark (by the step's key) and who has not done it yet.

    ``pending`` names who still owes a step (the executors' step asks the measures); by default the step's
    performer while it is not done.
    """
    deadlines = step_deadlines(steps, period, calendar)
    states = []
    for position, (step, last_day) in enumerate(zip(steps, deadlines, strict=True), start=1):
        mark = marks.get(step.key)
        owed: tuple[str, ...] = ()
        if mark is None:
            owed = pending(step) if pending else ()
            if not owed:
                owed = (step.performer or step.title,)
        states.append(StepState(position, step, last_day, mark, owed))
    return ChainState(period, tuple(states))
