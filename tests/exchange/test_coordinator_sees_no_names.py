"""The coordinator never sees a name: at the region the import preview, the dry run's JSON and the conflicts show
that an adult's name or phone changed, not what it was or became, and the program's own fields (``search_key``) are
shown to nobody. Every district numbers its families from «РС-0001», so the region names a family by its code and
district — in the register, its export and the previews."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli.exchange_commands import _report
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.roles import Role
from desktop_app.gui.exchange.preview_dialog import change_rows
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_export import family_export
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.models import FamilyMember
from desktop_app.sync.administration import ExchangeAdministration
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import DISTRICTS, Installation, district_installation, region_with_package

COORDINATOR = make_actor(Role.COORDINATOR)
ADMIN = make_actor(Role.ADMIN)
FIRST, SECOND = DISTRICTS[0], DISTRICTS[1]  # Плесецкий муниципальный округ, Вельский муниципальный район
OLD_NAME, NEW_NAME = "Кузнецова Наталья Сергеевна", "Кузнецова Наталия Сергеевна"
PHONE, NEW_PHONE = "+7 911 555-12-34", "+7 911 555-98-76"
PERSONAL = ("Кузнецова", "Наталья", "Наталия", "кузнецова", "555-12-34", "555-98-76")


def add_family(district: Installation, name: str, phone: str) -> None:
    editing = FamilyEditing(district.db, AttachmentStore(district.paths.attachments))
    entry = FamilyInput(
        municipality=district.name or "",
        members=(MemberInput(full_name=name, birth_date=date(1985, 3, 9), relation="мать", phone=phone),),
        capacity=1,
    )
    editing.create(SYSTEM_ACTOR, entry, StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "Петрова"))


def rename_member(district: Installation, name: str, phone: str) -> None:
    """The district corrects the adult's name and phone (the search key follows the name)."""
    editing = FamilyEditing(district.db, AttachmentStore(district.paths.attachments))
    with district.db.reading() as session:
        family_id = session.scalars(select(FamilyMember.family_id)).one()
    card = editing.card(SYSTEM_ACTOR, family_id)
    member = replace(card.entry.members[0], full_name=name, phone=phone)
    editing.update(SYSTEM_ACTOR, family_id, replace(card.entry, members=(member,)), card.row_version)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Installation, Installation, Path]:
    """The region holding one family from each of two districts, both numbered «РС-0001» there."""
    region, package = region_with_package(tmp_path)
    first = district_installation(tmp_path / "first", FIRST)
    for district, name in (
        (first, OLD_NAME),
        (district_installation(tmp_path / "second", SECOND), "Орлова Анна Ивановна"),
    ):
        district.take(package)
        add_family(district, name, PHONE)
        bundle = tmp_path / f"{district.name}.opeka"
        district.export.write(SYSTEM_ACTOR, bundle)
        region.take(bundle)
    return region, first, tmp_path


def shown(rows: object) -> str:
    return json.dumps(rows, ensure_ascii=False, default=str)


def test_the_preview_and_dry_run_show_the_coordinator_no_name(world) -> None:  # type: ignore[no-untyped-def]
    region, first, folder = world
    rename_member(first, NEW_NAME, NEW_PHONE)
    bundle = folder / "renamed.opeka"
    first.export.write(SYSTEM_ACTOR, bundle)

    preview = region.load.preview(COORDINATOR, bundle)
    rows = change_rows(preview)
    assert ("full_name", "скрыто", "скрыто") in [(field, old, new) for _, _, _, field, old, new in rows]
    assert ("phone", "скрыто", "скрыто") in [(field, old, new) for _, _, _, field, old, new in rows]
    dry_run = _report(bundle, preview, False)
    for text in (shown(rows), shown(dry_run)):
        assert not [word for word in PERSONAL if word in text], text
        assert "search_key" not in text

    # a role with the right to see personal data sees the names, but never the internal fields
    preview = region.load.preview(ADMIN, bundle)
    fields = {field: (old, new) for _, _, _, field, old, new in change_rows(preview)}
    assert fields["full_name"] == (OLD_NAME, NEW_NAME)
    assert "search_key" not in fields and "search_key" not in shown(_report(bundle, preview, False))


def test_the_conflicts_show_the_coordinator_no_name(world) -> None:  # type: ignore[no-untyped-def]
    region, first, folder = world
    with region.db.transaction() as session:  # the region corrects the phone it was told
        member = session.scalars(select(FamilyMember).where(FamilyMember.full_name == OLD_NAME)).one()
        member.phone = "+7 911 555-00-00"
    rename_member(first, NEW_NAME, NEW_PHONE)
    bundle = folder / "conflict.opeka"
    first.export.write(SYSTEM_ACTOR, bundle)
    region.take(bundle)
    admin = ExchangeAdministration(region.db)
    [conflict] = admin.conflicts(COORDINATOR)
    assert conflict.entity_label == "Члены семей"
    assert ("full_name", "скрыто", "скрыто") in conflict.fields and ("phone", "скрыто", "скрыто") in conflict.fields
    assert not [word for word in (*PERSONAL, "555-00-00") if word in shown(conflict.fields)]
    assert "search_key" not in shown(conflict.fields)
    [seen_by_admin] = admin.conflicts(ADMIN)
    assert ("full_name", OLD_NAME, NEW_NAME) in seen_by_admin.fields


def test_the_region_tells_apart_the_districts_codes(world) -> None:  # type: ignore[no-untyped-def]
    region, first, folder = world
    codes = {"РС-0001 · Плесецкий м. о.", "РС-0001 · Вельский р-н"}
    rows = FamilyRegister(region.db).rows(COORDINATOR, FamilyFilter())
    assert {row.name for row in rows} == codes and {row.code for row in rows} == codes
    exported = family_export(region.db, COORDINATOR)
    assert {family.code for family in exported.families} == codes and all(not f.adults for f in exported.families)

    rename_member(first, NEW_NAME, NEW_PHONE)
    with first.db.reading() as session:  # the family's own card changes too: its row is in the preview
        family_id = session.scalars(select(FamilyMember.family_id)).one()
    editing = FamilyEditing(first.db, AttachmentStore(first.paths.attachments))
    card = editing.card(SYSTEM_ACTOR, family_id)
    editing.update(SYSTEM_ACTOR, family_id, replace(card.entry, capacity=2), card.row_version)
    bundle = folder / "capacity.opeka"
    first.export.write(SYSTEM_ACTOR, bundle)
    preview = region.load.preview(COORDINATOR, bundle)
    families = [row for row in change_rows(preview) if row[0] == "Ресурсные семьи"]
    assert families and {row[1] for row in families} == {"РС-0001 · Плесецкий м. о."}
    assert not [word for word in PERSONAL if word in shown(change_rows(preview))]
