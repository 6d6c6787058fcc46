"""A child is a code, never a name: what reads like a name is found in the code and in a placement's reasons,
and the reasons an office usually writes pass."""

from __future__ import annotations

import pytest

from desktop_app.domain.pseudonymity import child_code_problem, name_in_text_problem, person_name_in


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("мать — Иванова Анна Петровна, в больнице", "Иванова Анна Петровна"),
        ("со слов Петров-Водкин Кузьма Сергеевич", "Петров-Водкин Кузьма Сергеевич"),
        ("отец Иванов П. С. лишён прав", "Иванов П. С."),
        ("отец Иванов П.С. лишён прав", "Иванов П.С."),
        ("заявление П. С. Иванова", "П. С. Иванова"),
        ("Артём Игоревич, 2 года", "Артём Игоревич"),
        ("мать Ильинична Ольга", None),  # a patronymic first is not how names are written
    ],
)
def test_names_as_offices_write_them_are_found(text: str, found: str | None) -> None:
    assert person_name_in(text) == found


@pytest.mark.parametrize(
    "reason",
    [
        "госпитализация матери",
        "Мать в стационаре ГБУЗ АО «Плесецкая ЦРБ» с 12.03.2026",
        "Постановление администрации Плесецкого муниципального округа № 45",
        "Решение КДНиЗП, Отдел опеки и попечительства",
        "",
    ],
)
def test_the_reasons_an_office_writes_pass(reason: str) -> None:
    assert name_in_text_problem(reason) is None


@pytest.mark.parametrize("code", ["Р-2026-07", "РС-0001", "12/3", "ДР 2026-4"])
def test_internal_codes_pass(code: str) -> None:
    assert child_code_problem(code) is None


@pytest.mark.parametrize("code", ["Артём", "Петя 2", "Соколов А.", "р-2026-петя", "ivan 7"])
def test_a_name_or_a_word_in_the_code_is_refused(code: str) -> None:
    problem = child_code_problem(code)
    assert problem is not None and "имя ребёнка в программу не вносится" in problem
