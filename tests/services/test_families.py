"""The resource-family register through its services: as a specialist enters it and a coordinator sees it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.matching import ChildNeeds
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementInput
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_register import READY, FamilyFilter, FamilyRegister
from desktop_app.storage.database import Database
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
TODAY = date(2026, 11, 23)
PLESETSK = "Плесецкий муниципальный округ"


def editing(db: Database, paths: DataPaths) -> FamilyEditing:
    return FamilyEditing(db, AttachmentStore(paths.attachments))


def family(name: str = "Иванова Мария Петровна", capacity: int = 1) -> FamilyInput:
    return FamilyInput(
        municipality=PLESETSK,
        members=(MemberInput(name, date(1988, 4, 2), "мать", "+7 900 111-22-33"),),
        address="п. Плесецк, ул. Лесная, 3",
        capacity=capacity,
        shpr_certificate="№ 17-ШПР",
        conclusion_number="143",
    )


def step(stage: FamilyStage, on: date, reason: str = "") -> StepInput:
    return StepInput(stage, on, "Соколова Е. В.", reason)


def ready_family(service: FamilyEditing, name: str = "Иванова Мария Петровна", capacity: int = 1) -> str:
    card = service.create(SPECIALIST, family(name, capacity), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    for stage, on in (
        (FamilyStage.DOCUMENTS, date(2026, 2, 2)),
        (FamilyStage.TRAINING, date(2026, 3, 2)),
        (FamilyStage.DIAGNOSTICS, date(2026, 5, 4)),
        (FamilyStage.IN_REGISTER, date(2026, 5, 20)),
    ):
        card = service.record_step(SPECIALIST, card.id, step(stage, on), TODAY)
    return card.id


def child(start: date, birth: date = date(2025, 3, 1), code: str = "Р-2026-07") -> PlacementInput:
    return PlacementInput(code, birth, "m", start, "preliminary", "госпитализация матери")


def test_a_family_goes_through_every_step_and_its_card_shows_them(demo_db: Database, demo_paths: DataPaths) -> None:
    service = editing(demo_db, demo_paths)
    family_id = ready_family(service)
    card = service.card(SPECIALIST, family_id)
    assert card.code == "РС-0005", "the four demo families hold РС-0001 … РС-0004"
    assert card.stage is FamilyStage.IN_REGISTER and card.status_since == date(2026, 5, 20)
    assert [s.stage for s in card.steps] == [
        FamilyStage.CANDIDATE,
        FamilyStage.DOCUMENTS,
        FamilyStage.TRAINING,
        FamilyStage.DIAGNOSTICS,
        FamilyStage.IN_REGISTER,
    ]
    assert card.name == "Иванова М. П." and card.entry.members[0].phone == "+7 900 111-22-33"
    history = service.history(SPECIALIST, family_id)
    assert {row.entity for row in history} >= {"resource_family", "family_member", "family_step"}


def test_skipping_a_step_without_a_reason_is_refused_and_recorded_with_one(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    service = editing(demo_db, demo_paths)
    card = service.create(SPECIALIST, family(), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    with pytest.raises(ValidationError) as refused:
        service.record_step(SPECIALIST, card.id, step(FamilyStage.DIAGNOSTICS, date(2026, 2, 1)), TODAY)
    assert refused.value.field_errors["reason"].startswith("Пропущены этапы «сбор документов», «обучение в ШПР")
    assert service.card(SPECIALIST, card.id).stage is FamilyStage.CANDIDATE, "nothing was written"
    reason = "ШПР пройдена в 2024 г. в другом районе, свидетельство предъявлено"
    moved = service.record_step(SPECIALIST, card.id, step(FamilyStage.DIAGNOSTICS, date(2026, 2, 1), reason), TODAY)
    assert moved.stage is FamilyStage.DIAGNOSTICS and moved.steps[-1].reason == reason


def test_placing_and_ending_a_placement_with_the_refusals(demo_db: Database, demo_paths: DataPaths) -> None:
    service = editing(demo_db, demo_paths)
    family_id = ready_family(service, capacity=1)
    with pytest.raises(ValidationError, match="исполнилось 4 года"):
        service.place_child(SPECIALIST, family_id, child(date(2026, 10, 1), birth=date(2022, 9, 30)), TODAY)
    placed = service.place_child(SPECIALIST, family_id, child(date(2026, 10, 1)), TODAY)
    card = service.card(SPECIALIST, family_id)
    assert card.placed_now == 1 and card.stage is FamilyStage.ACTIVE, "the first child makes the family active"
    with pytest.raises(ValidationError) as full:
        service.place_child(SPECIALIST, family_id, child(date(2026, 11, 2), code="Р-2026-08"), TODAY)
    assert "Семья заполнена: на 02.11.2026 в ней 1 из 1 детей" in full.value.message
    with pytest.raises(UserError, match="В семье сейчас 1 ребёнок: завершите размещения"):
        service.record_step(SPECIALIST, family_id, step(FamilyStage.EXCLUDED, date(2026, 11, 3), "переезд"), TODAY)

    ended = service.end_placement(SPECIALIST, placed.id, date(2026, 11, 1), "returned", placed.row_version, today=TODAY)
    assert ended.end_date == date(2026, 11, 1) and ended.outcome == "returned"
    assert service.card(SPECIALIST, family_id).placed_now == 0
    with pytest.raises(UserError, match="уже завершено"):
        service.end_placement(SPECIALIST, placed.id, date(2026, 11, 2), "returned", ended.row_version, today=TODAY)
    service.place_child(SPECIALIST, family_id, child(date(2026, 11, 2), code="Р-2026-08"), TODAY)


def test_search_ignores_case_and_yo_and_a_coordinator_sees_codes_only(demo_db: Database, demo_paths: DataPaths) -> None:
    service, register = editing(demo_db, demo_paths), FamilyRegister(demo_db)
    service.create(SPECIALIST, family("ИВАНОВА Алёна Игоревна"), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    service.create(SPECIALIST, family("Иванова Ольга Павловна"), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    found = register.rows(SPECIALIST, FamilyFilter(search="иванова"))
    assert {row.name for row in found} >= {"ИВАНОВА А. И.", "Иванова О. П."}
    assert register.count(SPECIALIST, FamilyFilter(search="АЛЕНА")) == 1
    assert register.count(SPECIALIST, FamilyFilter(search="50%")) == 0, "LIKE wildcards are literal"

    hidden = register.rows(COORDINATOR, FamilyFilter())
    assert all(row.name == row.code for row in hidden)
    assert register.count(COORDINATOR, FamilyFilter(search="иванова")) == 0
    assert register.count(COORDINATOR, FamilyFilter(search="рс-000")) >= 4
    card = editing(demo_db, demo_paths).card(COORDINATOR, found[0].id)
    assert card.entry.members == () and card.entry.address == "" and card.name == card.code
    with pytest.raises(PermissionDenied):
        service.history(COORDINATOR, found[0].id)
    with pytest.raises(PermissionDenied):
        service.create(COORDINATOR, family(), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))


def test_filters_targets_statistics_and_matching_from_the_demo(demo_db: Database) -> None:
    register = FamilyRegister(demo_db)
    assert register.count(SPECIALIST, FamilyFilter()) == 4
    assert register.count(SPECIALIST, FamilyFilter(status=READY)) == 2
    assert register.count(SPECIALIST, FamilyFilter(status=READY, free_places_only=True)) == 2
    assert register.count(SPECIALIST, FamilyFilter(accepts_disability=True)) == 1
    (target,) = register.targets(SPECIALIST, [PLESETSK])
    assert (target.municipality, target.ready, target.shortfall) == (PLESETSK, 2, 3)

    half, month = register.placement_statistics(SPECIALIST, [Period.parse("2025-H2"), Period.parse("2025-07")])
    assert (
        half.started == 2 and half.started_by_form["parental_request"] == 1 and half.started_by_form["preliminary"] == 1
    )
    assert half.ended_by_outcome["returned"] == 1 and half.ongoing_at_end == 1
    assert (month.started, month.ended) == (1, 0)

    needs = ChildNeeds(date(2024, 10, 1), TODAY, municipality=PLESETSK)
    matches = register.match(SPECIALIST, needs)
    assert len(matches) == 2 and matches[0].fits
    smirnovs = next(m for m in matches if "Смирнова" in m.family.name)
    assert not smirnovs.fits and any("вне принимаемого" in reason for reason in smirnovs.reasons)


def test_a_stale_card_is_not_saved_over_a_newer_one(demo_db: Database, demo_paths: DataPaths) -> None:
    service = editing(demo_db, demo_paths)
    card = service.create(SPECIALIST, family(), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    service.update(SPECIALIST, card.id, family(capacity=2), card.row_version)
    with pytest.raises(UserError, match="изменена другим пользователем"):
        service.update(SPECIALIST, card.id, family(capacity=3), card.row_version)
    assert service.card(SPECIALIST, card.id).entry.capacity == 2


def test_members_are_edited_in_place_and_documents_kept_by_hash(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    service = editing(demo_db, demo_paths)
    card = service.create(SPECIALIST, family(), step(FamilyStage.CANDIDATE, date(2026, 1, 12)))
    mother = card.entry.members[0]
    father = MemberInput("Иванов Пётр Сергеевич", date(1985, 1, 9), "отец")
    entry = FamilyInput(**{**family().__dict__, "members": (mother, father)})
    updated = service.update(SPECIALIST, card.id, entry, card.row_version)
    assert [m.full_name for m in updated.entry.members] == ["Иванова Мария Петровна", "Иванов Пётр Сергеевич"]
    assert updated.entry.members[0].id == mother.id, "the same person keeps the same record"
    assert FamilyRegister(demo_db).count(SPECIALIST, FamilyFilter(search="петр сергеевич")) == 1

    scan = tmp_path / "Свидетельство ШПР.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate")
    with_document = service.attach_document(
        SPECIALIST, card.id, scan, DocumentInput("Свидетельство ШПР", "свидетельство")
    )
    (document,) = with_document.documents
    copy = service.document_file(SPECIALIST, document.id, tmp_path / "view")
    assert copy.read_bytes() == scan.read_bytes()
    service.remove_document(SPECIALIST, document.id)
    assert service.card(SPECIALIST, card.id).documents == ()


def test_the_journal_shows_a_coordinator_that_families_changed_but_not_who_they_are(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    from desktop_app.services.audit_log import AuditLogService

    editing(demo_db, demo_paths).create(
        SPECIALIST, family("Секретова Анна Ивановна"), step(FamilyStage.CANDIDATE, TODAY)
    )
    journal = AuditLogService(demo_db)
    head = make_actor(Role.HEAD, "head")
    assert any("Секретова" in row.summary for row in journal.entries(head, limit=20))
    seen = journal.entries(COORDINATOR, limit=20)
    member = next(row for row in seen if row.entity == "family_member")
    assert member.summary.startswith("Создано: Член семьи РС-"), "named by the family's code, not a person's name"
    assert (member.new_values or {})["full_name"] == "скрыто"
    assert (member.new_values or {})["relation"] == "мать", "what is not personal stays readable"
    assert not any("Секретова" in str(row) for row in seen)
    assert journal.entries(COORDINATOR, search="секретова") == []
