"""Importing a family list into the register: preview, duplicates, one transaction, stale previews refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.roles import Role
from desktop_app.family_import import ColumnMapping, FamilySheet, guess_mapping, read_family_sheet
from desktop_app.services import family_import as service
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_import import RowState, apply_family_import, preview_family_import
from desktop_app.services.family_register import FamilyFilter, FamilyRegister
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.family_import.lists import register_state, write_family_list

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
TODAY = date(2026, 11, 23)


@pytest.fixture
def sheet(tmp_path: Path) -> FamilySheet:
    return read_family_sheet(write_family_list(tmp_path / "семьи.xlsx"))


def mapping_for(sheet: FamilySheet) -> ColumnMapping:
    return ColumnMapping(guess_mapping(sheet.headers))


def test_preview_tells_new_rows_problems_and_duplicates_and_writes_nothing(
    demo_db: Database, sheet: FamilySheet
) -> None:
    before = register_state(demo_db)
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    states = {row.number: row.state for row in preview.rows}
    assert states == {
        4: RowState.NEW,
        5: RowState.NEW,
        6: RowState.DUPLICATE,
        7: RowState.PROBLEM,
        8: RowState.PROBLEM,
        9: RowState.DUPLICATE,
    }
    rows = {row.number: row for row in preview.rows}
    assert rows[6].duplicate_of == ("РС-0001",)
    assert rows[6].detail == "Петрова Анна Сергеевна (демо), 14.03.1986 — уже в реестре, семья РС-0001"
    assert rows[9].duplicate_of == ("строка 4",)
    assert rows[9].detail == "АЛЕШИНА СВЕТЛАНА ПЕТРОВНА, 12.05.1985 — уже в строке 4 этого файла", (
        "the same adult although written in capitals and with е for ё"
    )
    assert rows[7].detail == "строка 7: дата рождения «31.02.1985» — нет такой даты"
    assert rows[5].name == "Сидорова Н. И., Сидоров П. О." and rows[5].stage == "включена в реестр"
    assert preview.first_code == "РС-0005"
    summary = preview.summary()
    assert (summary["rows"], summary["new"], summary["duplicates"]) == (6, 2, 2)
    assert summary["problems"][1] == {
        "row": 8,
        "reason": "строка 8: сколько детей «много» — нужно целое число, например 2",
    }
    assert register_state(demo_db) == before


def test_apply_writes_the_new_rows_and_the_picked_duplicates(demo_db: Database, sheet: FamilySheet) -> None:
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    result = apply_family_import(demo_db, SPECIALIST, sheet, preview, include_duplicates=[9])
    assert result.codes == ("РС-0005", "РС-0006", "РС-0007")
    assert (result.duplicates_taken, result.duplicates_left, result.problems) == (1, 1, 2)
    register = FamilyRegister(demo_db)
    rows = {row.code: row for row in register.rows(SPECIALIST, FamilyFilter(search="сидоров"))}
    couple = rows["РС-0006"]
    assert couple.stage is FamilyStage.IN_REGISTER and couple.status_since == date(2026, 6, 15)
    assert couple.municipality == "Плесецкий муниципальный округ" and couple.accepts_siblings
    editing = FamilyEditing(demo_db, AttachmentStore(Path("/nonexistent")))
    card = editing.card(SPECIALIST, couple.id)
    assert [m.full_name for m in card.entry.members] == ["Сидорова Наталья Ивановна", "Сидоров Павел Олегович"]
    assert card.steps[0].reason == "внесено из списка семьи.xlsx" and card.steps[0].done_by == "Соколова Е. В."
    assert card.entry.conclusion_number == "58" and card.entry.shpr_date == date(2026, 4, 20)
    assert register.count(SPECIALIST, FamilyFilter(search="алешина")) == 2, "the picked duplicate is there too"


def test_importing_the_same_file_again_shows_every_row_as_a_possible_duplicate(
    demo_db: Database, sheet: FamilySheet
) -> None:
    mapping = mapping_for(sheet)
    first = preview_family_import(demo_db, SPECIALIST, sheet, mapping, TODAY)
    apply_family_import(demo_db, SPECIALIST, sheet, first, include_duplicates=[6, 9])
    again = preview_family_import(demo_db, SPECIALIST, sheet, mapping, TODAY)
    readable = [row for row in again.rows if row.state is not RowState.PROBLEM]
    assert readable and all(row.state is RowState.DUPLICATE for row in readable)
    assert {row.number: row.duplicate_of[0] for row in readable} == {
        4: "РС-0005",
        5: "РС-0006",
        6: "РС-0001",
        9: "РС-0005",
    }
    before = register_state(demo_db)
    result = apply_family_import(demo_db, SPECIALIST, sheet, again)
    assert result.codes == () and register_state(demo_db) == before


def test_apply_is_all_or_nothing(demo_db: Database, sheet: FamilySheet, monkeypatch: pytest.MonkeyPatch) -> None:
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    before = register_state(demo_db)
    real_add_step = service._add_step
    calls: list[int] = []

    def failing_add_step(family, step):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk gone halfway")
        real_add_step(family, step)

    monkeypatch.setattr(service, "_add_step", failing_add_step)
    with pytest.raises(RuntimeError):
        apply_family_import(demo_db, SPECIALIST, sheet, preview)
    assert len(calls) == 2, "the first family was already on its way"
    assert register_state(demo_db) == before


def test_a_preview_made_before_someone_else_added_a_family_is_refused(
    demo_db: Database, demo_paths: DataPaths, sheet: FamilySheet
) -> None:
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    FamilyEditing(demo_db, AttachmentStore(demo_paths.attachments)).create(
        SPECIALIST,
        FamilyInput("Плесецкий муниципальный округ", (MemberInput("Алёшина Светлана Петровна", date(1985, 5, 12)),)),
        StepInput(FamilyStage.CANDIDATE, date(2026, 11, 2), "Соколова Е. В."),
        TODAY,
    )
    before = register_state(demo_db)
    with pytest.raises(UserError, match="Реестр семей изменился после предварительного просмотра"):
        apply_family_import(demo_db, SPECIALIST, sheet, preview)
    assert register_state(demo_db) == before


def test_only_possible_duplicates_may_be_picked_and_only_by_those_who_see_names(
    demo_db: Database, sheet: FamilySheet
) -> None:
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    with pytest.raises(ValidationError, match="Строка 7 не отмечена как возможный дубликат"):
        apply_family_import(demo_db, SPECIALIST, sheet, preview, include_duplicates=[7])
    with pytest.raises(PermissionDenied):
        preview_family_import(demo_db, make_actor(Role.COORDINATOR), sheet, mapping_for(sheet), TODAY)
    with pytest.raises(PermissionDenied):
        apply_family_import(demo_db, make_actor(Role.COORDINATOR), sheet, preview)


def test_a_list_without_municipalities_takes_the_default(demo_db: Database, tmp_path: Path) -> None:
    book = write_family_list(
        tmp_path / "кратко.xlsx", [["Орлова Нина Ильинична", "02.03.1977"]], ["ФИО", "Дата рождения"], title=None
    )
    sheet = read_family_sheet(book)
    bare = preview_family_import(demo_db, SPECIALIST, sheet, mapping_for(sheet), TODAY)
    assert bare.rows[0].detail == "строка 2: муниципальное образование — укажите муниципальное образование"
    mapping = ColumnMapping(guess_mapping(sheet.headers), default_municipality="Мирный городской округ")
    preview = preview_family_import(demo_db, SPECIALIST, sheet, mapping, TODAY)
    result = apply_family_import(demo_db, SPECIALIST, sheet, preview)
    (row,) = FamilyRegister(demo_db).rows(SPECIALIST, FamilyFilter(search=result.codes[0]))
    assert row.municipality == "Мирный городской округ" and row.status_since == TODAY
