"""Signing in, local accounts and their passwords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.domain.accounts import (  # the messages live there: the sign-in's light part says them too
    LockoutPolicy,
    is_locked,
    locked_message,
    normalise_login,
    validate_login,
    validate_new_password,
    wrong_credentials_message,
)
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import AuthenticationError, NotFound, ValidationError
from desktop_app.domain.roles import Permission, Role
from desktop_app.domain.text import collapse_spaces
from desktop_app.services import passwords
from desktop_app.storage import key_store
from desktop_app.storage.base import new_uuid, utc_now
from desktop_app.storage.database import DATA_ROOT, DATABASE_KEY, Database
from desktop_app.storage.models import AuditEntry, User


@dataclass(frozen=True)
class NewUser:
    login: str
    full_name: str
    role: Role
    password: str
    position: str = ""


@dataclass(frozen=True)
class UserRow:
    id: str
    login: str
    full_name: str
    position: str
    role: Role
    is_active: bool
    locked_until: datetime | None
    last_login_at: datetime | None


@dataclass(frozen=True)
class Signatories:
    head_position: str
    head_name: str
    own_position: str


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return passwords.hash_password("opeka-timing-equaliser")


def _find_user(session: Session, login: str) -> User | None:
    return session.scalar(select(User).where(User.login == normalise_login(login)))


def _clear_lockout(user: User) -> None:
    user.failed_attempts = 0
    user.locked_until = None


def actor_of(user: User) -> Actor:
    return Actor(user_id=user.id, login=user.login, full_name=user.full_name, role=Role(user.role))


def _security_event(session: Session, action: str, login: str, user: User | None, summary: str) -> None:
    session.add(
        AuditEntry(
            id=new_uuid(),
            at=utc_now(),
            user_id=user.id if user else None,
            user_login=login,
            action=action,
            entity="user_account",
            entity_id=user.id if user else None,
            summary=summary,
        )
    )


def wrap_database_key(key: bytes | None, root: Path, login: str, password: str) -> None:
    """The encrypted database's key wrapped for ``login`` under ``password``, replacing only that account's
    copy (storage/key_store.py); nothing for an unencrypted database."""
    if key is None:
        return
    with key_store.changing(root) as access:
        access.set_login(normalise_login(login), key, password)
        access.failures.pop(normalise_login(login), None)  # a new password starts a new count


def clear_file_failures(key: bytes | None, root: Path, login: str) -> None:
    """The wrong passwords counted before an encrypted database opened (key_store.py), forgotten with the lock."""
    if key is not None:
        with key_store.changing(root) as access:
            access.failures.pop(normalise_login(login), None)


def _wrap_in_session(session: Session, login: str, password: str) -> None:
    key, root = session.info.get(DATABASE_KEY), session.info.get(DATA_ROOT)
    if isinstance(key, bytes) and isinstance(root, Path):
        wrap_database_key(key, root, login, password)


class AuthService:
    """Sign-in with lock-out, and management of local accounts."""

    def __init__(self, db: Database, policy: LockoutPolicy | None = None) -> None:
        self._db = db
        self.policy = policy or LockoutPolicy()

    def login(
        self, login: str, password: str, now: datetime | None = None, *, ahead: passwords.CheckedAhead | None = None
    ) -> Actor:
        """Return the actor for correct credentials; raise AuthenticationError with the reason otherwise.

        Failed attempts are counted in the database so that restarting the program does not reset them.
        ``ahead``: the password already checked against the account's hash (services/unlocking.py), used only
        when that hash is still the stored one.
        """
        return self._authenticate(login, password, now or utc_now(), ("login", "Вход в программу"), False, ahead)

    def unlock_session(self, actor: Actor, password: str, now: datetime | None = None) -> Actor:
        """The signed-in user returns to a locked session: the same checks as signing in (a disabled or locked-out
        account stays out, wrong passwords count towards the lock-out), but a wrong password is called one."""
        success = ("session_unlocked", "Сеанс разблокирован")
        return self._authenticate(actor.login, password, now or utc_now(), success, True)

    def record_session_lock(self, actor: Actor, minutes: int | None) -> None:
        """Note in the journal that ``actor``'s session was locked after ``minutes`` without input, or by the user
        themselves when ``minutes`` is None."""
        with self._db.transaction(actor) as session:
            user = _find_user(session, normalise_login(actor.login))
            if minutes is None:
                summary = "Сеанс заблокирован пользователем."
            else:
                summary = f"Сеанс заблокирован: нет действий пользователя {minutes} мин."
            _security_event(session, "session_locked", actor.login, user, summary)

    def _authenticate(
        self,
        login: str,
        password: str,
        now: datetime,
        success: tuple[str, str],
        password_only: bool,
        ahead: passwords.CheckedAhead | None = None,
    ) -> Actor:
        key = normalise_login(login)
        if not key or not password:
            raise AuthenticationError("Введите пароль." if password_only else "Введите логин и пароль.")
        # argon2 takes a noticeable time: the password is checked before the write lock is taken, so signing in
        # never holds up other workstations' saves for that long.
        with self._db.reading() as session:
            stored = session.scalar(select(User.password_hash).where(User.login == key))
        if stored is None:
            # Spend the same argon2 time as for a real account, so timing does not reveal which logins exist.
            passwords.verify_password(_dummy_hash(), password)
        matches = stored is not None and passwords.matches(stored, password, ahead)
        # The counter and the lock are read and written under the write lock (BEGIN IMMEDIATE): sign-ins in
        # several processes at once count every failure instead of each adding one to the same old count.
        with self._db.transaction(SYSTEM_ACTOR, immediate=True) as session:
            user = _find_user(session, key)
            if user is None:
                # never store what was typed (it may be a password typed into the wrong field)
                _security_event(session, "login_failed", "", None, "Попытка входа с неизвестным логином")
                failure: str | None = self._wrong_credentials()
            else:
                if user.password_hash != stored:  # changed meanwhile: the check is made against the new one
                    matches = passwords.verify_password(user.password_hash, password)
                failure = self._check_user(session, user, password, matches, now, success, password_only)
        if failure:
            raise AuthenticationError(failure)
        assert user is not None
        return actor_of(user)

    def _check_user(
        self,
        session: Session,
        user: User,
        password: str,
        matches: bool,
        now: datetime,
        success: tuple[str, str],
        password_only: bool,
    ) -> str | None:
        if not user.is_active:
            _security_event(session, "login_failed", user.login, user, "Попытка входа в отключённую учётную запись")
            return "Учётная запись отключена администратором."
        if is_locked(user.locked_until, now):
            assert user.locked_until is not None
            _security_event(session, "login_failed", user.login, user, "Попытка входа в заблокированную учётную запись")
            return self._locked_message(user.locked_until, now)
        if not matches:
            user.failed_attempts, user.locked_until = self.policy.after_failure(user.failed_attempts, now)
            if user.locked_until is not None:
                _security_event(
                    session,
                    "account_locked",
                    user.login,
                    user,
                    "Учётная запись заблокирована после неудачных попыток входа",
                )
                return self._locked_message(user.locked_until, now)
            _security_event(session, "login_failed", user.login, user, "Неверный пароль")
            return wrong_credentials_message(self.policy, password_only)
        _clear_lockout(user)
        user.last_login_at = now
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash_password(password)
        _security_event(session, success[0], user.login, user, success[1])
        return None

    def _wrong_credentials(self) -> str:
        return wrong_credentials_message(self.policy)

    def _locked_message(self, until: datetime, now: datetime) -> str:
        return locked_message(self.policy, until, now)

    def create_user(self, actor: Actor, new_user: NewUser) -> UserRow:
        """Create a local account (administrators only); the password is stored as an argon2id hash."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            user = add_user(session, new_user)
        return _row(user)

    def users(self, actor: Actor) -> list[UserRow]:
        actor.require(Permission.MANAGE_USERS)
        with self._db.reading() as session:
            return [_row(user) for user in session.scalars(select(User).order_by(User.login))]

    def signatories(self, actor: Actor) -> Signatories:
        """Who signs a printed report: the office's head (the first active head, or coordinator at a region)
        and the position of the user who made it. Names on a signed form are no secret of the office."""
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            query = select(User.id, User.role, User.position, User.full_name).where(User.is_active.is_(True))
            people = list(session.execute(query.order_by(User.login)))
        head = next((u for u in people if u.role == Role.HEAD), None) or next(
            (u for u in people if u.role == Role.COORDINATOR), None
        )
        own = next((u for u in people if u.id == actor.user_id), None)
        return Signatories(head.position if head else "", head.full_name if head else "", own.position if own else "")

    def user_count(self) -> int:
        with self._db.reading() as session:
            return session.scalar(select(func.count()).select_from(User)) or 0

    def change_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        """Let a signed-in user replace their own password after confirming the old one."""
        with self._db.transaction(actor) as session:
            user = session.get(User, actor.user_id)
            if user is None:
                raise NotFound("Учётная запись не найдена.")
            if not passwords.verify_password(user.password_hash, old_password):
                raise ValidationError("Текущий пароль введён неверно.", {"old_password": "Неверный пароль."})
            validate_new_password(new_password, user.login, field="new_password")
            if passwords.verify_password(user.password_hash, new_password):
                message = "Новый пароль совпадает с прежним: придумайте другой."
                raise ValidationError(message, {"new_password": message})
            user.password_hash = passwords.hash_password(new_password)
            _security_event(session, "password_changed", user.login, user, "Пароль изменён")
            login = user.login
        # after the commit: a password that did not reach the database never replaces the wrap its old one opens
        wrap_database_key(self._db.key, self._db.path.parent, login, new_password)


