"""The period every page opens on: the last ended one while its report is still being written (until it locks by
itself 30 days after the executors' deadline), then the one in progress. Deadlines below are counted by hand
from the 2026–2027 production calendar: the 3rd working day after 30.06.2026 is 03.07.2026 (Wed 1, Thu 2,
Fri 3 July); after 30.11.2026 it is 03.12.2026; a period that ends the year reports by 20 January."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.reporting_period import period_being_reported, reported_among

HALF_YEAR, MONTH, YEAR = PeriodKind.HALF_YEAR, PeriodKind.MONTH, PeriodKind.YEAR


@pytest.mark.parametrize(
    ("today", "kind", "expected"),
    [
        (date(2026, 7, 2), HALF_YEAR, "2026-H1"),  # the report is being written
        (date(2026, 7, 20), HALF_YEAR, "2026-H1"),  # deadline 03.07 passed, the period is still open
        (date(2026, 8, 2), HALF_YEAR, "2026-H1"),  # the last day before it locks (03.07 + 30 days)
        (date(2026, 8, 3), HALF_YEAR, "2026-H2"),  # locked: the office works on the half-year in progress
        (date(2026, 12, 7), HALF_YEAR, "2026-H2"),
        (date(2027, 1, 11), HALF_YEAR, "2026-H2"),  # the year-end report is due 20.01.2027
        (date(2027, 2, 19), HALF_YEAR, "2026-H2"),
        (date(2027, 2, 20), HALF_YEAR, "2027-H1"),
        (date(2026, 12, 7), MONTH, "2026-11"),  # November reports by 03.12, locks on 03.01
        (date(2026, 12, 7), YEAR, "2026"),  # 2025 locked on 20.02.2026
        (date(2026, 1, 25), YEAR, "2025"),
    ],
)
def test_the_period_being_reported(today: date, kind: PeriodKind, expected: str) -> None:
    assert period_being_reported(today, kind) == Period.parse(expected)


def test_a_programs_periods_bound_the_choice() -> None:
    periods = [Period.parse(code) for code in ("2025-H2", "2026-H1", "2026-H2")]
    assert reported_among(periods, date(2026, 7, 20)) == Period.parse("2026-H1")
    assert reported_among(periods, date(2027, 6, 1)) == Period.parse("2026-H2"), "after the program: its last"
    assert reported_among(periods, date(2025, 3, 1)) == Period.parse("2025-H2"), "before the program: its first"
    assert reported_among([], date(2026, 1, 1)) is None
