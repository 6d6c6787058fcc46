"""«По районам» at a region that took two districts' bundles: the counts per district on a date and the region's
total are the ones counted here by hand, the codes are listed with their districts and filtered, every district's
resource map is seen together, and no name, address or note of a family is anywhere in what the panel shows. The
page «Сопровождение семей» of the region's coordinator opens on this tab."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage
from desktop_app.domain.roles import Role
from desktop_app.gui.cases.region_models import TOTAL
from desktop_app.gui.cases.region_panel import RegionCasesPanel
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.gui.tasks import TaskRunner
from tests.conftest import make_actor
from tests.exchange.cases_world import Secrets, add_case, district_with_package, region_with_catalogue, secrets
from tests.exchange.test_end_to_end import DISTRICTS, Installation
from tests.gui.case_route_helpers import settle, shown_at_office_size
from tests.gui.helpers import choose

PLESETSK, VELSK = DISTRICTS[0], DISTRICTS[1]
ON = date(2026, 6, 30)
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
TOLD = {PLESETSK: secrets("Кузнецов"), VELSK: secrets("Белозёров")}
SERVICES = "services"


@dataclass
class Region:
    installation: Installation
    runners: list[TaskRunner]

    def context(self) -> AppContext:
        runner = TaskRunner()
        self.runners.append(runner)
        installation = self.installation
        return AppContext.build(installation.paths, installation.db, COORDINATOR, runner)


@pytest.fixture
def region(tmp_path: Path) -> Iterator[Region]:
    """Plesetsk: СС-0001 (СОП, at «услуги», review due 01.03, a service due 01.05), СС-0002 (ТЖС, at «оценка»,
    review due 01.08), СС-0003 (risk, closed 10.04, child returned). Velsk: СС-0001 (СОП, identified, review due
    01.05), СС-0002 (child placed, closed 20.05, placed in a family), СС-0003 (risk, closed 15.03, moved away)."""
    installation, package = region_with_catalogue(tmp_path)
    plesetsk = district_with_package(tmp_path / "plesetsk", PLESETSK, package)
    velsk = district_with_package(tmp_path / "velsk", VELSK, package)
    told = TOLD[PLESETSK]
    add_case(
        plesetsk,
        "СС-0001",
        "sop",
        date(2026, 1, 10),
        (("identified", date(2026, 1, 10)), ("assessment", date(2026, 1, 20)), (SERVICES, date(2026, 2, 15))),
        next_review_on=date(2026, 3, 1),
        service_due_on=date(2026, 5, 1),
        told=told,
        full=True,
    )
    add_case(
        plesetsk,
        "СС-0002",
        "tzhs",
        date(2026, 2, 1),
        (("identified", date(2026, 2, 1)), ("assessment", date(2026, 2, 10))),
        next_review_on=date(2026, 8, 1),
        told=told,
    )
    add_case(
        plesetsk,
        "СС-0003",
        "risk",
        date(2025, 9, 1),
        (("identified", date(2025, 9, 1)), ("closed", date(2026, 4, 10))),
        closed_on=date(2026, 4, 10),
        outcome="returned",
        told=told,
    )
    told = TOLD[VELSK]
    add_case(
        velsk,
        "СС-0001",
        "sop",
        date(2026, 3, 3),
        (("identified", date(2026, 3, 3)),),
        next_review_on=date(2026, 5, 1),
        told=told,
        full=True,
    )
    add_case(
        velsk,
        "СС-0002",
        "placed",
        date(2026, 1, 15),
        (("identified", date(2026, 1, 15)), ("closed", date(2026, 5, 20))),
        closed_on=date(2026, 5, 20),
        outcome="family_placement",
        told=told,
    )
    add_case(
        velsk,
        "СС-0003",
        "risk",
        date(2026, 2, 1),
        (("identified", date(2026, 2, 1)), ("closed", date(2026, 3, 15))),
        closed_on=date(2026, 3, 15),
        outcome="moved",
        told=told,
    )
    for district, name in ((plesetsk, "plesetsk.opeka"), (velsk, "velsk.opeka")):
        bundle = tmp_path / name
        district.export.write(SYSTEM_ACTOR, bundle)
        installation.take(bundle)
    built = Region(installation, [])
    yield built
    for runner in built.runners:
        runner.shutdown()


def texts(model: QAbstractItemModel) -> list[list[str]]:
    """Every cell as shown, row by row."""
    return [
        [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def tooltips(model: QAbstractItemModel) -> list[str]:
    role = Qt.ItemDataRole.ToolTipRole
    return [
        str(model.index(row, column).data(role) or "")
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]


def no_family_text(panel: RegionCasesPanel, told: Secrets) -> None:
    shown = "\n".join(
        "\n".join(["\n".join(line) for line in texts(model)] + tooltips(model))
        for model in (panel.districts_model, panel.cases_model, panel.map_model)
    )
    for secret in told.texts():
        if secret in ("Смирнова Елена Павловна",) or len(secret) < 6:
            continue
        assert secret not in shown, secret
    assert told.adult_name not in shown and told.display_name not in shown and told.address not in shown


def test_counts_per_district_with_the_total_codes_and_maps(region: Region, qtbot: QtBot) -> None:
    panel = RegionCasesPanel(region.context(), today=lambda: ON)
    shown_at_office_size(panel, qtbot)
    settle(panel, qtbot)
    assert panel.date_edit.text() == "30.06.2026"

    headers = [panel.districts_model.headerData(c, Qt.Orientation.Horizontal) for c in range(12)]
    assert headers == [
        "Район",
        "Открыто случаев",
        "ТЖС",
        "СОП",
        "Риск помещения",
        "Ребёнок в организации",
        "Закрыто всего",
        "Ситуация преодолена",
        "Ребёнок возвращён",
        "Устроен в семью",
        "Пересмотр просрочен",
        "Услуги просрочены",
    ]
    # on 30.06: Velsk has СС-0001 open (СОП, review due 01.05 passed, no service), СС-0002 and СС-0003 closed
    # (placed in a family; moved away); Plesetsk has СС-0001 (СОП, review 01.03 passed, service due 01.05 not
    # given) and СС-0002 (ТЖС, review 01.08) open, СС-0003 closed with the child returned
    velsk = ["Вельский р-н", "1", "0", "1", "0", "0", "2", "0", "0", "1", "1", "0"]
    plesetsk = ["Плесецкий м. о.", "2", "1", "1", "0", "0", "1", "0", "1", "0", "1", "1"]
    total = [TOTAL] + [str(int(a) + int(b)) for a, b in zip(velsk[1:], plesetsk[1:], strict=True)]
    assert total == [TOTAL, "3", "1", "2", "0", "0", "3", "0", "1", "1", "2", "1"]
    assert texts(panel.districts_model) == [velsk, plesetsk, total]
    closed_tip = panel.districts_model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert f"{CaseOutcome.FAMILY_PLACEMENT.label}: 1" in closed_tip
    assert f"{CaseOutcome.MOVED_AWAY.label}: 1" in closed_tip  # not a column of its own: told in the tooltip
    assert f"{CaseOutcome.MOVED_AWAY.label}: 1" in panel.districts_model.index(2, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.summary.text().startswith("На 30.06.2026: районов со случаями — 2, открыто случаев — 3")

    codes = [(row[0], row[1]) for row in texts(panel.cases_model)]
    assert codes == [
        ("СС-0001", "Вельский р-н"),
        ("СС-0002", "Вельский р-н"),
        ("СС-0003", "Вельский р-н"),
        ("СС-0001", "Плесецкий м. о."),
        ("СС-0002", "Плесецкий м. о."),
        ("СС-0003", "Плесецкий м. о."),
    ]
    first_plesetsk = texts(panel.cases_model)[3]
    assert first_plesetsk[2:4] == ["СОП", CaseStage.SERVICES.label]
    assert panel.cases_model.index(3, 2).data(Qt.ItemDataRole.ToolTipRole) == CaseCategory.SOP.label
    assert first_plesetsk[5] == "01.03.2026 (просрочен)"

    choose(panel.district_filter, PLESETSK)
    assert [row[0] for row in texts(panel.cases_model)] == ["СС-0001", "СС-0002", "СС-0003"]
    choose(panel.category_filter, CaseCategory.SOP.label)
    assert [(row[0], row[1]) for row in texts(panel.cases_model)] == [("СС-0001", "Плесецкий м. о.")]
    choose(panel.district_filter, "")
    assert [(row[0], row[1]) for row in texts(panel.cases_model)] == [
        ("СС-0001", "Вельский р-н"),
        ("СС-0001", "Плесецкий м. о."),
    ]
    choose(panel.category_filter, "")
    choose(panel.stage_filter, CaseStage.ASSESSMENT.label)
    assert [(row[0], row[1]) for row in texts(panel.cases_model)] == [("СС-0002", "Плесецкий м. о.")]
    choose(panel.stage_filter, "")
    panel.open_only.setChecked(True)
    assert len(texts(panel.cases_model)) == 3  # open on 30.06: Velsk's СС-0001, Plesetsk's СС-0001 and СС-0002
    panel.open_only.setChecked(False)
    panel.districts.selectRow(0)  # a district chosen in the table lists its codes
    assert {row[1] for row in texts(panel.cases_model)} == {"Вельский р-н"}
    panel.districts.selectRow(2)
    assert len(texts(panel.cases_model)) == 6

    # every district's resource map, with the district that keeps each entry
    assert [row[0] for row in texts(panel.map_model)] == ["Вельский р-н", "Плесецкий м. о."]
    panel.map_territory.setText("плесецк")
    qtbot.waitUntil(lambda: panel.map_model.rowCount() == 1 and not panel.busy, timeout=10_000)
    assert texts(panel.map_model)[0][0] == "Плесецкий м. о."
    panel.map_territory.setText("")
    panel.map_search.setText("вакансий вельский")
    qtbot.waitUntil(lambda: panel.map_model.rowCount() == 1 and not panel.busy, timeout=10_000)
    assert texts(panel.map_model)[0][0] == "Вельский р-н"

    for told in TOLD.values():
        no_family_text(panel, told)

    # on 01.04 Plesetsk's СС-0003 was still open (closed 10.04), and so was Velsk's СС-0002 (closed 20.05)
    panel.date_edit.setText("01.04.2026")
    panel.show_button.click()
    qtbot.waitUntil(lambda: panel.on_date == date(2026, 4, 1) and not panel.busy, timeout=10_000)
    settle(panel, qtbot)
    assert [row[1] for row in texts(panel.districts_model)] == ["2", "3", "5"]
    panel.date_edit.setText("31.02.2026")
    panel.show_button.click()
    assert panel.messages.isVisible() and panel.on_date == date(2026, 4, 1)


def test_the_region_coordinator_opens_the_page_on_the_districts(region: Region, qtbot: QtBot) -> None:
    window = MainWindow(region.context())
    qtbot.addWidget(window)
    window.show()
    window.resize(1280, 720)
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    assert page.region is not None and page.tabs.currentWidget() is page.region
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "По районам",
        "Случаи",
        "Консилиумы",
        "Ресурсная карта",
    ]
    panel = page.region
    panel.date_edit.setText("30.06.2026")
    panel.show_button.click()
    qtbot.waitUntil(lambda: panel.on_date == ON and not panel.busy, timeout=10_000)
    settle(panel, qtbot)
    assert texts(panel.districts_model)[-1][:2] == [TOTAL, "3"]
    qtbot.wait(50)
    window.grab().save("/tmp/region_cases.png")
    for told in TOLD.values():
        no_family_text(panel, told)
    page.focus_search()
    assert page.tabs.currentWidget() is page.listing