class AccountAdministration:
    """What an administrator does to other accounts: unlock, set a new password, disable or enable."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _user(self, session: Session, login: str) -> User:
        user = _find_user(session, login)
        if user is None:
            raise NotFound(f"Пользователь с логином «{login.strip()}» не найден.")
        return user

    def unlock(self, actor: Actor, login: str) -> None:
        """Lift a lock-out after failed sign-ins before it runs out by itself."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            user = self._user(session, login)
            _clear_lockout(user)
            _security_event(
                session, "account_unlocked", user.login, user, f"Учётная запись разблокирована ({actor.login})"
            )
            unlocked = user.login
        clear_file_failures(self._db.key, self._db.path.parent, unlocked)

    def reset_password(self, actor: Actor, login: str, new_password: str) -> None:
        """Set a new password for a user who forgot theirs; the lock-out is lifted too."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            user = self._user(session, login)
            validate_new_password(new_password, user.login)
            user.password_hash = passwords.hash_password(new_password)
            _clear_lockout(user)
            _security_event(
                session, "password_reset", user.login, user, f"Пароль задан администратором ({actor.login})"
            )
            changed = user.login
        # the new password opens the encrypted database from now on (the old one no longer does)
        wrap_database_key(self._db.key, self._db.path.parent, changed, new_password)

    def set_active(self, actor: Actor, login: str, active: bool) -> None:
        """Disable an account (a colleague left) or enable it again; history stays in the journal."""
        actor.require(Permission.MANAGE_USERS)
        with self._db.transaction(actor) as session:
            user = self._user(session, login)
            if not active and user.id == actor.user_id:
                raise ValidationError("Нельзя отключить собственную учётную запись.")
            user.is_active = active


def recover_administrator(db: Database, os_account: str, new_password: str, login: str | None = None) -> str:
    """Give an administrator who lost the password a new one and lift the lock-out; the login it was done for.

    The caller has checked that ``os_account`` owns the data folder (cli/recover_admin.py): whoever owns it can
    copy or replace the database anyway, so this adds no power, it only leaves the journal saying who did it.
    Without ``login`` the one active administrator is meant; with several, the login must be named.
    """
    actor = Actor(user_id=None, login=f"ОС: {os_account}"[:64], full_name=os_account, role=Role.ADMIN)
    with db.transaction(actor) as session:
        admins = list(session.scalars(select(User).where(User.role == Role.ADMIN.value).order_by(User.login)))
        if login is not None:
            user = _find_user(session, login)
            if user is None or user.role != Role.ADMIN.value:
                names = ", ".join(admin.login for admin in admins) or "нет ни одного"
                raise NotFound(f"Администратора «{login.strip()}» нет (администраторы: {names}).")
        else:
            active = [admin for admin in admins if admin.is_active] or admins
            if len(active) != 1:
                names = ", ".join(admin.login for admin in active) or "нет ни одного"
                raise ValidationError(f"Укажите администратора в --login (администраторы: {names}).")
            user = active[0]
        validate_new_password(new_password, user.login)
        user.password_hash = passwords.hash_password(new_password)
        _clear_lockout(user)
        summary = f"Пароль администратора восстановлен владельцем папки данных — учётной записью ОС «{os_account}»"
        if not user.is_active:  # a disabled last administrator is as lost as a forgotten password
            user.is_active = True
            summary += "; учётная запись снова включена"
        _security_event(session, "password_recovered", actor.login, user, summary)
        return user.login


def add_user(session: Session, new_user: NewUser) -> User:
    """Insert an account after checking the login, name and password; used by set-up and the demo too."""
    login = validate_login(new_user.login)
    full_name = collapse_spaces(new_user.full_name)
    if not full_name:
        raise ValidationError("Укажите фамилию, имя и отчество пользователя.", {"full_name": "Укажите ФИО."})
    validate_new_password(new_user.password, login)
    if session.scalar(select(User.id).where(User.login == login)):
        message = f"Пользователь с логином «{login}» уже есть."
        raise ValidationError(message, {"login": message})
    user = User(
        login=login,
        full_name=full_name,
        position=collapse_spaces(new_user.position),
        role=new_user.role.value,
        password_hash=passwords.hash_password(new_user.password),
    )
    session.add(user)
    session.flush()
    _wrap_in_session(session, login, new_user.password)  # set-up, the demo and a new account alike
    return user


def _row(user: User) -> UserRow:
    return UserRow(
        id=user.id,
        login=user.login,
        full_name=user.full_name,
        position=user.position,
        role=Role(user.role),
        is_active=user.is_active,
        locked_until=user.locked_until,
        last_login_at=user.last_login_at,
    )
