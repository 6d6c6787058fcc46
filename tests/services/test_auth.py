"""Signing in with lock-out after wrong passwords, and managing local accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import AuthenticationError, PermissionDenied, ValidationError
from desktop_app.domain.roles import Role
from desktop_app.services.auth import AuthService, NewUser
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry, User
from tests.conftest import make_actor

T0 = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def refused(auth: AuthService, login: str, password: str, now: datetime = T0) -> str:
    with pytest.raises(AuthenticationError) as caught:
        auth.login(login, password, now=now)
    return caught.value.message


def failures(db: Database, login: str = "demo") -> int:
    with db.reading() as session:
        return session.scalar(select(User.failed_attempts).where(User.login == login)) or 0


def lock(auth: AuthService, login: str = "demo") -> None:
    for attempt in range(4):
        refused(auth, login, "wrong-password-1", now=T0 + timedelta(seconds=attempt))
    refused(auth, login, "wrong-password-1", now=T0)


def test_correct_password_signs_in_with_the_accounts_role(demo_db: Database, demo_password: str) -> None:
    actor = AuthService(demo_db).login("demo", demo_password)
    assert (actor.login, actor.role, actor.full_name) == ("demo", Role.ADMIN, "Демонстрационный пользователь")
    assert actor.user_id is not None


def test_login_ignores_case_and_surrounding_spaces(demo_db: Database, demo_password: str) -> None:
    assert AuthService(demo_db).login("  DeMo ", demo_password).login == "demo"


def test_wrong_password_warns_about_the_lock_and_is_counted(demo_db: Database) -> None:
    auth = AuthService(demo_db)
    assert refused(auth, "demo", "wrong-password-1") == (
        "Неверный логин или пароль. После 5 неудачных попыток подряд вход блокируется на 15 минут."
    )
    refused(auth, "demo", "wrong-password-1")
    assert failures(demo_db) == 2


def test_empty_login_or_password_asks_for_both(demo_db: Database) -> None:
    assert refused(AuthService(demo_db), "", "x") == "Введите логин и пароль."
    assert refused(AuthService(demo_db), "demo", "") == "Введите логин и пароль."


def test_fifth_wrong_password_locks_the_account_for_15_minutes(demo_db: Database) -> None:
    auth = AuthService(demo_db)
    for _ in range(4):
        refused(auth, "demo", "wrong-password-1")
    message = refused(auth, "demo", "wrong-password-1")
    assert "заблокирована" in message
    assert "через 15 минут" in message


def test_locked_account_refuses_even_the_right_password_until_the_lock_ends(
    demo_db: Database, demo_password: str
) -> None:
    auth = AuthService(demo_db)
    lock(auth)
    message = refused(auth, "demo", demo_password, now=T0 + timedelta(minutes=14))
    assert "заблокирована" in message and "через 1 минуту" in message
    assert "через 14 минут" in refused(auth, "demo", demo_password, now=T0 + timedelta(minutes=1))
    actor = auth.login("demo", demo_password, now=T0 + timedelta(minutes=15))
    assert actor.login == "demo"


def test_after_the_lock_the_count_starts_again(demo_db: Database) -> None:
    auth = AuthService(demo_db)
    lock(auth)
    later = T0 + timedelta(minutes=16)
    assert "Неверный логин или пароль" in refused(auth, "demo", "wrong-password-1", now=later)
    assert failures(demo_db) == 1


def test_successful_login_resets_the_failure_count(demo_db: Database, demo_password: str) -> None:
    auth = AuthService(demo_db)
    for _ in range(3):
        refused(auth, "demo", "wrong-password-1")
    auth.login("demo", demo_password, now=T0)
    assert failures(demo_db) == 0


def test_unknown_login_is_refused_as_wrong_credentials(demo_db: Database) -> None:
    assert refused(AuthService(demo_db), "nobody", "wrong-password-1").startswith("Неверный логин или пароль.")


def test_unknown_login_cannot_be_told_from_a_wrong_password(demo_db: Database) -> None:
    auth = AuthService(demo_db)
    assert refused(auth, "nobody", "wrong-password-1") == refused(auth, "demo", "wrong-password-1")


def test_failed_attempts_and_lock_are_written_to_the_audit_trail(demo_db: Database) -> None:
    lock(AuthService(demo_db))
    with demo_db.reading() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.user_login == "demo"))]
    assert actions.count("login_failed") == 4
    assert actions.count("account_locked") == 1


def test_failed_attempts_survive_reopening_the_database(demo_paths: DataPaths) -> None:
    db = open_database(demo_paths)
    try:
        for _ in range(3):
            refused(AuthService(db), "demo", "wrong-password-1")
    finally:
        db.close()
    db = open_database(demo_paths)
    try:
        assert failures(db) == 3
        refused(AuthService(db), "demo", "wrong-password-1")
        assert "заблокирована" in refused(AuthService(db), "demo", "wrong-password-1")
    finally:
        db.close()


def test_lock_survives_reopening_the_database(demo_paths: DataPaths, demo_password: str) -> None:
    db = open_database(demo_paths)
    try:
        lock(AuthService(db))
    finally:
        db.close()
    db = open_database(demo_paths)
    try:
        assert "заблокирована" in refused(AuthService(db), "demo", demo_password, now=T0 + timedelta(minutes=5))
    finally:
        db.close()


def new_user(login: str = "ivanova", password: str = "opeka2025", role: Role = Role.SPECIALIST) -> NewUser:
    return NewUser(login=login, full_name="Иванова  Анна Петровна", role=role, password=password, position="специалист")


def test_password_is_stored_only_as_an_argon2id_hash(demo_db: Database, demo_actor: Actor) -> None:
    AuthService(demo_db).create_user(demo_actor, new_user())
    with demo_db.reading() as session:
        stored = session.scalar(select(User.password_hash).where(User.login == "ivanova"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "opeka2025" not in stored


def test_administrator_creates_a_user_who_can_sign_in(demo_db: Database, demo_actor: Actor) -> None:
    auth = AuthService(demo_db)
    row = auth.create_user(demo_actor, new_user(login="Ivanova"))
    assert (row.login, row.full_name, row.role, row.is_active) == (
        "ivanova",
        "Иванова Анна Петровна",
        Role.SPECIALIST,
        True,
    )
    assert auth.login("IVANOVA", "opeka2025").role is Role.SPECIALIST
    assert "ivanova" in [user.login for user in auth.users(demo_actor)]


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.HEAD, Role.COORDINATOR])
def test_only_an_administrator_creates_users(demo_db: Database, role: Role) -> None:
    users = AuthService(demo_db).user_count()
    with pytest.raises(PermissionDenied, match="управление пользователями"):
        AuthService(demo_db).create_user(make_actor(role), new_user())
    assert AuthService(demo_db).user_count() == users


def test_duplicate_login_is_refused_beside_the_login_field(demo_db: Database, demo_actor: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        AuthService(demo_db).create_user(demo_actor, new_user(login="DEMO"))
    assert caught.value.field_errors["login"] == "Пользователь с логином «demo» уже есть."


@pytest.mark.parametrize("password", ["short1", "onlyletters", "1234567890", "ivanova"])
def test_weak_password_is_refused_beside_the_password_field(
    demo_db: Database, demo_actor: Actor, password: str
) -> None:
    users = AuthService(demo_db).user_count()
    with pytest.raises(ValidationError) as caught:
        AuthService(demo_db).create_user(demo_actor, new_user(password=password))
    assert "password" in caught.value.field_errors
    assert AuthService(demo_db).user_count() == users


def test_change_password_requires_the_current_one(demo_db: Database, demo_actor: Actor, demo_password: str) -> None:
    auth = AuthService(demo_db)
    with pytest.raises(ValidationError) as caught:
        auth.change_password(demo_actor, "not-the-password-1", "novyi-2026")
    assert "old_password" in caught.value.field_errors
    auth.login("demo", demo_password)  # unchanged


def test_changed_password_replaces_the_old_one(demo_db: Database, demo_actor: Actor, demo_password: str) -> None:
    auth = AuthService(demo_db)
    auth.change_password(demo_actor, demo_password, "novyi-2026")
    assert auth.login("demo", "novyi-2026").login == "demo"
    assert refused(auth, "demo", demo_password).startswith("Неверный логин или пароль.")


def test_weak_new_password_is_refused_beside_the_new_password_field(
    demo_db: Database, demo_actor: Actor, demo_password: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        AuthService(demo_db).change_password(demo_actor, demo_password, "short")
    assert "new_password" in caught.value.field_errors
    AuthService(demo_db).login("demo", demo_password)


def test_disabled_account_cannot_sign_in(demo_db: Database, demo_password: str) -> None:
    with demo_db.transaction() as session:
        user = session.scalar(select(User).where(User.login == "demo"))
        assert user is not None
        user.is_active = False
    assert refused(AuthService(demo_db), "demo", demo_password) == "Учётная запись отключена администратором."


def test_text_typed_as_an_unknown_login_is_not_kept_in_the_journal(demo_db: Database) -> None:
    refused(AuthService(demo_db), "МойПароль-123", "x")
    with demo_db.reading() as session:
        logins = [e.user_login for e in session.scalars(select(AuditEntry).where(AuditEntry.action == "login_failed"))]
        summaries = [e.summary for e in session.scalars(select(AuditEntry))]
    assert "мойпароль-123" not in logins and "МойПароль-123" not in logins
    assert not any("МойПароль" in summary or "мойпароль" in summary for summary in summaries)


def test_a_new_password_equal_to_the_old_one_is_refused(demo_db: Database, demo_password: str) -> None:
    actor = AuthService(demo_db).login("demo", demo_password)
    with pytest.raises(ValidationError, match="совпадает с прежним") as refused:
        AuthService(demo_db).change_password(actor, demo_password, demo_password)
    assert "new_password" in refused.value.field_errors
