"""Numbers and dates spelt the Russian way for printed forms: «1 234,5», «45,5 %», «25.07.2023».

The domain's ``format_number`` drops a trailing «,0» and groups with an ordinary space, which suits a
screen; a printed column needs every value with the same number of decimals, and a gap that never lets
«1 234» break across two lines of a narrow cell — a no-break space (reportlab keeps it unbroken).
Dates reuse the domain's spelling so the forms and the screens agree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop_app.domain.periods import format_date, format_date_long
from desktop_app.domain.value_format import PERCENT_SIGN, format_fixed
from desktop_app.domain.value_format import rounded as _domain_rounded
from desktop_app.reports.model import Cell, CellKind, Number

NBSP = "\u00a0"
DASH = "—"  # a cell with nothing to report: unlike «0», it says there is no figure
BLANK_DATE = "«___» ____________ 20___ г."

__all__ = [
    "BLANK_DATE",
    "DASH",
    "NBSP",
    "cell_text",
    "format_date",
    "format_date_long",
    "format_decimal",
    "format_integer",
    "format_percent",
    "rounded",
]


def rounded(value: Number, precision: int) -> Decimal:
    """Half up, as people round by hand and as Excel shows it: the one decimal rule of domain.value_format."""
    return _domain_rounded(value, precision)


def format_decimal(value: Number | None, precision: int = 1, group: str = NBSP) -> str:
    """Fixed ``precision`` digits after a decimal comma, thousands split by ``group``; «» for None."""
    if value is None:
        return ""
    return format_fixed(value, precision, group)


def format_integer(value: Number | None, group: str = NBSP) -> str:
    """A whole number, rounded half up: «1 234»."""
    return format_decimal(value, 0, group)


def format_percent(value: Number | None, precision: int = 1, group: str = NBSP) -> str:
    """``value`` in percent points: 45.5 → «45,5 %» (a no-break space before the sign, as Russian typesetting
    asks)."""
    if value is None:
        return ""
    return format_decimal(value, precision, group) + PERCENT_SIGN


def cell_text(cell: Cell) -> str:
    """The text a printed form shows for a cell; a missing number or date shows as «—»."""
    if cell.is_empty:
        return DASH
    value = cell.value
    if cell.kind is CellKind.TEXT:
        return str(value)
    if cell.kind is CellKind.DATE:
        assert isinstance(value, date)
        return format_date(value)
    assert isinstance(value, int | float | Decimal)
    if cell.kind is CellKind.INTEGER:
        return format_integer(value)
    if cell.kind is CellKind.PERCENT:
        return format_percent(value, cell.precision)
    return format_decimal(value, cell.precision)
