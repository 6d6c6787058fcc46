"""The checks of indicator values, the same for every way a value comes in: the value grid, a form's
indicator questions and a filled Excel template.

The rules are domain.indicator_checks; here each value gets what the grid compares it with — the plan for
the district and period, the previous period's value of a running total and the district's own history —
and the refusal texts are worded once. Errors stop a save; a request for a comment lets a draft be saved
but stops it being submitted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.indicator_checks import CellIssue, EntryInput, Severity, check_entry
from desktop_app.domain.periods import Period
from desktop_app.services.indicator_sheet import (
    SheetRow,
    ValueStatus,
    district_plans,
    entry_context,
    program_indicators,
    spec_of,
)
from desktop_app.storage.models import IndicatorValue

_SHOWN_IN_TEXT = 3


def check_values(
    session: Session, program_id: str, period: Period, territory: str, entries: Mapping[str, EntryInput]
) -> dict[str, list[CellIssue]]:
    """Indicator id → every problem of the value typed for it (errors first); indicators without one are
    left out, and so are ids the program does not hold."""
    indicators = {indicator.id: indicator for indicator, _ in program_indicators(session, program_id)}
    wanted = [indicator_id for indicator_id in entries if indicator_id in indicators]
    if not wanted:
        return {}
    plans = district_plans(session, wanted, period, territory)
    history = _history(session, wanted, territory)
    found: dict[str, list[CellIssue]] = {}
    for indicator_id in wanted:
        spec = spec_of(indicators[indicator_id])
        plan = plans.get(indicator_id, (None, ""))[0]
        context = entry_context(spec, plan, period, history.get(indicator_id, {}))
        issues = check_entry(spec, entries[indicator_id], context)
        if issues:
            found[indicator_id] = issues
    return found


def row_issues(row: SheetRow, entry: EntryInput) -> list[CellIssue]:
    """The problems of ``entry`` typed over ``row`` on a screen, against what the row was read with."""
    return check_entry(row.spec, entry, row.context)


def errors_only(issues: Iterable[CellIssue]) -> list[CellIssue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]


def submit_problems(rows: Iterable[SheetRow]) -> list[tuple[SheetRow, CellIssue]]:
    """What stops submitting: every problem of a draft value, a missing comment on a deviation included."""
    return [(row, issue) for row in rows if row.has_data and row.status is ValueStatus.DRAFT for issue in row.issues]


def refusal_text(lead: str, problems: Iterable[tuple[str, str]]) -> str:
    """«<lead> — 1.1: …; 3.1: … и ещё 2» from (indicator code, message) pairs."""
    texts = [f"{code}: {message}" for code, message in problems]
    shown = "; ".join(texts[:_SHOWN_IN_TEXT])
    if len(texts) > _SHOWN_IN_TEXT:
        shown += f" и ещё {len(texts) - _SHOWN_IN_TEXT}"
    return f"{lead} — {shown}"


def _history(session: Session, indicator_ids: list[str], territory: str) -> dict[str, dict[Period, float]]:
    """The district's earlier values of the indicators, in one query."""
    found: dict[str, dict[Period, float]] = {}
    query = select(IndicatorValue.indicator_id, IndicatorValue.period, IndicatorValue.value).where(
        IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.territory == territory
    )
    for indicator_id, code, value in session.execute(query):
        if value is not None:
            found.setdefault(indicator_id, {})[Period.parse(code)] = value
    return found
