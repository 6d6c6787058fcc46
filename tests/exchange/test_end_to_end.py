"""Region and districts in step through files: the region package down, three district bundles up, the
region's consolidated values; then a bundle twice, one out of order, one tampered with and a conflict."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.indicators import IndicatorKind, IndicatorSpec, Observation, combine_districts
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.storage.models import ImportLogEntry, IndicatorValue, SyncConflict
from desktop_app.sync.merge import Outcome
from desktop_app.sync.setup import exchange_services

PERIOD = Period.parse("2026-H1")
REGION = SetupRequest(
    kind=InstallationKind.REGION,
    region_code="29",
    district_name="",
    organisation_name="Министерство труда и социального развития Архангельской области",
    admin_login="coordinator",
    admin_full_name="Сидоров Иван Петрович",
    admin_password="region-2025",
)
DISTRICTS = ("Плесецкий муниципальный округ", "Вельский муниципальный район", "Онежский муниципальный округ")
# (numerator, denominator) of 1.2 «удельный вес детей, возвращённых в кровную семью» per district
RETURNED = {DISTRICTS[0]: (3, 4), DISTRICTS[1]: (1, 6), DISTRICTS[2]: (0, 0)}


class Installation:
    """One installation with its exchange services, as the window wires them; ``actor`` loads the packages."""

    actor: Actor = SYSTEM_ACTOR  # also for the copies some tests make with __new__

    def __init__(self, root: Path, request: SetupRequest, actor: Actor = SYSTEM_ACTOR) -> None:
        self.paths = DataPaths(root)
        self.db: Database = create_installation(self.paths, request)
        self.paths.ensure()
        self.export, self.load = exchange_services(self.db, self.paths, AttachmentStore(self.paths.attachments))
        self.name = request.district_name
        self.actor = actor

    def take(self, path: Path) -> dict[str, dict[Outcome, int]]:
        preview = self.load.preview(self.actor, path)
        self.load.apply(self.actor, preview)
        return {entity: dict(counter) for entity, counter in preview.counts().items()}


def district_installation(root: Path, name: str) -> Installation:
    """A district office of the region, set up as the wizard would."""
    request = replace(
        REGION,
        kind=InstallationKind.DISTRICT,
        district_name=name,
        organisation_name=f"Отдел опеки, {name}",
        admin_login="admin",
    )
    return Installation(root, request)


def region_with_package(root: Path) -> tuple[Installation, Path]:
    """The region with the demo program, and the region package it wrote for its districts."""
    region = Installation(root / "region", REGION)
    with region.db.transaction() as session:
        store_program(session, demo_program())
    package = root / "region.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    return region, package


def region_and_district(root: Path, name: str = DISTRICTS[0]) -> tuple[Installation, Installation, Path]:
    """The region, one district that took the region's package (and with it the key bundles are sealed to),
    and that package."""
    region, package = region_with_package(root)
    district = district_installation(root / "district", name)
    district.take(package)
    return region, district, package


@pytest.fixture
def world(tmp_path: Path) -> tuple[Installation, list[Installation], Path]:
    region = Installation(tmp_path / "region", REGION)
    with region.db.transaction() as session:
        store_program(session, demo_program())
    package = tmp_path / "region-1.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    districts = []
    for name in DISTRICTS:
        district = district_installation(tmp_path / name, name)
        district.take(package)
        districts.append(district)
    return region, districts, tmp_path


def enter_returned(district: Installation, numerator: int, denominator: int) -> None:
    entry = IndicatorEntry(district.db, ComputedValues(district.db))
    program_id = entry.sheets.programs(SYSTEM_ACTOR)[0][0]
    sheet = entry.sheets.sheet(SYSTEM_ACTOR, program_id, PERIOD, district.name)
    row = next(row for row in sheet.rows if row.code == "1.2")
    entry.save(
        SYSTEM_ACTOR,
        program_id,
        PERIOD,
        district.name,
        [ValueChange(row.indicator_id, numerator=numerator, denominator=denominator, expected_version=row.row_version)],
        reason="проверка",
    )


def region_share(region: Installation) -> Observation:
    with region.db.reading() as session:
        rows = session.scalars(select(IndicatorValue).where(IndicatorValue.period == PERIOD.code)).all()
        parts = [Observation(v.value, v.numerator, v.denominator) for v in rows if v.numerator is not None]
    return combine_districts(IndicatorSpec(IndicatorKind.PERCENTAGE), parts)


def test_region_package_gives_the_districts_the_program_and_the_regions_key(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, _ = world
    entry = IndicatorEntry(districts[0].db, ComputedValues(districts[0].db))
    assert len(entry.sheets.programs(SYSTEM_ACTOR)) == 1
    assert districts[0].export.plan(SYSTEM_ACTOR).problem == ""


def test_three_districts_report_and_the_region_consolidates(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    bundles = []
    for district in districts:
        enter_returned(district, *RETURNED[district.name])
        bundle = folder / f"{district.name}-1.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        bundles.append(bundle)
    for bundle in bundles:
        counts = region.take(bundle)
        assert counts["indicator_values"][Outcome.NEW] == 1
    share = region_share(region)
    assert (share.numerator, share.denominator) == (4, 10)
    assert share.value == pytest.approx(40.0)

    # the same bundle again changes nothing
    again = region.load.preview(SYSTEM_ACTOR, bundles[0])
    assert again.already_imported and not again.changes_anything

    # a newer bundle, then the older one: the older never overwrites
    enter_returned(districts[0], 2, 4)
    newer = folder / "plesetsk-2.opeka"
    districts[0].export.write(SYSTEM_ACTOR, newer, PERIOD)
    region.take(newer)
    older = region.load.preview(SYSTEM_ACTOR, bundles[0])
    assert older.total(Outcome.OLDER) == 1 and not older.changes_anything
    assert region_share(region).numerator == 3

    # a tampered file is refused and the database stays as it was
    tampered = folder / "tampered.opeka"
    data = bytearray(newer.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    region.db.close()  # everything written so far is in the main file, so its bytes can be compared
    before = region.paths.database.read_bytes()
    with pytest.raises(UserError):
        region.load.preview(SYSTEM_ACTOR, tampered)
    region.db.close()
    assert region.paths.database.read_bytes() == before, "a refused file leaves the database byte for byte"
    refusals = region.load.refusals()
    assert refusals[0]["file_name"] == "tampered.opeka" and refusals[0]["result"] == "refused"
    assert region_share(region).numerator == 3
    with region.db.reading() as session:
        applied = session.scalar(
            select(func.count()).select_from(ImportLogEntry).where(ImportLogEntry.result == "applied")
        )
    assert applied == 4


def test_edits_on_both_sides_are_a_conflict_kept_for_a_person(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    enter_returned(district, 3, 4)
    first = folder / "first.opeka"
    district.export.write(SYSTEM_ACTOR, first, PERIOD)
    region.take(first)
    with region.db.transaction() as session:  # the coordinator corrects the value at the region
        value = session.scalars(select(IndicatorValue).where(IndicatorValue.territory == district.name)).one()
        value.comment = "уточнено по телефону"
    enter_returned(district, 2, 4)
    second = folder / "second.opeka"
    district.export.write(SYSTEM_ACTOR, second, PERIOD)
    preview = region.load.preview(SYSTEM_ACTOR, second)
    assert preview.total(Outcome.CONFLICT) == 1
    region.load.apply(SYSTEM_ACTOR, preview)
    with region.db.reading() as session:
        conflict = session.scalars(select(SyncConflict)).one()
        kept = session.scalars(select(IndicatorValue).where(IndicatorValue.territory == district.name)).one()
        assert conflict.incoming_values["numerator"] == 2
        assert kept.numerator == 3 and kept.comment == "уточнено по телефону"


def test_a_package_for_another_region_is_refused(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, districts, folder = world
    stranger = Installation(tmp_path / "other", replace(REGION, region_code="54", organisation_name="Минтруд НСО"))
    with pytest.raises(UserError, match="региона 29"):
        stranger.load.preview(SYSTEM_ACTOR, folder / "region-1.opeka")


def test_a_district_specialist_cannot_take_a_package_meant_for_another_region(  # type: ignore[no-untyped-def]
    world, tmp_path: Path
) -> None:
    from desktop_app.domain.roles import Role
    from tests.conftest import make_actor

    _, districts, _folder = world
    stranger = Installation(tmp_path / "other", replace(REGION, region_code="54", organisation_name="Минтруд НСО"))
    with stranger.db.transaction() as session:
        store_program(session, demo_program())
    package = tmp_path / "region-54.opeka"
    stranger.export.write(SYSTEM_ACTOR, package)
    district = districts[0]
    with district.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = district.paths.database.read_bytes()
    with pytest.raises(UserError, match="регион"):
        district.load.preview(make_actor(Role.SPECIALIST), package)
    with district.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert district.paths.database.read_bytes() == before  # the refusal is logged beside the database


def test_documents_travel_once_by_their_content(world) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.storage.models import ExecutionReport, Measure, ReportDocument

    region, districts, folder = world
    district = districts[0]
    store = AttachmentStore(district.paths.attachments)
    stored = store.store_bytes("Протокол заседания № 3".encode(), "протокол.txt")
    with district.db.transaction() as session:
        measures = session.scalars(select(Measure).limit(2)).all()
        for measure in measures:
            report = ExecutionReport(measure_id=measure.id, period=PERIOD.code, status="done", done_text="проведено")
            session.add(report)
            session.flush()
            session.add(
                ReportDocument(
                    report_id=report.id,
                    sha256=stored.sha256,
                    file_name="протокол.txt",
                    size=stored.size,
                    title="Протокол",
                )
            )
    bundle = folder / "with-documents.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    counts = region.take(bundle)
    assert counts["report_documents"] == {Outcome.NEW: 2}
    copy = AttachmentStore(region.paths.attachments).path_for(stored.sha256)
    assert copy.read_bytes() == "Протокол заседания № 3".encode()


def test_a_conflict_is_resolved_by_a_person_either_way(world) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.sync.administration import ExchangeAdministration

    region, districts, folder = world
    district = districts[0]
    enter_returned(district, 3, 4)
    first = folder / "a.opeka"
    district.export.write(SYSTEM_ACTOR, first, PERIOD)
    region.take(first)
    with region.db.transaction() as session:
        session.scalars(select(IndicatorValue)).one().comment = "уточнено в регионе"
    enter_returned(district, 2, 4)
    second = folder / "b.opeka"
    district.export.write(SYSTEM_ACTOR, second, PERIOD)
    region.take(second)
    admin = ExchangeAdministration(region.db)
    [conflict] = admin.conflicts(SYSTEM_ACTOR)
    assert conflict.entity_label == "Значения показателей"
    assert ("numerator", 3.0, 2.0) in conflict.fields and ("comment", "уточнено в регионе", "") in conflict.fields
    admin.resolve(SYSTEM_ACTOR, conflict.id, take_incoming=True)
    assert admin.conflicts(SYSTEM_ACTOR) == []
    with region.db.reading() as session:
        assert session.scalars(select(IndicatorValue)).one().numerator == 2
    # agreed now: the same file again is unchanged, not a conflict
    assert not region.load.preview(SYSTEM_ACTOR, second).changes_anything


def test_peers_show_the_pinned_key_and_an_administrator_can_unpin_it(world) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.sync.administration import ExchangeAdministration

    region, districts, folder = world
    bundle = folder / "p.opeka"
    districts[0].export.write(SYSTEM_ACTOR, bundle, PERIOD)
    region.take(bundle)
    admin = ExchangeAdministration(region.db)
    [peer] = admin.peers(SYSTEM_ACTOR)
    assert peer.district == DISTRICTS[0] and len(peer.key_fingerprint) == 19 and peer.last_sequence == 1
    admin.unpin(SYSTEM_ACTOR, peer.id)
    assert admin.peers(SYSTEM_ACTOR)[0].key_fingerprint == ""
    assert [entry.result for entry in admin.history(SYSTEM_ACTOR)] == ["applied"]


def test_a_district_signed_with_another_key_is_refused_until_unpinned(  # type: ignore[no-untyped-def]
    world, tmp_path: Path
) -> None:
    from desktop_app.sync.administration import ExchangeAdministration

    region, districts, folder = world
    first = folder / "old-key.opeka"
    districts[0].export.write(SYSTEM_ACTOR, first, PERIOD)
    region.take(first)
    reinstalled = district_installation(tmp_path / "reinstalled", DISTRICTS[0])
    reinstalled.take(folder / "region-1.opeka")
    bundle = folder / "new-key.opeka"
    reinstalled.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    with pytest.raises(UserError, match="подписан другим ключом"):
        region.load.preview(SYSTEM_ACTOR, bundle)
    admin = ExchangeAdministration(region.db)
    admin.unpin(SYSTEM_ACTOR, admin.peers(SYSTEM_ACTOR)[0].id)
    region.take(bundle)


def test_a_folder_of_bundles_goes_in_and_a_bad_one_does_not_stop_the_others(world) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.sync.batch import import_folder

    region, districts, folder = world
    inbox = folder / "входящие"
    inbox.mkdir()
    for district in districts:
        enter_returned(district, *RETURNED[district.name])
        district.export.write(SYSTEM_ACTOR, inbox / f"{district.name}.opeka", PERIOD)
    (inbox / "испорчен.opeka").write_bytes(b"not a zip at all")
    seen: list[tuple[int, int]] = []
    rows = import_folder(region.load, SYSTEM_ACTOR, inbox, progress=lambda done, total: seen.append((done, total)))
    assert sorted(row.result for row in rows) == ["applied", "applied", "applied", "refused"]
    assert rows[-1].file.name == "испорчен.opeka" and "испорчен.opeka" in rows[-1].message
    assert seen[-1] == (4, 4)
    assert region_share(region).value == pytest.approx(40.0)
    again = import_folder(region.load, SYSTEM_ACTOR, inbox)
    assert sorted(row.result for row in again) == ["refused", "unchanged", "unchanged", "unchanged"]


def test_region_view_shows_who_reported_on_time_and_the_consolidated_values(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from desktop_app.sync.region_view import RegionView

    region, districts, folder = world
    for district in districts[:2]:
        enter_returned(district, *RETURNED[district.name])
        bundle = folder / f"{district.name}.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    entry = IndicatorEntry(region.db, ComputedValues(region.db))
    program_id = entry.sheets.programs(SYSTEM_ACTOR)[0][0]
    overview = RegionView(region.db).overview(SYSTEM_ACTOR, program_id, PERIOD)
    by_name = {status.district: status for status in overview.districts}
    assert by_name[DISTRICTS[0]].state == "с опозданием"  # received today, long after July 2026's deadline
    assert by_name[DISTRICTS[2]].state == "нет пакета"
    assert DISTRICTS[2] in overview.missing and len(overview.districts) >= 20  # the directory's districts count
    assert overview.deadline == date(2026, 7, 3)
    share = next(row for row in overview.rows if row.code == "1.2")
    assert share.value.value == pytest.approx(40.0) and share.reported == tuple(sorted(DISTRICTS[:2]))


def test_the_region_sends_a_newer_form_and_the_districts_fill_that_version(tmp_path: Path) -> None:
    import json as json_module

    from desktop_app.core.paths import forms_path
    from desktop_app.formkit import load_catalogue

    region = Installation(tmp_path / "region", REGION)
    form = json_module.loads((forms_path() / "resource_families_monthly.json").read_text(encoding="utf-8"))
    form["version"] = 2
    form["title"] = "Ежемесячный отчёт о ресурсных семьях (ред. 2)"
    (region.paths.root / "forms").mkdir()
    (region.paths.root / "forms" / "monthly.json").write_text(
        json_module.dumps(form, ensure_ascii=False), encoding="utf-8"
    )
    package = tmp_path / "region.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    district = district_installation(tmp_path / "district", DISTRICTS[0])
    preview = district.load.preview(SYSTEM_ACTOR, package)
    assert [(form_id, version) for form_id, version, _ in preview.forms] == [("resource-families-monthly", 2)]
    district.load.apply(SYSTEM_ACTOR, preview)
    catalogue = load_catalogue(received=district.paths.root / "forms")
    assert catalogue.get("resource-families-monthly").title.endswith("(ред. 2)")
    assert not district.load.preview(SYSTEM_ACTOR, package).forms, "the same package again brings nothing new"


def test_districts_report_the_same_regional_measure_and_the_region_keeps_each(world) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.domain.execution import ReportInput, ReportStatus
    from desktop_app.services.execution import ExecutionService
    from desktop_app.storage.models import ExecutionReport, Measure

    region, districts, folder = world
    for district in districts:
        with district.db.reading() as session:
            measure_id = session.scalars(select(Measure.id).order_by(Measure.position)).first()
        service = ExecutionService(district.db, AttachmentStore(district.paths.attachments))
        service.save_report(
            SYSTEM_ACTOR,
            measure_id,
            PERIOD,
            ReportInput(ReportStatus.DONE, f"проведено в {district.name}", None, ""),
            0,
        )
        bundle = folder / f"{district.name}-reports.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    with region.db.reading() as session:
        territories = sorted(session.scalars(select(ExecutionReport.territory)))
    assert territories == sorted(DISTRICTS)


def test_records_arrive_exactly_as_the_district_keeps_them(world) -> None:  # type: ignore[no-untyped-def]
    from datetime import date as day

    from desktop_app.domain.family_pipeline import FamilyStage, StepInput
    from desktop_app.domain.family_record import FamilyInput, MemberInput
    from desktop_app.services.family_editing import FamilyEditing
    from desktop_app.storage.models import FamilyMember, ResourceFamily
    from desktop_app.sync.records import BY_NAME, to_json

    region, districts, folder = world
    district = districts[0]
    editing = FamilyEditing(district.db, AttachmentStore(district.paths.attachments))
    family = FamilyInput(
        municipality=district.name,
        members=(MemberInput(full_name="Иванова Анна Петровна", birth_date=day(1985, 3, 1), relation="мать"),),
        capacity=2,
        accepts_siblings=True,
    )
    editing.create(SYSTEM_ACTOR, family, StepInput(FamilyStage.CANDIDATE, day(2026, 3, 2), "Петрова"))
    bundle = folder / "family.opeka"
    district.export.write(SYSTEM_ACTOR, bundle)
    region.take(bundle)
    for model, name in ((ResourceFamily, "resource_families"), (FamilyMember, "family_members")):
        with district.db.reading() as session:
            there = [to_json(row, BY_NAME[name]) for row in session.scalars(select(model))]
        with region.db.reading() as session:
            here = [to_json(row, BY_NAME[name]) for row in session.scalars(select(model))]
        assert here == there and len(here) == 1


def test_the_regions_next_package_carries_receipts_for_each_district(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    enter_returned(district, 3, 4)
    good = folder / "good.opeka"
    district.export.write(SYSTEM_ACTOR, good, PERIOD)
    region.take(good)
    damaged = folder / "damaged.opeka"
    spoiled = bytearray(good.read_bytes())
    spoiled[len(spoiled) // 2] ^= 0xFF  # inside the sealed payload: the header still names the sender
    damaged.write_bytes(bytes(spoiled))
    with pytest.raises(UserError):
        region.load.preview(SYSTEM_ACTOR, damaged)
    package = folder / "region-2.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    preview = district.load.preview(SYSTEM_ACTOR, package)
    assert preview.receipts_changed
    district.load.apply(SYSTEM_ACTOR, preview)
    receipts = {receipt["file_name"]: receipt for receipt in district.load.receipts()}
    assert receipts["good.opeka"]["result"] == "applied"
    assert receipts["damaged.opeka"]["result"] == "refused" and receipts["damaged.opeka"]["message"]
    assert all(receipt["file_name"] in ("good.opeka", "damaged.opeka") for receipt in receipts.values())
    assert districts[1].load.preview(SYSTEM_ACTOR, package).receipts == ()


def test_a_record_deleted_in_the_district_goes_at_the_region_with_the_next_full_bundle(  # type: ignore[no-untyped-def]
    world,
) -> None:
    region, districts, folder = world
    district = districts[0]
    enter_returned(district, 3, 4)
    first = folder / "full-1.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    region.take(first)
    with district.db.transaction() as session:
        session.execute(delete(IndicatorValue))
    partial = folder / "period-only.opeka"
    district.export.write(SYSTEM_ACTOR, partial, PERIOD)
    assert region.load.preview(SYSTEM_ACTOR, partial).total(Outcome.DELETED) == 0, "a period's file is not complete"
    full = folder / "full-2.opeka"
    district.export.write(SYSTEM_ACTOR, full)
    preview = region.load.preview(SYSTEM_ACTOR, full)
    assert preview.total(Outcome.DELETED) == 1
    region.load.apply(SYSTEM_ACTOR, preview)
    with region.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == 0
    assert not region.load.preview(SYSTEM_ACTOR, full).changes_anything


def test_a_record_deleted_there_but_changed_here_stays(world) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    district = districts[0]
    enter_returned(district, 3, 4)
    first = folder / "full-1.opeka"
    district.export.write(SYSTEM_ACTOR, first)
    region.take(first)
    with region.db.transaction() as session:
        session.scalars(select(IndicatorValue)).one().comment = "уточнено в регионе"
    with district.db.transaction() as session:
        session.execute(delete(IndicatorValue))
    full = folder / "full-2.opeka"
    district.export.write(SYSTEM_ACTOR, full)
    preview = region.load.preview(SYSTEM_ACTOR, full)
    assert preview.total(Outcome.DELETED) == 0 and preview.total(Outcome.NEWER_HERE) == 1
