"""An administrator can help a colleague: unlock, set a new password, disable and enable an account."""

from __future__ import annotations

import pytest

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import AuthenticationError, NotFound, PermissionDenied, ValidationError
from desktop_app.domain.roles import Role
from desktop_app.services.auth import AccountAdministration, AuthService, NewUser
from desktop_app.storage.database import Database
from tests.conftest import make_actor

COLLEAGUE = NewUser("ivanova", "Иванова Анна Петровна", Role.SPECIALIST, "первый-пароль-1")


@pytest.fixture
def colleague(demo_db: Database, demo_actor: Actor) -> str:
    AuthService(demo_db).create_user(demo_actor, COLLEAGUE)
    return COLLEAGUE.login


def _lock(auth: AuthService, login: str) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login(login, "wrong-password-1")


def test_unlock_lets_the_colleague_in_before_the_lock_runs_out(
    demo_db: Database, demo_actor: Actor, colleague: str
) -> None:
    auth = AuthService(demo_db)
    _lock(auth, colleague)
    AccountAdministration(demo_db).unlock(demo_actor, colleague)
    assert auth.login(colleague, COLLEAGUE.password).role is Role.SPECIALIST


def test_new_password_replaces_the_forgotten_one(demo_db: Database, demo_actor: Actor, colleague: str) -> None:
    AccountAdministration(demo_db).reset_password(demo_actor, colleague, "новый-пароль-2")
    auth = AuthService(demo_db)
    with pytest.raises(AuthenticationError):
        auth.login(colleague, COLLEAGUE.password)
    assert auth.login(colleague, "новый-пароль-2").login == colleague


def test_weak_new_password_is_refused(demo_db: Database, demo_actor: Actor, colleague: str) -> None:
    with pytest.raises(ValidationError, match="не короче 8"):
        AccountAdministration(demo_db).reset_password(demo_actor, colleague, "123")


def test_disabled_account_cannot_sign_in_until_enabled(demo_db: Database, demo_actor: Actor, colleague: str) -> None:
    admin, auth = AccountAdministration(demo_db), AuthService(demo_db)
    admin.set_active(demo_actor, colleague, False)
    with pytest.raises(AuthenticationError, match="отключена"):
        auth.login(colleague, COLLEAGUE.password)
    admin.set_active(demo_actor, colleague, True)
    assert auth.login(colleague, COLLEAGUE.password).login == colleague


def test_administrator_cannot_disable_themselves(demo_db: Database, demo_actor: Actor) -> None:
    with pytest.raises(ValidationError, match="собственную"):
        AccountAdministration(demo_db).set_active(demo_actor, "demo", False)


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.HEAD, Role.COORDINATOR])
def test_only_an_administrator_manages_accounts(demo_db: Database, colleague: str, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        AccountAdministration(demo_db).unlock(make_actor(role), colleague)


def test_unknown_login_is_named(demo_db: Database, demo_actor: Actor) -> None:
    with pytest.raises(NotFound, match="nobody"):
        AccountAdministration(demo_db).unlock(demo_actor, "nobody")
