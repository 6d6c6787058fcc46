"""Placements of children with resource families: the rules that refuse one, and the counts per period.

A child is recorded pseudonymously (internal code, birth date, sex): the name stays in the paper file.
Resource families take children under 4; a family never holds more children at once than its capacity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.periods import Period, format_date
from desktop_app.domain.pseudonymity import child_code_problem, name_in_text_problem

AGE_LIMIT_YEARS = 4
CHILD_CODE_LIMIT = 40


class LegalForm(StrEnum):
    PARENTAL_REQUEST = "parental_request"
    PRELIMINARY = "preliminary"
    OTHER = "other"

    @property
    def label(self) -> str:
        return LEGAL_FORM_LABELS[self]


LEGAL_FORM_LABELS = {
    LegalForm.PARENTAL_REQUEST: "опека по заявлению родителей",
    LegalForm.PRELIMINARY: "предварительная опека",
    LegalForm.OTHER: "другое",
}


class Outcome(StrEnum):
    ONGOING = "ongoing"
    RETURNED = "returned"
    PERMANENT = "permanent"
    INSTITUTION = "institution"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    Outcome.ONGOING: "размещение продолжается",
    Outcome.RETURNED: "возвращён в кровную семью",
    Outcome.PERMANENT: "устроен в семью на постоянной основе",
    Outcome.INSTITUTION: "помещён в организацию для детей-сирот",
}
SEX_LABELS = {"m": "мальчик", "f": "девочка"}


def fourth_birthday(birth: date) -> date:
    """The day a child turns 4 (29 February births count from 1 March in common years)."""
    try:
        return birth.replace(year=birth.year + AGE_LIMIT_YEARS)
    except ValueError:
        return date(birth.year + AGE_LIMIT_YEARS, 3, 1)


def age_in_months(birth: date, on: date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months


def age_text(months: int) -> str:
    """«1 г. 3 мес.», «8 мес.»."""
    years, rest = divmod(max(months, 0), 12)
    if not years:
        return f"{rest} мес."
    return f"{years} г. {rest} мес." if rest else f"{years} г."


@dataclass(frozen=True)
class PlacementInput:
    child_code: str
    child_birth_date: date | None
    child_sex: str
    start_date: date | None
    legal_form: str
    separation_reason: str = ""
    notes: str = ""


@dataclass(frozen=True)
class FamilyLoad:
    """What the rules need to know of the receiving family."""

    stage: FamilyStage
    capacity: int
    # (start, end) of the family's other placements; end None while the child is still there
    placements: tuple[tuple[date, date | None], ...] = ()

    def children_on(self, day: date) -> int:
        return sum(1 for start, end in self.placements if start <= day and (end is None or end > day))


def check_placement(entry: PlacementInput, family: FamilyLoad, today: date) -> PlacementInput:
    """The placement cleaned up, or ValidationError saying per field why it cannot be made."""
    errors: dict[str, str] = {}
    code = " ".join(entry.child_code.split())
    if not code:
        errors["child_code"] = "Укажите внутренний код ребёнка (имя в программу не вносится)."
    elif len(code) > CHILD_CODE_LIMIT:
        errors["child_code"] = f"Код — не более {CHILD_CODE_LIMIT} знаков."
    elif problem := child_code_problem(code):
        errors["child_code"] = problem
    for field, text in (("separation_reason", entry.separation_reason), ("notes", entry.notes)):
        if problem := name_in_text_problem(text):
            errors[field] = problem
    if entry.child_sex not in SEX_LABELS:
        errors["child_sex"] = "Укажите пол ребёнка."
    try:
        form = LegalForm(entry.legal_form)
    except ValueError:
        form = LegalForm.OTHER
        errors["legal_form"] = "Выберите форму устройства."
    birth, start = entry.child_birth_date, entry.start_date
    if birth is None:
        errors["child_birth_date"] = "Укажите дату рождения ребёнка."
    elif birth > today:
        errors["child_birth_date"] = "Дата рождения ещё не наступила."
    if start is None:
        errors["start_date"] = "Укажите дату начала размещения."
    elif start > today:
        errors["start_date"] = "Дата начала ещё не наступила: размещение записывается, когда ребёнок уже в семье."
    if birth is not None and start is not None and "child_birth_date" not in errors and "start_date" not in errors:
        if start < birth:
            errors["start_date"] = "Размещение не может начаться до рождения ребёнка."
        elif start >= fourth_birthday(birth):
            errors["child_birth_date"] = (
                f"На {format_date(start)} ребёнку уже исполнилось 4 года ({format_date(fourth_birthday(birth))}): "
                "ресурсные семьи принимают детей до 4 лет."
            )
    if start is not None and "start_date" not in errors:
        if not family.stage.is_ready:
            errors["family"] = (
                f"Семья не может принять ребёнка: её этап — «{family.stage.label}». "
                "Принимают семьи, включённые в реестр и не приостановленные."
            )
        elif (placed := family.children_on(start)) >= family.capacity:
            errors["family"] = (
                f"Семья заполнена: на {format_date(start)} в ней {placed} из {family.capacity} "
                "детей, больше её возможностей она не принимает."
            )
    if errors:
        raise ValidationError("Размещение не записано: " + next(iter(errors.values())), errors)
    return PlacementInput(
        code, birth, entry.child_sex, start, form.value, entry.separation_reason.strip(), entry.notes.strip()
    )


def check_end(start: date, end: date | None, outcome: str, today: date) -> tuple[date, Outcome]:
    """An ending of a placement: a date not before its start and not in the future, and a real outcome."""
    errors: dict[str, str] = {}
    try:
        chosen = Outcome(outcome)
    except ValueError:
        chosen = Outcome.ONGOING
    if chosen is Outcome.ONGOING:
        errors["outcome"] = "Выберите, чем закончилось размещение."
    if end is None:
        errors["end_date"] = "Укажите дату окончания."
    elif end < start:
        errors["end_date"] = f"Окончание раньше начала ({format_date(start)})."
    elif end > today:
        errors["end_date"] = "Дата окончания ещё не наступила."
    if errors:
        raise ValidationError("Размещение не завершено: " + next(iter(errors.values())), errors)
    assert end is not None
    return end, chosen


@dataclass(frozen=True)
class PlacementFact:
    """One placement as the statistics see it."""

    start: date
    end: date | None
    legal_form: str
    outcome: str


@dataclass(frozen=True)
class PlacementCounts:
    """A period's placements: begun (by legal form), ended (by outcome), and children still placed at its end."""

    period: Period
    started: int
    started_by_form: dict[str, int]
    ended: int
    ended_by_outcome: dict[str, int]
    ongoing_at_end: int


def placement_counts(placements: Iterable[PlacementFact], period: Period) -> PlacementCounts:
    by_form: Counter[str] = Counter()
    by_outcome: Counter[str] = Counter()
    ongoing = 0
    for fact in placements:
        if period.contains(fact.start):
            by_form[fact.legal_form] += 1
        if fact.end is not None and period.contains(fact.end):
            by_outcome[fact.outcome] += 1
        if fact.start <= period.end and (fact.end is None or fact.end > period.end):
            ongoing += 1
    return PlacementCounts(
        period=period,
        started=sum(by_form.values()),
        started_by_form={form.value: by_form[form.value] for form in LegalForm},
        ended=sum(by_outcome.values()),
        ended_by_outcome={o.value: by_outcome[o.value] for o in Outcome if o is not Outcome.ONGOING},
        ongoing_at_end=ongoing,
    )
