"""Who is acting: passed to every service call and recorded in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import PERMISSION_LABELS, Permission, Role, role_allows


@dataclass(frozen=True)
class Actor:
    user_id: str | None
    login: str
    full_name: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return role_allows(self.role, permission)

    def require(self, permission: Permission) -> None:
        """Raise PermissionDenied naming what the role may not do."""
        if not self.can(permission):
            raise PermissionDenied(
                f"Роль «{self.role.label}» не даёт права на {PERMISSION_LABELS[permission]}. "
                "Обратитесь к администратору."
            )


# Set-up, migrations and the built-in demo act as the program itself.
SYSTEM_ACTOR = Actor(user_id=None, login="система", full_name="Опека-Офлайн", role=Role.ADMIN)
