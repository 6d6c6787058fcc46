"""What leaves the district is only what DOMAIN.md allows: a decrypted district bundle holds the families' adults
(the region keeps the register) and each placed child's code, birth date and sex — no child's name, no password
hash, no journal, no key — and a name typed where the code or a reason belongs is refused before it is stored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.placements import PlacementInput
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.sync.container import read_package
from desktop_app.sync.keys import b64
from desktop_app.sync.setup import ensure_keys
from tests.exchange.test_end_to_end import Installation, region_and_district

CHILD_NAMES = ("Соколов Артём Игоревич", "Соколов А. И.", "Артём Игоревич")
ADULT = "Соколова Мария Андреевна"
# The placement's fields that travel: the child is a code, a birth date and a sex.
PLACEMENT_FIELDS = {
    "id", "created_at", "updated_at", "changed_by", "row_version", "family_id", "child_code", "child_birth_date",
    "child_sex", "start_date", "end_date", "separation_reason", "legal_form", "outcome", "notes",
}  # fmt: skip


@pytest.fixture
def world(tmp_path: Path) -> tuple[Installation, Installation]:
    region, district, _package = region_and_district(tmp_path)
    return region, district


def ready_family(district: Installation) -> tuple[FamilyEditing, str]:
    editing = FamilyEditing(district.db, AttachmentStore(district.paths.attachments))
    entry = FamilyInput(
        municipality=district.name or "",
        members=(MemberInput(full_name=ADULT, birth_date=date(1986, 5, 4), relation="мать"),),
        capacity=2,
        shpr_certificate="№ 17-ШПР",
        conclusion_number="143",
    )
    card = editing.create(SYSTEM_ACTOR, entry, StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "Петрова"))
    for stage, day in (
        (FamilyStage.DOCUMENTS, date(2026, 2, 2)),
        (FamilyStage.TRAINING, date(2026, 2, 9)),
        (FamilyStage.DIAGNOSTICS, date(2026, 3, 2)),
        (FamilyStage.IN_REGISTER, date(2026, 3, 16)),
    ):
        card = editing.record_step(SYSTEM_ACTOR, card.id, StepInput(stage, day, "Петрова"), date(2026, 4, 1))
    return editing, card.id


def child(code: str = "Р-2026-07", reason: str = "госпитализация матери") -> PlacementInput:
    return PlacementInput(code, date(2025, 2, 1), "m", date(2026, 4, 1), "preliminary", reason)


@pytest.mark.parametrize("code", ["Артём", "Соколов Артём", "Р-Артём-7", "сокол 7"])
def test_a_name_in_place_of_the_childs_code_is_refused(world: tuple[Installation, Installation], code: str) -> None:
    _region, district = world
    editing, family_id = ready_family(district)
    with pytest.raises(ValidationError) as refused:
        editing.place_child(SYSTEM_ACTOR, family_id, child(code=code), date(2026, 4, 2))
    assert "имя ребёнка в программу не вносится" in refused.value.field_errors["child_code"]


@pytest.mark.parametrize("name", CHILD_NAMES)
def test_a_name_in_the_reason_for_separation_is_refused(world: tuple[Installation, Installation], name: str) -> None:
    _region, district = world
    editing, family_id = ready_family(district)
    with pytest.raises(ValidationError) as refused:
        editing.place_child(
            SYSTEM_ACTOR, family_id, child(reason=f"мать ребёнка ({name}) в больнице"), date(2026, 4, 2)
        )
    assert f"«{name}»" in refused.value.field_errors["separation_reason"]


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings_in(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def test_a_decrypted_district_bundle_holds_no_childs_name_and_nothing_the_district_keeps_to_itself(
    world: tuple[Installation, Installation], tmp_path: Path
) -> None:
    region, district = world
    editing, family_id = ready_family(district)
    editing.place_child(SYSTEM_ACTOR, family_id, child(), date(2026, 4, 2))
    for name in CHILD_NAMES:  # every try to write the name down is refused
        with pytest.raises(ValidationError):
            editing.place_child(
                SYSTEM_ACTOR, family_id, child(code="Р-2026-08", reason=f"со слов {name}"), date(2026, 4, 2)
            )
    bundle = tmp_path / "district.opeka"
    district.export.write(SYSTEM_ACTOR, bundle)

    opened = read_package(bundle, decrypt_with=ensure_keys(region.paths).encryption)
    everything = json.dumps([opened.manifest, opened.data], ensure_ascii=False)
    for name in (*CHILD_NAMES, "Артём", "Соколов "):
        assert name not in everything
    (placement,) = opened.data["child_placements"]
    assert set(placement) == PLACEMENT_FIELDS
    assert (placement["child_code"], placement["child_birth_date"], placement["child_sex"]) == (
        "Р-2026-07",
        "2025-02-01",
        "m",
    )
    assert ADULT in everything  # the region keeps the register of families: their adults travel, encrypted
    assert not {"audit_entries", "users", "user_accounts", "import_log"} & set(opened.data)
    texts = strings_in(opened.data) + strings_in(opened.manifest)
    assert not [text for text in texts if text.startswith("$argon2")]  # no password hash
    signing = bytes(ensure_keys(district.paths).signing)
    assert b64(signing) not in everything and signing.hex() not in everything  # the private key stays
