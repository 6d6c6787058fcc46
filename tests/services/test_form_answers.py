"""Answers to forms: saving with checks, indicator questions shared with the value grid, carry-over, workflow."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers, reporting_period
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
SPECIALIST = make_actor(Role.SPECIALIST)
HEAD = make_actor(Role.HEAD)
Y2023 = Period.parse("2023")
Y2024 = Period.parse("2024")


@pytest.fixture
def entry(demo_db: Database) -> IndicatorEntry:
    today = lambda: date(2026, 7, 2)  # noqa: E731
    return IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)


@pytest.fixture
def forms(demo_db: Database, entry: IndicatorEntry) -> FormAnswers:
    return FormAnswers(demo_db, load_catalogue(), entry, ComputedValues(demo_db))


def test_answers_are_saved_with_the_form_version_and_read_back(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    assert state.answer_id is None and state.completion == (0, 95)
    answers = {
        "1.3": {"value": True, "detail": "Приказ № 12 от 01.02.2023"},
        "1.4": {"health": True, "social": False},
        "5.1": {"_": {"0": 4, "-1": 3}},
        "7.1-7.3": [{"equipment": "Сенсорная комната", "source": "областной бюджет", "amount": 350.5}],
    }
    saved = forms.save(SPECIALIST, state, answers)
    assert saved.answers == answers
    assert saved.stored_version == 1 and saved.status is ValueStatus.DRAFT
    assert saved.completion == (4, 95)


def test_wrong_cells_are_named_and_nothing_is_stored(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    with pytest.raises(ValidationError) as caught:
        forms.save(SPECIALIST, state, {"1.3": {"value": True, "detail": ""}, "5.1": {"_": {"0": -1}}})
    assert set(caught.value.field_errors) == {"1.3|detail", "5.1|_/0"}
    assert caught.value.field_errors["1.3|detail"] == "При ответе «Да» укажите название, номер и дату приказа."
    assert forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT).answer_id is None


def test_last_years_answer_fills_the_previous_year_cells(forms: FormAnswers) -> None:
    first = forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    forms.save(SPECIALIST, first, {"5.1": {"_": {"0": 4, "-1": 3}}, "5.1.1": {"health": {"0": 2}}})
    next_year = forms.state(SPECIALIST, "early-help-monitoring", Y2024, DISTRICT)
    assert next_year.answers["5.1"] == {"_": {"-1": 4}}
    assert next_year.answers["5.1.1"]["health"] == {"-1": 2}
    assert ("5.1", "_/-1") in next_year.carried


def test_indicator_questions_write_the_indicator_values(forms: FormAnswers, entry: IndicatorEntry) -> None:
    period = Period.parse("2026-H1")
    state = forms.state(SPECIALIST, "halfyear-indicators", period, DISTRICT)
    assert state.indicators["1.2"].needs_ratio and state.indicators["1.1"].plan_text == "31"
    forms.save(SPECIALIST, state, {"1.1": {"value": 30}, "1.2": {"numerator": 3, "denominator": 4}})
    assert state.program_id is not None
    sheet = entry.sheets.sheet(SPECIALIST, state.program_id, period, DISTRICT)
    values = {row.code: row.value for row in sheet.rows if row.has_value}
    assert values == {"1.1": 30, "1.2": 75.0}
    again = forms.state(SPECIALIST, "halfyear-indicators", period, DISTRICT)
    assert again.answers["1.2"]["value"] == 75.0


def test_register_numbers_are_offered_with_where_they_came_from(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, "resource-families-monthly", Period.parse("2025-10"), DISTRICT)
    ready = state.offers["1.5"]
    assert ready.value >= 1
    assert ready.note.startswith("Семьи в реестре, готовые принять ребёнка, на конец периода:")
    assert "РС-" in ready.note


def test_workflow_submit_approve_and_frozen_for_a_specialist(forms: FormAnswers) -> None:
    state = forms.save(SPECIALIST, forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT), {"1.1": "Текст"})
    submitted = forms.submit(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    assert submitted.status is ValueStatus.SUBMITTED
    with pytest.raises(PermissionDenied):
        forms.approve(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    approved = forms.approve(HEAD, "early-help-monitoring", Y2023, DISTRICT)
    assert approved.status is ValueStatus.APPROVED and approved.approved_by
    with pytest.raises(PermissionDenied, match="утверждены"):
        forms.save(SPECIALIST, approved, {"1.1": "Другой текст"})
    changed = forms.save(HEAD, approved, {"1.1": "Другой текст"})
    assert changed.status is ValueStatus.DRAFT and state.row_version < changed.row_version


def test_form_refuses_a_period_of_another_kind(forms: FormAnswers) -> None:
    with pytest.raises(UserError, match="заполняется за период вида «год»"):
        forms.state(SPECIALIST, "early-help-monitoring", Period.parse("2025-H1"), DISTRICT)


def test_overview_lists_each_form_for_the_period_it_is_due(forms: FormAnswers) -> None:
    today = date(2026, 11, 23)
    summaries = {s.form.id: s for s in forms.overview(SPECIALIST, DISTRICT, today)}
    # the period being reported: October until it locks (its deadline 05.11.2026 + 30 days); 2025 locked in
    # February 2026, so the year in progress
    assert summaries["resource-families-monthly"].period.code == "2026-10"
    assert summaries["early-help-monitoring"].period.code == "2026"
    assert summaries["halfyear-indicators"].period == reporting_period(summaries["halfyear-indicators"].form, today)
    assert not summaries["early-help-monitoring"].filled


def test_a_form_of_indicators_only_is_submitted_and_approved_with_its_values(
    forms: FormAnswers, entry: IndicatorEntry
) -> None:
    period = Period.parse("2026-H2")
    state = forms.state(SPECIALIST, "halfyear-indicators", period, DISTRICT)
    saved = forms.save(SPECIALIST, state, {"1.1": {"value": 25}})
    assert saved.answer_id is not None
    forms.submit(SPECIALIST, "halfyear-indicators", period, DISTRICT)
    assert state.program_id is not None
    grid = {row.code: row for row in entry.sheets.sheet(SPECIALIST, state.program_id, period, DISTRICT).rows}
    assert grid["1.1"].status is ValueStatus.SUBMITTED
    forms.approve(HEAD, "halfyear-indicators", period, DISTRICT)
    grid = {row.code: row for row in entry.sheets.sheet(SPECIALIST, state.program_id, period, DISTRICT).rows}
    assert grid["1.1"].status is ValueStatus.APPROVED


def test_a_cleared_previous_year_cell_is_not_carried_again(forms: FormAnswers) -> None:
    forms.save(SPECIALIST, forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT), {"5.1": {"_": {"0": 4}}})
    offered = forms.state(SPECIALIST, "early-help-monitoring", Y2024, DISTRICT)
    assert offered.answers["5.1"] == {"_": {"-1": 4}}
    forms.save(SPECIALIST, offered, {"1.1": "Только текст"})
    again = forms.state(SPECIALIST, "early-help-monitoring", Y2024, DISTRICT)
    assert "5.1" not in again.answers and again.carried == ()


def test_answers_to_questions_a_new_version_dropped_are_not_shown(forms: FormAnswers, demo_db: Database) -> None:
    from desktop_app.storage.models import FormAnswer

    forms.save(SPECIALIST, forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT), {"1.1": "Текст"})
    with demo_db.transaction() as session:
        for row in session.query(FormAnswer):
            row.answers = {**row.answers, "99.9": "вопрос прежней версии"}
    state = forms.state(SPECIALIST, "early-help-monitoring", Y2023, DISTRICT)
    assert state.answers == {"1.1": "Текст"}
    forms.save(SPECIALIST, state, {"1.1": "Текст 2"})
