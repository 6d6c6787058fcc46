"""The route's service dialog chooses from the resource map filtered by the service's kind (the provider follows the
entry), and a change saved over someone else's newer one is refused with the reason, the dialog left open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pytestqt.qtbot import QtBot

from desktop_app.domain.case_route import ServiceInput
from desktop_app.domain.case_terms import ServiceKind
from desktop_app.gui.cases.route_dialogs import ServiceDialog
from desktop_app.gui.cases.route_tab import CaseRouteTab
from desktop_app.services.case_route import STALE, CaseRouteService
from desktop_app.services.resource_map import ResourceInput, ResourceMapService
from desktop_app.storage.database import Database
from tests.cases.case_world import organisation_ids
from tests.gui.case_route_helpers import SPECIALIST, make_context, new_case, settle, shown_at_office_size
from tests.gui.helpers import choose

__all__ = ["make_context"]


def test_the_map_entry_is_offered_for_its_kind_and_brings_its_provider(
    qtbot: QtBot,
    make_context,  # type: ignore[no-untyped-def]
    demo_db: Database,
) -> None:
    provider = organisation_ids(demo_db, 2)[1]
    entry = ResourceMapService(demo_db).add(
        SPECIALIST, ResourceInput(ServiceKind.ADDICTION.value, "Группа поддержки «Трезвый выбор»", provider)
    )
    case_id = new_case(demo_db)
    tab = CaseRouteTab(make_context(), case_id)
    shown_at_office_size(tab, qtbot)
    settle(tab, qtbot)
    dialog = tab.open_service_dialog()
    assert isinstance(dialog, ServiceDialog)
    choose(dialog.kind, ServiceKind.PSYCHOLOGY.value)
    assert dialog.resource.findData(entry.id) < 0  # another kind: not offered
    choose(dialog.kind, ServiceKind.ADDICTION.value)
    choose(dialog.resource, entry.id)
    assert dialog.provider.currentData() == provider
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: tab.services.model.rowCount() == 1, timeout=10_000)
    assert tab.services.model.index(0, 1).data().startswith("Группа поддержки «Трезвый выбор» — ")


def test_a_stale_edit_is_refused_with_the_reason(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    case_id = new_case(demo_db)
    service = CaseRouteService(demo_db)
    entry = ServiceInput(ServiceKind.LEGAL.value, date.today(), organisation_ids(demo_db, 1)[0])
    row = service.add_service(SPECIALIST, case_id, entry)
    tab = CaseRouteTab(make_context(), case_id)
    shown_at_office_size(tab, qtbot)
    settle(tab, qtbot)
    tab.services.view.selectRow(0)
    dialog = tab.open_service_dialog(tab.services.chosen())
    assert isinstance(dialog, ServiceDialog)
    service.update_service(SPECIALIST, row.id, replace(entry, description="изменено коллегой"), row.row_version)

    dialog.description.setPlainText("моя правка")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.messages.isVisible(), timeout=10_000)
    assert dialog.messages.text() == STALE
    assert dialog.isVisible()
    dialog.reject()
    assert service.route(SPECIALIST, case_id).services[0].description == "изменено коллегой"
