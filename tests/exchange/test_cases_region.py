"""The region takes two districts' cases and sees them by code and district, counted by hand here: the next bundle
of a district that advanced a case and gave a service changes the counts and nothing else (the text left home is
never seen as a change or a conflict); another district's bundle rewriting a case it does not own is refused with
the region's database as it was; the region's package sends no case back down; no name reached the region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage
from desktop_app.domain.errors import UserError
from desktop_app.domain.roles import Role
from desktop_app.services.region_cases import DistrictCases, RegionCases
from desktop_app.storage.models import CaseService, FamilyCase, ResourceService
from desktop_app.storage.models import CaseStage as StageRecord
from desktop_app.sync.container import read_package
from desktop_app.sync.merge import Outcome
from tests.conftest import make_actor
from tests.exchange.cases_world import add_case, district_with_package, region_with_catalogue, secrets
from tests.exchange.test_end_to_end import DISTRICTS, Installation

PLESETSK, VELSK = DISTRICTS[0], DISTRICTS[1]
ON = date(2026, 6, 30)
COORDINATOR = make_actor(Role.COORDINATOR)
TOLD = {PLESETSK: secrets("Кузнецов"), VELSK: secrets("Белозёров")}


@dataclass
class World:
    region: Installation
    plesetsk: Installation
    velsk: Installation
    folder: Path
    ids: dict[str, str]  # «district code» → case id

    def send(self, district: Installation, name: str) -> Path:
        bundle = self.folder / name
        district.export.write(SYSTEM_ACTOR, bundle)
        return bundle


@pytest.fixture
def world(tmp_path: Path) -> World:
    """Plesetsk: СС-0001 (СОП, at «услуги», review due 01.03, a service due 01.05), СС-0002 (ТЖС, at «оценка»,
    review due 01.08) and СС-0003 (risk, closed 10.04 with the child returned). Velsk: СС-0001 (СОП, identified,
    review due 01.05) and СС-0002 (child placed, closed 20.05 with a family placement)."""
    region, package = region_with_catalogue(tmp_path)
    plesetsk = district_with_package(tmp_path / "plesetsk", PLESETSK, package)
    velsk = district_with_package(tmp_path / "velsk", VELSK, package)
    told = TOLD[PLESETSK]
    ids = {
        "П-1": add_case(
            plesetsk,
            "СС-0001",
            "sop",
            date(2026, 1, 10),
            (("identified", date(2026, 1, 10)), ("assessment", date(2026, 1, 20)), ("services", date(2026, 2, 15))),
            next_review_on=date(2026, 3, 1),
            service_due_on=date(2026, 5, 1),
            told=told,
            full=True,
        ).case,
        "П-2": add_case(
            plesetsk,
            "СС-0002",
            "tzhs",
            date(2026, 2, 1),
            (("identified", date(2026, 2, 1)), ("assessment", date(2026, 2, 10))),
            next_review_on=date(2026, 8, 1),
            told=told,
        ).case,
        "П-3": add_case(
            plesetsk,
            "СС-0003",
            "risk",
            date(2025, 9, 1),
            (("identified", date(2025, 9, 1)), ("closed", date(2026, 4, 10))),
            closed_on=date(2026, 4, 10),
            outcome="returned",
            told=told,
        ).case,
        "В-1": add_case(
            velsk,
            "СС-0001",
            "sop",
            date(2026, 3, 3),
            (("identified", date(2026, 3, 3)),),
            next_review_on=date(2026, 5, 1),
            told=TOLD[VELSK],
            full=True,
        ).case,
        "В-2": add_case(
            velsk,
            "СС-0002",
            "placed",
            date(2026, 1, 15),
            (("identified", date(2026, 1, 15)), ("closed", date(2026, 5, 20))),
            closed_on=date(2026, 5, 20),
            outcome="family_placement",
            told=TOLD[VELSK],
        ).case,
    }
    world = World(region, plesetsk, velsk, tmp_path, ids)
    for district, name in ((plesetsk, "plesetsk-1.opeka"), (velsk, "velsk-1.opeka")):
        region.take(world.send(district, name))
    return world


def counts(world: World) -> dict[str, DistrictCases]:
    return {found.district: found for found in RegionCases(world.region.db).districts(COORDINATOR, ON)}


def test_the_region_counts_each_districts_cases_and_follows_the_next_bundle(world: World) -> None:
    found = counts(world)
    plesetsk, velsk = found[PLESETSK], found[VELSK]
    # open on 30.06: П-1, П-2 (П-3 closed 10.04); В-1 (В-2 closed 20.05)
    assert (plesetsk.open, velsk.open) == (2, 1)
    assert (plesetsk.category(CaseCategory.SOP), plesetsk.category(CaseCategory.TJS)) == (1, 1)
    assert (plesetsk.stage(CaseStage.SERVICES), plesetsk.stage(CaseStage.ASSESSMENT)) == (1, 1)
    assert (plesetsk.closed, plesetsk.outcome(CaseOutcome.CHILD_RETURNED)) == (1, 1)
    assert (velsk.closed, velsk.outcome(CaseOutcome.FAMILY_PLACEMENT), velsk.stage(CaseStage.IDENTIFIED)) == (1, 1, 1)
    # reviews due before 30.06 of open cases: П-1 (01.03), В-1 (01.05); П-2 is due 01.08
    assert (plesetsk.reviews_overdue, velsk.reviews_overdue) == (1, 1)
    assert (plesetsk.services_overdue, velsk.services_overdue) == (1, 0)  # П-1's service was due 01.05
    # on 01.04 П-3 was still open (closed 10.04), and so were В-1 (identified 03.03) and В-2 (closed 20.05)
    earlier = {f.district: f for f in RegionCases(world.region.db).districts(COORDINATOR, date(2026, 4, 1))}
    assert (earlier[PLESETSK].open, earlier[VELSK].open) == (3, 2)
    assert earlier[PLESETSK].reviews_overdue == 1  # П-1 only: П-3 has no review date

    # the same state sent again: nothing of the case tables is new, changed or in conflict
    again = world.region.load.preview(SYSTEM_ACTOR, world.send(world.plesetsk, "plesetsk-again.opeka"))
    assert not again.changes_anything
    assert again.total(Outcome.CONFLICT) == again.total(Outcome.CHANGED) == 0

    # Plesetsk advances СС-0002 to «маршрут» on 01.06 and gives П-1's service on 20.06
    with world.plesetsk.db.transaction() as session:
        case = session.get(FamilyCase, world.ids["П-2"])
        assert case is not None
        case.stage, case.stage_since, case.next_review_on = "route", date(2026, 6, 1), date(2026, 9, 1)
        case.notes = "новая заметка куратора о семье"  # a change the region never sees
        session.add(StageRecord(case_id=case.id, stage="route", on_date=date(2026, 6, 1), reason="план утверждён"))
        service = session.scalars(select(CaseService).where(CaseService.case_id == world.ids["П-1"])).one()
        service.status, service.given_on, service.result = "given", date(2026, 6, 20), "трудоустроена"
    preview = world.region.load.preview(SYSTEM_ACTOR, world.send(world.plesetsk, "plesetsk-2.opeka"))
    found_counts = preview.counts()
    assert found_counts["family_cases"] == {Outcome.CHANGED: 1, Outcome.UNCHANGED: 2}
    assert found_counts["case_stages"] == {Outcome.UNCHANGED: 7, Outcome.NEW: 1}
    assert found_counts["case_services"] == {Outcome.CHANGED: 1}
    assert preview.total(Outcome.CONFLICT) == 0
    changed = next(plan for plan in preview.plans if plan.entity == "family_cases" and plan.outcome is Outcome.CHANGED)
    assert {field for field, _old, _new in changed.changes} == {"stage", "stage_since", "next_review_on"}
    world.region.load.apply(SYSTEM_ACTOR, preview)

    plesetsk = counts(world)[PLESETSK]
    assert plesetsk.open == 2 and plesetsk.stage(CaseStage.ROUTE) == 1 and plesetsk.stage(CaseStage.ASSESSMENT) == 0
    assert plesetsk.stage(CaseStage.SERVICES) == 1
    assert (plesetsk.reviews_overdue, plesetsk.services_overdue) == (1, 0)
    assert counts(world)[VELSK] == velsk, "the other district's counts stay as they were"
    assert "новая заметка" not in dump(world.region)


def test_the_region_lists_codes_with_districts_and_both_resource_maps(world: World) -> None:
    view = RegionCases(world.region.db)
    rows = view.cases(COORDINATOR, ON)
    assert [row.label for row in rows] == [
        "СС-0001 · Вельский р-н",
        "СС-0002 · Вельский р-н",
        "СС-0001 · Плесецкий м. о.",
        "СС-0002 · Плесецкий м. о.",
        "СС-0003 · Плесецкий м. о.",
    ]
    first = rows[2]
    assert (first.id, first.category, first.stage, first.review_overdue) == (
        world.ids["П-1"],
        CaseCategory.SOP.label,
        CaseStage.SERVICES.label,
        True,
    )
    assert [row.label for row in view.cases(COORDINATOR, ON, district=VELSK, open_only=True)] == [
        "СС-0001 · Вельский р-н"
    ]

    both = view.resource_map(COORDINATOR)
    assert [entry.district for entry in both] == [VELSK, PLESETSK]
    assert all(entry.contacts == "8 (81832) 7-11-22" for entry in both)
    assert [e.district for e in view.resource_map(COORDINATOR, territory="вельский")] == [VELSK]
    assert [e.district for e in view.resource_map(COORDINATOR, kind="employment", text="вакансий плесецкий")] == [
        PLESETSK
    ]
    assert view.resource_map(COORDINATOR, kind="housing") == []

    held = dump(world.region)
    for told in TOLD.values():
        leaked = [secret for secret in told.texts() if secret in held]
        assert not leaked, leaked
    assert "1987-03-14" not in held  # an adult's birth date


def test_another_districts_bundle_rewriting_a_case_is_refused(world: World) -> None:
    theirs = world.ids["П-2"]
    with world.plesetsk.db.reading() as session:
        original = session.get(FamilyCase, theirs)
        assert original is not None
        version = original.row_version
    with world.velsk.db.transaction() as session:  # past any service, straight into Velsk's file
        forged = FamilyCase(
            id=theirs,
            code="СС-0002",
            display_name="",
            municipality=PLESETSK,
            category="sop",
            identified_on=date(2026, 2, 1),
            stage="closed",
            closed_on=date(2026, 6, 1),
            outcome="refused",
        )
        session.add(forged)
        session.flush()
        forged.row_version = version + 10  # newer than the region's copy: it would replace it
    bundle = world.send(world.velsk, "velsk-forged.opeka")
    world.region.db.close()
    before = world.region.paths.database.read_bytes()
    with pytest.raises(UserError) as refused:
        world.region.load.preview(COORDINATOR, bundle)
    world.region.db.close()
    assert world.region.paths.database.read_bytes() == before, "the region's database is byte for byte as it was"
    message = refused.value.message
    assert f"«Случаи сопровождения» СС-0002 ({theirs})" in message
    assert f"принадлежит муниципальному образованию «{PLESETSK}»" in message
    with world.region.db.reading() as session:
        kept = session.get(FamilyCase, theirs)
        assert kept is not None and (kept.stage, kept.closed_on, kept.category) == ("assessment", None, "tzhs")


def test_the_regions_package_sends_no_case_back_down(world: World) -> None:
    package = world.folder / "region-2.opeka"
    world.region.export.write(SYSTEM_ACTOR, package)
    data = read_package(package, decrypt_with=None).data
    case_tables = {"family_cases", "case_adults", "case_children", "case_stages", "case_services", "resource_services"}
    assert not case_tables & {entity for entity, records in data.items() if records}
    assert {kind["owner"] for kind in data["support_measure_kinds"]} == {""}  # the region's catalogue only
    counts_before = _map_count(world.velsk)
    world.velsk.take(package)
    assert _map_count(world.velsk) == counts_before == 1, "Velsk has its own map entry and none of Plesetsk's"


def _map_count(installation: Installation) -> int:
    with installation.db.reading() as session:
        return len(session.scalars(select(ResourceService)).all())


def dump(installation: Installation) -> str:
    """Every value of every table of the installation's database, as one text."""
    with installation.db.reading() as session:
        connection = session.connection()
        names = [name for (name,) in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
        return "\n".join(
            repr(row) for name in names for row in connection.execute(text(f'SELECT * FROM "{name}"')).all()
        )


def test_another_districts_bundle_adding_a_stage_to_a_case_it_does_not_own_is_refused(world: World) -> None:
    theirs = world.ids["В-1"]
    with world.region.db.reading() as session:  # the case exactly as the region holds it (what Velsk sent)
        held = session.get(FamilyCase, theirs)
        assert held is not None
        copy = {column.key: getattr(held, column.key) for column in FamilyCase.__table__.columns}
    with world.plesetsk.db.transaction() as session:
        session.add(FamilyCase(**copy))  # carried unchanged, it is no change the region would refuse …
        session.flush()
        session.execute(
            FamilyCase.__table__.update().where(FamilyCase.id == theirs).values(row_version=copy["row_version"])
        )
        session.add(StageRecord(case_id=theirs, stage="closed", on_date=date(2026, 6, 1)))  # … but this is new
    bundle = world.send(world.plesetsk, "plesetsk-forged.opeka")
    with pytest.raises(
        UserError, match=f"«Этапы сопровождения» \\(.+\\) принадлежит муниципальному образованию «{VELSK}»"
    ):
        world.region.load.preview(COORDINATOR, bundle)
    assert counts(world)[VELSK].stage(CaseStage.IDENTIFIED) == 1
