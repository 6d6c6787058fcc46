"""Rules for local accounts: login names, password policy and lock-out after failed attempts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.domain import plural
from desktop_app.domain.errors import ValidationError

_LOGIN = re.compile(r"^[a-zA-Z0-9_.\-а-яА-ЯёЁ]{2,64}$")
MIN_PASSWORD_LENGTH = 8
# Passwords that pass the length and mix rules but are tried first by anyone guessing (keyboard runs, «пароль»).
COMMON_PASSWORDS = frozenset(
    {
        "password1", "password123", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty12", "qwerty123", "qwerty1234",
        "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "q1w2e3r4t5", "1qaz2wsx", "zaq12wsx", "qwe12345", "qwe123456",
        "123qweasd", "asdf1234", "qwer1234", "zxcv1234", "abc12345", "a1234567", "12345678a", "admin123",
        "admin1234", "iloveyou1", "пароль123", "пароль1234", "йцукен123", "йцукен12", "1й2ц3у4к", "qazwsx123",
    }
)  # fmt: skip


def normalise_login(login: str) -> str:
    """Logins are compared case-insensitively: «Ivanova» and «ivanova» are one account."""
    return login.strip().casefold()


def validate_login(login: str) -> str:
    """Return the normalised login or raise ValidationError with the reason."""
    value = normalise_login(login)
    if not value:
        raise ValidationError("Укажите логин.", {"login": "Укажите логин."})
    if not _LOGIN.match(value):
        message = "Логин — от 2 до 64 букв, цифр, точек, дефисов или подчёркиваний, без пробелов."
        raise ValidationError(message, {"login": message})
    return value


def password_problems(password: str, login: str = "") -> list[str]:
    """Everything wrong with a new password, as Russian sentences; empty when it is acceptable."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов.")
    if password.strip() != password:
        problems.append("Пароль не должен начинаться или заканчиваться пробелом.")
    if login and normalise_login(password) == normalise_login(login):
        problems.append("Пароль не должен совпадать с логином.")
    if password and (password.isdigit() or password.isalpha()):
        problems.append("Пароль должен содержать и буквы, и цифры или другие знаки.")
    elif password.casefold() in COMMON_PASSWORDS:
        problems.append("Это один из самых распространённых паролей: его подбирают первым. Придумайте другой.")
    return problems


def validate_new_password(password: str, login: str = "", field: str = "password") -> None:
    """Raise ValidationError naming the first problem of a new password."""
    problems = password_problems(password, login)
    if problems:
        raise ValidationError(problems[0], {field: " ".join(problems)})


@dataclass(frozen=True)
class LockoutPolicy:
    """After ``max_failures`` wrong passwords in a row the account is locked for ``lock_minutes``."""

    max_failures: int = 5
    lock_minutes: int = 15

    def after_failure(self, failures_before: int, now: datetime) -> tuple[int, datetime | None]:
        """Return the new failure count and, when the limit is reached, the time the lock ends."""
        failures = failures_before + 1
        if failures >= self.max_failures:
            return 0, now + timedelta(minutes=self.lock_minutes)
        return failures, None

    def attempts_left(self, failures: int) -> int:
        return max(self.max_failures - failures, 0)


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """An account is locked while its lock time lies in the future."""
    return locked_until is not None and locked_until > now


def minutes_word(n: int) -> str:
    """Russian plural of «минута» for n, as in «блокируется на 15 минут»."""
    return plural.MINUTE.form(n)


# One message for an unknown login and a wrong password, so the answer never tells which logins exist.
WRONG_CREDENTIALS = "Неверный логин или пароль."
# A prompt that asks only the password (the login is known: the signed-in user) names what was wrong.
WRONG_PASSWORD = "Неверный пароль."


def wrong_credentials_message(policy: LockoutPolicy, password_only: bool = False) -> str:
    """The refusal of a wrong password with the lock-out rule; ``password_only`` for a prompt without a login."""
    minutes = policy.lock_minutes
    wrong = WRONG_PASSWORD if password_only else WRONG_CREDENTIALS
    return (
        f"{wrong} После {policy.max_failures} неудачных попыток подряд вход "
        f"блокируется на {minutes} {minutes_word(minutes)}."
    )


def locked_message(policy: LockoutPolicy, until: datetime, now: datetime) -> str:
    """The refusal of a locked account, with the minutes left until its lock ends."""
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return (
        f"Учётная запись заблокирована после {policy.max_failures} неудачных попыток входа. "
        f"Повторите через {minutes} {minutes_word(minutes)} или обратитесь к администратору."
    )
