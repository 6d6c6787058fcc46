"""An indicator's value spelt one way on every screen, form and printed report.

The rule, by what the value measures:

- a count is a whole number («12»; «1 234»); a count that is not whole (an average, a half-year mean)
  keeps one decimal («12,5»); its unit word is never glued to the number — «единиц» would have to agree
  with it («1 единица», «2 единицы») — it stands in a unit column or a label of its own;
- a percentage and a share of a population always have one decimal and a no-break space before the sign:
  «76,9 %», «75,0 %» — the sign belongs to the number, whatever the column or the catalogue says; where the
  numerator and the denominator are shown too, they follow in brackets: «76,9 % (10 из 13)»;
- a rate per 1000 has one decimal, and «на 1000» (or the catalogue's «на 1000 детей») when a unit is shown:
  «4,2 на 1000 детей»;
- money has two decimals and its unit, «тыс. руб.» or «руб.» as the catalogue says: «1 234,50 тыс. руб.»;
  a sum in thousand rubles typed to the ruble keeps its third decimal rather than losing the rubles;
- a deviation from plan carries its sign («+2», «-1,5»); for a percentage it is in percentage points,
  «+1,9 п. п.», because 75 % against 76,9 % is not 1,9 per cent of anything.

One decimal rule for all of them: round half up from the value as written (2,25 → 2,3, never 2,2 as binary
floating point would), a decimal comma, thousands split by a no-break space (a narrow cell never breaks
«1 234» across two lines), and no «-0,0» for a small negative value. Printed reports, workbooks, screens and
form templates call this module, so a value reads the same everywhere; the workbook keeps the number itself
and shows the same spelling through its number format.

The unit beside a value comes from its kind where the catalogue's text cannot be right: a percentage is «%»
even when an imported plan (seed 002 prints «единиц» for 1.2) says otherwise.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from desktop_app.domain.indicators import IndicatorKind

NBSP = "\u00a0"
PERCENT_SIGN = f"{NBSP}%"
POINTS = f"{NBSP}п.{NBSP}п."
PER_1000 = "на 1000"
THOUSAND_RUBLES = "тыс. руб."
RUBLES = "руб."

Number = int | float | Decimal


class ValueKind(StrEnum):
    """What a shown value measures: it fixes the decimals and the unit."""

    COUNT = "count"
    PERCENT = "percent"
    PER_1000 = "per_1000"
    POPULATION_SHARE = "population_share"
    MONEY = "money"

    @property
    def is_share(self) -> bool:
        """Shown in per cent: the sign goes with the number, deviations go in percentage points."""
        return self in (ValueKind.PERCENT, ValueKind.POPULATION_SHARE)

    @property
    def decimals(self) -> int:
        """Digits after the comma the kind is shown with (a count's fraction aside, see ``decimals_for``)."""
        return _DECIMALS[self]


_DECIMALS = {
    ValueKind.COUNT: 0,
    ValueKind.PERCENT: 1,
    ValueKind.PER_1000: 1,
    ValueKind.POPULATION_SHARE: 1,
    ValueKind.MONEY: 2,
}
_OF_INDICATOR = {
    IndicatorKind.COUNT: ValueKind.COUNT,
    IndicatorKind.PERCENTAGE: ValueKind.PERCENT,
    IndicatorKind.RATE_PER_1000: ValueKind.PER_1000,
    IndicatorKind.POPULATION_SHARE: ValueKind.POPULATION_SHARE,
    IndicatorKind.MONEY: ValueKind.MONEY,
}
COUNT_FRACTION_DECIMALS = 1
MONEY_THOUSANDS_DECIMALS = 3  # a sum in thousand rubles typed to the ruble


def value_kind(kind: IndicatorKind | ValueKind | str) -> ValueKind:
    """The value kind of an indicator kind (or of its stored name: «percentage», «rate_per_1000» …)."""
    if isinstance(kind, ValueKind):
        return kind
    if isinstance(kind, IndicatorKind):
        return _OF_INDICATOR[kind]
    try:
        return ValueKind(kind)
    except ValueError:
        return _OF_INDICATOR[IndicatorKind.of(kind)]


def rounded(value: Number, decimals: int) -> Decimal:
    """Half up from the shortest written form of ``value`` (2.675 stays 2.675 and becomes 2.68); never -0."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    if not exact.is_finite():
        raise ValueError(f"Не число: {value!r}")
    result = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return result if result != 0 else abs(result)


def format_fixed(value: Number, decimals: int, group: str = NBSP) -> str:
    """Exactly ``decimals`` digits after a decimal comma, thousands split by ``group``: «1 234,50»."""
    text = f"{rounded(value, decimals):,.{decimals}f}"
    return text.replace(",", group).replace(".", ",")


def decimals_for(kind: IndicatorKind | ValueKind | str, value: Number, unit: str = "") -> int:
    """The digits after the comma ``value`` is shown with: the kind's, one for a count that is not whole,
    three for thousand rubles typed to the ruble."""
    shown = value_kind(kind)
    if shown is ValueKind.COUNT:
        return 0 if rounded(value, COUNT_FRACTION_DECIMALS) % 1 == 0 else COUNT_FRACTION_DECIMALS
    if shown is ValueKind.MONEY and money_unit(unit) == THOUSAND_RUBLES:
        if rounded(value, MONEY_THOUSANDS_DECIMALS) != rounded(value, shown.decimals):
            return MONEY_THOUSANDS_DECIMALS
    return shown.decimals


def money_unit(unit: str) -> str:
    """«тыс. руб.» when the catalogue or the form says thousands, else «руб.»."""
    return THOUSAND_RUBLES if "тыс" in unit.lower() else RUBLES


def shown_unit(kind: IndicatorKind | ValueKind | str, unit: str = "") -> str:
    """The unit to print beside a value: the catalogue's text unless the kind says otherwise — a percentage
    or a share is «%», a rate is «на 1000» (the catalogue's «на 1000 детей» is kept), money is in rubles or
    thousand rubles; a count keeps the catalogue's word («единиц», «чел.»)."""
    shown, text = value_kind(kind), " ".join(unit.split())
    if shown.is_share:
        return "%"
    if shown is ValueKind.PER_1000:
        return text if "1000" in text.replace(" ", "").replace(NBSP, "") else PER_1000
    if shown is ValueKind.MONEY:
        return money_unit(text)
    return text


def format_value(
    value: Number | None,
    kind: IndicatorKind | ValueKind | str,
    unit: str = "",
    *,
    with_unit: bool = False,
    numerator: Number | None = None,
    denominator: Number | None = None,
) -> str:
    """A value as the rule above spells it; «» for None. A percentage carries its sign always; other units
    are added with ``with_unit`` (a screen or form without a unit column), a count's never. Numerator and
    denominator, when both given, follow in brackets: «76,9 % (10 из 13)»."""
    if value is None:
        return ""
    shown = value_kind(kind)
    text = format_fixed(value, decimals_for(shown, value, unit))
    if shown.is_share:
        text += PERCENT_SIGN
    elif with_unit and shown is not ValueKind.COUNT:
        tail = shown_unit(shown, unit)
        text += f"{NBSP}{tail}" if tail else ""
    if numerator is not None and denominator is not None:
        text += f" ({format_count(numerator)} из {format_count(denominator)})"
    return text


def format_count(value: Number | None) -> str:
    """A count alone: «12», «1 234», «12,5»; «» for None."""
    return format_value(value, ValueKind.COUNT)


def format_deviation(shift: Number | None, kind: IndicatorKind | ValueKind | str, unit: str = "") -> str:
    """Fact minus plan with its sign, in the kind's decimals; a share's in percentage points: «+1,9 п. п.»."""
    if shift is None:
        return ""
    shown = value_kind(kind)
    decimals = decimals_for(shown, shift, unit)
    text = format_fixed(shift, decimals)
    if rounded(shift, decimals) > 0:
        text = "+" + text
    return text + POINTS if shown.is_share else text
