"""Importing a district's case list: the preview names each problem by row and column, apply writes exactly the
new cases with their history, duplicates of the register are skipped, and a bad file changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.case_import import CaseMapping, guess_case_mapping, read_case_sheet
from desktop_app.domain.case_terms import CaseCategory, CaseStage, IdentificationSource, SupportLevel
from desktop_app.domain.errors import PermissionDenied, UserError
from desktop_app.domain.roles import Role
from desktop_app.family_import import FamilySheet
from desktop_app.services.case_card import CaseCards
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_import import CaseRowState, apply_case_import, preview_case_import
from desktop_app.services.case_register import CaseFilter, CaseRegister
from desktop_app.storage.database import Database
from tests.case_import.case_lists import (
    CHILD_COLUMN,
    DATE_COLUMN,
    add_existing_case,
    register_state,
    write_case_list,
)
from tests.cases.case_world import PLESETSK, SPECIALIST, TODAY, family
from tests.conftest import make_actor

FILE = "случаи.xlsx"


@pytest.fixture
def sheet(tmp_path: Path) -> FamilySheet:
    return read_case_sheet(write_case_list(tmp_path / FILE))


def mapping_for(sheet: FamilySheet) -> CaseMapping:
    return CaseMapping(guess_case_mapping(sheet.headers), default_municipality=PLESETSK)


def test_preview_lists_exactly_the_problems_by_row_and_column_and_writes_nothing(
    demo_db: Database, sheet: FamilySheet
) -> None:
    assert add_existing_case(demo_db) == "СС-0001"
    before = register_state(demo_db)
    preview = preview_case_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    assert sheet.header_row == 3
    assert {row.number: row.state for row in preview.rows} == {
        4: CaseRowState.NEW,
        5: CaseRowState.PROBLEM,
        6: CaseRowState.PROBLEM,
        7: CaseRowState.DUPLICATE,
        8: CaseRowState.NEW,
    }
    problems = [(row.number, issue.column, issue.reason) for row in preview.rows for issue in row.issues]
    assert problems == [
        (5, DATE_COLUMN, "дата выявления «31.02.2026» — нет такой даты"),
        (
            6,
            CHILD_COLUMN,
            "дети — ребёнок 1: Код ребёнка — внутренний номер с цифрами, например Р-2026-07; "
            "имя ребёнка в программу не вносится",
        ),
    ]
    rows = {row.number: row for row in preview.rows}
    assert "Маша" not in rows[6].detail, "the child's name is not repeated back"
    assert rows[7].duplicate_of == "СС-0001"
    assert rows[7].detail == "Ёлкина М. П., выявлена 15.01.2026 — уже в реестре, СС-0001"
    assert (rows[4].name, rows[4].stage) == ("семья Сидоровых", CaseStage.MONITORING.label)
    assert preview.first_code == "СС-0002"
    summary = preview.summary()
    assert (summary["rows"], summary["new"], len(summary["duplicates"]), len(summary["problems"])) == (5, 2, 1, 2)
    assert register_state(demo_db) == before


def test_apply_creates_exactly_the_new_cases_with_their_history(demo_db: Database, sheet: FamilySheet) -> None:
    add_existing_case(demo_db)
    before = register_state(demo_db)
    preview = preview_case_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    result = apply_case_import(demo_db, SPECIALIST, sheet, preview)
    assert result.codes == ("СС-0002", "СС-0003")
    assert (result.duplicates, result.problems) == (1, 2)
    after = register_state(demo_db)
    # two cases; adults: one each; children: two in row 4, one in row 8
    assert after["family_case"] - before["family_case"] == 2
    assert after["case_adult"] - before["case_adult"] == 2
    assert after["case_child"] - before["case_child"] == 3
    # stages: row 4 — выявление, оценка, мониторинг; row 8 — выявление
    assert after["case_stage"] - before["case_stage"] == 4

    register = CaseRegister(demo_db)
    rows = {row.code: row for row in register.rows(SPECIALIST, CaseFilter(), today=TODAY)}
    assert set(rows) == {"СС-0001", "СС-0002", "СС-0003"}
    cards = CaseCards(demo_db)
    sidorovs = cards.open(SPECIALIST, rows["СС-0002"].id, today=TODAY)
    entry = sidorovs.entry
    assert (entry.display_name, entry.municipality, entry.category, entry.source) == (
        "семья Сидоровых",
        PLESETSK,
        CaseCategory.SOP,
        IdentificationSource.EDUCATION,
    )
    assert entry.identified_on == date(2026, 1, 12)
    assert [(a.full_name, a.birth_date, a.relation, a.phone) for a in entry.adults] == [
        ("Сидорова Наталья Ивановна", date(1988, 9, 3), "мать", "+7 900 100-00-01")
    ]
    assert [(c.code, c.birth_date, c.sex) for c in entry.children] == [
        ("Р-2026-21", date(2023, 3, 5), "f"),
        ("Р-2026-22", date(2019, 10, 11), "m"),
    ]
    assert (entry.address, entry.notes) == ("п. Плесецк, ул. Лесная, 3", "мать без работы")
    assert (sidorovs.support_level, sidorovs.assessed_on) == (SupportLevel.INTENSIVE, date(2026, 1, 20))
    assert sidorovs.next_review_on == date(2026, 4, 20), "intensive support: the review three months after 20.01"
    assert sidorovs.curator == "Соколова Е. В."
    assert [(s.stage, s.on_date) for s in sidorovs.stages] == [
        (CaseStage.IDENTIFIED, date(2026, 1, 12)),
        (CaseStage.ASSESSMENT, date(2026, 1, 20)),
        (CaseStage.MONITORING, TODAY),
    ]
    assert sidorovs.stages[-1].reason == f"внесено из списка {FILE}", "the skipped stages are explained"

    lapteva = cards.open(SPECIALIST, rows["СС-0003"].id, today=TODAY)
    assert (lapteva.entry.category, lapteva.entry.source, lapteva.stage) == (
        CaseCategory.TJS,
        IdentificationSource.FAMILY_ITSELF,
        CaseStage.IDENTIFIED,
    )
    assert lapteva.entry.identified_on == date(2026, 3, 2)
    assert [(c.code, c.birth_date, c.sex) for c in lapteva.entry.children] == [("Р-2026-30", date(2024, 7, 14), "m")]
    assert lapteva.support_level is None and lapteva.curator == ""

    again = preview_case_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    assert again.count(CaseRowState.NEW) == 0 and again.count(CaseRowState.DUPLICATE) == 3


def test_a_stale_preview_is_refused_and_nothing_is_written(demo_db: Database, sheet: FamilySheet) -> None:
    preview = preview_case_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    CaseEditing(demo_db).create(SPECIALIST, family("Новикова Ольга Петровна"), today=TODAY)
    before = register_state(demo_db)
    with pytest.raises(UserError, match="Реестр случаев изменился"):
        apply_case_import(demo_db, SPECIALIST, sheet, preview)
    assert register_state(demo_db) == before


def test_a_failure_while_writing_leaves_the_register_as_it_was(
    demo_db: Database, sheet: FamilySheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services import case_import

    preview = preview_case_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    before = register_state(demo_db)
    written: list[str] = []
    original = case_import._write_case

    def fail_on_second(session, code, case, actor):  # type: ignore[no-untyped-def]
        if written:
            raise RuntimeError("disk full")
        written.append(code)
        original(session, code, case, actor)

    monkeypatch.setattr(case_import, "_write_case", fail_on_second)
    with pytest.raises(RuntimeError):
        apply_case_import(demo_db, SPECIALIST, sheet, preview)
    assert written == ["СС-0001"]
    assert register_state(demo_db) == before


def test_a_file_that_is_not_xlsx_gives_one_sentence(demo_db: Database, tmp_path: Path) -> None:
    before = register_state(demo_db)
    broken = tmp_path / "случаи.xlsx"
    broken.write_bytes(b"this is not a workbook at all")
    with pytest.raises(UserError) as caught:
        read_case_sheet(broken)
    assert caught.value.message == "Файл «случаи.xlsx» не является книгой Excel (.xlsx) или повреждён."
    text = tmp_path / "случаи.txt"
    text.write_text("Семья;Дети", encoding="utf-8")
    with pytest.raises(UserError, match="не является книгой Excel .* список случаев загружается из .xlsx"):
        read_case_sheet(text)
    assert register_state(demo_db) == before


def test_a_role_without_personal_data_cannot_import(demo_db: Database, sheet: FamilySheet) -> None:
    with pytest.raises(PermissionDenied):
        preview_case_import(demo_db, make_actor(Role.COORDINATOR, "coord"), sheet, mapping_for(sheet), TODAY)
