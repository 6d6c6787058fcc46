"""The consilium panel and a case's reviews on their own: the period's coverage names the unreviewed children and
changes to «все случаи рассмотрены» once the expert group's review of the placement is added through the dialogs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from desktop_app.domain.case_record import ChildInput
from desktop_app.domain.case_terms import ConsiliumKind, ReviewDecision
from desktop_app.domain.periods import Period, PeriodKind, format_date
from desktop_app.gui.cases.consilium_dialogs import MeetingDialog, ReviewDialog
from desktop_app.gui.cases.consilium_panel import ConsiliumPanel
from desktop_app.gui.cases.reviews_tab import CaseReviewsTab
from desktop_app.services.consilium import ConsiliumService, MeetingInput, ReviewInput
from desktop_app.storage.database import Database
from tests.cases.case_world import family
from tests.gui.case_route_helpers import SPECIALIST, make_context, new_case, settle, shown_at_office_size
from tests.gui.helpers import choose

__all__ = ["make_context"]


def _placed_case(db: Database, code: str) -> str:
    """A case whose child, 1 year old, was placed in an institution yesterday (so within the current half-year
    unless today is its first day)."""
    today = date.today()
    placed = max(today - timedelta(days=1), Period.containing(today, PeriodKind.HALF_YEAR).start)
    child = ChildInput(code, placed - timedelta(days=400), "m", placed_on=placed, institution="Дом ребёнка")
    return new_case(db, replace(family("Ёжикова Анна Сергеевна"), children=(child,)))


def test_coverage_turns_complete_after_the_expert_review_is_added(
    qtbot: QtBot,
    make_context,  # type: ignore[no-untyped-def]
    demo_db: Database,
) -> None:
    _placed_case(demo_db, "Р-2026-31")
    panel = ConsiliumPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    assert panel.chosen_period() == Period.containing(date.today(), PeriodKind.HALF_YEAR)
    assert "не рассмотрено: 1 (Р-2026-31)" in panel.coverage_label.text()

    meeting_dialog = panel.open_meeting_dialog(None)
    assert isinstance(meeting_dialog, MeetingDialog)
    choose(meeting_dialog.kind, ConsiliumKind.EXPERT_REVIEW.value)
    meeting_dialog.number.setText("7")
    with qtbot.waitSignal(meeting_dialog.accepted, timeout=10_000):
        meeting_dialog.save()
    qtbot.waitUntil(lambda: panel.meetings.rowCount() == 1, timeout=10_000)
    assert panel.meetings.index(0, 0).data() == format_date(date.today())
    assert panel.meetings.index(0, 3).data() == "0"

    panel.meetings_view.selectRow(0)
    review_dialog = panel.open_review_dialog(None)
    assert isinstance(review_dialog, ReviewDialog)
    review_dialog.search.setText("ёжиков")  # the family's name with ё typed as ё
    review_dialog.find_cases("ёжиков")
    qtbot.waitUntil(lambda: review_dialog.case.count() == 2 and review_dialog.child.count() == 2, timeout=10_000)
    assert review_dialog.child.currentText().startswith("Р-2026-31")  # the one placed child is chosen
    choose(review_dialog.decision, ReviewDecision.PLACEMENT_JUSTIFIED.value)
    review_dialog.recommendations.setPlainText("подготовить возвращение ребёнка в семью")
    review_dialog.grab().save("/tmp/route_review_dialog.png")
    with qtbot.waitSignal(review_dialog.accepted, timeout=10_000):
        review_dialog.save()

    qtbot.waitUntil(lambda: "все случаи рассмотрены" in panel.coverage_label.text(), timeout=10_000)
    assert panel.meetings.index(0, 3).data() == "1"
    panel.meetings_view.selectRow(0)
    assert panel.reviews.index(0, 1).data() == "Р-2026-31"
    panel.grab().save("/tmp/route_consilium.png")


def test_an_expert_review_without_the_child_is_refused_beside_the_field(
    qtbot: QtBot,
    make_context,  # type: ignore[no-untyped-def]
    demo_db: Database,
) -> None:
    case_id = _placed_case(demo_db, "Р-2026-32")
    service = ConsiliumService(demo_db)
    service.add_meeting(SPECIALIST, MeetingInput(ConsiliumKind.EXPERT_REVIEW.value, date.today()))
    panel = ConsiliumPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    panel.meetings_view.selectRow(0)
    dialog = panel.open_review_dialog(None)
    assert isinstance(dialog, ReviewDialog)
    qtbot.waitUntil(lambda: dialog.case.findData(case_id) >= 0, timeout=10_000)
    choose(dialog.case, case_id)
    qtbot.waitUntil(lambda: dialog.child.count() == 2, timeout=10_000)
    choose(dialog.child, "")
    dialog.save()
    assert dialog.errors["child_id"].isVisible()
    dialog.reject()
    assert service.case_reviews(SPECIALIST, case_id) == []


def test_a_case_shows_its_reviews(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    service = ConsiliumService(demo_db)
    meeting = service.add_meeting(
        SPECIALIST, MeetingInput(ConsiliumKind.CONSILIUM.value, date.today() - timedelta(days=2), number="12")
    )
    service.add_review(
        SPECIALIST,
        meeting.id,
        ReviewInput(case_id, ReviewDecision.CONTINUE.value, "продолжить работу с психологом", True),
    )
    tab = CaseReviewsTab(make_context(), case_id)
    shown_at_office_size(tab, qtbot)
    settle(tab, qtbot)

    assert tab.model.rowCount() == 1
    shown = [tab.model.index(0, column).data() for column in range(tab.model.columnCount())]
    assert shown == [
        format_date(date.today() - timedelta(days=2)),
        ConsiliumKind.CONSILIUM.label,
        "12",
        "",
        ReviewDecision.CONTINUE.label,
        "да",
        "продолжить работу с психологом",
    ]
    tab.grab().save("/tmp/route_case_reviews.png")
