"""«Обзор» marks overdue casework as it marks overdue measures (issue 25 §2): an open case whose review date has
passed and an open case with a service past its deadline are counted and listed, each opening its case card; a
closed case with both is not counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop_app.domain.actor import Actor
from desktop_app.domain.case_route import ServiceInput
from desktop_app.domain.case_rules import AssessmentInput, ClosureInput
from desktop_app.domain.case_terms import CaseOutcome, ServiceKind, SupportLevel
from desktop_app.domain.periods import format_date
from desktop_app.gui.dialogs.case_card_dialog import CaseCardDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.gui.pages.dashboard_page import _BEHIND, DashboardPage
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_route import CaseRouteService
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseReferral, CaseService, CaseSupportMeasure, FamilyCase
from tests.cases.case_world import organisation_ids
from tests.demo_without_cases import without_demo_cases
from tests.gui.cases_world import make_case
from tests.gui.helpers import settle


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


TODAY = date.today()


def _assess(db: Database, actor: Actor, case_id: str, next_review_on: date) -> None:
    entry = AssessmentInput(SupportLevel.INTENSIVE, TODAY - timedelta(days=25), next_review_on)
    CaseEditing(db).set_assessment(actor, case_id, entry)


def _late_service(db: Database, actor: Actor, case_id: str) -> None:
    provider = organisation_ids(db, 1)[0]
    entry = ServiceInput(
        ServiceKind.PSYCHOLOGY.value, TODAY - timedelta(days=10), provider, due_on=TODAY - timedelta(days=3)
    )
    CaseRouteService(db).add_service(actor, case_id, entry)


def _already_overdue(db: Database) -> tuple[int, int]:
    """What the database held before the test's cases: open cases past their review, open cases' services past
    their deadline (counted here by the rule: planned or in progress, due before today)."""
    with db.reading() as session:
        open_cases = select(FamilyCase.id).where(FamilyCase.closed_on.is_(None))
        reviews = session.scalar(
            select(func.count()).where(FamilyCase.closed_on.is_(None), FamilyCase.next_review_on < TODAY)
        )
        services = session.scalar(
            select(func.count()).where(
                CaseService.case_id.in_(open_cases),
                CaseService.status.in_(("planned", "in_progress")),
                CaseService.due_on < TODAY,
            )
        )
        pending = session.scalar(select(func.count()).select_from(CaseReferral)) or 0
        pending += session.scalar(select(func.count()).select_from(CaseSupportMeasure)) or 0
    assert pending == 0, "the test counts services only: referrals and measures would need their own rules here"
    return reviews or 0, services or 0


def test_overdue_reviews_and_services_are_counted_listed_and_open_their_card(
    window: MainWindow, demo_db: Database, demo_actor: Actor, qtbot: QtBot
) -> None:
    reviews_before, services_before = _already_overdue(demo_db)
    late_review = make_case(demo_db, demo_actor, "Сомова Анна Ильинична", "Р-2026-11")
    _assess(demo_db, demo_actor, late_review.id, TODAY - timedelta(days=5))
    late_service = make_case(demo_db, demo_actor, "Рябова Инна Олеговна", "Р-2026-12")
    _assess(demo_db, demo_actor, late_service.id, TODAY + timedelta(days=60))
    _late_service(demo_db, demo_actor, late_service.id)
    closed = make_case(demo_db, demo_actor, "Жукова Вера Андреевна", "Р-2026-13")
    _assess(demo_db, demo_actor, closed.id, TODAY - timedelta(days=5))
    _late_service(demo_db, demo_actor, closed.id)
    entry = ClosureInput(CaseOutcome.MOVED_AWAY, TODAY, reason="семья переехала в другой регион")
    CaseEditing(demo_db).close(demo_actor, closed.id, entry)

    page = window.open_page("dashboard")
    assert isinstance(page, DashboardPage)
    page.refresh()
    settle(page, qtbot)
    assert page.data is not None and page.data.casework is not None
    reviews, route = reviews_before + 1, services_before + 1  # the closed case counts in neither
    assert (page.data.casework.reviews_overdue, page.data.casework.route_overdue) == (reviews, route)
    assert page.casework_box.isVisible()
    assert page.casework_summary.text() == (f"Пересмотр просрочен: {reviews} сл.; просрочено по маршрутам: {route}")
    listed = {page.casework.item(r, 0).text(): r for r in range(page.casework.rowCount())}
    assert late_review.code in listed and late_service.code in listed and closed.code not in listed
    review_row, service_row = listed[late_review.code], listed[late_service.code]
    assert page.casework.item(review_row, 1).text() == "Пересмотр случая"
    five = format_date(TODAY - timedelta(days=5))
    assert page.casework.item(review_row, 2).text() == f"5 дней (срок {five})"
    assert page.casework.item(service_row, 1).text() == f"Услуга: {ServiceKind.PSYCHOLOGY.label}"
    assert page.casework.item(service_row, 2).text().startswith("3 дня (срок ")
    assert page.casework.item(service_row, 0).background() == _BEHIND  # red as an overdue measure

    window.resize(1280, 720)
    qtbot.wait(50)
    window.grab().save("/tmp/dashboard_casework.png")

    page.casework.itemActivated.emit(page.casework.item(service_row, 1))
    cases = window.current_page()
    assert isinstance(cases, CasesPage)
    dialog = cases.dialog
    assert isinstance(dialog, CaseCardDialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    assert dialog.card is not None and dialog.card.id == late_service.id
    dialog.reject()
