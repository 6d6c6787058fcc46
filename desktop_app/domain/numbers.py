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


def parse_number(text: str) -> float | None:
    """Read «1 234,5», «1234.5» or «12» back; empty text is None; anything else raises ValueError."""
    cleaned = "".join(text.split()).replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return None
    if cleaned.count(".") > 1 or not cleaned.lstrip("-").replace(".", "", 1).isdigit():
        raise ValueError(text)
    return float(cleaned)
