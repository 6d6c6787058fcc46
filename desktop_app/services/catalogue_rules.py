"""What the catalogue editor accepts: an indicator's and a group's fields checked one by one, a plan value
checked against its kind and its program's term, and who may change a program's catalogue.

The region's coordinator (ведение справочников) keeps the region's programs and its catalogue; a district
head (утверждение отчётов) keeps the district's own municipal program. Either way only the owning
installation writes (services/ownership.py): the others receive the catalogue in the region's package.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, ValidationError
from desktop_app.domain.indicators import Direction, IndicatorKind
from desktop_app.domain.periods import Period
from desktop_app.domain.register_sources import source_problem
from desktop_app.domain.roles import Permission
from desktop_app.services.ownership import REGION, program_owner, read_only_reason, require_own
from desktop_app.storage.models import Program

CODE_LIMIT = 32
UNIT_LIMIT = 100
TEXT_LIMIT = 2_000


@dataclass(frozen=True)
class GroupInput:
    number: str
    title: str

    def checked(self) -> GroupInput:
        number, title = " ".join(self.number.split()), " ".join(self.title.split())
        errors: dict[str, str] = {}
        if not title:
            errors["title"] = "Укажите наименование группы."
        elif len(title) > TEXT_LIMIT:
            errors["title"] = f"Не более {TEXT_LIMIT} знаков."
        if len(number) > CODE_LIMIT:
            errors["number"] = f"Номер — не более {CODE_LIMIT} знаков."
        if errors:
            raise ValidationError("Группа не сохранена: исправьте отмеченные поля.", errors)
        return GroupInput(number, title)


@dataclass(frozen=True)
class IndicatorInput:
    """An indicator as the user typed it; ``checked`` tidies the text and names every wrong field."""

    code: str
    name: str
    unit: str = ""
    kind: IndicatorKind = IndicatorKind.COUNT
    cumulative: bool = False
    direction: Direction = Direction.INCREASE
    base_value: float | None = None
    base_date: date | None = None
    source: str = ""  # a register count (domain/register_sources.py) the value may be taken from
    measure_ids: tuple[str, ...] = ()

    def checked(self) -> IndicatorInput:
        code, name, unit = " ".join(self.code.split()), " ".join(self.name.split()), " ".join(self.unit.split())
        source = self.source.strip()
        errors: dict[str, str] = {}
        if not code:
            errors["code"] = "Укажите код показателя, как он напечатан в программе (например, 1.2)."
        elif len(code) > CODE_LIMIT:
            errors["code"] = f"Код — не более {CODE_LIMIT} знаков."
        if not name:
            errors["name"] = "Укажите наименование показателя."
        elif len(name) > TEXT_LIMIT:
            errors["name"] = f"Не более {TEXT_LIMIT} знаков."
        if len(unit) > UNIT_LIMIT:
            errors["unit"] = f"Не более {UNIT_LIMIT} знаков."
        if problem := plan_value_problem(self.kind, self.base_value):
            errors["base_value"] = problem
        if self.base_date is not None and self.base_value is None:
            errors["base_value"] = "Укажите базовое значение или очистите его дату."
        if problem := source_problem(source):
            errors["source"] = problem[:1].upper() + problem[1:] + "."
        if errors:
            raise ValidationError("Показатель не сохранён: исправьте отмеченные поля.", errors)
        return replace(self, code=code, name=name, unit=unit, source=source, measure_ids=tuple(self.measure_ids))


def plan_value_problem(kind: IndicatorKind, value: float | None) -> str | None:
    """Why ``value`` can't be a plan (or base) value of an indicator of ``kind``; None when it can."""
    if value is None:
        return None
    if value < 0:
        return "Значение не может быть меньше 0."
    if kind.bounded and value > 100:
        return "Доля в процентах — от 0 до 100."
    return None


def period_problem(program: Program, period: Period) -> str | None:
    """Why a plan value can't be set for ``period``: it lies outside the program's term."""
    if period.end < program.period_start or period.start > program.period_end:
        return f"Период «{period.label}» вне срока программы."
    return None


def program_or_missing(session: Session, program_id: str) -> Program:
    program = session.get(Program, program_id)
    if program is None:
        raise NotFound("Программа не найдена: возможно, её удалили. Обновите список.")
    return program


def editor_permission(owner: str) -> Permission:
    """The region's catalogue is reference data; a district's own program is its head's to approve."""
    return Permission.MANAGE_REFERENCE_DATA if owner == REGION else Permission.APPROVE_REPORTS


def require_editor(session: Session, actor: Actor, program_id: str) -> Program:
    """The program, once the actor may change its catalogue here; PermissionDenied or UserError otherwise."""
    program = program_or_missing(session, program_id)
    owner = program_owner(session, program_id)
    actor.require(editor_permission(owner))
    require_own(session, owner, f"Каталог показателей программы «{program.short_title or program.title}»")
    return program


def edit_refusal(session: Session, actor: Actor, program: Program) -> str:
    """ "" when the actor may change the program's catalogue here, else why the editor is read-only."""
    owner = program_owner(session, program.id)
    if reason := read_only_reason(session, owner, "Каталог показателей этой программы"):
        return reason
    if not actor.can(editor_permission(owner)):
        who = "координатор региона" if owner == REGION else "руководитель отдела"
        return f"Каталог показателей этой программы ведёт {who}; вам он доступен для просмотра."
    return ""
