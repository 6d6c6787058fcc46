"""A closed case chases nothing: its late service, referral and measure are not overdue, while the same items of an
open case are, by the days counted here by hand (the rule itself, not a date trick in the service)."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case_route import measure_overdue, referral_overdue, service_overdue

TODAY = date(2026, 4, 10)


def test_a_late_service_is_overdue_only_while_the_case_is_open() -> None:
    due = date(2026, 4, 1)
    late = service_overdue("in_progress", due, TODAY, closed=False)
    assert late is not None and (late.due, late.days_late) == (due, 9)
    assert service_overdue("in_progress", due, TODAY, closed=True) is None
    assert service_overdue("planned", due, TODAY, closed=True) is None


def test_an_unanswered_referral_is_overdue_only_while_the_case_is_open() -> None:
    sent, answer_due = date(2026, 3, 2), date(2026, 3, 16)  # the answer's due date set by hand
    late = referral_overdue("pending", sent, answer_due, TODAY, closed=False)
    assert late is not None and (late.due, late.days_late) == (answer_due, 25)  # 15 days of March + 10 of April
    assert referral_overdue("pending", sent, answer_due, TODAY, closed=True) is None
    # without a due date of its own: ten working days after sending, long past on TODAY, still nothing when closed
    assert referral_overdue("pending", sent, None, TODAY, closed=False) is not None
    assert referral_overdue("pending", sent, None, TODAY, closed=True) is None


def test_an_undecided_measure_is_overdue_only_while_the_case_is_open() -> None:
    applied = date(2026, 2, 1)  # decided by 03.03.2026 (thirty days later)
    late = measure_overdue("pending", applied, TODAY, closed=False)
    assert late is not None and (late.due, late.days_late) == (date(2026, 3, 3), 38)  # 28 days of March + 10
    assert measure_overdue("pending", applied, TODAY, closed=True) is None
