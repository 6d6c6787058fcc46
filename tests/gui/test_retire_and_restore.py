"""A retired entry of the resource map comes back: chosen among the retired, its button offers «Вернуть в карту»,
and pressing it says so and shows it as a current entry again (not grey, the button back to «Вывести из карты»)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.case_terms import ServiceKind
from desktop_app.gui.cases.resource_map_panel import ResourceMapPanel
from desktop_app.services.resource_map import ResourceFilter, ResourceInput, ResourceMapService
from desktop_app.storage.database import Database
from tests.demo_without_cases import without_demo_cases
from tests.gui.case_route_helpers import SPECIALIST, make_context, settle, shown_at_office_size

__all__ = ["make_context"]

NAME = "Кружок «Ёлочка» для детей"


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    return without_demo_cases(demo_db)


def test_a_retired_entry_is_brought_back(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    service = ResourceMapService(demo_db)
    entry = service.add(SPECIALIST, ResourceInput(ServiceKind.LEISURE.value, NAME, territory="п. Савинский"))
    service.retire(SPECIALIST, entry.id, entry.row_version)
    panel = ResourceMapPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    assert panel.model.rowCount() == 0
    panel.show_retired.setChecked(True)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert not panel.retire.isEnabled()  # nothing chosen yet
    panel.table.selectRow(0)
    assert panel.retire.isEnabled() and panel.edit.isEnabled()
    assert panel.retire.text() == "Вернуть в карту"

    panel.retire.click()
    qtbot.waitUntil(lambda: "возвращена" in panel.messages.text(), timeout=10_000)
    assert panel.messages.text() == f"Услуга «{NAME}» возвращена в ресурсную карту."
    qtbot.waitUntil(lambda: panel.model.index(0, 1).data() == NAME, timeout=10_000)  # no «(выведена из карты)»
    assert panel.model.index(0, 1).data(0x0009) is None  # Qt.ForegroundRole: not grey
    panel.table.selectRow(0)
    assert panel.retire.text() == "Вывести из карты"
    assert [row.is_retired for row in service.entries(SPECIALIST, ResourceFilter(include_retired=True))] == [False]
