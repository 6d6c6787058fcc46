"""The counting rules of domain/case_figures.py on plain facts: the window's edges, categories, statuses."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case_figures import (
    AdultFacts,
    CaseFacts,
    ChildFacts,
    MeasureFacts,
    ReviewFacts,
    ServiceFacts,
    Window,
    count,
    window_of,
)

H1 = Window(date(2026, 1, 1), date(2026, 6, 30))


def test_a_case_closed_on_the_last_day_is_closed_not_open_at_the_end() -> None:
    closing = CaseFacts("sop", date(2026, 2, 1), closed_on=date(2026, 6, 30))
    staying = CaseFacts("sop", date(2026, 2, 1), closed_on=date(2026, 7, 1))
    later = CaseFacts("sop", date(2026, 7, 1))
    cases = [closing, staying, later]
    assert count("cases.open_at_end", cases, H1) == 1  # staying
    assert count("cases.sop_at_end", cases, H1) == 1
    assert count("cases.closed", cases, H1) == 1  # closing
    assert count("cases.opened", cases, H1) == 2  # closing, staying; later is in July


def test_help_counts_families_in_tzhs_or_sop_with_a_service_given_in_the_window() -> None:
    given = ServiceFacts("addiction", "given", date(2026, 3, 1))
    twice = (given, ServiceFacts("addiction", "in_progress", date(2026, 5, 1)))
    cases = [
        CaseFacts("tzhs", date(2026, 1, 10), services=twice),  # once, though helped twice
        CaseFacts("sop", date(2026, 1, 10), services=(ServiceFacts("addiction", "planned", None),)),
        CaseFacts("sop", date(2026, 1, 10), services=(ServiceFacts("addiction", "cancelled", date(2026, 3, 1)),)),
        CaseFacts("risk", date(2026, 1, 10), services=(given,)),  # not ТЖС/СОП
        CaseFacts("sop", date(2026, 1, 10), services=(ServiceFacts("employment", "given", date(2026, 3, 1)),)),
    ]
    assert count("cases.addiction_help", cases, H1) == 1
    assert count("cases.employment_help", cases, H1) == 1


def test_people_figures_count_people_and_family_figures_families() -> None:
    restored = AdultFacts("limited", date(2026, 4, 1))
    family = CaseFacts(
        "placed",
        date(2025, 11, 1),
        adults=(restored, restored, AdultFacts("deprived")),
        children=(ChildFacts(date(2023, 1, 1), date(2025, 10, 1), date(2026, 2, 1)), ChildFacts(date(2024, 1, 1))),
        measures=(MeasureFacts(True, "granted", date(2026, 2, 1)),),  # «placed» is not ТЖС/СОП
        reviews=(
            ReviewFacts("expert_review", date(2026, 1, 15), True),
            ReviewFacts("consilium", date(2026, 3, 1), False),
        ),
    )
    assert count("cases.rights_restored", [family], H1) == 2
    assert count("cases.children_returned", [family], H1) == 1
    assert count("cases.return_support", [family], H1) == 1
    assert count("cases.social_contract", [family], H1) == 0
    assert count("cases.consilium_support", [family], H1) == 0  # the expert group is no consilium; no support


def test_a_running_total_starts_at_the_programs_start_never_after_the_period() -> None:
    assert window_of(date(2026, 7, 1), date(2026, 12, 31), date(2025, 1, 1)) == Window(
        date(2025, 1, 1), date(2026, 12, 31)
    )
    assert window_of(date(2026, 7, 1), date(2026, 12, 31), date(2026, 9, 1)).start == date(2026, 7, 1)
    assert window_of(date(2026, 7, 1), date(2026, 12, 31)).start == date(2026, 7, 1)
