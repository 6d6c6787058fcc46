"""Rules across questions at the service: a draft is saved with the problems listed, submitting is refused
naming the broken rules, and a detail the answer no longer asks for is not stored."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
SPECIALIST = make_actor(Role.SPECIALIST)
FORM = "early-help-monitoring"
Y2023 = Period.parse("2023")


@pytest.fixture
def forms(demo_db: Database) -> FormAnswers:
    today = lambda: date(2026, 7, 2)  # noqa: E731
    entry = IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)
    return FormAnswers(demo_db, load_catalogue(), entry, ComputedValues(demo_db))


def test_a_draft_with_a_broken_rule_is_saved_and_lists_it(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, FORM, Y2023, DISTRICT)
    # 6 + 6 = 12 units by department, 10 in total
    answers = {"5.1": {"_": {"0": 10}}, "5.1.1": {"health": {"0": 6}, "education": {"0": 6}}}
    saved = forms.save(SPECIALIST, state, answers)
    assert saved.answers == answers
    assert [issue.message for issue in saved.rule_issues] == [
        "5.1.1 (12) больше, чем 5.1 (10) за 2023 г.: часть не может превышать целое."
    ]


def test_submit_is_refused_naming_the_broken_rules(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, FORM, Y2023, DISTRICT)
    units = {"health": {"0": 1}, "social": {"0": 1}, "education": {"0": 1}, "nonprofit": {"0": 2}}
    # 1 + 1 + 1 + 2 = 5 = 5.1; 11.1 says 3 non-state providers where 5.1.1 says 2
    forms.save(SPECIALIST, state, {"5.1": {"_": {"0": 5}}, "5.1.1": units, "11.1": {"_": {"0": 3}}})
    with pytest.raises(ValidationError) as caught:
        forms.submit(SPECIALIST, FORM, Y2023, DISTRICT)
    assert caught.value.message.startswith("Форма не представлена: ответы не сходятся между собой. 11.1 (3) не равно")
    assert list(caught.value.field_errors) == ["11.1|_/0"]
    assert forms.state(SPECIALIST, FORM, Y2023, DISTRICT).status is ValueStatus.DRAFT

    fixed = forms.save(
        SPECIALIST,
        forms.state(SPECIALIST, FORM, Y2023, DISTRICT),
        {"11.1": {"_": {"0": 2}}} | {"5.1": {"_": {"0": 5}}, "5.1.1": units},
    )
    assert fixed.rule_issues == []
    assert forms.submit(SPECIALIST, FORM, Y2023, DISTRICT).status is ValueStatus.SUBMITTED


def test_a_detail_the_answer_does_not_ask_for_is_not_stored(forms: FormAnswers) -> None:
    state = forms.state(SPECIALIST, FORM, Y2023, DISTRICT)
    saved = forms.save(SPECIALIST, state, {"1.3": {"value": False, "detail": "Приказ № 12 от 01.02.2023"}})
    assert saved.answers == {"1.3": {"value": False}}
