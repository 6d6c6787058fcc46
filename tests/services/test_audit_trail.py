"""The audit trail records who changed what, never a password, and only the right roles may read it."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.roles import Role
from desktop_app.services.audit_log import AuditLogService, AuditRow
from desktop_app.services.auth import AuthService, NewUser
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, FamilyMember, Organisation, Program, ResourceFamily, User
from tests.conftest import make_actor


def entries_for(db: Database, entity_id: str) -> list[AuditEntry]:
    with db.reading() as session:
        entries = list(
            session.scalars(select(AuditEntry).where(AuditEntry.entity_id == entity_id).order_by(AuditEntry.at))
        )
        session.expunge_all()  # plain snapshots, readable after the session ends
    return entries


def create_organisation(db: Database, actor: Actor) -> str:
    with db.transaction(actor) as session:
        organisation = Organisation(
            full_name="ГБУ АО «Плесецкий ЦССУ»", short_name="ЦССУ", department="social_protection", search_key="цссу"
        )
        session.add(organisation)
    return organisation.id


def test_creating_a_record_writes_who_created_it_and_every_value(demo_db: Database, demo_actor: Actor) -> None:
    organisation_id = create_organisation(demo_db, demo_actor)
    [entry] = entries_for(demo_db, organisation_id)
    assert (entry.action, entry.entity, entry.entity_id) == ("create", "organisation", organisation_id)
    assert (entry.user_login, entry.user_id) == ("demo", demo_actor.user_id)
    assert entry.summary == "Создано: Организация «ЦССУ»"
    assert entry.old_values is None
    assert entry.new_values == {
        "full_name": "ГБУ АО «Плесецкий ЦССУ»",
        "short_name": "ЦССУ",
        "department": "social_protection",
        "territory": "",
        "owner": "Плесецкий муниципальный округ",  # made at the district: its own entry of the directory
        "is_confirmed": True,
    }


def test_update_records_old_and_new_values_of_exactly_the_changed_fields(demo_db: Database, demo_actor: Actor) -> None:
    organisation_id = create_organisation(demo_db, demo_actor)
    with demo_db.transaction(demo_actor) as session:
        organisation = session.get(Organisation, organisation_id)
        assert organisation is not None
        organisation.short_name = "ГБУ АО «Плесецкий ЦССУ»"
        organisation.territory = "Плесецкий муниципальный округ"
        organisation.full_name = organisation.full_name  # assigned but not changed: not recorded
    entry = entries_for(demo_db, organisation_id)[-1]
    assert entry.action == "update"
    assert entry.user_login == "demo"
    assert entry.old_values == {"short_name": "ЦССУ", "territory": ""}
    assert entry.new_values == {"short_name": "ГБУ АО «Плесецкий ЦССУ»", "territory": "Плесецкий муниципальный округ"}


def test_delete_records_the_values_that_were_removed(demo_db: Database, demo_actor: Actor) -> None:
    organisation_id = create_organisation(demo_db, demo_actor)
    with demo_db.transaction(demo_actor) as session:
        session.delete(session.get(Organisation, organisation_id))
    entry = entries_for(demo_db, organisation_id)[-1]
    assert (entry.action, entry.entity, entry.summary) == ("delete", "organisation", "Удалено: Организация «ЦССУ»")
    assert entry.new_values is None
    assert entry.old_values is not None and entry.old_values["full_name"] == "ГБУ АО «Плесецкий ЦССУ»"


def test_deleting_a_program_records_every_record_removed_with_it(demo_db: Database, demo_actor: Actor) -> None:
    with demo_db.transaction(demo_actor) as session:
        session.delete(session.scalars(select(Program)).one())
    with demo_db.reading() as session:
        deleted = set(session.scalars(select(AuditEntry.entity).where(AuditEntry.action == "delete")))
    assert {"program", "program_block", "measure", "indicator_group", "indicator", "indicator_plan",
            "indicator_value", "measure_indicator"} <= deleted  # fmt: skip


def test_dates_in_audit_values_are_iso_text(demo_db: Database, demo_actor: Actor) -> None:
    with demo_db.transaction(demo_actor) as session:
        family = ResourceFamily(display_name="Семья Тестовых")
        session.add(family)
        session.flush()
        member = FamilyMember(family_id=family.id, full_name="Тестова Т. Т.", birth_date=date(1985, 3, 8))
        session.add(member)
    [entry] = entries_for(demo_db, member.id)
    assert entry.new_values is not None and entry.new_values["birth_date"] == "1985-03-08"


def all_audit_text(db: Database) -> str:
    with db.reading() as session:
        return json.dumps(
            [[e.summary, e.old_values, e.new_values] for e in session.scalars(select(AuditEntry))], ensure_ascii=False
        )


def test_password_hashes_never_reach_the_audit_trail(demo_db: Database, demo_actor: Actor) -> None:
    auth = AuthService(demo_db)
    created = auth.create_user(
        demo_actor,
        NewUser(login="ivanova", full_name="Иванова Анна Петровна", role=Role.SPECIALIST, password="opeka2025"),
    )
    ivanova = auth.login("ivanova", "opeka2025")
    auth.change_password(ivanova, "opeka2025", "novyi-2026")
    with demo_db.reading() as session:
        hashes = [user.password_hash for user in session.scalars(select(User))]
    creation = [e for e in entries_for(demo_db, created.id) if e.action == "create"]
    assert creation and creation[0].new_values == {
        "login": "ivanova",
        "full_name": "Иванова Анна Петровна",
        "position": "",
        "role": "specialist",
        "is_active": True,
    }
    text = all_audit_text(demo_db)
    assert "argon2" not in text
    for stored_hash in hashes:
        assert stored_hash not in text
    assert "opeka2025" not in text and "novyi-2026" not in text


def test_reading_the_audit_trail_requires_the_right(demo_db: Database) -> None:
    with pytest.raises(PermissionDenied, match="«Специалист».*просмотр журнала изменений"):
        AuditLogService(demo_db).entries(make_actor(Role.SPECIALIST))


def test_head_of_office_reads_the_newest_entries_first(demo_db: Database, demo_actor: Actor) -> None:
    organisation_id = create_organisation(demo_db, demo_actor)
    rows = AuditLogService(demo_db).entries(make_actor(Role.HEAD), limit=5)
    assert len(rows) == 5
    assert rows[0].entity_id == organisation_id
    assert [row.at for row in rows] == sorted((row.at for row in rows), reverse=True)


@pytest.mark.parametrize("needle", ["мероприятие", "МЕРОПРИЯТИЕ", "Мероприятие"])
def test_search_finds_cyrillic_text_in_any_case(demo_db: Database, demo_actor: Actor, needle: str) -> None:
    rows = AuditLogService(demo_db).entries(demo_actor, search=needle)
    assert len(rows) == 31  # the demo's 31 measures were created through the audited unit of work
    assert all("Мероприятие" in row.summary for row in rows)


def test_search_treats_yo_as_ye(demo_db: Database, demo_actor: Actor) -> None:
    with demo_db.transaction(demo_actor) as session:
        session.add(Organisation(full_name="Центр «Ёлочка»", short_name="Ёлочка"))
    rows = AuditLogService(demo_db).entries(demo_actor, search="елочка")
    assert [row.summary for row in rows] == ["Создано: Организация «Ёлочка»"]


def test_entries_of_one_record_show_its_history(demo_db: Database, demo_actor: Actor) -> None:
    organisation_id = create_organisation(demo_db, demo_actor)
    with demo_db.transaction(demo_actor) as session:
        session.get(Organisation, organisation_id).territory = "Плесецкий муниципальный округ"  # type: ignore[union-attr]
    rows = AuditLogService(demo_db).entries(demo_actor, entity_id=organisation_id)
    assert [row.action_label for row in rows] == ["изменение", "создание"]
    change: AuditRow = rows[0]
    assert change.changed_fields() == [("территория", "", "Плесецкий муниципальный округ")]


def test_journal_names_a_period_the_russian_way(demo_db: Database, demo_actor: Actor) -> None:
    summaries = [row.summary for row in AuditLogService(demo_db).entries(demo_actor, search="Значение показателя")]
    assert any("II полугодие 2025 г." in summary for summary in summaries)
    assert any("I полугодие 2026 г." in summary for summary in summaries)
    assert not any("2025-H2" in summary or "2026-H1" in summary for summary in summaries)


def test_a_record_added_through_its_parent_names_the_parent_in_its_create_entry(
    demo_db: Database, demo_actor: Actor
) -> None:
    from desktop_app.storage.models import Measure, MeasureExecutor

    organisation_id = create_organisation(demo_db, demo_actor)
    with demo_db.transaction(demo_actor) as session:
        measure = session.scalars(select(Measure).limit(1)).one()
        executor = MeasureExecutor(organisation_id=organisation_id, position=9)
        measure.executors.append(executor)
        measure_id = measure.id
    (created,) = [entry for entry in entries_for(demo_db, executor.id) if entry.action == "create"]
    assert created.new_values is not None and created.new_values["measure_id"] == measure_id
