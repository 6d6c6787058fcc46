"""When a reporting period's values may still change, and by whom.

A period is open until the head closes it after approval; it also locks by itself a set number of
calendar days after its reporting deadline (DHIS2 calls these «expiry days»), so that a report already
sent to the region cannot drift. A locked period's values change only by a head who gives a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.domain.errors import PermissionDenied, ValidationError
from desktop_app.domain.periods import Period, format_date

DEFAULT_EXPIRY_DAYS = 30
EXPIRY_DAYS_LIMIT = 366


class LockState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]


_STATE_LABELS = {LockState.OPEN: "открыт", LockState.CLOSED: "закрыт", LockState.EXPIRED: "заблокирован по сроку"}


@dataclass(frozen=True)
class PeriodLock:
    """A period's lock: closed by someone, or past ``locks_on``, or open."""

    period: Period
    deadline: date
    expiry_days: int
    closed: bool = False
    closed_by: str = ""

    @property
    def locks_on(self) -> date | None:
        """The first day on which the period is locked by itself; None when it never locks by itself."""
        if self.expiry_days <= 0:
            return None
        return self.deadline + timedelta(days=self.expiry_days + 1)

    def state(self, today: date) -> LockState:
        if self.closed:
            return LockState.CLOSED
        locks_on = self.locks_on
        if locks_on is not None and today >= locks_on:
            return LockState.EXPIRED
        return LockState.OPEN

    def describe(self, today: date) -> str:
        """One line for the screen: «открыт; заблокируется 15.02.2026» / «закрыт (Петрова А. А.)»."""
        state = self.state(today)
        if state is LockState.CLOSED:
            return f"{state.label}" + (f" ({self.closed_by})" if self.closed_by else "")
        if state is LockState.EXPIRED:
            return f"{state.label} с {format_date(self.locks_on)}"
        locks_on = self.locks_on
        return state.label + (f"; заблокируется {format_date(locks_on)}" if locks_on else "")

    def check_edit(self, today: date, can_approve: bool, reason: str) -> None:
        """Raise unless a change of this period's values is allowed now for this user with this reason."""
        state = self.state(today)
        if state is LockState.OPEN:
            return
        what = f"Период «{self.period.label}» {self.describe(today)}"
        if not can_approve:
            raise PermissionDenied(f"{what}: изменить значения может только руководитель, указав причину.")
        if not reason.strip():
            raise ValidationError(f"{what}: укажите причину изменения.", {"reason": "Укажите причину изменения."})


def check_expiry_days(days: int) -> int:
    if not 0 <= days <= EXPIRY_DAYS_LIMIT:
        raise ValidationError(
            f"Срок блокировки — от 0 до {EXPIRY_DAYS_LIMIT} дней после срока отчёта (0 — не блокировать).",
            {"expiry_days": f"От 0 до {EXPIRY_DAYS_LIMIT}."},
        )
    return days
