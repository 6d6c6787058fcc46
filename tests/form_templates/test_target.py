"""A template is taken only for the form version, period and district it was made for."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import Period
from desktop_app.form_templates import FilledTemplate, check_template_target, read_template, write_template
from desktop_app.formkit.loader import parse_form
from tests.form_templates.support import DISTRICT, PERIOD, catalogue, fill, form_data, make_form


@pytest.fixture
def filled(tmp_path: Path) -> FilledTemplate:
    form = make_form()
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT)
    fill(path, {("3", ""): 4})
    return read_template(path, catalogue(form))


def test_the_template_fits_its_own_form_period_and_district(filled: FilledTemplate) -> None:
    check_template_target(filled, make_form(), PERIOD, DISTRICT)
    check_template_target(filled, make_form(), None, "  заречный   РАЙОН ")  # spaces and case do not matter


def test_a_template_of_another_form_version_is_refused(filled: FilledTemplate) -> None:
    with pytest.raises(UserError) as caught:
        check_template_target(filled, make_form(version=2), PERIOD, DISTRICT)

    assert caught.value.message == (
        "Шаблон сделан для версии 1 формы «Мониторинг для проверки шаблонов», а сейчас действует версия 2: "
        "запросите новый шаблон."
    )


def test_a_template_of_an_old_version_is_read_with_no_answers(tmp_path: Path) -> None:
    path = tmp_path / "шаблон.xlsx"
    write_template(path, make_form(), PERIOD, DISTRICT)
    fill(path, {("3", ""): 4})
    newer = make_form(version=2)

    filled = read_template(path, catalogue(newer))

    assert (filled.form_version, filled.answers, filled.issues, filled.form) == (1, {}, [], newer)
    with pytest.raises(UserError, match="версии 1 формы"):
        check_template_target(filled, newer, PERIOD, DISTRICT)


def test_a_template_for_another_period_is_refused(filled: FilledTemplate) -> None:
    with pytest.raises(UserError) as caught:
        check_template_target(filled, make_form(), Period.parse("2025"), DISTRICT)

    assert caught.value.message == (
        "Шаблон сделан за 2024 год, а выбран период 2025 год: выберите период шаблона или запросите новый шаблон."
    )


def test_a_template_for_another_district_is_refused(filled: FilledTemplate) -> None:
    with pytest.raises(UserError) as caught:
        check_template_target(filled, make_form(), PERIOD, "Нагорный район")

    assert caught.value.message == (
        "Шаблон сделан для района «Заречный район», а выбран район «Нагорный район»: запросите шаблон своего района."
    )


def test_a_template_of_another_form_is_refused(filled: FilledTemplate) -> None:
    data = form_data()
    data["id"], data["title"] = "other-form", "Другая форма"

    with pytest.raises(UserError, match="выбрана форма «Другая форма»"):
        check_template_target(filled, parse_form(data), PERIOD, DISTRICT)
