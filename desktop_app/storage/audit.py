"""Writes the audit trail for every insert, update and delete flushed by a unit of work.

It hooks the session's ``before_flush``, so a service cannot forget it: whatever it changes through
the ORM is recorded with the acting user, the time and the old and new values of each field. Entries are
numbered and hash-chained as they are written, and never changed or deleted afterwards.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import MANYTOONE, ONETOMANY, Session

from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.storage.audit_chain import chain_new_entries
from desktop_app.storage.base import RecordMixin, new_uuid, utc_now
from desktop_app.storage.models import AuditEntry, AuditHead

_TRACKING_COLUMNS = frozenset({"id", "created_at", "updated_at", "changed_by", "row_version", "search_key"})


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _columns(obj: RecordMixin) -> list[str]:
    excluded = _TRACKING_COLUMNS | type(obj).__audit_exclude__
    return [attr.key for attr in inspect(type(obj)).column_attrs if attr.key not in excluded]


def _apply_defaults(obj: RecordMixin) -> None:
    """Fill Python-side column defaults now, so the audit trail shows the values that will be stored."""
    for attr in inspect(type(obj)).column_attrs:
        column = attr.columns[0]
        default = column.default
        if default is None or getattr(obj, attr.key) is not None:
            continue
        if default.is_scalar:
            setattr(obj, attr.key, default.arg)
        elif default.is_callable:
            setattr(obj, attr.key, default.arg(None))


def _fill_links(obj: object) -> None:
    """Set the foreign keys the flush would copy from related objects, now, so that a «create» entry names
    the parent of a record added through a relationship (``measure.executors.append(…)``) instead of None."""
    mapper = inspect(type(obj))
    for relation in mapper.relationships:
        loaded = obj.__dict__.get(relation.key)  # never load anything here: only what the caller set
        if loaded is None:
            continue
        if relation.direction is MANYTOONE:
            _copy_keys(relation.local_remote_pairs, source=loaded, target=obj)
        elif relation.direction is ONETOMANY:
            for child in loaded if isinstance(loaded, list | set) else [loaded]:
                _copy_keys(relation.local_remote_pairs, source=obj, target=child, parent_side=True)


def _copy_keys(pairs: Any, source: object, target: object, parent_side: bool = False) -> None:
    source_mapper, target_mapper = inspect(type(source)), inspect(type(target))
    for local, remote in pairs:
        parent_column, child_column = (local, remote) if parent_side else (remote, local)
        child_key = target_mapper.get_property_by_column(child_column).key
        if getattr(target, child_key) is None:
            setattr(target, child_key, getattr(source, source_mapper.get_property_by_column(parent_column).key))


def _snapshot(obj: RecordMixin) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _describe(obj: RecordMixin) -> str:
    label = type(obj).__audit_label__ or type(obj).__tablename__  # type: ignore[attr-defined]
    for attr in ("number", "code", "login", "short_name", "display_name", "title", "name", "full_name", "period"):
        value = getattr(obj, attr, None)
        if value:
            text = Period.parse(value).label if attr == "period" else str(value)[:80]
            return f"{label} «{text}»"
    return label


def _entry(
    actor: Actor, action: str, obj: RecordMixin, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> AuditEntry:
    verbs = {"create": "Создано", "update": "Изменено", "delete": "Удалено"}
    return AuditEntry(
        id=new_uuid(),
        at=utc_now(),
        user_id=actor.user_id,
        user_login=actor.login,
        action=action,
        entity=type(obj).__tablename__,  # type: ignore[attr-defined]
        entity_id=obj.id,
        summary=f"{verbs[action]}: {_describe(obj)}",
        old_values=old,
        new_values=new,
    )


def _changes(obj: RecordMixin) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if history.has_changes():
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before != after:
                old[key] = _plain(before)
                new[key] = _plain(after)
    return old, new


def _refuse_audit_edits(session: Session) -> None:
    for obj in [*session.dirty, *session.deleted]:
        if isinstance(obj, AuditEntry | AuditHead):
            raise UserError("Журнал изменений не редактируется: его записи можно только добавлять.")


def _record_changes(session: Session, _context: Any, _instances: Any) -> None:
    _refuse_audit_edits(session)
    actor: Actor = session.info.get("actor", SYSTEM_ACTOR)
    now = utc_now()
    entries: list[AuditEntry] = []
    new_records = [obj for obj in session.new if isinstance(obj, RecordMixin)]
    for obj in new_records:
        obj.created_at = obj.created_at or now
        _apply_defaults(obj)  # ids first: the links below copy them
    for obj in [*new_records, *session.dirty]:
        _fill_links(obj)
    for obj in new_records:
        obj.updated_at = now
        obj.changed_by = actor.user_id
        obj.row_version = obj.row_version or 1
        entries.append(_entry(actor, "create", obj, None, _snapshot(obj)))
    for obj in list(session.dirty):
        if isinstance(obj, RecordMixin) and session.is_modified(obj, include_collections=False):
            old, new = _changes(obj)
            if not new:
                continue  # only bookkeeping columns moved (e.g. a failed-login counter)
            obj.updated_at = now
            obj.changed_by = actor.user_id
            obj.row_version = (obj.row_version or 1) + 1
            entries.append(_entry(actor, "update", obj, old, new))
    for obj in list(session.deleted):
        if isinstance(obj, RecordMixin):
            entries.append(_entry(actor, "delete", obj, _snapshot(obj), None))
    session.add_all(entries)
    chain_new_entries(session, [obj for obj in session.new if isinstance(obj, AuditEntry)])


def install_audit_hook(session_class: type[Session]) -> None:
    """Attach the audit writer to sessions of ``session_class`` (idempotent)."""
    if not event.contains(session_class, "before_flush", _record_changes):
        event.listen(session_class, "before_flush", _record_changes)
