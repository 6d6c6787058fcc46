"""The district's resource map: search by any case and ё/е, filters by kind and territory, retiring an entry a
route chose (the route keeps its link), and the region's default catalogue of support measures."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, update

from desktop_app.domain.case_route import MeasureInput, ServiceInput
from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, UserError
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.resource_map import ResourceFilter, ResourceInput, ResourceMapService
from desktop_app.services.support_catalogue import (
    MeasureKindInput,
    SupportCatalogueService,
    default_catalogue,
    ensure_default_catalogue,
)
from desktop_app.storage.database import Database
from desktop_app.storage.models import Installation, SupportMeasureKind
from tests.cases.route_world import COORDINATOR, SPECIALIST, add_case, organisation_ids

TODAY = date(2026, 3, 30)


def fill_map(db: Database) -> dict[str, str]:
    org = organisation_ids(db)[0]
    resources = ResourceMapService(db)
    made = {
        "ёлка": resources.add(
            SPECIALIST, ResourceInput("leisure", "Клуб «Ёлочка» для семей с детьми", org, "п. Савинский")
        ),
        "психолог": resources.add(
            SPECIALIST,
            ResourceInput("psychology", "Консультация психолога", org, "п. Плесецк", target_group="Родители ТЖС"),
        ),
        "работа": resources.add(SPECIALIST, ResourceInput("employment", "Подбор вакансий", None, "п. Плесецк")),
    }
    return {key: row.id for key, row in made.items()}


def names(db: Database, filters: ResourceFilter) -> list[str]:
    return [row.name for row in ResourceMapService(db).entries(SPECIALIST, filters)]


def test_search_finds_yo_and_ye_in_any_case_and_filters_by_kind_and_territory(demo_db: Database) -> None:
    fill_map(demo_db)
    for text in ("ёлочка", "ЕЛОЧКА", "клуб ЕЛОЧ", "Елочка  семей"):
        assert names(demo_db, ResourceFilter(text=text)) == ["Клуб «Ёлочка» для семей с детьми"], text
    assert names(demo_db, ResourceFilter(text="РОДИТЕЛИ тжс")) == ["Консультация психолога"]
    assert names(demo_db, ResourceFilter(territory="п. Плесецк")) == ["Подбор вакансий", "Консультация психолога"]
    assert names(demo_db, ResourceFilter(kind="employment", territory="п. Плесецк")) == ["Подбор вакансий"]
    assert names(demo_db, ResourceFilter(text="100%")) == []
    assert ResourceMapService(demo_db).territories(SPECIALIST) == ["п. Плесецк", "п. Савинский"]
    row = ResourceMapService(demo_db).entries(SPECIALIST)[0]
    assert row.read_only_reason == ""  # the district's own entry


def test_a_retired_entry_stays_on_the_route_that_chose_it_and_cannot_be_deleted(demo_db: Database) -> None:
    ids = fill_map(demo_db)
    case_id = add_case(demo_db, "СС-0021")
    routes, resources = CaseRouteService(demo_db), ResourceMapService(demo_db)
    chosen = routes.add_service(
        SPECIALIST, case_id, ServiceInput("psychology", date(2026, 3, 2), resource_service_id=ids["психолог"]), TODAY
    )
    assert chosen.provider_id is not None  # taken from the map's entry
    entry = next(row for row in resources.entries(SPECIALIST) if row.id == ids["психолог"])
    assert entry.used_by_routes == 1
    with pytest.raises(UserError, match="не удалить"):
        resources.remove(SPECIALIST, entry.id, entry.row_version)
    retired = resources.retire(SPECIALIST, entry.id, entry.row_version)
    with pytest.raises(ConcurrentChange):
        resources.retire(SPECIALIST, entry.id, entry.row_version, retired=False)
    assert entry.id not in [row.id for row in resources.entries(SPECIALIST)]
    assert retired.is_retired and entry.id in [
        row.id for row in resources.entries(SPECIALIST, ResourceFilter(include_retired=True))
    ]
    route = routes.route(SPECIALIST, case_id, TODAY)
    assert route.services[0].resource_name == "Консультация психолога"
    # the route's own service can still be corrected; a new service cannot choose the retired entry
    done = ServiceInput(
        "psychology",
        date(2026, 3, 2),
        resource_service_id=entry.id,
        status="given",
        given_on=date(2026, 3, 9),
        result="три встречи",
    )
    assert routes.update_service(SPECIALIST, chosen.id, done, chosen.row_version, TODAY).status == "given"
    with pytest.raises(UserError, match="исключена"):
        routes.add_service(
            SPECIALIST, case_id, ServiceInput("psychology", date(2026, 3, 2), resource_service_id=entry.id), TODAY
        )
    unused = next(row for row in resources.entries(SPECIALIST) if row.id == ids["работа"])
    resources.remove(SPECIALIST, unused.id, unused.row_version)


def test_the_default_catalogue_loads_once_with_a_social_contract(demo_db: Database) -> None:
    shipped = default_catalogue()
    assert len(shipped) >= 10 and sum(entry.is_social_contract for _key, entry in shipped) == 1
    with demo_db.transaction() as session:
        assert ensure_default_catalogue(session) == 0  # set-up has loaded it already (services/setup.py)
        session.execute(delete(SupportMeasureKind))  # an empty catalogue gets it once
    with demo_db.transaction() as session:
        assert ensure_default_catalogue(session) == len(shipped)
    with demo_db.transaction() as session:
        assert ensure_default_catalogue(session) == 0
    kinds = SupportCatalogueService(demo_db).kinds(SPECIALIST)
    assert [row.name for row in kinds] == [entry.name for _key, entry in shipped]
    social = [row for row in kinds if row.is_social_contract]
    assert len(social) == 1 and "социального контракта" in social[0].name
    # the catalogue is the region's: a district shows it read-only and may not change it
    assert social[0].read_only_reason
    with pytest.raises(PermissionDenied):
        SupportCatalogueService(demo_db).retire(SPECIALIST, social[0].id, social[0].row_version)


def test_the_region_keeps_the_catalogue_and_a_retired_measure_stays_on_routes(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        ensure_default_catalogue(session)
        session.execute(update(Installation).values(kind="region", district_name=""))
    catalogue = SupportCatalogueService(demo_db)
    added = catalogue.add(COORDINATOR, MeasureKindInput("Муниципальная помощь погорельцам", "municipal"))
    assert added.read_only_reason == "" and added.level_label == "муниципальная"
    with pytest.raises(UserError):
        catalogue.add(COORDINATOR, MeasureKindInput("муниципальная  помощь погорельцам"))
    case_id = add_case(demo_db, "СС-0022")
    routes = CaseRouteService(demo_db)
    applied = routes.add_measure(SPECIALIST, case_id, MeasureInput(added.id, date(2026, 3, 2)), TODAY)
    catalogue.retire(COORDINATOR, added.id, added.row_version)
    assert added.id not in [row.id for row in catalogue.kinds(COORDINATOR)]
    assert routes.route(SPECIALIST, case_id, TODAY).measures[0].kind_name == "Муниципальная помощь погорельцам"
    granted = MeasureInput(added.id, date(2026, 3, 2), date(2026, 3, 20), "granted")
    assert routes.update_measure(SPECIALIST, applied.id, granted, applied.row_version, TODAY).decision == "granted"
    with pytest.raises(UserError, match="исключена"):
        routes.add_measure(SPECIALIST, case_id, MeasureInput(added.id, date(2026, 3, 2)), TODAY)
    with demo_db.reading() as session:
        assert session.get(SupportMeasureKind, added.id) is not None
