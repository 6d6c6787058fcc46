"""Execution reports: entering, documents kept by hash, approval by the head, overdue at a glance."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.services.measure_list import NO_REPORT, MeasureFilter
from desktop_app.services.registry import RegistryService
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import AuditEntry
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
H1_2026 = Period.parse("2026-H1")
H2_2025 = Period.parse("2025-H2")
# «не менее одного раза в полгода»; the demo has no report on it for 2026-H1
HALF_YEARLY_SEMINAR = "профилактику профессионального выгорания"


def service(db: Database, paths: DataPaths) -> ExecutionService:
    return ExecutionService(db, AttachmentStore(paths.attachments))


def measure_id(db: Database, fragment: str) -> str:
    rows = RegistryService(db).measures(SPECIALIST, filters=MeasureFilter(search=fragment))
    assert rows, fragment
    return rows[0].id


def done(text: str = "Проведён семинар для специалистов", quantity: float | None = 1) -> ReportInput:
    return ReportInput(ReportStatus.DONE.value, text, quantity)


def test_a_saved_report_is_read_back_with_who_reported_and_is_audited(demo_db: Database, demo_paths: DataPaths) -> None:
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    saved = execution.save_report(SPECIALIST, measure, H1_2026, done(quantity=2), expected_version=0)
    again = execution.report(SPECIALIST, measure, H1_2026)
    assert (again.status, again.done_text, again.quantity) == (
        ReportStatus.DONE,
        "Проведён семинар для специалистов",
        2,
    )
    assert again.reported_by == SPECIALIST.full_name and again.reported_at is not None
    assert not again.is_approved
    with demo_db.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == saved.id)).one()
        assert entry.action == "create" and entry.user_login == "specialist"


def test_reported_done_without_saying_what_is_refused_beside_the_field(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    with pytest.raises(ValidationError) as caught:
        service(demo_db, demo_paths).save_report(SPECIALIST, measure, H1_2026, done(text="  "), 0)
    assert "что сделано" in caught.value.field_errors["done_text"]
    with pytest.raises(ValidationError) as caught:
        service(demo_db, demo_paths).save_report(SPECIALIST, measure, H1_2026, done(quantity=-1), 0)
    assert "отрицательным" in caught.value.field_errors["quantity"]
    assert service(demo_db, demo_paths).report(SPECIALIST, measure, H1_2026).id is None


def test_a_report_changed_elsewhere_is_not_overwritten(demo_db: Database, demo_paths: DataPaths) -> None:
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    first = execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    execution.save_report(SPECIALIST, measure, H1_2026, done("Второй семинар"), first.row_version)
    with pytest.raises(UserError, match="изменён другим пользователем"):
        execution.save_report(SPECIALIST, measure, H1_2026, done("Старая правка"), first.row_version)
    assert execution.report(SPECIALIST, measure, H1_2026).done_text == "Второй семинар"


def test_a_period_outside_the_program_is_refused(demo_db: Database, demo_paths: DataPaths) -> None:
    with pytest.raises(ValidationError, match="вне срока программы"):
        service(demo_db, demo_paths).save_report(
            SPECIALIST, measure_id(demo_db, HALF_YEARLY_SEMINAR), Period.parse("2030-H1"), done(), 0
        )


def test_head_approves_the_period_and_the_approved_report_is_frozen_for_a_specialist(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    program_id = RegistryService(demo_db).program_tree(SPECIALIST)[0].id
    saved = execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    with pytest.raises(PermissionDenied):
        execution.approve_period(SPECIALIST, program_id, H1_2026)
    result = execution.approve_period(HEAD, program_id, H1_2026)
    assert result.approved == 8 and result.already_approved == 0  # 7 demo reports waited for approval, and ours
    approved = execution.report(SPECIALIST, measure, H1_2026)
    assert approved.is_approved and approved.approved_by == HEAD.full_name
    assert execution.approve_period(HEAD, program_id, H1_2026).already_approved == 8

    with pytest.raises(UserError, match="только руководитель"):
        execution.save_report(SPECIALIST, measure, H1_2026, done("Правка"), approved.row_version)
    corrected = execution.save_report(HEAD, measure, H1_2026, done("Правка руководителя"), approved.row_version)
    assert not corrected.is_approved, "a corrected report needs approving again"
    assert saved.id == corrected.id


def test_documents_are_stored_once_by_hash_and_survive_a_restart(demo_paths: DataPaths, tmp_path: Path) -> None:
    scan = tmp_path / "Протокол № 3.pdf"
    scan.write_bytes(b"%PDF-1.4 signed protocol" * 100)
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    db = open_database(demo_paths)
    execution = service(db, demo_paths)
    measure = measure_id(db, HALF_YEARLY_SEMINAR)
    execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    execution.save_report(SPECIALIST, measure, Period.parse("2026-H2"), done(), 0)
    first = execution.attach_document(
        SPECIALIST, measure, H1_2026, scan, DocumentInput("Протокол семинара", "протокол", "3", date(2026, 3, 12))
    )
    execution.attach_document(SPECIALIST, measure, Period.parse("2026-H2"), scan, DocumentInput("Тот же протокол"))
    db.close()
    stored = list(demo_paths.attachments.rglob(digest))
    assert len(stored) == 1 and stored[0].read_bytes() == scan.read_bytes()
    scan.unlink()  # the user's original may go away: the program keeps its own copy

    db = open_database(demo_paths)
    try:
        execution = service(db, demo_paths)
        (document,) = execution.report(SPECIALIST, measure, H1_2026).documents
        assert (document.title, document.kind, document.number, document.doc_date) == (
            "Протокол семинара",
            "протокол",
            "3",
            date(2026, 3, 12),
        )
        assert document.sha256 == digest and document.id == first.id
        opened = execution.document_file(SPECIALIST, document.id, tmp_path / "view")
        assert opened.name == "Протокол № 3.pdf"
        assert hashlib.sha256(opened.read_bytes()).hexdigest() == digest
    finally:
        db.close()


def test_a_damaged_or_missing_document_file_is_reported_not_opened(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    scan = tmp_path / "акт.pdf"
    scan.write_bytes(b"act")
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    document = execution.attach_document(SPECIALIST, measure, H1_2026, scan, DocumentInput("Акт"))
    stored = AttachmentStore(demo_paths.attachments).path_for(document.sha256)
    stored.write_bytes(b"tampered")
    with pytest.raises(UserError, match="повреждён"):
        execution.document_file(SPECIALIST, document.id, tmp_path / "view")
    stored.unlink()
    with pytest.raises(UserError, match="не найден"):
        execution.document_file(SPECIALIST, document.id, tmp_path / "view")


def test_a_document_without_a_title_or_a_missing_file_changes_nothing(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    saved = execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    with pytest.raises(ValidationError) as caught:
        execution.attach_document(SPECIALIST, measure, H1_2026, tmp_path / "нет.pdf", DocumentInput(" "))
    assert "title" in caught.value.field_errors
    with pytest.raises(UserError, match="не найдены"):
        execution.attach_document(SPECIALIST, measure, H1_2026, tmp_path / "нет.pdf", DocumentInput("Акт"))
    after = execution.report(SPECIALIST, measure, H1_2026)
    assert after.documents == () and after.row_version == saved.row_version


def test_a_document_cannot_confirm_a_report_that_was_never_saved(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    scan = tmp_path / "акт.pdf"
    scan.write_bytes(b"act")
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    stored_before = sorted(demo_paths.attachments.rglob("*"))
    with pytest.raises(UserError, match="Сначала сохраните отчёт"):
        execution.attach_document(SPECIALIST, measure, H1_2026, scan, DocumentInput("Акт"))
    assert execution.report(SPECIALIST, measure, H1_2026).id is None, "no empty report was made for the document"
    assert sorted(demo_paths.attachments.rglob("*")) == stored_before, "the refused file was not stored"


def test_a_half_yearly_measure_is_overdue_after_the_third_working_day_until_reported(
    demo_db: Database, demo_paths: DataPaths
) -> None:
    registry = RegistryService(demo_db)
    seminar = measure_id(demo_db, HALF_YEARLY_SEMINAR)

    def row(today: date, period: Period = H1_2026):
        rows = registry.measures(SPECIALIST, filters=MeasureFilter(period=period), today=today)
        return next(r for r in rows if r.id == seminar)

    # 30.06.2026 is a Tuesday: the 3rd working day after it is Friday 03.07.2026.
    assert row(date(2026, 7, 3)).deadline == date(2026, 7, 3)
    on_time = row(date(2026, 7, 3))
    assert on_time.due and not on_time.overdue_in_period
    late = row(date(2026, 7, 6))
    assert late.overdue_in_period and H1_2026 in late.overdue_periods
    # The year's report is due on 20 January; 2025-H2 counts by that fixed date.
    assert row(date(2026, 1, 20), H2_2025).deadline == date(2026, 1, 20)

    service(demo_db, demo_paths).save_report(SPECIALIST, seminar, H1_2026, done(), 0)
    assert not row(date(2026, 7, 6)).overdue_in_period


def test_filters_by_executor_status_period_and_overdue(demo_db: Database, demo_paths: DataPaths) -> None:
    registry = RegistryService(demo_db)
    everything = registry.measures(SPECIALIST)
    executor = next(option for option in registry.executors(SPECIALIST) if "ЦССУ" in option.name)
    by_executor = registry.measures(SPECIALIST, filters=MeasureFilter(executor_id=executor.id))
    assert 0 < len(by_executor) < len(everything)
    assert all(any("ЦССУ" in name for name in row.executors) for row in by_executor)

    seminar = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    missing_before = registry.measures(SPECIALIST, filters=MeasureFilter(period=H1_2026, status=NO_REPORT))
    service(demo_db, demo_paths).save_report(SPECIALIST, seminar, H1_2026, done(), 0)
    done_rows = registry.measures(SPECIALIST, filters=MeasureFilter(period=H1_2026, status=ReportStatus.DONE.value))
    assert seminar in {row.id for row in done_rows}
    assert all(row.status is ReportStatus.DONE for row in done_rows)
    missing = registry.measures(SPECIALIST, filters=MeasureFilter(period=H1_2026, status=NO_REPORT))
    assert seminar not in {row.id for row in missing} and len(missing) == len(missing_before) - 1

    overdue = registry.measures(
        SPECIALIST, filters=MeasureFilter(period=H1_2026, overdue_only=True), today=date(2026, 11, 23)
    )
    assert overdue and seminar not in {row.id for row in overdue}
    assert all(row.due and not row.reported for row in overdue)
    due = registry.measures(SPECIALIST, filters=MeasureFilter(period=H1_2026, due_only=True))
    assert {row.id for row in overdue} <= {row.id for row in due} < {row.id for row in everything}


def test_reporting_periods_follow_the_programs_procedure(demo_db: Database) -> None:
    periods = RegistryService(demo_db).reporting_periods(SPECIALIST)
    assert [period.code for period in periods] == ["2025-H2", "2026-H1", "2026-H2"]


def test_editing_a_measure_rereads_its_schedule_reorders_executors_and_is_audited(demo_db: Database) -> None:
    from desktop_app.services.measure_editing import MeasureEditing, MeasureInput

    editing = MeasureEditing(demo_db)
    seminar = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    before = editing.detail(SPECIALIST, seminar)
    assert before.schedule.min_count == 1
    reordered = tuple(reversed([executor.id for executor in before.executors]))
    entry = MeasureInput(
        number=before.number,
        name=before.name,
        deadline_text="Ежеквартально в течение 2026 года",
        document_type="протокол",
        expected_result=before.expected_result,
        executor_ids=reordered,
    )
    after = editing.update(SPECIALIST, seminar, entry, before.row_version)
    assert after.schedule.kind.value == "quarterly" and after.schedule.start == date(2026, 1, 1)
    assert tuple(executor.id for executor in after.executors) == reordered
    with pytest.raises(UserError, match="изменено другим пользователем"):
        editing.update(SPECIALIST, seminar, entry, before.row_version)
    with pytest.raises(ValidationError) as caught:
        editing.update(SPECIALIST, seminar, MeasureInput("1.", " ", "", "", "", ()), after.row_version)
    assert set(caught.value.field_errors) == {"name", "executors"}
    with demo_db.reading() as session:
        changes = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == seminar, AuditEntry.action == "update")
        ).all()
        assert any("deadline_text" in (entry.new_values or {}) for entry in changes)


def test_period_approval_can_be_limited_to_the_measures_on_screen(demo_db: Database, demo_paths: DataPaths) -> None:
    execution = service(demo_db, demo_paths)
    seminar = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    program_id = RegistryService(demo_db).program_tree(SPECIALIST)[0].id
    execution.save_report(SPECIALIST, seminar, H1_2026, done(), 0)
    assert execution.approve_period(HEAD, program_id, H1_2026, [seminar]).approved == 1
    assert execution.approve_period(HEAD, program_id, H1_2026).approved == 7, "the demo's other reports waited"


def test_a_head_cannot_approve_a_report_whose_documents_changed_after_reading_it(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    execution = service(demo_db, demo_paths)
    measure = measure_id(demo_db, HALF_YEARLY_SEMINAR)
    execution.save_report(SPECIALIST, measure, H1_2026, done(), 0)
    seen_by_head = execution.report(HEAD, measure, H1_2026)
    scan = tmp_path / "Протокол.pdf"
    scan.write_bytes(b"%PDF-1.4 protocol")
    attached = execution.attach_document(SPECIALIST, measure, H1_2026, scan, DocumentInput("Протокол"))
    with pytest.raises(UserError):
        execution.approve_report(HEAD, measure, H1_2026, seen_by_head.row_version)
    with_document = execution.report(HEAD, measure, H1_2026)
    execution.remove_document(SPECIALIST, attached.id)
    with pytest.raises(UserError):
        execution.approve_report(HEAD, measure, H1_2026, with_document.row_version)
    current = execution.report(HEAD, measure, H1_2026)
    assert current.documents == () and execution.approve_report(HEAD, measure, H1_2026, current.row_version).is_approved
