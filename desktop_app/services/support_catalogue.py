"""The region's catalogue of support measures (seed 004: federal and regional payments, measures for large
families, the social contract) that a family's route applies for. The region keeps it (MANAGE_REFERENCE_DATA):
adds, corrects and retires measures; a retired measure stays on the routes that chose it.

A fresh installation gets the default catalogue from resources/support_measures.json
(``ensure_default_catalogue``); each default entry's id is made from its key, so the region's and a district's
default entries are the same records and the exchange does not double them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.core.paths import resource_path
from desktop_app.core.resources import read_json
from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import MeasureLevel
from desktop_app.domain.errors import ConcurrentChange, NotFound, UserError, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import collapse_spaces, search_key
from desktop_app.services.ownership import REGION, own_owner, read_only_reason, require_own
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseSupportMeasure, SupportMeasureKind

CATALOGUE_FILE = "support_measures.json"
NAMESPACE = uuid.UUID("8f3c2a52-6f0e-4f7b-9d53-2c6a7e1d4b10")  # fixed: default entries' ids from their keys
NAME_LIMIT = 1000
STALE = "Мера поддержки изменена другим пользователем. Обновите перечень и повторите."


@dataclass(frozen=True)
class MeasureKindInput:
    name: str
    level: str = MeasureLevel.REGIONAL.value
    is_social_contract: bool = False

    def checked(self) -> MeasureKindInput:
        errors: dict[str, str] = {}
        name = collapse_spaces(self.name)
        if not name:
            errors["name"] = "Укажите наименование меры поддержки."
        elif len(name) > NAME_LIMIT:
            errors["name"] = f"Наименование меры поддержки — не более {NAME_LIMIT} знаков."
        try:
            MeasureLevel(self.level)
        except ValueError:
            errors["level"] = "Выберите уровень меры поддержки: федеральная, региональная или муниципальная."
        if errors:
            raise ValidationError("Мера поддержки не сохранена: исправьте отмеченные поля.", errors)
        return MeasureKindInput(name, self.level, self.is_social_contract)


@dataclass(frozen=True)
class MeasureKindRow:
    id: str
    name: str
    level: str
    level_label: str
    is_social_contract: bool
    position: int
    is_retired: bool
    used_by_cases: int  # measures applied for on families' routes
    read_only_reason: str  # "" when this installation may change the entry
    row_version: int


def default_measure_id(key: str) -> str:
    """The id a default catalogue entry has in every installation."""
    return str(uuid.uuid5(NAMESPACE, key))


def default_catalogue() -> list[tuple[str, MeasureKindInput]]:
    """(key, measure) of every entry of the shipped default catalogue, in its order."""
    data = read_json(resource_path(CATALOGUE_FILE))
    return [
        (
            str(item["key"]),
            MeasureKindInput(str(item["name"]), str(item["level"]), bool(item.get("is_social_contract", False))),
        )
        for item in data["measures"]
    ]


def ensure_default_catalogue(session: Session) -> int:
    """Fill an empty catalogue with the default one (the region's entries); returns how many were added.

    A catalogue that has any entry, retired or not, is the region's own and is left as it is."""
    if session.scalar(select(func.count()).select_from(SupportMeasureKind)):
        return 0
    entries = default_catalogue()
    for position, (key, entry) in enumerate(entries):
        checked = entry.checked()
        session.add(
            SupportMeasureKind(
                id=default_measure_id(key),
                name=checked.name,
                level=checked.level,
                is_social_contract=checked.is_social_contract,
                position=position,
                owner=REGION,
            )
        )
    session.flush()
    return len(entries)


class SupportCatalogueService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def kinds(self, actor: Actor, include_retired: bool = False) -> list[MeasureKindRow]:
        """The catalogue in its order; retired measures only when asked (a route's own choice shows them)."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = select(SupportMeasureKind).order_by(SupportMeasureKind.position, SupportMeasureKind.name)
            if not include_retired:
                query = query.where(SupportMeasureKind.is_retired.is_(False))
            rows = list(session.scalars(query))
            used = dict(
                session.execute(
                    select(CaseSupportMeasure.kind_id, func.count()).group_by(CaseSupportMeasure.kind_id)
                ).all()
            )
            return [_row(session, row, int(used.get(row.id, 0))) for row in rows]

    def add(self, actor: Actor, entry: MeasureKindInput) -> MeasureKindRow:
        """A new measure at the end of the region's catalogue."""
        actor.require(Permission.MANAGE_REFERENCE_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            if own_owner(session) != REGION:
                raise UserError("Перечень мер поддержки ведёт регион: новые меры приходят с пакетом региона.")
            _refuse_duplicate(session, entry.name, None)
            last = session.scalar(select(func.max(SupportMeasureKind.position)))
            row = SupportMeasureKind(
                name=entry.name,
                level=entry.level,
                is_social_contract=entry.is_social_contract,
                position=(last or 0) + 1,
                owner=REGION,
            )
            session.add(row)
            session.flush()
            return _row(session, row, 0)

    def update(self, actor: Actor, kind_id: str, entry: MeasureKindInput, expected_version: int) -> MeasureKindRow:
        """Correct a measure's name, level or social-contract mark; routes that chose it show the new name."""
        actor.require(Permission.MANAGE_REFERENCE_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            row = _editable(session, kind_id, expected_version)
            _refuse_duplicate(session, entry.name, row.id)
            for name, value in (
                ("name", entry.name),
                ("level", entry.level),
                ("is_social_contract", entry.is_social_contract),
            ):
                if getattr(row, name) != value:
                    setattr(row, name, value)
            session.flush()
            return _row(session, row, _use(session, row.id))

    def retire(self, actor: Actor, kind_id: str, expected_version: int, retired: bool = True) -> MeasureKindRow:
        """Take a measure out of the catalogue (routes keep it; it cannot be applied for anew), or bring it back."""
        actor.require(Permission.MANAGE_REFERENCE_DATA)
        with self._db.transaction(actor) as session:
            row = _editable(session, kind_id, expected_version)
            if row.is_retired != retired:
                row.is_retired = retired
            session.flush()
            return _row(session, row, _use(session, row.id))


def _editable(session: Session, kind_id: str, expected_version: int) -> SupportMeasureKind:
    row = session.get(SupportMeasureKind, kind_id)
    if row is None:
        raise NotFound("Мера поддержки не найдена в перечне: обновите перечень мер.")
    if row.row_version != expected_version:
        raise ConcurrentChange(STALE)
    require_own(session, row.owner, f"Мера поддержки «{row.name}»")
    return row


def _refuse_duplicate(session: Session, name: str, own_id: str | None) -> None:
    key = search_key(name)
    for other in session.scalars(select(SupportMeasureKind).where(SupportMeasureKind.is_retired.is_(False))):
        if other.id != own_id and search_key(other.name) == key:
            raise ValidationError(
                "Мера поддержки не сохранена: исправьте отмеченные поля.",
                {"name": f"Мера «{other.name}» уже есть в перечне."},
            )


def _use(session: Session, kind_id: str) -> int:
    query = select(func.count()).select_from(CaseSupportMeasure).where(CaseSupportMeasure.kind_id == kind_id)
    return int(session.scalar(query) or 0)


def _row(session: Session, row: SupportMeasureKind, used: int) -> MeasureKindRow:
    return MeasureKindRow(
        row.id,
        row.name,
        row.level,
        MeasureLevel.read(row.level, MeasureLevel.REGIONAL).label,
        row.is_social_contract,
        row.position,
        row.is_retired,
        used,
        read_only_reason(session, row.owner, f"Мера поддержки «{row.name}»"),
        row.row_version,
    )
