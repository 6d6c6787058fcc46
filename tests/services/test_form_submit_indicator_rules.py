"""A form of indicator questions is refused on submit when it breaks a rule across indicators, as the value grid
is: the same «ошибка» rule, the same sentence."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.domain.validation_rules import Importance
from desktop_app.formkit import load_catalogue
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleInput
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
PERIOD = Period.parse("2026-H2")
SPECIALIST, HEAD = make_actor(Role.SPECIALIST), make_actor(Role.HEAD)
FORM = "halfyear-indicators"
RULE = "Возвращённых в семью не больше, чем детей в учреждениях"


def test_the_half_year_form_is_refused_with_the_rules_sentence(demo_db: Database) -> None:
    today = lambda: date(2026, 7, 2)  # noqa: E731 (a clock for the service)
    entry = IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)
    forms = FormAnswers(demo_db, load_catalogue(), entry, ComputedValues(demo_db))
    state = forms.state(SPECIALIST, FORM, PERIOD, DISTRICT)
    assert state.program_id is not None
    CatalogueValidationRules(demo_db).add(
        HEAD, state.program_id, RuleInput(RULE, "#{1.2.числитель}", "≤", "#{1.1}", Importance.ERROR)
    )
    children, returned, of = 20, 24, 30
    forms.save(SPECIALIST, state, {"1.1": {"value": children}, "1.2": {"numerator": returned, "denominator": of}})
    with pytest.raises(ValidationError) as refusal:
        forms.submit(SPECIALIST, FORM, PERIOD, DISTRICT)
    assert f"Числитель 1.2 ({returned}) больше, чем 1.1 ({children}): правило «{RULE}»." in refusal.value.message

    state = forms.state(SPECIALIST, FORM, PERIOD, DISTRICT)
    forms.save(SPECIALIST, state, {"1.1": {"value": children}, "1.2": {"numerator": children - 1, "denominator": of}})
    assert forms.submit(SPECIALIST, FORM, PERIOD, DISTRICT).status.value == "submitted"
