"""Warnings about measure deadlines that the schedule reader understood only partly, or that fall outside
the program's period: the preview says how each will be treated so nobody finds out from a missed report.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.periods import format_date
from desktop_app.domain.schedules import ScheduleKind, parse_schedule
from desktop_app.domain.text import collapse_spaces
from desktop_app.plan_import.model import ImportedPlan, ImportProblem


def deadline_warnings(plan: ImportedPlan, start: date | None, end: date | None) -> list[ImportProblem]:
    """One warning per measure whose deadline is not understood or lies outside [start, end]."""
    warnings: list[ImportProblem] = []
    for measure in plan.measures:
        text = collapse_spaces(measure.deadline_text)
        if not text or "deadline_text" in measure.absent_fields:
            continue
        schedule = parse_schedule(text)
        label = f"мероприятие {measure.number}".strip() if measure.number else "мероприятие"
        where = f"{measure.location} ({label})"
        if not schedule.recognised:
            warnings.append(
                ImportProblem(
                    where,
                    f"срок «{text}» не распознан: мероприятие будет считаться действующим весь срок программы; "
                    "уточните график в карточке мероприятия",
                )
            )
            continue
        if schedule.kind is not ScheduleKind.DATES or start is None:
            continue
        early = [day for day in schedule.dates if day < start]
        if early:
            warnings.append(
                ImportProblem(
                    where,
                    f"срок «{text}» раньше начала программы ({format_date(start)}): отчёт по мероприятию "
                    "ожидается в первом отчётном периоде",
                )
            )
        if end is not None and any(day > end for day in schedule.dates):
            warnings.append(
                ImportProblem(
                    where,
                    f"срок «{text}» позже окончания программы ({format_date(end)}): в отчётных периодах "
                    "программы мероприятие не появится; проверьте срок",
                )
            )
    return warnings
