"""The resource map panel and the catalogue of support measures on their own: search finds «ё» typed as «е», a
retired entry is hidden unless «показывать выведенные», and a district user sees the region's catalogue read-only."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.case_terms import ServiceKind
from desktop_app.domain.roles import Role
from desktop_app.gui.cases.common import RETIRED_COLOUR
from desktop_app.gui.cases.resource_map_panel import ResourceEntryDialog, ResourceMapPanel
from desktop_app.gui.cases.support_catalogue_dialog import AT_DISTRICT, NO_RIGHT, SupportCatalogueDialog
from desktop_app.services.resource_map import ResourceInput, ResourceMapService
from desktop_app.services.support_catalogue import default_catalogue, ensure_default_catalogue
from desktop_app.storage.database import Database
from tests.cases.case_world import organisation_ids
from tests.conftest import make_actor
from tests.demo_without_cases import without_demo_cases
from tests.gui.case_route_helpers import SPECIALIST, make_context, settle, shown_at_office_size
from tests.gui.helpers import choose


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


__all__ = ["make_context"]


def _map(db: Database) -> None:
    service = ResourceMapService(db)
    provider = organisation_ids(db, 1)[0]
    service.add(
        SPECIALIST,
        ResourceInput(
            ServiceKind.PSYCHOLOGY.value,
            "Консультации психолога «Семейный очаг»",
            provider,
            territory="п. Плесецк",
            address="ул. Ленина, 12",
            target_group="родители детей до 7 лет",
            contacts="8 (81832) 7-11-22",
            terms="бесплатно, по записи",
        ),
    )
    service.add(
        SPECIALIST,
        ResourceInput(ServiceKind.LEISURE.value, "Кружок «Ёлочка» для детей", territory="п. Савинский"),
    )


def test_search_finds_the_e_variant_of_yo(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    _map(demo_db)
    panel = ResourceMapPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    assert panel.model.rowCount() == 2
    panel.grab().save("/tmp/route_map.png")

    panel.search.setText("елочка")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.model.index(0, 1).data() == "Кружок «Ёлочка» для детей"

    panel.search.setText("")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    choose(panel.territory, "п. Плесецк")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.model.index(0, 3).data() == "п. Плесецк"
    choose(panel.territory, "")
    choose(panel.kind, ServiceKind.LEISURE.value)
    settle(panel, qtbot)
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, 0).data() == ServiceKind.LEISURE.label


def test_a_retired_entry_shows_only_with_show_retired(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    _map(demo_db)
    panel = ResourceMapPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    names = [panel.model.index(row, 1).data() for row in range(panel.model.rowCount())]
    panel.table.selectRow(names.index("Кружок «Ёлочка» для детей"))
    assert panel.retire.text() == "Вывести из карты"
    panel.toggle_retired()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert "выведена" in panel.messages.text()

    panel.show_retired.setChecked(True)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=10_000)
    retired = [row for row in range(2) if "выведена из карты" in panel.model.index(row, 1).data()]
    assert len(retired) == 1
    assert panel.model.index(retired[0], 0).data(0x0009) == RETIRED_COLOUR  # Qt.ForegroundRole
    panel.grab().save("/tmp/route_map_retired.png")


def test_an_entry_added_in_the_dialog_appears_and_a_nameless_one_is_refused(
    qtbot: QtBot,
    make_context,  # type: ignore[no-untyped-def]
    demo_db: Database,
) -> None:
    panel = ResourceMapPanel(make_context())
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    dialog = panel.open_entry_dialog(None)
    assert isinstance(dialog, ResourceEntryDialog)
    dialog.save()
    assert dialog.errors["name"].text() == "Укажите наименование услуги."
    dialog.name.setText("Юридическая консультация")
    choose(dialog.kind, ServiceKind.LEGAL.value)
    dialog.territory.setText("г. Мирный")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.save()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.model.index(0, 1).data() == "Юридическая консультация"
    qtbot.waitUntil(lambda: panel.territory.findData("г. Мирный") >= 0, timeout=10_000)


def test_a_district_user_sees_the_catalogue_read_only(qtbot: QtBot, make_context, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    with demo_db.transaction() as session:
        ensure_default_catalogue(session)  # set-up has loaded it already: this adds nothing
    added = len(default_catalogue())
    dialog = SupportCatalogueDialog(make_context(SPECIALIST))
    qtbot.addWidget(dialog)
    dialog.resize(1000, 600)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == added, timeout=10_000)
    assert dialog.reason_label.isVisible() and dialog.reason_label.text() == NO_RIGHT
    assert not dialog.add.isVisible() and not dialog.edit.isVisible() and not dialog.retire.isVisible()
    social = [row for row in range(added) if dialog.model.index(row, 2).data() == "да"]
    assert social, "the default catalogue marks the social contract"
    dialog.grab().save("/tmp/route_catalogue.png")

    administrator = SupportCatalogueDialog(make_context(make_actor(Role.ADMIN, "admin")))
    qtbot.addWidget(administrator)
    assert administrator.reason_label.text() == AT_DISTRICT  # the demo is a district: the region keeps the list
    assert not administrator.add.isVisibleTo(administrator)
