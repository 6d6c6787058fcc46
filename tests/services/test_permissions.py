"""Permissions are enforced in the services, not only hidden in the GUI: every service method that acts for a
user refuses a role without the right before it reads or writes anything, and each role gets exactly its rights."""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import PERMISSION_LABELS, Permission, Role, role_allows
from desktop_app.formkit import load_catalogue
from desktop_app.services import (
    audit_log,
    auth,
    computed_values,
    dashboard,
    directory,
    execution,
    family_editing,
    family_register,
    form_answers,
    form_fill,
    indicator_entry,
    measure_editing,
    registry,
    reporting_procedure,
)
from desktop_app.services.attachments import AttachmentStore
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import Program, ResourceFamily
from tests.conftest import make_actor

# Methods that take an actor but need no right of their own, and why.
NO_RIGHT_NEEDED = {
    "AuthService.change_password": "a user changes only their own password, proven by the old one",
    "AuthService.unlock_session": "a user returns to their own locked session, proven by the password",
    "AuthService.record_session_lock": "the journal notes that the user's own session was locked",
    "IndicatorEntry.mark_in": "a step inside the caller's transaction; every caller checks the right first",
}


def every_service(db: Database, paths: DataPaths) -> list[Any]:
    from desktop_app.sync.administration import ExchangeAdministration
    from desktop_app.sync.region_view import RegionView
    from desktop_app.sync.setup import exchange_services, office_link

    store = AttachmentStore(paths.attachments)
    computed = computed_values.ComputedValues(db)
    indicators = indicator_entry.IndicatorEntry(db, computed)
    forms = form_answers.FormAnswers(db, load_catalogue(received=paths.root / "forms"), indicators, computed)
    measures = registry.RegistryService(db)
    families = family_register.FamilyRegister(db)
    exchange_export, exchange_import = exchange_services(db, paths, store)
    return [
        auth.AuthService(db),
        auth.AccountAdministration(db),
        audit_log.AuditLogService(db),
        execution.ExecutionService(db, store),
        measure_editing.MeasureEditing(db),
        reporting_procedure.ReportingSettings(db),
        families,
        family_editing.FamilyEditing(db, store),
        indicators,
        indicators.sheets,
        forms,
        measures,
        directory.DirectoryService(db),
        dashboard.DashboardService(indicators, measures, families, forms),
        form_fill.FormFill(forms, "Плесецкий муниципальный округ"),
        exchange_export,
        exchange_import,
        ExchangeAdministration(db),
        RegionView(db),
        office_link(db, paths),
    ]


def methods_acting_for_a_user(services: list[Any]) -> Iterator[tuple[str, Any]]:
    for service in services:
        for name, method in inspect.getmembers(service, inspect.ismethod):
            if not name.startswith("_") and "actor" in inspect.signature(method).parameters:
                yield f"{type(service).__name__}.{name}", method


def run_fully(result: object) -> None:
    """Enter what a context manager or generator method returns: its body runs only then."""
    if isinstance(result, AbstractContextManager):
        with result:
            pass
    elif isinstance(result, Generator):
        next(result, None)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_service_method_refuses_a_user_without_rights_before_doing_anything(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(demo_paths)
    try:
        services = every_service(db, demo_paths)
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        before = file_digest(demo_paths.database)
        monkeypatch.setattr("desktop_app.domain.actor.role_allows", lambda _role, _permission: False)
        nobody = Actor(user_id="nobody", login="nobody", full_name="Без прав", role=Role.SPECIALIST)
        checked, unguarded = 0, []
        for name, method in methods_acting_for_a_user(services):
            if name in NO_RIGHT_NEEDED:
                continue
            required = inspect.signature(method).parameters.items()
            # Nonsense for every other argument: the right must be checked before any of them is looked at.
            arguments = {key: nobody if key == "actor" else None for key, p in required if p.default is p.empty}
            try:
                run_fully(method(**arguments))
                unguarded.append(f"{name}: выполнено без прав")
            except PermissionDenied:
                checked += 1
            except Exception as exc:
                unguarded.append(f"{name}: {type(exc).__name__}: {exc}")
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    assert unguarded == []
    assert checked > 80  # every screen's operations are among them, not a handful
    assert file_digest(demo_paths.database) == before


def representative_operations(db: Database, paths: DataPaths) -> dict[Permission, Callable[[Actor], object]]:
    """One operation guarded by each right that not every role has."""
    with db.reading() as session:
        program_id = session.scalars(select(Program.id)).first()
        family_id = session.scalars(select(ResourceFamily.id)).first()
    store = AttachmentStore(paths.attachments)
    assert program_id and family_id
    return {
        Permission.APPROVE_REPORTS: lambda actor: execution.ExecutionService(db, store).approve_period(
            actor, program_id, Period.parse("2026-H1")
        ),
        Permission.VIEW_PERSONAL_DATA: lambda actor: family_editing.FamilyEditing(db, store).history(actor, family_id),
        Permission.VIEW_AUDIT: lambda actor: audit_log.AuditLogService(db).entries(actor, limit=5),
        Permission.MANAGE_USERS: lambda actor: auth.AuthService(db).users(actor),
    }


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_may_do_exactly_what_its_rights_say(demo_db: Database, demo_paths: DataPaths, role: Role) -> None:
    actor = make_actor(role)
    for permission, operation in representative_operations(demo_db, demo_paths).items():
        if role_allows(role, permission):
            operation(actor)
        else:
            with pytest.raises(PermissionDenied, match=PERMISSION_LABELS[permission]):
                operation(actor)


def test_the_rights_of_each_role_are_the_agreed_ones() -> None:
    """A specialist cannot approve, read the journal or manage accounts; a head approves; the region's
    coordinator does not see families' personal data; only the administrator manages accounts."""
    allowed = {role: {p for p in Permission if role_allows(role, p)} for role in Role}
    assert Permission.APPROVE_REPORTS not in allowed[Role.SPECIALIST]
    assert Permission.VIEW_AUDIT not in allowed[Role.SPECIALIST]
    assert Permission.APPROVE_REPORTS in allowed[Role.HEAD]
    assert Permission.VIEW_PERSONAL_DATA not in allowed[Role.COORDINATOR]
    assert {role for role in Role if Permission.MANAGE_USERS in allowed[role]} == {Role.ADMIN}
    assert {role for role in Role if Permission.RESTORE_BACKUPS in allowed[role]} == {Role.ADMIN}
