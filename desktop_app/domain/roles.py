"""User roles, installation kinds and what each role may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A local account's role; the value is stored, the label is shown."""

    SPECIALIST = "specialist"
    HEAD = "head"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.SPECIALIST: "Специалист",
    Role.HEAD: "Руководитель",
    Role.COORDINATOR: "Координатор региона",
    Role.ADMIN: "Администратор",
}


class InstallationKind(StrEnum):
    """A district office keeps its own data; a region consolidates the districts' bundles."""

    DISTRICT = "district"
    REGION = "region"

    @property
    def label(self) -> str:
        return "Муниципальное образование" if self is InstallationKind.DISTRICT else "Региональный координатор"


class Permission(StrEnum):
    """Operations guarded in the services; the GUI only mirrors these checks."""

    VIEW_DATA = "view_data"
    EDIT_DATA = "edit_data"
    APPROVE_REPORTS = "approve_reports"
    VIEW_PERSONAL_DATA = "view_personal_data"
    MANAGE_REFERENCE_DATA = "manage_reference_data"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    EXCHANGE = "exchange"
    RESTORE_BACKUPS = "restore_backups"


_P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SPECIALIST: frozenset({_P.VIEW_DATA, _P.EDIT_DATA, _P.VIEW_PERSONAL_DATA, _P.EXCHANGE}),
    Role.HEAD: frozenset(
        {_P.VIEW_DATA, _P.EDIT_DATA, _P.APPROVE_REPORTS, _P.VIEW_PERSONAL_DATA, _P.VIEW_AUDIT, _P.EXCHANGE}
    ),
    Role.COORDINATOR: frozenset(
        {_P.VIEW_DATA, _P.EDIT_DATA, _P.APPROVE_REPORTS, _P.MANAGE_REFERENCE_DATA, _P.VIEW_AUDIT, _P.EXCHANGE}
    ),
    Role.ADMIN: frozenset(Permission),
}

PERMISSION_LABELS = {
    _P.VIEW_DATA: "просмотр данных",
    _P.EDIT_DATA: "ввод и изменение данных",
    _P.APPROVE_REPORTS: "утверждение отчётов",
    _P.VIEW_PERSONAL_DATA: "просмотр персональных данных",
    _P.MANAGE_REFERENCE_DATA: "ведение справочников",
    _P.MANAGE_USERS: "управление пользователями",
    _P.VIEW_AUDIT: "просмотр журнала изменений",
    _P.EXCHANGE: "обмен пакетами с регионом",
    _P.RESTORE_BACKUPS: "восстановление базы из резервной копии",
}


def role_allows(role: Role, permission: Permission) -> bool:
    """True when ``role`` includes ``permission``."""
    return permission in ROLE_PERMISSIONS[role]
