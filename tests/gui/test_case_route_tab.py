"""«Маршрут» of a case on its own: services added through the dialog appear, overdue ones are red with how late they
are, a given service without its result is refused beside the field, a closed case and a role without personal data
see what they may."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.domain.case_route import ServiceInput
from desktop_app.domain.case_rules import ClosureInput
from desktop_app.domain.case_terms import CaseOutcome, ServiceKind, ServiceStatus
from desktop_app.domain.periods import format_date
from desktop_app.gui.cases.common import OVERDUE_COLOUR
from desktop_app.gui.cases.route_dialogs import ServiceDialog
from desktop_app.gui.cases.route_tab import CaseRouteTab
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_route import CaseRouteService
from desktop_app.storage.database import Database
from tests.cases.case_world import organisation_ids
from tests.gui.case_route_helpers import COORDINATOR, SPECIALIST, make_context, new_case, settle, shown_at_office_size
from tests.gui.helpers import choose

__all__ = ["make_context"]


def _tab(qtbot: QtBot, make_context, case_id: str, actor=SPECIALIST) -> CaseRouteTab:  # type: ignore[no-untyped-def]
    tab = CaseRouteTab(make_context(actor), case_id)
    shown_at_office_size(tab, qtbot)
    settle(tab, qtbot)
    return tab


def test_a_service_added_in_the_dialog_appears_in_the_route(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    tab = _tab(qtbot, make_context, case_id)
    assert tab.services.model.rowCount() == 0
    assert tab.services.add.isVisible()

    dialog = tab.open_service_dialog()
    assert isinstance(dialog, ServiceDialog)
    choose(dialog.kind, ServiceKind.PSYCHOLOGY.value)
    provider = organisation_ids(demo_db, 1)[0]
    choose(dialog.provider, provider)
    dialog.description.setPlainText("консультации психолога для матери")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: tab.services.model.rowCount() == 1, timeout=10_000)

    model = tab.services.model
    assert model.index(0, 0).data() == ServiceKind.PSYCHOLOGY.label
    assert model.index(0, 2).data() == format_date(date.today())
    assert model.index(0, 6).data() == ""
    assert "Добавлено" in tab.messages.text()
    tab.grab().save("/tmp/route_tab_added.png")


def test_an_overdue_service_is_red_with_how_late_it_is(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    today = date.today()
    due = today - timedelta(days=5)
    CaseRouteService(demo_db).add_service(
        SPECIALIST,
        case_id,
        ServiceInput(
            ServiceKind.EMPLOYMENT.value, due - timedelta(days=20), organisation_ids(demo_db, 1)[0], due_on=due
        ),
    )
    tab = _tab(qtbot, make_context, case_id)

    model = tab.services.model
    assert model.rowCount() == 1
    status = model.index(0, 5).data()
    assert status == f"{ServiceStatus.PLANNED.label}: просрочено на 5 дней (срок был {format_date(due)})"
    colour = model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(colour, QColor) and colour == OVERDUE_COLOUR
    assert "просрочено: 1" in tab.heading.text()
    tab.grab().save("/tmp/route_tab_overdue.png")


def test_a_given_service_without_result_is_refused_beside_the_field(
    qtbot: QtBot,
    make_context,  # type: ignore[no-untyped-def]
    demo_db: Database,
) -> None:
    case_id = new_case(demo_db)
    tab = _tab(qtbot, make_context, case_id)
    dialog = tab.open_service_dialog()
    assert isinstance(dialog, ServiceDialog)
    choose(dialog.provider, organisation_ids(demo_db, 1)[0])
    choose(dialog.status, ServiceStatus.GIVEN.value)
    dialog.given.setText(format_date(date.today()))
    dialog.save()

    assert dialog.isVisible()
    assert dialog.errors["result"].isVisible()
    assert dialog.errors["result"].text() == "Опишите результат оказанной услуги."
    dialog.grab().save("/tmp/route_service_error.png")
    dialog.reject()
    assert CaseRouteService(demo_db).route(SPECIALIST, case_id).services == ()


def test_a_closed_case_shows_its_route_read_only(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    CaseRouteService(demo_db).add_service(
        SPECIALIST, case_id, ServiceInput(ServiceKind.LEGAL.value, date.today(), organisation_ids(demo_db, 1)[0])
    )
    CaseEditing(demo_db).close(
        SPECIALIST, case_id, ClosureInput(CaseOutcome.MOVED_AWAY, date.today(), "семья переехала в другой район")
    )
    tab = _tab(qtbot, make_context, case_id)

    assert tab.services.model.rowCount() == 1
    assert not tab.services.add.isVisible() and not tab.referrals.remove.isVisible()
    assert "только для просмотра" in tab.note.text()


def test_a_role_without_personal_data_sees_no_free_texts(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    CaseRouteService(demo_db).add_service(
        SPECIALIST,
        case_id,
        ServiceInput(
            ServiceKind.HEALTH.value,
            date.today() - timedelta(days=3),
            organisation_ids(demo_db, 1)[0],
            description="лечение у нарколога",
            given_on=date.today(),
            status=ServiceStatus.GIVEN.value,
            result="прошла курс лечения",
        ),
    )
    tab = _tab(qtbot, make_context, case_id, COORDINATOR)

    model = tab.services.model
    assert model.rowCount() == 1
    shown = [model.index(0, column).data() for column in range(model.columnCount())]
    assert "прошла курс лечения" not in shown
    assert not tab.services.add.isVisible()
    assert "персональным данным" in tab.note.text()
