"""The half-year, played once for the package: the region approves its program and sends it down; three offices
work through January–June; Плесецкий sends on time (after settling a conflict between its two PCs), Вельский
late and then a corrected bundle, Онежский nothing; the region loads folders (one twice, one with an older
bundle), answers with its next package and its receipts, and the districts take it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import Role
from tests.scenario.inputs import (
    DISTRICTS,
    HALF_YEAR,
    JUNE,
    ONEGA,
    PLESETSK,
    PLESETSK_SECOND_PC_1_3,
    VELSK,
    VELSK_CORRECTED_1_3,
    YEAR_2025,
)
from tests.scenario.offices import Clock, Office, district_office, link_workstation, region_office
from tests.scenario.story import (
    Journal,
    Staff,
    district_enters_half_year,
    district_enters_indicators,
    district_fills_form,
    district_head_approves_and_sends,
    district_takes_package,
    office_staff,
    region_approves_its_program,
    region_imports_folder,
    region_sends_package,
    region_sets_district_plan,
)

MONTHLY_FORM = "resource-families-monthly"
MONITORING_FORM = "early-help-monitoring"
REGION_PLAN_FOR_ONEGA_2_1 = 3.0  # the region agreed a lower target of ready families with Онежский for H1
TODAY = date(2026, 7, 20)  # the day the screens and reports are looked at


@dataclass
class HalfYear:
    clock: Clock
    root: Path
    region: Office
    coordinator: Actor
    districts: dict[str, Office]
    staff: dict[str, Staff]
    journal: Journal


@pytest.fixture(scope="package")
def half_year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HalfYear]:
    root = tmp_path_factory.mktemp("region-29")
    clock = Clock()
    journal = Journal()

    # January: the ministry sets up the region and approves the program; the offices set up and take it.
    clock.set(date(2026, 1, 12))
    region = region_office(root / "region", clock)
    coordinator = region.hire(
        "coordinator", "Сидоров Иван Петрович", Role.COORDINATOR, "Главный специалист министерства"
    )
    region_approves_its_program(region, coordinator)
    region_sets_district_plan(region, coordinator, ONEGA, "2.1", REGION_PLAN_FOR_ONEGA_2_1)
    first_package = region_sends_package(region, coordinator, root / "packages", "region-1.opeka")
    districts = {name: district_office(root / name, name, clock) for name in DISTRICTS}
    staff = {
        name: office_staff(office, surname)
        for (name, office), surname in zip(districts.items(), ("Соколов", "Кузьмин", "Белов"), strict=True)
    }
    for name, office in districts.items():
        district_takes_package(office, staff[name].head, first_package)
    second_pc = district_office(root / "plesetsk-2", PLESETSK, clock)
    second_pc_user = second_pc.hire("specialist2", "Орлова Ольга Петровна", Role.SPECIALIST, "Специалист")
    district_takes_package(second_pc, second_pc.admin, first_package)
    link_workstation(districts[PLESETSK], second_pc, root / "plesetsk.opeka-card")

    # January–June: each office enters its half-year (steps, placements and reports carry their own dates).
    for name, office in districts.items():
        clock.set(date(2026, 6, 29))
        district_enters_half_year(office, staff[name], HALF_YEAR[name], root / "scans")
    # The second PC of Плесецкий typed the count of families in СОП too, with another number.
    district_enters_indicators(second_pc, second_pc_user, {"1.3": PLESETSK_SECOND_PC_1_3})

    # Early July: the monthly form for June and the 2025 monitoring form.
    clock.set(date(2026, 7, 1))
    for name, office in districts.items():
        if HALF_YEAR[name].monthly:
            district_fills_form(office, staff[name].specialist, MONTHLY_FORM, JUNE, HALF_YEAR[name].monthly)
        if HALF_YEAR[name].monitoring:
            district_fills_form(office, staff[name].specialist, MONITORING_FORM, YEAR_2025, HALF_YEAR[name].monitoring)

    # 1 July: Плесецкий's main PC takes the second PC's bundle: a conflict; the head keeps the main PC's value.
    plesetsk = districts[PLESETSK]
    head = staff[PLESETSK].head
    from_second_pc = root / "plesetsk-2-out" / "second-pc-1.opeka"
    from_second_pc.parent.mkdir()
    second_pc.export.write(second_pc.admin, from_second_pc)
    journal.previews["second pc"] = district_takes_package(plesetsk, head, from_second_pc)
    [conflict] = plesetsk.exchange_admin.conflicts(head)
    plesetsk.exchange_admin.resolve(head, conflict.id, take_incoming=False)

    # 2 July, Thursday: Плесецкий sends — on time; the region loads it that afternoon.
    clock.set(date(2026, 7, 2), hour=11)
    journal.bundles["plesetsk-1"] = district_head_approves_and_sends(plesetsk, head, root / "mail", "plesetsk-1.opeka")
    clock.set(date(2026, 7, 2), hour=15)
    journal.folders["2 July"] = region_imports_folder(
        region, coordinator, root / "inbox-0702", [journal.bundles["plesetsk-1"]]
    )

    # 9 July: Вельский sends late; on 10 July it finds a family counted twice and sends a corrected bundle.
    velsk = districts[VELSK]
    clock.set(date(2026, 7, 9))
    journal.bundles["velsk-1"] = district_head_approves_and_sends(
        velsk, staff[VELSK].head, root / "mail", "velsk-1.opeka"
    )
    clock.set(date(2026, 7, 10))
    district_enters_indicators(velsk, staff[VELSK].head, {"1.3": VELSK_CORRECTED_1_3})
    journal.bundles["velsk-2"] = district_head_approves_and_sends(
        velsk, staff[VELSK].head, root / "mail", "velsk-2.opeka"
    )

    # 13 July: the coordinator loads a folder with Плесецкий's file again and Вельский's corrected one, then
    # the same folder once more by mistake; on 14 July Вельский's first file turns up in the mail.
    clock.set(date(2026, 7, 13))
    week = [journal.bundles["plesetsk-1"], journal.bundles["velsk-2"]]
    journal.folders["13 July"] = region_imports_folder(region, coordinator, root / "inbox-0713", week)
    journal.folders["13 July again"] = region_imports_folder(region, coordinator, root / "inbox-0713", [])
    clock.set(date(2026, 7, 14))
    journal.folders["14 July"] = region_imports_folder(
        region, coordinator, root / "inbox-0714", [journal.bundles["velsk-1"]]
    )

    # 15 July: the region's next package, with the receipts; every office takes it.
    clock.set(date(2026, 7, 15))
    second_package = region_sends_package(region, coordinator, root / "packages", "region-2.opeka")
    journal.bundles["region-2"] = second_package
    for name, office in districts.items():
        journal.previews[f"region-2 at {name}"] = district_takes_package(office, staff[name].head, second_package)

    clock.set(TODAY)
    yield HalfYear(clock, root, region, coordinator, districts, staff, journal)
    for office in (region, *districts.values(), second_pc):
        office.db.close()
