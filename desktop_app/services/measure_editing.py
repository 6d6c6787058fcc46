"""Reading one measure in full and changing it: text as approved, schedule, ordered executors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.domain.schedules import Schedule, parse_schedule
from desktop_app.services.ownership import measure_owner, read_only_reason, require_own
from desktop_app.services.program_store import refresh_search_key, set_executors
from desktop_app.services.reporting_procedure import procedure_of
from desktop_app.storage.database import Database
from desktop_app.storage.models import Measure, Organisation, Program, ProgramBlock

NUMBER_LIMIT = 32
TEXT_LIMIT = 10_000


@dataclass(frozen=True)
class ExecutorRef:
    id: str
    name: str
    full_name: str
    is_confirmed: bool


@dataclass(frozen=True)
class MeasureDetail:
    id: str
    program_id: str
    block_label: str
    number: str
    name: str
    deadline_text: str
    schedule: Schedule
    executors: tuple[ExecutorRef, ...]
    executors_text: str
    document_type: str
    expected_result: str
    program_start: date
    program_end: date
    procedure: ReportingProcedure
    row_version: int
    read_only_reason: str = ""  # why this installation may not change the measure (it is the region's), or ""


@dataclass(frozen=True)
class MeasureInput:
    number: str
    name: str
    deadline_text: str
    document_type: str
    expected_result: str
    executor_ids: tuple[str, ...]
    # None: read the schedule from deadline_text; otherwise the user's own correction.
    schedule: Schedule | None = None

    def checked(self) -> MeasureInput:
        number, name = " ".join(self.number.split()), self.name.strip()
        deadline_text, document_type = self.deadline_text.strip(), " ".join(self.document_type.split())
        expected_result = self.expected_result.strip()
        errors: dict[str, str] = {}
        if not name:
            errors["name"] = "Укажите наименование мероприятия."
        if len(number) > NUMBER_LIMIT:
            errors["number"] = f"Номер — не более {NUMBER_LIMIT} знаков."
        for key, value in (("name", name), ("deadline_text", deadline_text), ("expected_result", expected_result)):
            if len(value) > TEXT_LIMIT:
                errors[key] = f"Не более {TEXT_LIMIT} знаков."
        if len(document_type) > 200:
            errors["document_type"] = "Не более 200 знаков."
        if not self.executor_ids:
            errors["executors"] = "Укажите хотя бы одного ответственного исполнителя."
        schedule = self.schedule
        if schedule is not None and schedule.start and schedule.end and schedule.end < schedule.start:
            errors["schedule"] = "Окончание периода исполнения раньше его начала."
        if errors:
            raise ValidationError("Мероприятие не сохранено: исправьте отмеченные поля.", errors)
        return MeasureInput(
            number, name, deadline_text, document_type, expected_result, tuple(self.executor_ids), schedule
        )


class MeasureEditing:
    def __init__(self, db: Database) -> None:
        self._db = db

    def detail(self, actor: Actor, measure_id: str) -> MeasureDetail:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            measure = session.get(Measure, measure_id)
            if measure is None:
                raise NotFound("Мероприятие не найдено: возможно, его удалили. Обновите список.")
            return _detail(
                measure, read_only_reason(session, measure_owner(measure), f"Мероприятие № {measure.number}")
            )

    def organisations(self, actor: Actor) -> list[ExecutorRef]:
        """The whole directory for the executor picker, confirmed entries first."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            rows = session.scalars(
                select(Organisation).order_by(Organisation.is_confirmed.desc(), Organisation.search_key)
            )
            return [_ref(org) for org in rows]

    def update(self, actor: Actor, measure_id: str, entry: MeasureInput, expected_version: int) -> MeasureDetail:
        actor.require(Permission.EDIT_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            measure = session.get(Measure, measure_id)
            if measure is None:
                raise NotFound("Мероприятие не найдено: возможно, его удалили. Обновите список.")
            if measure.row_version != expected_version:
                raise UserError(
                    "Мероприятие изменено другим пользователем, пока вы его редактировали. "
                    "Обновите карточку и внесите правки снова."
                )
            require_own(session, measure_owner(measure), f"Мероприятие № {measure.number}")
            known = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(entry.executor_ids))))
            if missing := [oid for oid in entry.executor_ids if oid not in known]:
                raise ValidationError(
                    "Мероприятие не сохранено.", {"executors": f"Исполнитель не найден в справочнике ({len(missing)})."}
                )
            measure.number = entry.number
            measure.name = entry.name
            measure.deadline_text = entry.deadline_text
            measure.document_type = entry.document_type
            measure.expected_result = entry.expected_result
            schedule = entry.schedule or parse_schedule(entry.deadline_text)
            if schedule.to_dict() != measure.schedule:
                measure.schedule = schedule.to_dict()
            refresh_search_key(measure, measure.block)
            set_executors(session, measure, entry.executor_ids)
            session.flush()
            session.refresh(measure)
            return _detail(measure)


def _ref(org: Organisation) -> ExecutorRef:
    return ExecutorRef(org.id, org.short_name or org.full_name, org.full_name, org.is_confirmed)


def _detail(measure: Measure, read_only: str = "") -> MeasureDetail:
    block: ProgramBlock = measure.block
    program: Program = block.program
    return MeasureDetail(
        id=measure.id,
        program_id=program.id,
        block_label=f"{block.number} {block.title}".strip(),
        number=measure.number,
        name=measure.name,
        deadline_text=measure.deadline_text,
        schedule=Schedule.from_dict(measure.schedule),
        executors=tuple(_ref(link.organisation) for link in measure.executors),
        executors_text=measure.executors_text,
        document_type=measure.document_type,
        expected_result=measure.expected_result,
        program_start=program.period_start,
        program_end=program.period_end,
        procedure=procedure_of(program),
        row_version=measure.row_version,
        read_only_reason=read_only,
    )
