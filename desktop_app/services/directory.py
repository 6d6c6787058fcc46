"""Keeping the organisation directory clean: checking names met in imported plans, merging duplicates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.program_definition import DEPARTMENT_LABELS
from desktop_app.domain.roles import Permission
from desktop_app.services.organisations import organisation_key
from desktop_app.services.ownership import require_own
from desktop_app.storage.database import Database
from desktop_app.storage.models import Installation, MeasureExecutor, Organisation


@dataclass(frozen=True)
class OrganisationRow:
    id: str
    short_name: str
    full_name: str
    department: str
    is_confirmed: bool
    measure_count: int
    row_version: int

    @property
    def department_label(self) -> str:
        return DEPARTMENT_LABELS.get(self.department, self.department)


@dataclass(frozen=True)
class OrganisationInput:
    short_name: str
    full_name: str
    department: str

    def checked(self) -> OrganisationInput:
        short_name, full_name = " ".join(self.short_name.split()), " ".join(self.full_name.split())
        errors: dict[str, str] = {}
        if not full_name and not short_name:
            errors["full_name"] = "Укажите наименование организации."
        if len(full_name) > 1000:
            errors["full_name"] = "Не более 1000 знаков."
        if len(short_name) > 300:
            errors["short_name"] = "Не более 300 знаков."
        if self.department and self.department not in DEPARTMENT_LABELS:
            errors["department"] = "Выберите сферу из списка."
        if errors:
            raise ValidationError("Организация не сохранена: исправьте отмеченные поля.", errors)
        return OrganisationInput(short_name, full_name or short_name, self.department)


class DirectoryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def organisations(self, actor: Actor) -> list[OrganisationRow]:
        """Unchecked entries first (they need attention), then by name."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            counts = dict(
                session.execute(
                    select(MeasureExecutor.organisation_id, func.count()).group_by(MeasureExecutor.organisation_id)
                ).all()
            )
            query = select(Organisation).order_by(Organisation.is_confirmed, Organisation.search_key)
            return [_row(org, counts.get(org.id, 0)) for org in session.scalars(query)]

    def update(self, actor: Actor, organisation_id: str, entry: OrganisationInput, expected_version: int) -> None:
        """Correct the names and sphere; saving an entry also marks it as checked."""
        actor.require(Permission.EDIT_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            organisation = _get(session, organisation_id)
            if organisation.row_version != expected_version:
                raise UserError("Организация изменена другим пользователем. Обновите список и повторите.")
            require_own(
                session, organisation.owner, f"Организация «{organisation.short_name or organisation.full_name}»"
            )
            organisation.short_name = entry.short_name
            organisation.full_name = entry.full_name
            organisation.department = entry.department
            organisation.is_confirmed = True
            organisation.search_key = organisation_key(entry.full_name, entry.short_name)

    def merge(self, actor: Actor, duplicate_id: str, keep_id: str) -> int:
        """Move every measure of ``duplicate_id`` to ``keep_id`` and remove the duplicate; returns moved links."""
        actor.require(Permission.EDIT_DATA)
        if duplicate_id == keep_id:
            raise UserError("Выберите другую организацию: нельзя объединить запись саму с собой.")
        with self._db.transaction(actor) as session:
            duplicate, keep = _get(session, duplicate_id), _get(session, keep_id)
            for organisation in (duplicate, keep):
                what = f"Организация «{organisation.short_name or organisation.full_name}»"
                require_own(session, organisation.owner, what)
            installation = session.scalars(select(Installation)).first()
            if installation is not None and installation.organisation_id == duplicate.id:
                installation.organisation_id = keep.id  # the office itself was entered twice
            moved = 0
            links = session.scalars(select(MeasureExecutor).where(MeasureExecutor.organisation_id == duplicate.id))
            for link in list(links):
                already = session.scalars(
                    select(MeasureExecutor).where(
                        MeasureExecutor.measure_id == link.measure_id, MeasureExecutor.organisation_id == keep.id
                    )
                ).first()
                if already is not None:
                    already.position = min(already.position, link.position)
                    session.delete(link)
                else:
                    link.organisation_id = keep.id
                moved += 1
            session.flush()
            session.delete(duplicate)
            return moved


def _get(session: Session, organisation_id: str) -> Organisation:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Организация не найдена: возможно, её уже объединили с другой. Обновите список.")
    return organisation


def _row(org: Organisation, count: int) -> OrganisationRow:
    return OrganisationRow(
        org.id, org.short_name, org.full_name, org.department, org.is_confirmed, count, org.row_version
    )
