"""Numbers the Russian way: a space between thousands and a decimal comma («1 234,5»)."""

from __future__ import annotations


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """Format with thin grouping and a comma; whole values lose their ``,0``. Empty for None."""
    if value is None:
        return ""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no «-0» for a small negative value
    if rounded.is_integer():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",")
