"""A program's reporting procedure: the head sets it, the periods and deadlines follow, imports can set it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import PermissionDenied, UserError
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import Role
from desktop_app.plan_import import read_plan_file
from desktop_app.services.plan_import import ImportOptions, apply_plan_import, preview_plan_import
from desktop_app.services.registry import RegistryService
from desktop_app.services.reporting_procedure import ReportingSettings
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, Program
from tests.conftest import make_actor
from tests.plan_import.small_plan import write_small_plan

HEAD = make_actor(Role.HEAD, "head")
SPECIALIST = make_actor(Role.SPECIALIST)
QUARTERLY = ReportingProcedure(PeriodKind.QUARTER, 5, (1, 25))


def demo_program_id(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Program.id)).one()


def test_the_head_changes_the_procedure_and_periods_and_deadlines_follow(demo_db: Database) -> None:
    settings, registry = ReportingSettings(demo_db), RegistryService(demo_db)
    program_id = demo_program_id(demo_db)
    current = settings.procedure(SPECIALIST, program_id)
    assert current.procedure == ReportingProcedure(PeriodKind.HALF_YEAR, 3, (1, 20))
    assert [p.code for p in registry.reporting_periods(SPECIALIST, program_id)][:2] == ["2025-H2", "2026-H1"]

    changed = settings.update(HEAD, program_id, QUARTERLY, current.row_version)
    assert changed.procedure == QUARTERLY and changed.row_version > current.row_version
    assert [p.code for p in registry.reporting_periods(SPECIALIST, program_id)][:3] == ["2025-Q3", "2025-Q4", "2026-Q1"]
    # 5th working day after 30.09.2026 is 07.10.2026
    assert changed.procedure.deadline(Period.parse("2026-Q3")) == date(2026, 10, 7)
    with demo_db.reading() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == program_id)).all()
        new_values = entries[-1].new_values or {}
    assert new_values == {"reporting_period": "quarter", "report_due_working_days": 5, "report_due_year_end": "01-25"}


def test_a_specialist_cannot_change_it_and_a_stale_form_is_refused(demo_db: Database) -> None:
    settings = ReportingSettings(demo_db)
    program_id = demo_program_id(demo_db)
    version = settings.procedure(SPECIALIST, program_id).row_version
    with pytest.raises(PermissionDenied):
        settings.update(SPECIALIST, program_id, QUARTERLY, version)
    settings.update(HEAD, program_id, QUARTERLY, version)
    with pytest.raises(UserError, match="изменил другой пользователь"):
        settings.update(HEAD, program_id, ReportingProcedure(), version)
    assert settings.procedure(SPECIALIST, program_id).procedure == QUARTERLY


def test_an_imported_program_gets_the_chosen_procedure_and_a_reimport_can_change_it(
    demo_db: Database, tmp_path: Path
) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    preview = preview_plan_import(demo_db, SPECIALIST, plan, ImportOptions(reporting=QUARTERLY))
    assert preview.reporting == QUARTERLY and preview.summary()["reporting"]["period"] == "quarter"
    program_id = apply_plan_import(demo_db, SPECIALIST, plan, preview).program_id
    settings = ReportingSettings(demo_db)
    assert settings.procedure(SPECIALIST, program_id).procedure == QUARTERLY

    again = preview_plan_import(demo_db, SPECIALIST, plan)
    assert again.reporting == QUARTERLY and not again.reporting_changed and not again.has_changes

    monthly = ReportingProcedure(PeriodKind.MONTH, 3)
    changed = preview_plan_import(demo_db, SPECIALIST, plan, ImportOptions(reporting=monthly))
    assert changed.reporting_changed and changed.has_changes
    apply_plan_import(demo_db, SPECIALIST, plan, changed)
    assert settings.procedure(SPECIALIST, program_id).procedure == monthly
