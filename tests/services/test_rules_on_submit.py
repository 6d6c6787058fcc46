"""A period's values are checked against the program's rules across indicators when they are submitted: a
broken rule of importance «ошибка» refuses the submission with its sentence, a «предупреждение» is only listed,
a rule with an empty side is skipped."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.domain.validation_rules import Importance
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleInput
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.indicator_sheet import IndicatorSheet, ValueStatus
from desktop_app.services.sheet_rules import sheet_failures
from desktop_app.storage.database import Database
from tests.conftest import make_actor

DISTRICT = "Плесецкий муниципальный округ"
H2_2026 = Period.parse("2026-H2")
SPECIALIST = make_actor(Role.SPECIALIST)
HEAD = make_actor(Role.HEAD)
RULE = "Возвращённых в семью не больше, чем детей в учреждениях"


@pytest.fixture
def entry(demo_db: Database) -> IndicatorEntry:
    today = lambda: date(2026, 7, 2)  # noqa: E731 (a clock for the service)
    return IndicatorEntry(demo_db, ComputedValues(demo_db, today), today)


@pytest.fixture
def program_id(entry: IndicatorEntry) -> str:
    return entry.sheets.programs(SPECIALIST)[0][0]


def _rows(entry: IndicatorEntry, program_id: str) -> dict[str, tuple[str, int]]:
    """Code → (indicator id, the stored value's version) as a screen would have read them."""
    current = entry.sheets.sheet(SPECIALIST, program_id, H2_2026, DISTRICT)
    return {row.code: (row.indicator_id, row.row_version) for row in current.rows}


def _enter(
    entry: IndicatorEntry, program_id: str, children: float | None, returned: float, of: float
) -> IndicatorSheet:
    rows = _rows(entry, program_id)
    changes = [ValueChange(rows["1.2"][0], numerator=returned, denominator=of, expected_version=rows["1.2"][1])]
    if children is not None:
        changes.append(ValueChange(rows["1.1"][0], value=children, expected_version=rows["1.1"][1]))
    return entry.save(SPECIALIST, program_id, H2_2026, DISTRICT, changes)


def _statuses(sheet: IndicatorSheet) -> set[ValueStatus]:
    return {row.status for row in sheet.rows if row.has_data}


def test_a_broken_error_rule_refuses_the_submission_with_its_sentence(
    entry: IndicatorEntry, program_id: str, demo_db: Database
) -> None:
    CatalogueValidationRules(demo_db).add(
        HEAD, program_id, RuleInput(RULE, "#{1.2.числитель}", "≤", "#{1.1}", Importance.ERROR)
    )
    children, returned, of = 26, 27, 30  # 27 of 30 is 90 %: the share alone is a fine value
    _enter(entry, program_id, children, returned, of)
    with pytest.raises(ValidationError) as refusal:
        entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    expected = f"Числитель 1.2 ({returned}) больше, чем 1.1 ({children}): правило «{RULE}»."
    assert expected in refusal.value.message
    assert expected in refusal.value.field_errors.values()
    assert _statuses(entry.sheets.sheet(SPECIALIST, program_id, H2_2026, DISTRICT)) == {ValueStatus.DRAFT}

    _enter(entry, program_id, children, returned - 2, of)  # 25 ≤ 26: the rule holds
    submitted = entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    assert _statuses(submitted) == {ValueStatus.SUBMITTED}


def test_a_broken_warning_rule_is_listed_but_lets_the_period_be_submitted(
    entry: IndicatorEntry, program_id: str
) -> None:
    # the demo declares «числитель 1.2 ≤ 1.1» as a warning
    sheet = _enter(entry, program_id, 20, 22, 30)
    [failure] = sheet_failures(sheet)
    assert failure.rule.importance is Importance.WARNING
    assert failure.sentence.startswith("Числитель 1.2 (22) больше, чем 1.1 (20): правило «")
    submitted = entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)
    assert _statuses(submitted) == {ValueStatus.SUBMITTED}


def test_a_rule_with_an_empty_side_is_skipped_on_submit(
    entry: IndicatorEntry, program_id: str, demo_db: Database
) -> None:
    CatalogueValidationRules(demo_db).add(
        HEAD, program_id, RuleInput(RULE, "#{1.2.числитель}", "≤", "#{1.1}", Importance.ERROR)
    )
    sheet = _enter(entry, program_id, None, 27, 30)  # 1.1 not entered yet
    assert sheet_failures(sheet) == []
    assert _statuses(entry.submit(SPECIALIST, program_id, H2_2026, DISTRICT)) == {ValueStatus.SUBMITTED}
