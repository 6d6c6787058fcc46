"""«Статистика размещений» as table rows (the dialog's and the workbook's) and as an Excel workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desktop_app.domain.placements import LEGAL_FORM_LABELS, OUTCOME_LABELS, LegalForm, Outcome, PlacementCounts
from desktop_app.exports.families_xlsx import Column, _save, _table

ENDINGS = [outcome for outcome in Outcome if outcome is not Outcome.ONGOING]
HEADERS = (
    "Период",
    "Начато",
    *(f"в т. ч. {LEGAL_FORM_LABELS[form]}" for form in LegalForm),
    "Завершено",
    *(f"в т. ч. {OUTCOME_LABELS[outcome]}" for outcome in ENDINGS),
    "Продолжается на конец периода",
)
TOTAL_LABEL = "Итого за год"


def stats_rows(counts: Sequence[PlacementCounts]) -> list[list[object]]:
    """One row per period, then the year's totals: begun and ended add up, «продолжается» is the last period's."""
    numbers = [
        [
            item.started,
            *(item.started_by_form[form.value] for form in LegalForm),
            item.ended,
            *(item.ended_by_outcome[outcome.value] for outcome in ENDINGS),
        ]
        for item in counts
    ]
    width = len(HEADERS) - 2
    sums = [sum(row[column] for row in numbers) for column in range(width)]
    rows: list[list[object]] = [
        [item.period.label, *row, item.ongoing_at_end] for item, row in zip(counts, numbers, strict=True)
    ]
    rows.append([TOTAL_LABEL, *sums, counts[-1].ongoing_at_end if counts else 0])
    return rows


def write_placement_stats_xlsx(counts: Sequence[PlacementCounts], subtitle: str, target: Path) -> Path:
    """The statistics as a workbook at ``target``, written whole or not at all (UserError says why)."""
    from openpyxl import Workbook  # loaded on first use: it is slow to import
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    columns = (Column(HEADERS[0], 22), *(Column(label, 14) for label in HEADERS[1:]))
    rows = stats_rows(counts)
    _table(
        sheet,
        "Статистика размещений",
        "Статистика размещений детей в ресурсных семьях",
        subtitle,
        tuple((column.label, (column,)) for column in columns),
        rows,
    )
    last = sheet.max_row
    for cell in sheet[last]:
        cell.font = Font(bold=True)
    return _save(workbook, target)
