"""The Excel round trip through the services: the same answers as the screen, previews, refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.form_fill import FormFill
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.form_templates.support import fill

SPECIALIST = make_actor(Role.SPECIALIST)
Y2023 = Period.parse("2023")
ON_SCREEN, IN_EXCEL = "Плесецкий муниципальный округ", "Онежский муниципальный округ"
FORM = "early-help-monitoring"

SCREEN_ANSWERS: dict[str, Any] = {
    "1.1": "Проведены межведомственные совещания",
    "1.3": {"value": True, "detail": "Приказ № 12 от 01.02.2023"},
    "1.4": {"health": True, "social": False, "education": True},
    "5.1": {"_": {"0": 4, "-1": 3}},
    "5.1.1": {"health": {"0": 2, "-1": 1}},
    "7.1-7.3": [{"equipment": "Сенсорная комната", "funding_source": "областной бюджет", "amount": 350.5}],
}
EXCEL_CELLS = {
    ("1.1", ""): "Проведены межведомственные совещания",
    ("1.3", ""): "Да",
    ("1.3", "detail"): "Приказ № 12 от 01.02.2023",
    ("1.4", "health"): "Да",
    ("1.4", "social"): "нет",
    ("1.4", "education"): "Да",
    ("5.1", "_/0"): 4,
    ("5.1", "_/-1"): "3",
    ("5.1.1", "health/0"): "2",
    ("5.1.1", "health/-1"): 1,
    ("7.1-7.3", "1/equipment"): "Сенсорная комната",
    ("7.1-7.3", "1/funding_source"): "областной бюджет",
    ("7.1-7.3", "1/amount"): "350,5",
}


@pytest.fixture
def forms(demo_db: Database) -> FormAnswers:
    computed = ComputedValues(demo_db)
    return FormAnswers(demo_db, load_catalogue(), IndicatorEntry(demo_db, computed), computed)


@pytest.fixture
def excel(forms: FormAnswers) -> FormFill:
    return FormFill(forms, "Тест")


def test_screen_and_excel_give_the_same_stored_answers(forms: FormAnswers, excel: FormFill, tmp_path: Path) -> None:
    forms.save(SPECIALIST, forms.state(SPECIALIST, FORM, Y2023, ON_SCREEN), SCREEN_ANSWERS)
    template = excel.write_template(SPECIALIST, FORM, Y2023, IN_EXCEL, tmp_path / "анкета.xlsx")
    fill(template, EXCEL_CELLS)
    preview = excel.preview(SPECIALIST, template, IN_EXCEL)
    assert preview.issues == ()
    assert ("1.3", "1.3", "Приказ № 12 от 01.02.2023") in {(c.question_id, c.number, c.new) for c in preview.changes}
    excel.apply(SPECIALIST, preview)
    on_screen = forms.state(SPECIALIST, FORM, Y2023, ON_SCREEN).answers
    from_excel = forms.state(SPECIALIST, FORM, Y2023, IN_EXCEL).answers
    assert from_excel == on_screen == SCREEN_ANSWERS


def test_prefilled_template_changes_only_what_the_partner_typed(
    forms: FormAnswers, excel: FormFill, tmp_path: Path
) -> None:
    forms.save(SPECIALIST, forms.state(SPECIALIST, FORM, Y2023, ON_SCREEN), SCREEN_ANSWERS)
    template = excel.write_template(SPECIALIST, FORM, Y2023, ON_SCREEN, tmp_path / "анкета.xlsx")
    fill(template, {("5.1", "_/0"): 5})
    preview = excel.preview(SPECIALIST, template, ON_SCREEN)
    assert [(c.number, c.where, c.old, c.new) for c in preview.changes] == [("5.1", "2023 г.", "4", "5")]
    excel.apply(SPECIALIST, preview)
    assert forms.state(SPECIALIST, FORM, Y2023, ON_SCREEN).answers["5.1"] == {"_": {"0": 5, "-1": 3}}


def test_wrong_cells_are_listed_and_nothing_is_taken(forms: FormAnswers, excel: FormFill, tmp_path: Path) -> None:
    template = excel.write_template(SPECIALIST, FORM, Y2023, ON_SCREEN, tmp_path / "анкета.xlsx")
    where = fill(template, {("5.1", "_/0"): "много", ("1.1", ""): "Текст"})
    preview = excel.preview(SPECIALIST, template, ON_SCREEN)
    assert [(i.address, i.question_id) for i in preview.issues] == [(f"Анкета!{where[('5.1', '_/0')]}", "5.1")]
    assert "не число" in preview.issues[0].message
    with pytest.raises(ValidationError, match="есть ошибки"):
        excel.apply(SPECIALIST, preview)
    assert forms.state(SPECIALIST, FORM, Y2023, ON_SCREEN).answer_id is None


def test_template_of_another_period_or_district_is_refused(excel: FormFill, tmp_path: Path) -> None:
    template = excel.write_template(SPECIALIST, FORM, Y2023, ON_SCREEN, tmp_path / "анкета.xlsx")
    with pytest.raises(UserError, match="2024"):
        excel.preview(SPECIALIST, template, ON_SCREEN, Period.parse("2024"))
    with pytest.raises(UserError, match="Онежский"):
        excel.preview(SPECIALIST, template, IN_EXCEL)


def test_an_untouched_template_of_percentages_changes_nothing(excel: FormFill, tmp_path: Path) -> None:
    template = excel.write_template(
        SPECIALIST, "halfyear-indicators", Period.parse("2026-H1"), ON_SCREEN, tmp_path / "п.xlsx"
    )
    preview = excel.preview(SPECIALIST, template, ON_SCREEN)
    assert preview.issues == () and preview.changes == ()  # 10 of 13 is 76,923…%: computed, never an input
