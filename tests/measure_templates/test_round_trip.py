"""Measure reports of co-executors through an Excel template: written per executor, filled in the cells,
read back into a preview (old → new, problems with the cell's address) and saved as execution reports;
a template of another period, district or program is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import UserError
from desktop_app.domain.execution import ReportInput, ReportStatus
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.services.measure_templates import MeasureTemplates
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.measure_templates.support import cell_map, demo_program_id, edit_ids, fill, set_header

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
H1_2026 = Period.parse("2026-H1")  # the demo's current half-year: some reports entered, some not
CSSU = "ЦССУ"
POLICE = "ОМВД"


def services(db: Database, paths: DataPaths) -> tuple[MeasureTemplates, ExecutionService]:
    execution = ExecutionService(db, AttachmentStore(paths.attachments))
    return MeasureTemplates(db, execution), execution


def executor_id(templates: MeasureTemplates, db: Database, fragment: str) -> str:
    choices = templates.executors(SPECIALIST, demo_program_id(db), H1_2026)
    return next(choice.id for choice in choices if fragment in choice.name)


def template_of(db: Database, paths: DataPaths, tmp_path: Path, fragment: str) -> Path:
    templates, _ = services(db, paths)
    [path] = templates.write(SPECIALIST, demo_program_id(db), H1_2026, tmp_path, [executor_id(templates, db, fragment)])
    return path


def unreported(path: Path, execution: ExecutionService) -> list[str]:
    """The measures of the template with no report for the period yet, in sheet order."""
    measures = list(dict.fromkeys(measure for _, _, measure, _, _ in cell_map(path)))
    return [measure for measure in measures if execution.report(SPECIALIST, measure, H1_2026).id is None]


def test_filled_rows_become_the_measures_reports(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, CSSU)
    first, second = unreported(path, execution)[:2]
    fill(
        path,
        {
            (first, "status"): "выполнено",
            (first, "done_text"): "Проведены 3 занятия с ресурсными родителями",
            (first, "quantity"): 3,
            (first, "notes"): "приказ № 12 от 03.03.2026",
            (second, "status"): "В работе",  # typed, not picked: case does not matter
        },
    )
    preview = templates.preview(SPECIALIST, path)
    assert [change.measure_id for change in preview.changes] == [first, second]
    assert all(change.created for change in preview.changes) and not preview.issues
    status_change = preview.changes[0].fields[0]
    assert (status_change.label, status_change.old, status_change.new) == ("Статус", "", "выполнено")
    assert status_change.address.endswith("!D" + status_change.address.rpartition("!D")[2])

    assert templates.apply(SPECIALIST, preview) == 2

    report = execution.report(SPECIALIST, first, H1_2026)
    assert (report.status, report.done_text, report.quantity, report.notes) == (
        ReportStatus.DONE,
        "Проведены 3 занятия с ресурсными родителями",
        3,
        "приказ № 12 от 03.03.2026",
    )
    assert "ЦССУ" in report.reported_by and SPECIALIST.full_name in report.reported_by
    assert execution.report(SPECIALIST, second, H1_2026).status is ReportStatus.IN_PROGRESS
    # loaded again, the same file changes nothing
    again = templates.preview(SPECIALIST, path)
    assert not again.changes and again.unchanged == preview.unchanged + 2


def test_a_template_lists_each_executors_due_measures_with_their_saved_reports(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    templates, execution = services(demo_db, demo_paths)
    paths = templates.write(SPECIALIST, demo_program_id(demo_db), H1_2026, tmp_path, one_file=True)
    assert len(paths) == 1
    book = load_workbook(paths[0])
    choices = templates.executors(SPECIALIST, demo_program_id(demo_db), H1_2026)
    visible = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert len(visible) == len(choices)
    assert book["_opeka"].sheet_state == "veryHidden" and book.security.lockStructure
    for sheet in visible:
        assert sheet.protection.sheet
    # a saved report is written into its row, so the executor sees what the office has
    for sheet_name, address, measure_id, field, _ in cell_map(paths[0]):
        report = execution.report(SPECIALIST, measure_id, H1_2026)
        if field == "status":
            expected = report.status.label if report.id is not None else None
            assert book[sheet_name][address].value == expected
            assert book[sheet_name][address].protection.locked is False
    status_lists = [v for v in visible[0].data_validations.dataValidation if v.type == "list"]
    assert status_lists and "выполнено частично" in status_lists[0].formula1


def test_a_template_of_another_period_is_refused(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, _ = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    with pytest.raises(UserError, match="сделан за I полугодие 2026 г., а выбран период II полугодие 2025 г."):
        templates.preview(SPECIALIST, path, period=Period.parse("2025-H2"))
    set_header(path, "period", "2026-Q1")  # a quarter of a half-yearly program
    with pytest.raises(UserError, match="не отчётный период программы"):
        templates.preview(SPECIALIST, path)


def test_a_template_of_another_district_is_refused(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, _ = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    set_header(path, "district", "Онежский муниципальный округ")
    with pytest.raises(UserError, match="для района «Онежский муниципальный округ»"):
        templates.preview(SPECIALIST, path)


def test_a_template_of_another_program_is_refused(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, _ = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    with pytest.raises(UserError, match="а выбрана программа"):
        templates.preview(SPECIALIST, path, program_id="another-program")
    set_header(path, "program_id", "a-program-this-database-lacks")
    set_header(path, "program_title", "Комплексный план Новосибирской области")
    with pytest.raises(UserError, match="«Комплексный план Новосибирской области», которой нет в этой базе"):
        templates.preview(SPECIALIST, path)


def test_an_edited_name_cell_does_not_move_the_report(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, CSSU)
    target = unreported(path, execution)[0]
    sheet, address = next((s, a) for s, a, m, f, _ in cell_map(path) if m == target and f == "status")
    book = load_workbook(path)
    row = address[1:]
    book[sheet][f"A{row}"] = "I.1."
    book[sheet][f"B{row}"] = "Совсем другое мероприятие"  # unprotected and overwritten by hand
    book.save(path)
    fill(path, {(target, "status"): "выполнено", (target, "done_text"): "Сделано"})
    preview = templates.preview(SPECIALIST, path)
    [change] = preview.changes
    assert change.measure_id == target and change.name != "Совсем другое мероприятие"
    templates.apply(SPECIALIST, preview)
    assert execution.report(SPECIALIST, target, H1_2026).done_text == "Сделано"


def test_wrong_cells_are_named_by_address_and_nothing_is_saved(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, CSSU)
    first, second, third = unreported(path, execution)[:3]
    fill(
        path,
        {
            (first, "status"): "выполнено",
            (first, "quantity"): "12 случаев",
            (first, "done_text"): "Проведены беседы",
            (second, "status"): "выполнено",  # done, without saying what
            (third, "done_text"): "Что-то сделали",  # no status
        },
    )
    preview = templates.preview(SPECIALIST, path)
    addresses = {(s, m, f): f"{s}!{a}" for s, a, m, f, _ in cell_map(path)}
    by_cell = {issue.address: issue.message for issue in preview.issues}
    sheet = cell_map(path)[0][0]
    assert "«случаев» напишите в поле «Что сделано»" in by_cell[addresses[(sheet, first, "quantity")]]
    assert "Опишите, что сделано" in by_cell[addresses[(sheet, second, "done_text")]]
    assert "Выберите статус" in by_cell[addresses[(sheet, third, "status")]]
    assert not preview.can_apply
    with pytest.raises(UserError):
        templates.apply(SPECIALIST, preview)
    assert execution.report(SPECIALIST, first, H1_2026).id is None


def test_a_measure_the_executor_does_not_execute_is_not_taken(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    [measure] = {m for _, _, m, _, _ in cell_map(path)}
    other = executor_id(templates, demo_db, "Движение первых")

    def reassign(rows: list[list[object]]) -> None:
        for row in rows:
            if row[2] == measure:
                row[4] = other  # the police's row claimed for another organisation

    edit_ids(path, reassign)
    fill(path, {(measure, "status"): "выполнено", (measure, "done_text"): "Проведены рейды"})
    preview = templates.preview(SPECIALIST, path)
    assert not preview.changes
    [issue] = preview.issues
    assert "не закреплено за исполнителем ««Движение первых»»" in issue.message


def test_an_approved_report_is_changed_only_by_the_head_and_the_preview_says_so(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    [measure] = {m for _, _, m, _, _ in cell_map(path)}
    saved = execution.save_report(HEAD, measure, H1_2026, ReportInput("done", "Рейды проведены", 2), 0)
    execution.approve_report(HEAD, measure, H1_2026, saved.row_version)
    fill(
        path, {(measure, "status"): "выполнено", (measure, "done_text"): "Проведено 4 рейда", (measure, "quantity"): 4}
    )

    refused = templates.preview(SPECIALIST, path)
    assert not refused.changes and "утверждён руководителем" in refused.issues[0].message

    preview = templates.preview(HEAD, path)
    [change] = preview.changes
    assert not change.created and "утверждение снимется" in change.note
    assert [(f.old, f.new) for f in change.fields] == [("Рейды проведены", "Проведено 4 рейда"), ("2", "4")]
    templates.apply(HEAD, preview)
    after = execution.report(HEAD, measure, H1_2026)
    assert after.quantity == 4 and not after.is_approved


def test_a_report_changed_after_the_preview_is_not_overwritten(
    demo_db: Database, demo_paths: DataPaths, tmp_path: Path
) -> None:
    templates, execution = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    [measure] = {m for _, _, m, _, _ in cell_map(path)}
    fill(path, {(measure, "status"): "в работе"})
    preview = templates.preview(SPECIALIST, path)
    execution.save_report(SPECIALIST, measure, H1_2026, ReportInput("done", "Сделано в окне программы"), 0)
    with pytest.raises(UserError, match="изменён другим пользователем|удалён другим"):
        templates.apply(SPECIALIST, preview)
    assert execution.report(SPECIALIST, measure, H1_2026).done_text == "Сделано в окне программы"


def test_a_form_template_is_told_apart(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    templates, _ = services(demo_db, demo_paths)
    path = template_of(demo_db, demo_paths, tmp_path, POLICE)
    set_header(path, "format", "opeka-form-template")
    with pytest.raises(UserError, match="шаблон анкеты, а не отчёта о мероприятиях"):
        templates.preview(SPECIALIST, path)


def test_a_file_that_is_no_workbook_is_named_as_such(tmp_path: Path) -> None:
    from desktop_app.measure_templates.reader import read_measure_template

    document = tmp_path / "отчёт.pdf"
    document.write_bytes(b"%PDF-1.4")
    with pytest.raises(UserError) as refused:
        read_measure_template(document)
    assert refused.value.message == (
        "Файл «отчёт.pdf» не является книгой Excel (.xlsx): шаблон отчётов об исполнении — файл .xlsx."
    )
