"""The tables of the region's view of its districts' cases (gui/cases/region_panel.py): counts per district with a
total row, the case codes with their districts, and the districts' resource maps together. Codes only: the region
holds no name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop_app.domain.case_terms import CaseCategory, CaseOutcome
from desktop_app.domain.periods import format_date
from desktop_app.domain.pseudonymity import district_short
from desktop_app.gui.cases.common import OVERDUE_COLOUR, MarkedRowsModel
from desktop_app.gui.models.row_table import DISPLAY_ROLE, TOOLTIP_ROLE
from desktop_app.services.region_cases import DistrictCases, MapEntry, RegionCaseRow

TOTAL = "Всего по региону"
CATEGORIES = (
    (CaseCategory.TJS, "ТЖС"),
    (CaseCategory.SOP, "СОП"),
    (CaseCategory.PLACEMENT_RISK, "Риск помещения"),
    (CaseCategory.CHILD_PLACED, "Ребёнок в организации"),
)
# the outcomes the programme's indicators count; the others are told in the tooltip of «Закрыто»
OUTCOMES = (
    (CaseOutcome.OVERCOME, "Ситуация преодолена"),
    (CaseOutcome.CHILD_RETURNED, "Ребёнок возвращён"),
    (CaseOutcome.FAMILY_PLACEMENT, "Устроен в семью"),
)
_SHORT_CATEGORY = {category.label: title for category, title in CATEGORIES}
_BOLD = QFont()
_BOLD.setBold(True)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_FONT_ROLE = Qt.ItemDataRole.FontRole
_ALIGN_ROLE = Qt.ItemDataRole.TextAlignmentRole
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DistrictLine:
    """One row of the table per district (or the total row): the numbers as shown, and what the tooltip tells."""

    district: str  # the full name; TOTAL for the total row
    open: int
    categories: tuple[int, ...]
    closed: int
    outcomes: tuple[int, ...]
    outcomes_text: str  # every outcome with its number, for the tooltip of «Закрыто»
    reviews_overdue: int
    services_overdue: int

    @property
    def is_total(self) -> bool:
        return self.district == TOTAL

    @property
    def numbers(self) -> tuple[int, ...]:
        return (
            self.open,
            *self.categories,
            self.closed,
            *self.outcomes,
            self.reviews_overdue,
            self.services_overdue,
        )


def district_lines(found: Sequence[DistrictCases]) -> list[DistrictLine]:
    """A line per district and, after them, the region's total."""
    lines = [
        DistrictLine(
            item.district,
            item.open,
            tuple(item.category(category) for category, _title in CATEGORIES),
            item.closed,
            tuple(item.outcome(outcome) for outcome, _title in OUTCOMES),
            _outcomes_text(dict(item.by_outcome)),
            item.reviews_overdue,
            item.services_overdue,
        )
        for item in found
    ]
    if not lines:
        return []
    outcomes: dict[str, int] = {}
    for item in found:
        for label, count in item.by_outcome:
            outcomes[label] = outcomes.get(label, 0) + count
    numbers = [sum(column) for column in zip(*(line.numbers for line in lines), strict=True)]
    kinds, rest = len(CATEGORIES), len(OUTCOMES)
    total = DistrictLine(
        TOTAL,
        numbers[0],
        tuple(numbers[1 : 1 + kinds]),
        numbers[1 + kinds],
        tuple(numbers[2 + kinds : 2 + kinds + rest]),
        _outcomes_text(outcomes),
        numbers[-2],
        numbers[-1],
    )
    return [*lines, total]


def _outcomes_text(counts: dict[str, int]) -> str:
    if not counts:
        return "Закрытых случаев нет."
    ordered = [(outcome.label, counts.get(outcome.label, 0)) for outcome in CaseOutcome]
    ordered += [(label, n) for label, n in counts.items() if label not in {o.label for o in CaseOutcome}]
    return "Закрыто по итогам:\n" + "\n".join(f"{label}: {n}" for label, n in ordered if n)


class DistrictsModel(MarkedRowsModel[DistrictLine]):
    HEADERS = (
        "Район",
        "Открыто случаев",
        *(title for _category, title in CATEGORIES),
        "Закрыто всего",
        *(title for _outcome, title in OUTCOMES),
        "Пересмотр просрочен",
        "Услуги просрочены",
    )
    FIRST_OVERDUE = len(HEADERS) - 2

    def display(self, row: DistrictLine, column: int) -> str:
        if column == 0:
            return row.district if row.is_total else district_short(row.district)
        return f"{row.numbers[column - 1]:,}".replace(",", " ")

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == TOOLTIP_ROLE:
            if column == 0:
                return row.district
            if column == 2 + len(CATEGORIES):  # «Закрыто всего»
                return row.outcomes_text
        if role == _FONT_ROLE:
            return _BOLD if row.is_total else None
        if role == _ALIGN_ROLE and column:
            return _CENTRE
        if role == Qt.ItemDataRole.ForegroundRole:
            late = column >= self.FIRST_OVERDUE and row.numbers[column - 1] > 0
            return OVERDUE_COLOUR if late else None
        return super().data(index, role)


class RegionCasesModel(MarkedRowsModel[RegionCaseRow]):
    HEADERS = ("Код", "Район", "Категория", "Этап", "Выявлен", "Следующий пересмотр", "Снят", "Итог")

    def display(self, row: RegionCaseRow, column: int) -> str:
        values = (
            row.code,
            district_short(row.district),
            _SHORT_CATEGORY.get(row.category, row.category),
            row.stage,
            format_date(row.identified_on),
            format_date(row.next_review_on) + (" (просрочен)" if row.review_overdue else ""),
            format_date(row.closed_on),
            row.outcome,
        )
        return values[column]

    def colour(self, row: RegionCaseRow) -> QColor | None:
        return OVERDUE_COLOUR if row.review_overdue else None

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if role == TOOLTIP_ROLE and row is not None and index.column() == 2:
            return row.category  # the short name shown, the full one here
        return super().data(index, role)


class RegionMapModel(MarkedRowsModel[MapEntry]):
    HEADERS = (
        "Район",
        "Вид услуги",
        "Наименование",
        "Исполнитель",
        "Территория",
        "Адрес",
        "Для кого",
        "Контакты",
        "Условия",
    )

    def display(self, row: MapEntry, column: int) -> str:
        values = (
            district_short(row.district),
            row.kind,
            row.name,
            row.provider,
            row.territory,
            row.address,
            row.target_group,
            row.contacts,
            row.terms,
        )
        return values[column]
