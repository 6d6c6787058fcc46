"""Account rules, roles and permissions, Russian numbers and the search key for Cyrillic text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop_app.domain.accounts import (
    LockoutPolicy,
    is_locked,
    minutes_word,
    password_problems,
    validate_login,
)
from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import PermissionDenied, ValidationError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.roles import Permission, Role, role_allows
from desktop_app.domain.text import search_key
from tests.conftest import make_actor

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


# --- passwords and logins -------------------------------------------------------------------------------


def test_password_with_letters_and_digits_is_accepted() -> None:
    assert password_problems("opeka2025", login="ivanova") == []


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("abc123", "не короче 8 символов"),
        ("abcdefghij", "и буквы, и цифры"),
        ("1234567890", "и буквы, и цифры"),
        (" opeka2025", "пробелом"),
        ("opeka2025 ", "пробелом"),
        ("Ivanova77", "совпадать с логином"),
    ],
)
def test_weak_password_is_explained_in_russian(password: str, fragment: str) -> None:
    problems = password_problems(password, login="ivanova77")
    assert any(fragment in problem for problem in problems), problems


def test_every_problem_of_a_password_is_listed() -> None:
    assert len(password_problems("abc")) == 2  # too short and letters only


@pytest.mark.parametrize(
    ("raw", "stored"), [("Ivanova", "ivanova"), ("  ПЕТРОВА.а ", "петрова.а"), ("o_p-e.k4", "o_p-e.k4")]
)
def test_login_is_stored_in_lower_case_without_surrounding_spaces(raw: str, stored: str) -> None:
    assert validate_login(raw) == stored


@pytest.mark.parametrize("login", ["", "   ", "a", "ivan ova", "ivanova@mail", "x" * 65])
def test_unusable_login_is_refused_beside_the_login_field(login: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_login(login)
    assert "login" in caught.value.field_errors


# --- lock-out -------------------------------------------------------------------------------------------


def test_first_four_failures_count_without_locking() -> None:
    policy = LockoutPolicy()
    failures = 0
    for expected in range(1, 5):
        failures, locked_until = policy.after_failure(failures, NOW)
        assert (failures, locked_until) == (expected, None)
        assert policy.attempts_left(failures) == 5 - expected


def test_fifth_failure_locks_for_fifteen_minutes_and_resets_the_count() -> None:
    failures, locked_until = LockoutPolicy().after_failure(4, NOW)
    assert failures == 0
    assert locked_until == NOW + timedelta(minutes=15)


def test_account_is_locked_only_while_the_lock_lies_ahead() -> None:
    until = NOW + timedelta(minutes=15)
    assert is_locked(until, NOW)
    assert is_locked(until, until - timedelta(seconds=1))
    assert not is_locked(until, until)
    assert not is_locked(until, until + timedelta(minutes=1))
    assert not is_locked(None, NOW)


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "минуту"),
        (2, "минуты"),
        (4, "минуты"),
        (5, "минут"),
        (11, "минут"),
        (12, "минут"),
        (14, "минут"),
        (15, "минут"),
        (21, "минуту"),
        (22, "минуты"),
        (25, "минут"),
        (101, "минуту"),
        (111, "минут"),
        (0, "минут"),
    ],
)
def test_minutes_take_the_russian_plural_form(n: int, word: str) -> None:
    assert minutes_word(n) == word


# --- roles and permissions ------------------------------------------------------------------------------


def test_specialist_can_enter_data_but_not_approve_or_manage_users() -> None:
    assert role_allows(Role.SPECIALIST, Permission.EDIT_DATA)
    assert not role_allows(Role.SPECIALIST, Permission.APPROVE_REPORTS)
    assert not role_allows(Role.SPECIALIST, Permission.MANAGE_USERS)
    assert not role_allows(Role.SPECIALIST, Permission.VIEW_AUDIT)


def test_head_can_approve_reports_but_not_manage_users() -> None:
    assert role_allows(Role.HEAD, Permission.APPROVE_REPORTS)
    assert not role_allows(Role.HEAD, Permission.MANAGE_USERS)


@pytest.mark.parametrize("permission", list(Permission))
def test_administrator_has_every_permission(permission: Permission) -> None:
    assert role_allows(Role.ADMIN, permission)
    make_actor(Role.ADMIN).require(permission)


def test_every_role_has_a_russian_label() -> None:
    assert [role.label for role in Role] == ["Специалист", "Руководитель", "Координатор региона", "Администратор"]


def test_refused_operation_names_the_role_and_the_right() -> None:
    actor: Actor = make_actor(Role.SPECIALIST)
    assert not actor.can(Permission.MANAGE_USERS)
    with pytest.raises(PermissionDenied) as caught:
        actor.require(Permission.MANAGE_USERS)
    assert "«Специалист»" in caught.value.message
    assert "управление пользователями" in caught.value.message


def test_allowed_operation_passes_silently() -> None:
    make_actor(Role.HEAD).require(Permission.APPROVE_REPORTS)


# --- numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.5, "1 234,5"),
        (1234567, "1 234 567"),
        (1234567.0, "1 234 567"),
        (0.5, "0,5"),
        (0, "0"),
        (38, "38"),
        (-1234.5, "-1 234,5"),
        (-7, "-7"),
        (12.34, "12,3"),  # one decimal by default
        (None, ""),
    ],
)
def test_number_is_written_the_russian_way(value: float | int | None, text: str) -> None:
    assert format_number(value) == text


def test_number_keeps_requested_decimals_without_trailing_zeros() -> None:
    assert format_number(1234.567, decimals=2) == "1 234,57"
    assert format_number(2.5, decimals=3) == "2,5"


def test_number_rounded_to_whole_keeps_its_zeros() -> None:
    assert format_number(10.4, decimals=0) == "10"
    assert format_number(100.2, decimals=0) == "100"


def test_small_negative_number_rounded_to_zero_has_no_minus() -> None:
    assert format_number(-0.04) == "0"


# --- search key -----------------------------------------------------------------------------------------


def test_search_key_treats_yo_as_ye() -> None:
    assert search_key("Коченёвский район") == search_key("Коченевский район") == "коченевский район"
    assert search_key("ЁЛКА") == "елка"


def test_search_key_folds_cyrillic_case() -> None:
    assert search_key("ДЕТИ В СЕМЬЕ") == search_key("Дети в семье") == "дети в семье"


def test_search_key_collapses_spaces_and_line_breaks() -> None:
    assert search_key("  Отдел \n опеки\t\tи  попечительства ") == "отдел опеки и попечительства"


def test_search_key_matches_decomposed_letters() -> None:
    decomposed_yo = "\u0435\u0308"  # е followed by a combining diaeresis, as PDF extraction often leaves it
    decomposed_short_i = "\u0438\u0306"  # и followed by a combining breve
    assert search_key(f"Кочен{decomposed_yo}вский район") == search_key("Коченевский район")
    assert search_key(f"Тогучи{decomposed_short_i}") == search_key("Тогучий")


@pytest.mark.parametrize("password", ["qwerty123", "Password1", "ЙЦУКЕН123", "1q2w3e4r"])
def test_the_most_common_passwords_are_refused_even_when_long_and_mixed(password: str) -> None:
    assert any("распространённых" in problem for problem in password_problems(password, "ivanova"))
