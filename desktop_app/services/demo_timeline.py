"""Where the demo's dates fall on a given day, so that the demo always opens on an open, partly filled period.

The demo file keeps its period-bound data (execution reports, indicator values) under the half-years of the
program as approved (2025-H2 … 2026-H2) and its families' dates as they looked on one day (``as_of``).
On the day the demo is made, the current half-year becomes the program's last-but-one or last half-year:
the program's years move by whole years (when today is outside 2026) and the families' dates by days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.reporting_period import period_being_reported

HALF_YEAR = PeriodKind.HALF_YEAR


@dataclass(frozen=True)
class DemoTimeline:
    today: date
    as_of: date  # the day the demo file's family dates were written for
    program_end_year: int  # the last year of the program as approved

    @property
    def current(self) -> Period:
        """The period being reported today: the one the status bar names."""
        return period_being_reported(self.today, HALF_YEAR)

    @property
    def shift_years(self) -> int:
        """How many years the program moves so that today's half-year is one of its last two."""
        return self.current.year - self.program_end_year

    def slot(self, period: Period) -> str:
        """The half-year of the program as approved whose demo data ``period`` shows."""
        return Period(period.year - self.shift_years, period.kind, period.index).code

    def family_date(self, text: str) -> date:
        """A family's date from the file, moved by as many days as today is after ``as_of``."""
        return date.fromordinal(date.fromisoformat(text).toordinal() + (self.today - self.as_of).days)
