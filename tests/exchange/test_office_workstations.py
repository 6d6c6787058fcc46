"""Several PCs in one office: a second workstation connects to the main PC with its card, sends its bundles
there, and the main PC merges them with the same preview and conflict rules; the region then gets the
workstation's records in the main PC's bundle."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.storage.models import IndicatorValue, ResourceFamily, SyncConflict, SyncPeer
from desktop_app.sync.administration import ExchangeAdministration
from desktop_app.sync.merge import Outcome
from desktop_app.sync.office import OfficeLink
from desktop_app.sync.setup import office_link
from tests.exchange.test_end_to_end import (
    DISTRICTS,
    REGION,
    Installation,
    district_installation,
    enter_returned,
    world,  # noqa: F401 — the fixture
)

OFFICE = DISTRICTS[0]


@dataclass
class Office:
    region: Installation
    main: Installation
    workstation: Installation
    folder: Path

    def link(self, installation: Installation) -> OfficeLink:
        return office_link(installation.db, installation.paths)

    def send(self, source: Installation, name: str) -> Path:
        bundle = self.folder / name
        source.export.write(SYSTEM_ACTOR, bundle)
        return bundle


def add_family(installation: Installation, surname: str) -> None:
    editing = FamilyEditing(installation.db, AttachmentStore(installation.paths.attachments))
    family = FamilyInput(
        municipality=installation.name,
        members=(MemberInput(full_name=f"{surname} Анна Петровна", birth_date=date(1985, 3, 1), relation="мать"),),
        capacity=2,
        accepts_siblings=True,
    )
    editing.create(SYSTEM_ACTOR, family, StepInput(FamilyStage.CANDIDATE, date(2026, 3, 2), "Петрова"))


def family_count(installation: Installation) -> int:
    with installation.db.reading() as session:
        return session.scalar(select(func.count()).select_from(ResourceFamily)) or 0


@pytest.fixture
def office(world) -> Office:  # type: ignore[no-untyped-def] # noqa: F811
    region, districts, folder = world
    main = districts[0]
    workstation = district_installation(folder / "workstation", OFFICE)
    workstation.take(folder / "region-1.opeka")
    card = folder / "main.opeka-card"
    office_link(main.db, main.paths).write_card(SYSTEM_ACTOR, card)
    office_link(workstation.db, workstation.paths).connect(SYSTEM_ACTOR, card)
    return Office(region, main, workstation, folder)


def test_a_workstations_families_reach_the_region_through_the_main_pc(office: Office) -> None:
    add_family(office.main, "Иванова")
    add_family(office.workstation, "Петрова")
    assert office.workstation.export.plan(SYSTEM_ACTOR).main_pc == OFFICE
    bundle = office.send(office.workstation, "workstation-1.opeka")
    with pytest.raises(UserError, match="зашифрован для другой установки"):
        office.region.load.preview(SYSTEM_ACTOR, bundle)  # sealed to the main PC, not to the region

    preview = office.main.load.preview(SYSTEM_ACTOR, bundle)
    assert preview.from_workstation and preview.new_source
    counts = preview.counts()
    assert counts["resource_families"] == {Outcome.NEW: 1}
    assert all(Outcome.NEW not in counts.get(spec, {}) for spec in ("programs", "measures", "indicators"))
    office.main.load.apply(SYSTEM_ACTOR, preview)
    assert family_count(office.main) == 2
    assert not office.main.load.preview(SYSTEM_ACTOR, bundle).changes_anything, "the same file twice changes nothing"

    office.region.take(office.send(office.main, "main-1.opeka"))
    assert family_count(office.region) == 2
    with office.main.db.reading() as session:
        peer = session.scalars(select(SyncPeer).where(SyncPeer.kind == "workstation")).one()
        assert peer.signing_key, "the workstation's key is pinned on its first bundle"


def test_edits_on_both_pcs_are_a_conflict_at_the_main_pc(office: Office) -> None:
    add_family(office.workstation, "Петрова")
    office.main.take(office.send(office.workstation, "w-1.opeka"))
    with office.main.db.transaction() as session:
        session.scalars(select(ResourceFamily)).one().notes = "уточнено на основном ПК"
    with office.workstation.db.transaction() as session:
        family = session.scalars(select(ResourceFamily)).one()
        family.notes, family.row_version = "уточнено на рабочем месте", family.row_version + 1
    preview = office.main.load.preview(SYSTEM_ACTOR, office.send(office.workstation, "w-2.opeka"))
    assert preview.total(Outcome.CONFLICT) == 1
    office.main.load.apply(SYSTEM_ACTOR, preview)
    # the workstation sends again before anyone resolved it: still one conflict, with the latest version
    office.main.take(office.send(office.workstation, "w-3.opeka"))
    [conflict] = ExchangeAdministration(office.main.db).conflicts(SYSTEM_ACTOR)
    assert ("notes", "уточнено на основном ПК", "уточнено на рабочем месте") in conflict.fields


def test_the_same_indicator_entered_on_both_pcs_is_one_record_and_a_conflict(office: Office) -> None:
    enter_returned(office.main, 3, 4)
    enter_returned(office.workstation, 2, 4)
    preview = office.main.load.preview(SYSTEM_ACTOR, office.send(office.workstation, "w-1.opeka"))
    assert preview.counts()["indicator_values"] == {Outcome.CONFLICT: 1}
    office.main.load.apply(SYSTEM_ACTOR, preview)
    admin = ExchangeAdministration(office.main.db)
    [conflict] = admin.conflicts(SYSTEM_ACTOR)
    admin.resolve(SYSTEM_ACTOR, conflict.id, take_incoming=True)
    with office.main.db.reading() as session:
        [value] = session.scalars(select(IndicatorValue)).all()
        assert (value.numerator, value.denominator) == (2, 4)
    # agreed now: the workstation's next bundle with the same value changes nothing
    assert not office.main.load.preview(SYSTEM_ACTOR, office.send(office.workstation, "w-2.opeka")).changes_anything


def test_the_same_value_entered_on_both_pcs_is_simply_unchanged(office: Office) -> None:
    enter_returned(office.main, 3, 4)
    enter_returned(office.workstation, 3, 4)
    preview = office.main.load.preview(SYSTEM_ACTOR, office.send(office.workstation, "w-1.opeka"))
    assert preview.counts()["indicator_values"] == {Outcome.UNCHANGED: 1}


def test_a_record_deleted_at_the_main_pc_is_not_brought_back(office: Office) -> None:
    add_family(office.workstation, "Петрова")
    office.main.take(office.send(office.workstation, "w-1.opeka"))
    with office.main.db.transaction() as session:
        session.execute(delete(ResourceFamily))
    preview = office.main.load.preview(SYSTEM_ACTOR, office.send(office.workstation, "w-2.opeka"))
    assert preview.counts()["resource_families"] == {Outcome.DELETED_HERE: 1}
    office.main.load.apply(SYSTEM_ACTOR, preview)
    assert family_count(office.main) == 0


def test_two_workstations_each_pin_their_own_key(office: Office) -> None:
    second = district_installation(office.folder / "second", OFFICE)
    second.take(office.folder / "region-1.opeka")
    office.link(second).connect(SYSTEM_ACTOR, office.folder / "main.opeka-card")
    add_family(office.workstation, "Петрова")
    add_family(second, "Сидорова")
    office.main.take(office.send(office.workstation, "w-1.opeka"))
    office.main.take(office.send(second, "s-1.opeka"))
    assert family_count(office.main) == 2


def test_a_workstation_does_not_take_another_workstations_bundle(office: Office) -> None:
    second = district_installation(office.folder / "second", OFFICE)
    second.take(office.folder / "region-1.opeka")
    office.link(second).connect(SYSTEM_ACTOR, office.folder / "main.opeka-card")
    with pytest.raises(UserError, match="дополнительное рабочее место"):
        office.workstation.load.preview(SYSTEM_ACTOR, office.send(second, "s-1.opeka"))


def test_disconnected_workstation_sends_to_the_region_again(office: Office) -> None:
    link = office.link(office.workstation)
    assert link.role(SYSTEM_ACTOR).is_workstation
    link.disconnect(SYSTEM_ACTOR)
    role = link.role(SYSTEM_ACTOR)
    assert not role.is_workstation and role.is_district
    assert office.workstation.export.plan(SYSTEM_ACTOR).main_pc == ""


def test_the_main_pc_knows_its_workstations(office: Office) -> None:
    office.main.take(office.send(office.workstation, "w-1.opeka"))
    role = office.link(office.main).role(SYSTEM_ACTOR)
    assert role.workstations == (OFFICE,) and not role.is_workstation and role.own_fingerprint
    card = office.link(office.workstation).role(SYSTEM_ACTOR).main_pc
    assert card is not None and card.fingerprint == role.own_fingerprint


def test_a_changed_card_is_refused(office: Office) -> None:
    card = office.folder / "main.opeka-card"
    document = json.loads(card.read_text(encoding="utf-8"))
    document["encryption_key"] = document["signing_key"]  # someone swaps the key the bundles are sealed to
    forged = office.folder / "forged.opeka-card"
    forged.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(UserError, match="подпись не сходится"):
        office.link(office.workstation).connect(SYSTEM_ACTOR, forged)
    garbage = office.folder / "garbage.opeka-card"
    garbage.write_bytes(b"\x00\xff" * 10)
    with pytest.raises(UserError, match="не карточка основного ПК"):
        office.link(office.workstation).read_card(SYSTEM_ACTOR, garbage)


def test_a_card_of_another_office_or_of_the_region_is_refused(office: Office) -> None:
    other = office.folder / "other.opeka-card"
    neighbour = district_installation(office.folder / "neighbour", DISTRICTS[1])
    office.link(neighbour).write_card(SYSTEM_ACTOR, other)
    with pytest.raises(UserError, match="другого отдела"):
        office.link(office.workstation).connect(SYSTEM_ACTOR, other)
    with pytest.raises(UserError, match="регионального координатора"):
        office.link(office.region).write_card(SYSTEM_ACTOR, office.folder / "region.opeka-card")
    with pytest.raises(UserError, match="на основном ПК"):
        office.link(office.workstation).write_card(SYSTEM_ACTOR, office.folder / "w.opeka-card")
    assert REGION.region_code == "29"


def test_connecting_needs_an_administrator(office: Office) -> None:
    from desktop_app.domain.errors import PermissionDenied
    from desktop_app.domain.roles import Role
    from tests.conftest import make_actor

    with pytest.raises(PermissionDenied):
        office.link(office.workstation).connect(make_actor(Role.HEAD), office.folder / "main.opeka-card")
    with office.workstation.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 0
