"""On 20 July each office opens «Обзор», the indicator grid, the measures and the register: every figure is
the one the office typed or the one counted here from what it typed."""

from __future__ import annotations

import pytest

from desktop_app.domain.periods import Period
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.sync.merge import Outcome
from tests.scenario.conftest import MONITORING_FORM, MONTHLY_FORM, REGION_PLAN_FOR_ONEGA_2_1, TODAY, HalfYear
from tests.scenario.expected import district_value, overdue_measures, ready_families, values_of
from tests.scenario.inputs import DISTRICTS, H1, HALF_YEAR, INDICATORS, JUNE, ONEGA, PLESETSK, VELSK, YEAR_2025

YEAR_2026 = Period.parse("2026")

READY_TARGET = 5  # seed 000: at least five ready families in every municipality


@pytest.mark.parametrize("district", DISTRICTS)
def test_the_overview_shows_the_half_year_as_the_office_entered_it(half_year: HalfYear, district: str) -> None:
    office, head = half_year.districts[district], half_year.staff[district].head
    board = office.dashboard(head)
    assert board.today == TODAY
    assert board.sheet is not None and board.sheet.period == H1, "on 20 July the half-year being reported is H1"
    typed = values_of(district)
    for row in board.sheet.rows:
        assert row.value == pytest.approx(district_value(district, row.code)), row.code
        if isinstance(typed[row.code], tuple):
            assert (row.numerator, row.denominator) == typed[row.code]
        own_plan = REGION_PLAN_FOR_ONEGA_2_1 if (district, row.code) == (ONEGA, "2.1") else INDICATORS[row.code][2]
        assert row.plan == pytest.approx(own_plan), row.code
    assert board.sheet.filled == len(typed)


@pytest.mark.parametrize("district", DISTRICTS)
def test_overdue_measures_are_those_due_in_the_half_year_without_a_report(half_year: HalfYear, district: str) -> None:
    office, head = half_year.districts[district], half_year.staff[district].head
    expected = overdue_measures(district)
    board = office.dashboard(head)
    assert sorted(row.full_number for row in board.overdue) == sorted(expected)
    assert board.overdue_total == len(expected)
    listed = office.registry.measures(head, filters=MeasureFilter(period=H1, overdue_only=True), today=TODAY)
    assert sorted(row.full_number for row in listed) == sorted(expected)
    for row in office.registry.measures(head, filters=MeasureFilter(period=H1), today=TODAY):
        assert row.reported == (row.full_number in HALF_YEAR[district].reports), row.full_number
        report = HALF_YEAR[district].reports.get(row.full_number)
        assert row.document_count == (1 if report is not None and report.document else 0)
        assert row.approved == (report is not None and district != ONEGA)  # the heads who sent approved first


@pytest.mark.parametrize("district", DISTRICTS)
def test_ready_families_against_the_target_of_five(half_year: HalfYear, district: str) -> None:
    office, head = half_year.districts[district], half_year.staff[district].head
    [target] = office.dashboard(head).targets
    ready = ready_families(district)
    assert (target.municipality, target.ready, target.target) == (district, ready, READY_TARGET)
    assert target.shortfall == READY_TARGET - ready


def test_forms_on_the_overview_are_filled_where_the_office_filled_them(half_year: HalfYear) -> None:
    for district in DISTRICTS:
        office, head = half_year.districts[district], half_year.staff[district].head
        forms = {summary.form.id: summary for summary in office.dashboard(head).forms}
        assert forms[MONTHLY_FORM].period == JUNE
        assert forms[MONTHLY_FORM].filled == bool(HALF_YEAR[district].monthly), district
        # the 2025 monitoring locked on 20.02.2026 (20 January + 30 days): on 20 July the overview asks for 2026
        assert forms[MONITORING_FORM].period == YEAR_2026 and not forms[MONITORING_FORM].filled, district
        filled_2025 = office.forms.state(head, MONITORING_FORM, YEAR_2025, district).answers
        assert bool(filled_2025) == bool(HALF_YEAR[district].monitoring), district
        # the half-year form asks for the same indicators the grid holds: typed there, it counts as filled
        assert forms["halfyear-indicators"].filled, district


@pytest.mark.parametrize(
    ("district", "candidates", "ready", "started", "active_at_end", "ended", "returned"),
    [
        # Плесецкий: Смирнова in training; Иванова and Петрова in the register; Иванова's child went home 15 June
        (PLESETSK, 1, 2, 0, 0, 1, 1),
        # Вельский: Попова collecting documents; Кузнецова in the register, a child placed with her on 1 June
        (VELSK, 1, 1, 1, 1, 0, 0),
    ],
)
def test_the_monthly_form_offers_the_registers_counts_for_june(
    half_year: HalfYear,
    district: str,
    candidates: int,
    ready: int,
    started: int,
    active_at_end: int,
    ended: int,
    returned: int,
) -> None:
    office, specialist = half_year.districts[district], half_year.staff[district].specialist
    state = office.forms.state(specialist, MONTHLY_FORM, JUNE, district)
    offered = {question: offer.value for question, offer in state.offers.items()}
    expected = {"1.1": candidates, "1.5": ready, "2.1": started, "2.3": active_at_end, "2.4": ended, "2.4.1": returned}
    assert {question: offered.get(question) for question in expected} == expected
    for question, answer in HALF_YEAR[district].monthly.items():
        assert state.answers[question] == answer


def test_the_second_pcs_number_did_not_replace_the_one_the_head_kept(half_year: HalfYear) -> None:
    preview = half_year.journal.previews["second pc"]
    assert preview.counts()["indicator_values"] == {Outcome.CONFLICT: 1}
    office, head = half_year.districts[PLESETSK], half_year.staff[PLESETSK].head
    sheet = office.entry.sheets.sheet(head, office.program_id(head), H1, PLESETSK)
    assert next(row for row in sheet.rows if row.code == "1.3").value == HALF_YEAR[PLESETSK].values["1.3"]
    assert office.exchange_admin.conflicts(head) == []
