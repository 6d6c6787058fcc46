"""The consilium's tables: meetings, the cases a meeting considered, and a case's reviews for its card."""

from __future__ import annotations

from desktop_app.domain.periods import format_date
from desktop_app.gui.models.row_table import RowTableModel
from desktop_app.services.consilium import MeetingRow, ReviewRow


class MeetingsModel(RowTableModel[MeetingRow]):
    HEADERS = ("Дата", "Вид заседания", "№ протокола", "Рассмотрено случаев", "Председатель")

    def display(self, row: MeetingRow, column: int) -> str:
        if column == 0:
            return format_date(row.held_on)
        if column == 1:
            return row.kind_label
        if column == 2:
            return row.number
        if column == 3:
            return str(len(row.reviews))
        return row.chair


class ReviewsModel(RowTableModel[ReviewRow]):
    HEADERS = ("Случай", "Ребёнок", "Решение", "Межвед. поддержка", "Рекомендации")

    def display(self, row: ReviewRow, column: int) -> str:
        if column == 0:
            return row.case_code
        if column == 1:
            return row.child_code
        if column == 2:
            return row.decision_label
        if column == 3:
            return "да" if row.interagency_support else ""
        return row.recommendations


class CaseReviewsModel(RowTableModel[tuple[MeetingRow, ReviewRow]]):
    HEADERS = ("Дата заседания", "Вид", "№ протокола", "Ребёнок", "Решение", "Межвед. поддержка", "Рекомендации")

    def display(self, row: tuple[MeetingRow, ReviewRow], column: int) -> str:
        meeting, review = row
        values = (
            format_date(meeting.held_on),
            meeting.kind_label,
            meeting.number,
            review.child_code,
            review.decision_label,
            "да" if review.interagency_support else "",
            review.recommendations,
        )
        return values[column]
