"""A retired entry comes back: chosen among the retired, its button offers to bring it back, and pressing it says
so and shows it as a current entry again — on the resource map of a district and in the region's catalogue of
support measures (where a measure is also added through its dialog and retired first)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.case_terms import ServiceKind
from desktop_app.domain.roles import Role
from desktop_app.gui.cases.resource_map_panel import ResourceMapPanel
from desktop_app.gui.cases.support_catalogue_dialog import MeasureKindDialog, SupportCatalogueDialog
from desktop_app.gui.context import AppContext
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.resource_map import ResourceFilter, ResourceInput, ResourceMapService
from desktop_app.services.setup import create_installation
from desktop_app.services.support_catalogue import default_catalogue
from desktop_app.storage.database import Database
from tests.catalogue_world import NSO_REGION
from tests.conftest import make_actor
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


@pytest.fixture
def region_context(tmp_path: Path) -> Iterator[AppContext]:
    """The regional coordinator's installation, where the catalogue of support measures is kept."""
    paths = DataPaths(tmp_path / "region")
    db = create_installation(paths, NSO_REGION)
    runner = TaskRunner()
    try:
        yield AppContext.build(paths, db, make_actor(Role.ADMIN, "admin"), runner)
    finally:
        runner.shutdown()
        db.close()


def test_the_region_adds_retires_and_brings_back_a_measure(qtbot: QtBot, region_context: AppContext) -> None:
    dialog = SupportCatalogueDialog(region_context)
    qtbot.addWidget(dialog)
    dialog.show()
    listed = len(default_catalogue())
    qtbot.waitUntil(lambda: dialog.model.rowCount() == listed, timeout=10_000)
    assert dialog.add.isVisible() and dialog.retire.text() == "Исключить из перечня"

    entry = dialog.open_kind_dialog(None)
    assert isinstance(entry, MeasureKindDialog)
    entry.save()
    assert entry.errors["name"].text() == "Укажите наименование меры поддержки."
    entry.name.setText("Компенсация проезда к месту лечения")
    with qtbot.waitSignal(entry.accepted, timeout=10_000):
        entry.save()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == listed + 1, timeout=10_000)
    assert dialog.messages.text() == "Перечень сохранён."

    def choose_new() -> None:
        names = [dialog.model.index(row, 0).data() for row in range(dialog.model.rowCount())]
        dialog.table.selectRow(names.index("Компенсация проезда к месту лечения"))

    choose_new()
    dialog.retire.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == listed, timeout=10_000)
    assert dialog.messages.text() == "Мера исключена из перечня."
    dialog.show_retired.setChecked(True)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == listed + 1, timeout=10_000)
    choose_new()
    assert dialog.retire.text() == "Вернуть в перечень"
    dialog.retire.click()
    qtbot.waitUntil(lambda: dialog.messages.text() == "Мера возвращена в перечень.", timeout=10_000)
    qtbot.waitUntil(lambda: not any(dialog.model.index(row, 3).data() for row in range(listed + 1)), timeout=10_000)
    choose_new()
    assert dialog.retire.text() == "Исключить из перечня"
    assert dialog.changed
