"""Which period a district is reporting on a given day: the one every page opens on and the status bar names.

A period's report is written after it ends: in the first days of July the office reports the I half-year, not
the II that has just begun. So the period being reported is the one that ended last for as long as its values
are still open for entry — until it locks by itself (DEFAULT_EXPIRY_DAYS after the executors' deadline, which
falls on the 3rd working day after the period, or on 20 January for a period ending the year: seed 002) — and
the period in progress after that. A page lists the other periods too; this is only where it opens.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.period_lock import DEFAULT_EXPIRY_DAYS, PeriodLock
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.workdays import ProductionCalendar

YEAR_END_REPORT = (1, 20)  # seed 002: the report for a period that ends the year is due by 20 January


def period_being_reported(today: date, kind: PeriodKind, calendar: ProductionCalendar | None = None) -> Period:
    """The period of ``kind`` reported on ``today``: the last ended one while still open, else the current one."""
    in_progress = Period.containing(today, kind)
    ended = in_progress.previous()
    procedure = ReportingProcedure(kind, 3, YEAR_END_REPORT)
    lock = PeriodLock(ended, procedure.deadline(ended, calendar), DEFAULT_EXPIRY_DAYS)
    locks_on = lock.locks_on
    return ended if locks_on is not None and today < locks_on else in_progress


def reported_among(periods: list[Period], today: date) -> Period | None:
    """The period being reported, among a program's ``periods``; before the program its first, after it its last."""
    if not periods:
        return None
    wanted = period_being_reported(today, periods[0].kind)
    if wanted in periods:
        return wanted
    started = [period for period in periods if period.start <= today]
    return started[-1] if started else periods[0]
