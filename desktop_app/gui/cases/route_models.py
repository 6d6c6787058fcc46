"""The three tables of a case's route: services, support measures and referrals; overdue rows red with the text."""

from __future__ import annotations

from PySide6.QtGui import QColor

from desktop_app.domain.periods import format_date
from desktop_app.gui.cases.common import OVERDUE_COLOUR, MarkedRowsModel
from desktop_app.services.case_route_rows import RouteMeasureRow, RouteReferralRow, RouteServiceRow


def _with_overdue(label: str, overdue_text: str) -> str:
    return f"{label}: {overdue_text}" if overdue_text else label


class ServicesModel(MarkedRowsModel[RouteServiceRow]):
    HEADERS = ("Вид услуги", "Исполнитель или услуга карты", "Включена", "Срок", "Оказана", "Состояние", "Результат")

    def display(self, row: RouteServiceRow, column: int) -> str:
        if column == 0:
            return row.kind_label
        if column == 1:
            return " — ".join(part for part in (row.resource_name, row.provider_name) if part)
        if column == 2:
            return format_date(row.planned_on)
        if column == 3:
            return format_date(row.due_on)
        if column == 4:
            return format_date(row.given_on)
        if column == 5:
            return _with_overdue(row.status_label, row.overdue.text if row.overdue else "")
        return row.result

    def colour(self, row: RouteServiceRow) -> QColor | None:
        return OVERDUE_COLOUR if row.overdue is not None else None


class MeasuresModel(MarkedRowsModel[RouteMeasureRow]):
    HEADERS = ("Мера поддержки", "Соц. контракт", "Обращение", "Решение", "Дата решения", "Примечание")

    def display(self, row: RouteMeasureRow, column: int) -> str:
        if column == 0:
            return row.kind_name
        if column == 1:
            return "да" if row.is_social_contract else ""
        if column == 2:
            return format_date(row.applied_on)
        if column == 3:
            return _with_overdue(row.decision_label, row.overdue.text if row.overdue else "")
        if column == 4:
            return format_date(row.decided_on)
        return row.note

    def colour(self, row: RouteMeasureRow) -> QColor | None:
        return OVERDUE_COLOUR if row.overdue is not None else None


class ReferralsModel(MarkedRowsModel[RouteReferralRow]):
    HEADERS = ("Организация", "Вид услуги", "Направлено", "Ответ до", "Ответ", "Дата ответа", "Текст ответа")

    def display(self, row: RouteReferralRow, column: int) -> str:
        if column == 0:
            return row.organisation_name
        if column == 1:
            return row.service_kind_label
        if column == 2:
            return format_date(row.sent_on)
        if column == 3:
            return format_date(row.answer_due_on)
        if column == 4:
            return _with_overdue(row.answer_label, row.overdue.text if row.overdue else "")
        if column == 5:
            return format_date(row.answered_on)
        return row.answer_text

    def colour(self, row: RouteReferralRow) -> QColor | None:
        return OVERDUE_COLOUR if row.overdue is not None else None
