"""The organisation directory: unchecked names are corrected and marked, duplicates merged without losing measures."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.program_definition import OrganisationDef
from desktop_app.domain.roles import Role
from desktop_app.services.directory import DirectoryService, OrganisationInput
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.organisations import find_or_add_organisation
from desktop_app.services.program_store import set_executors
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, Measure, Organisation
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)


def imported_duplicate(db: Database) -> tuple[str, str]:
    """An unchecked «Плесецкий ЦССУ» (as an imported plan spelled it) executing one measure."""
    with db.transaction(SPECIALIST) as session:
        duplicate = find_or_add_organisation(
            session, OrganisationDef("x", "Плесецкий ЦССУ", "Плесецкий ЦССУ", ""), confirmed=False
        )
        measure = session.scalars(select(Measure).order_by(Measure.position)).first()
        assert measure is not None
        set_executors(session, measure, [link.organisation_id for link in measure.executors] + [duplicate.id])
        return duplicate.id, measure.id


def test_unchecked_entries_come_first_and_saving_marks_them_checked(demo_db: Database) -> None:
    duplicate_id, _measure = imported_duplicate(demo_db)
    directory = DirectoryService(demo_db)
    first = directory.organisations(SPECIALIST)[0]
    assert (first.id, first.is_confirmed, first.measure_count) == (duplicate_id, False, 1)
    with pytest.raises(ValidationError) as caught:
        directory.update(SPECIALIST, duplicate_id, OrganisationInput(" ", "", ""), first.row_version)
    assert "full_name" in caught.value.field_errors
    directory.update(
        SPECIALIST, duplicate_id, OrganisationInput("ЦССУ", "Плесецкий центр", "social_protection"), first.row_version
    )
    saved = next(row for row in directory.organisations(SPECIALIST) if row.id == duplicate_id)
    assert saved.is_confirmed and saved.department_label == "социальная защита"
    with pytest.raises(UserError, match="изменена другим"):
        directory.update(SPECIALIST, duplicate_id, OrganisationInput("ЦССУ", "", ""), first.row_version)


def test_merging_moves_the_measures_and_removes_the_duplicate(demo_db: Database) -> None:
    duplicate_id, measure_id = imported_duplicate(demo_db)
    directory = DirectoryService(demo_db)
    keep = next(row for row in directory.organisations(SPECIALIST) if row.short_name == "ГБУ АО «Плесецкий ЦССУ»")
    before = keep.measure_count
    assert directory.merge(SPECIALIST, duplicate_id, keep.id) == 1
    rows = {row.id: row for row in directory.organisations(SPECIALIST)}
    assert duplicate_id not in rows and rows[keep.id].measure_count == before + 1
    measure = next(
        r for r in RegistryService(demo_db).measures(SPECIALIST, filters=MeasureFilter()) if r.id == measure_id
    )
    assert measure.executors[-1] == "ГБУ АО «Плесецкий ЦССУ»"
    with demo_db.reading() as session:
        assert session.get(Organisation, duplicate_id) is None
        deleted = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == duplicate_id)).all()
        assert any(entry.action == "delete" for entry in deleted)
    with pytest.raises(UserError):
        directory.merge(SPECIALIST, keep.id, keep.id)
