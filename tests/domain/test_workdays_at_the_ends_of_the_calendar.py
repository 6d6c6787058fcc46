"""A mistyped year (01.01.0002, 01.06.9998) is still a date a form accepts: counting working days from it answers
instead of failing, as it did before the calendar was read by years around the one asked."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.workdays import ProductionCalendar


@pytest.mark.parametrize("start", [date(1, 1, 5), date(2, 6, 1), date(9997, 6, 1), date(9998, 6, 1)])
def test_working_days_are_counted_from_a_date_near_the_ends_of_the_calendar(start: date) -> None:
    calendar = ProductionCalendar()
    later = calendar.nth_working_day_after(start, 3)
    # three working days later: at least three days later and no more than a fortnight (no year has such a gap)
    assert 3 <= (later - start).days <= 14
    assert calendar.is_working_day(later)
