"""The district's resource map: what services are offered, by whom, where, for whom and how to reach them; the
route of a family chooses from it. A district specialist keeps the map (EDIT_DATA); entries belong to the
installation that made them, and an entry a route uses is retired, never deleted, so the route keeps its link."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import ServiceKind
from desktop_app.domain.errors import ConcurrentChange, NotFound, UserError, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import collapse_spaces, search_key
from desktop_app.services.case_route_rows import assign, organisation_name
from desktop_app.services.ownership import read_only_reason, require_own
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseService, Organisation, ResourceService

NAME_LIMIT = 1000
TEXT_LIMIT = 5000
STALE = "Услуга ресурсной карты изменена другим пользователем. Обновите ресурсную карту и повторите."


@dataclass(frozen=True)
class ResourceInput:
    kind: str
    name: str
    provider_id: str | None = None
    territory: str = ""
    address: str = ""
    target_group: str = ""
    contacts: str = ""
    terms: str = ""

    def checked(self) -> ResourceInput:
        """Trimmed values, or ValidationError keyed by field."""
        errors: dict[str, str] = {}
        try:
            ServiceKind(self.kind)
        except ValueError:
            errors["kind"] = "Выберите вид услуги из списка."
        name = collapse_spaces(self.name)
        if not name:
            errors["name"] = "Укажите наименование услуги."
        elif len(name) > NAME_LIMIT:
            errors["name"] = f"Наименование услуги — не более {NAME_LIMIT} знаков."
        territory = collapse_spaces(self.territory)
        if len(territory) > 300:
            errors["territory"] = "Территория — не более 300 знаков."
        texts = {
            "address": self.address.strip(),
            "target_group": self.target_group.strip(),
            "contacts": self.contacts.strip(),
            "terms": self.terms.strip(),
        }
        for key, value in texts.items():
            if len(value) > TEXT_LIMIT:
                errors[key] = f"Не более {TEXT_LIMIT} знаков."
        if errors:
            raise ValidationError("Услуга ресурсной карты не сохранена: исправьте отмеченные поля.", errors)
        return replace(self, name=name, territory=territory, provider_id=self.provider_id or None, **texts)


@dataclass(frozen=True)
class ResourceFilter:
    text: str = ""  # words found in the name, provider, territory, address or target group, any case, ё = е
    kind: str = ""
    territory: str = ""
    include_retired: bool = False


@dataclass(frozen=True)
class ResourceRow:
    id: str
    kind: str
    kind_label: str
    name: str
    provider_id: str | None
    provider_name: str
    territory: str
    address: str
    target_group: str
    contacts: str
    terms: str
    is_retired: bool
    used_by_routes: int  # services of families' routes that chose this entry
    read_only_reason: str  # "" when this installation may change the entry
    row_version: int


class ResourceMapService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def entries(self, actor: Actor, filters: ResourceFilter | None = None) -> list[ResourceRow]:
        """The map's entries matching the filter, by kind and name; retired ones only when asked."""
        actor.require(Permission.VIEW_DATA)
        filters = filters or ResourceFilter()
        with self._db.reading() as session:
            query = select(ResourceService)
            if not filters.include_retired:
                query = query.where(ResourceService.is_retired.is_(False))
            if filters.kind:
                query = query.where(ResourceService.kind == filters.kind)
            if filters.territory.strip():
                query = query.where(ResourceService.territory == collapse_spaces(filters.territory))
            for word in search_key(filters.text).split():
                query = query.where(ResourceService.search_key.like(_like(word), escape="\\"))
            rows = list(session.scalars(query.order_by(ResourceService.kind, ResourceService.search_key)))
            used = _route_use(session, [row.id for row in rows])
            return [_row(session, row, used.get(row.id, 0)) for row in rows]

    def territories(self, actor: Actor) -> list[str]:
        """The territories the map's current entries name, for the filter's list."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = (
                select(ResourceService.territory)
                .where(ResourceService.is_retired.is_(False), ResourceService.territory != "")
                .distinct()
                .order_by(ResourceService.territory)
            )
            return list(session.scalars(query))

    def add(self, actor: Actor, entry: ResourceInput) -> ResourceRow:
        """A new entry of this installation's map."""
        actor.require(Permission.EDIT_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            row = ResourceService(kind=entry.kind, name=entry.name)
            _write(session, row, entry)
            session.add(row)
            session.flush()
            return _row(session, row, 0)

    def update(self, actor: Actor, entry_id: str, entry: ResourceInput, expected_version: int) -> ResourceRow:
        """Change an entry (routes that chose it show the new text); refused if changed since it was read."""
        actor.require(Permission.EDIT_DATA)
        entry = entry.checked()
        with self._db.transaction(actor) as session:
            row = _editable(session, entry_id, expected_version)
            _write(session, row, entry)
            session.flush()
            return _row(session, row, _route_use(session, [row.id]).get(row.id, 0))

    def retire(self, actor: Actor, entry_id: str, expected_version: int, retired: bool = True) -> ResourceRow:
        """Take an entry off the map (routes keep it; new routes cannot choose it), or bring it back."""
        actor.require(Permission.EDIT_DATA)
        with self._db.transaction(actor) as session:
            row = _editable(session, entry_id, expected_version)
            if row.is_retired != retired:
                row.is_retired = retired
            session.flush()
            return _row(session, row, _route_use(session, [row.id]).get(row.id, 0))

    def remove(self, actor: Actor, entry_id: str, expected_version: int) -> None:
        """Delete an entry entered by mistake; one a route has chosen is retired instead."""
        actor.require(Permission.EDIT_DATA)
        with self._db.transaction(actor) as session:
            row = _editable(session, entry_id, expected_version)
            if _route_use(session, [row.id]).get(row.id, 0):
                raise UserError(
                    f"Услугу «{row.name}» уже выбирали в маршрутах семей: её можно исключить из карты, но не удалить."
                )
            session.delete(row)


def resource_search_key(row: ResourceService, provider_name: str) -> str:
    """What the map's search looks in, normalised (lower case, ё → е)."""
    return search_key(" ".join((row.name, provider_name, row.territory, row.address, row.target_group)))


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _editable(session: Session, entry_id: str, expected_version: int) -> ResourceService:
    row = session.get(ResourceService, entry_id)
    if row is None:
        raise NotFound("Услуга ресурсной карты не найдена: возможно, её удалили. Обновите ресурсную карту.")
    if row.row_version != expected_version:
        raise ConcurrentChange(STALE)
    require_own(session, row.owner, f"Услуга ресурсной карты «{row.name}»")
    return row


def _write(session: Session, row: ResourceService, entry: ResourceInput) -> None:
    if entry.provider_id and session.get(Organisation, entry.provider_id) is None:
        raise NotFound("Организация не найдена в справочнике: обновите справочник организаций.")
    values = {
        "kind": entry.kind,
        "name": entry.name,
        "provider_id": entry.provider_id,
        "territory": entry.territory,
        "address": entry.address,
        "target_group": entry.target_group,
        "contacts": entry.contacts,
        "terms": entry.terms,
    }
    assign(row, values)
    key = resource_search_key(row, organisation_name(session, entry.provider_id))
    if row.search_key != key:
        row.search_key = key


def _route_use(session: Session, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    query = (
        select(CaseService.resource_service_id, func.count())
        .where(CaseService.resource_service_id.in_(ids))
        .group_by(CaseService.resource_service_id)
    )
    return {str(key): int(count) for key, count in session.execute(query).all()}


def _row(session: Session, row: ResourceService, used: int) -> ResourceRow:
    return ResourceRow(
        row.id,
        row.kind,
        ServiceKind.read(row.kind, ServiceKind.OTHER).label,
        row.name,
        row.provider_id,
        organisation_name(session, row.provider_id),
        row.territory,
        row.address,
        row.target_group,
        row.contacts,
        row.terms,
        row.is_retired,
        used,
        read_only_reason(session, row.owner, f"Услуга ресурсной карты «{row.name}»"),
        row.row_version,
    )
