"""The consilium's meetings and seed 000's check: every placement of a child under 4 in an institution in a period
is reviewed by the expert group, «все случаи рассмотрены» or «не рассмотрено: N» with the unreviewed codes."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.services.consilium import ConsiliumService, MeetingInput, ReviewInput
from desktop_app.storage.database import Database
from tests.cases.route_world import COORDINATOR, SPECIALIST, add_case, add_child

TODAY = date(2026, 7, 10)


def test_placements_under_four_in_the_period_are_checked_for_an_expert_review(demo_db: Database) -> None:
    first, second = add_case(demo_db, "СС-0011"), add_case(demo_db, "СС-0012")
    # In the I half-year 2026 (01.01–30.06): placed under 4 — «Р-1» (1 year), «Р-2» the day before turning 4,
    # «Р-4» (2 years); not counted — «Р-3» placed on its 4th birthday, «Р-5» placed in July, «Р-6» never placed.
    r1 = add_child(demo_db, first, "Р-1", date(2025, 2, 1), placed_on=date(2026, 2, 10))
    r2 = add_child(demo_db, first, "Р-2", date(2022, 3, 16), placed_on=date(2026, 3, 15))
    add_child(demo_db, second, "Р-3", date(2022, 4, 1), placed_on=date(2026, 4, 1))
    add_child(demo_db, second, "Р-4", date(2024, 1, 1), placed_on=date(2026, 6, 30))
    add_child(demo_db, second, "Р-5", date(2025, 1, 1), placed_on=date(2026, 7, 1))
    add_child(demo_db, second, "Р-6", date(2025, 1, 1))
    consilium = ConsiliumService(demo_db)
    expert = consilium.add_meeting(SPECIALIST, MeetingInput("expert_review", date(2026, 3, 20), "2"), TODAY)
    consilium.add_review(SPECIALIST, expert.id, ReviewInput(first, "placement_justified", "", False, r1))
    # an ordinary consilium that discussed Р-2's family does not count as the expert review of its placement
    ordinary = consilium.add_meeting(SPECIALIST, MeetingInput("consilium", date(2026, 3, 25), "7"), TODAY)
    consilium.add_review(SPECIALIST, ordinary.id, ReviewInput(first, "continue", "", True, r2))

    half_year = Period.parse("2026-H1")
    coverage = consilium.period_coverage(SPECIALIST, half_year)
    assert [check.child_code for check in coverage.placements] == ["Р-1", "Р-2", "Р-4"]
    expected_total, expected_reviewed = 3, 1
    assert (coverage.total, coverage.reviewed) == (expected_total, expected_reviewed)
    assert coverage.text == f"не рассмотрено: {expected_total - expected_reviewed}"
    assert coverage.unreviewed_codes == ("Р-2", "Р-4")
    assert coverage.placements[0].review_dates == (date(2026, 3, 20),)
    assert coverage.placements[1].age_months == 47

    consilium.add_review(
        SPECIALIST, expert.id, ReviewInput(first, "placement_unjustified", "вернуть в семью", False, r2)
    )
    r4 = coverage.placements[2].child_id
    later = consilium.add_meeting(SPECIALIST, MeetingInput("expert_review", date(2026, 7, 5), "3"), TODAY)
    consilium.add_review(SPECIALIST, later.id, ReviewInput(second, "placement_justified", "", False, r4))
    assert consilium.period_coverage(SPECIALIST, half_year).text == "все случаи рассмотрены"


def test_an_expert_review_names_a_child_of_the_case(demo_db: Database) -> None:
    case_id, other = add_case(demo_db, "СС-0013"), add_case(demo_db, "СС-0014")
    strange = add_child(demo_db, other, "Р-9", date(2025, 1, 1), placed_on=date(2026, 2, 1))
    consilium = ConsiliumService(demo_db)
    expert = consilium.add_meeting(SPECIALIST, MeetingInput("expert_review", date(2026, 3, 20)), TODAY)
    with pytest.raises(ValidationError) as caught:
        consilium.add_review(SPECIALIST, expert.id, ReviewInput(case_id, "placement_justified"))
    assert "child_id" in caught.value.field_errors
    with pytest.raises(ValidationError):
        consilium.add_review(SPECIALIST, expert.id, ReviewInput(case_id, "placement_justified", child_id=strange))


def test_meetings_list_their_reviews_and_refuse_stale_or_unauthorised_writes(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0015")
    consilium = ConsiliumService(demo_db)
    with pytest.raises(PermissionDenied):
        consilium.add_meeting(COORDINATOR, MeetingInput("consilium", date(2026, 3, 20)), TODAY)
    with pytest.raises(ValidationError) as caught:
        consilium.add_meeting(SPECIALIST, MeetingInput("consilium", date(2026, 7, 11)), TODAY)
    assert "held_on" in caught.value.field_errors
    meeting = consilium.add_meeting(SPECIALIST, MeetingInput("consilium", date(2026, 3, 20), "5", "Иванова"), TODAY)
    review = consilium.add_review(SPECIALIST, meeting.id, ReviewInput(case_id, "start_support", "КИПР", True))
    listed = consilium.meetings(SPECIALIST, date(2026, 1, 1), date(2026, 6, 30))
    assert [row.id for row in listed] == [meeting.id]
    assert listed[0].reviews[0].case_code == "СС-0015" and listed[0].reviews[0].interagency_support
    assert listed[0].title == "Межведомственный консилиум 20.03.2026, протокол № 5"
    assert consilium.meetings(COORDINATOR)[0].reviews[0].recommendations == ""
    updated = consilium.update_review(SPECIALIST, review.id, ReviewInput(case_id, "continue"), review.row_version)
    with pytest.raises(ConcurrentChange):
        consilium.update_review(SPECIALIST, review.id, ReviewInput(case_id, "close"), review.row_version)
    assert [pair[1].decision for pair in consilium.case_reviews(SPECIALIST, case_id)] == [updated.decision]
