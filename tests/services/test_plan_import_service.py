"""Importing a plan into the registry: preview (read-only), apply (all or nothing), re-import (no change)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.roles import Role
from desktop_app.plan_import import read_plan_file
from desktop_app.services import plan_import_match
from desktop_app.services.plan_import import (
    Change,
    FieldChange,
    ImportOptions,
    apply_plan_import,
    preview_plan_import,
)
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
)
from tests.conftest import make_actor
from tests.plan_import.db_state import state
from tests.plan_import.seed_documents import municipal_seed, regional_seed, write_docx, write_xlsx
from tests.plan_import.small_plan import TITLE, small_plan_rows, write_small_plan

ACTOR = make_actor(Role.SPECIALIST)


def executor_names(db: Database, measure_id: str) -> list[str]:
    with db.reading() as session:
        rows = session.execute(
            select(Organisation.short_name, Organisation.full_name)
            .join(MeasureExecutor, MeasureExecutor.organisation_id == Organisation.id)
            .where(MeasureExecutor.measure_id == measure_id)
            .order_by(MeasureExecutor.position)
        )
        return [short or full for short, full in rows]


def import_file(db: Database, path: Path, options: ImportOptions | None = None) -> str:
    plan = read_plan_file(path)
    return apply_plan_import(db, ACTOR, plan, preview_plan_import(db, ACTOR, plan, options)).program_id


# --- the regional plan of seed 000 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regional_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(regional_seed(), tmp_path_factory.mktemp("seed000") / "комплексный план.docx")


def test_new_program_gets_every_section_block_and_measure(demo_db: Database, regional_docx: Path) -> None:
    before = state(demo_db)
    plan = read_plan_file(regional_docx)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert state(demo_db) == before  # the preview wrote nothing
    assert preview.is_new_program and not preview.needs_period
    assert (preview.section_counts.new, preview.block_counts.new, preview.measure_counts.new) == (4, 11, 48)
    assert preview.measures[0].executors == ("МТСР НСО", "Центр «Вместе»")

    result = apply_plan_import(demo_db, ACTOR, plan, preview)
    assert result.created_program and result.measures.new == 48
    after = state(demo_db)
    assert after["program_section"] - before["program_section"] == 4
    assert after["program_block"] - before["program_block"] == 11
    assert after["measure"] - before["measure"] == 48
    with demo_db.reading() as session:
        program = session.get(Program, result.program_id)
        assert program is not None
        assert (program.period_start, program.period_end, program.level) == (
            date(2023, 7, 1),
            date(2025, 12, 31),
            "regional",
        )
        sections = list(program.sections)
        assert [s.number for s in sections] == ["1.", "2.", "3.", "4."]
        assert len(sections[0].tasks) == 5
        first_block = sections[0].blocks[0]
        assert (first_block.number, first_block.title) == ("I.", "Профилактика помещения детей в учреждения")
        first, second, third, fourth = first_block.measures[:4]
        assert first.deadline_text == "Июль 2023 года" and first.search_key.startswith("i.1. создание")
        assert [m.number for m in sections[2].blocks[0].measures] == [
            "1.",
            "2.",
            "3.",
            "4.",
            "6.",
            "7.",
            "8.",
            "9.",
            "10.",
        ]
        ids = [first.id, third.id, fourth.id]
    assert executor_names(demo_db, ids[0]) == ["МТСР НСО", "Центр «Вместе»"]
    assert executor_names(demo_db, ids[1]) == ["МТСР НСО", "Центр «Вместе»"]
    assert executor_names(demo_db, ids[2]) == ["МТСР НСО", "Центр «Вместе»", "Главы администраций пилотных территорий"]


def test_unknown_executors_are_added_unconfirmed_and_listed(demo_db: Database, regional_docx: Path) -> None:
    plan = read_plan_file(regional_docx)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    names = [org.name for org in preview.new_organisations]
    assert names[:2] == ["МТСР НСО", "Центр «Вместе»"] and "ООП МО НСО" in names and len(names) == 11
    apply_plan_import(demo_db, ACTOR, plan, preview)
    with demo_db.reading() as session:
        added = {
            org.search_key: (org.short_name, org.full_name)
            for org in session.scalars(select(Organisation).where(~Organisation.is_confirmed))
        }
    assert len(added) == 11
    assert added["мтср нсо"] == ("МТСР НСО", "Министерство труда и социального развития Новосибирской области")
    assert added["ооп мо нсо"] == ("", "ООП МО НСО")  # the plan's abbreviation list does not explain it


def test_importing_the_same_file_again_changes_nothing(demo_db: Database, regional_docx: Path) -> None:
    import_file(demo_db, regional_docx)
    before = state(demo_db)
    plan = read_plan_file(regional_docx)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert not preview.has_changes and preview.new_organisations == () and preview.missing_measures == ()
    assert (preview.section_counts.unchanged, preview.block_counts.unchanged, preview.measure_counts.unchanged) == (
        4,
        11,
        48,
    )
    apply_plan_import(demo_db, ACTOR, plan, preview)
    assert state(demo_db) == before  # not even an audit entry


def test_a_changed_cell_is_reported_with_old_and_new_value_and_updated(
    demo_db: Database, regional_docx: Path, tmp_path: Path
) -> None:
    program_id = import_file(demo_db, regional_docx)
    seed = regional_seed()
    target = next(row for row in seed.tables[0].rows if row[0] == "8." and row[2] == "Август 2023 года")
    target[2] = "Сентябрь 2023 года"
    plan = read_plan_file(write_docx(seed, tmp_path / "исправленный.docx"))
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert preview.program_id == program_id
    changed = [m for m in preview.measures if m.change is Change.CHANGED]
    assert len(changed) == 1 and changed[0].number == "8."
    assert changed[0].fields == (
        FieldChange("deadline_text", "Срок реализации", "Август 2023 года", "Сентябрь 2023 года"),
    )
    assert preview.measure_counts.unchanged == 47 and preview.block_counts.changed == 0

    before = state(demo_db)
    apply_plan_import(demo_db, ACTOR, plan, preview)
    assert state(demo_db)["audit_entry"] == before["audit_entry"] + 1
    with demo_db.reading() as session:
        measure = session.get(Measure, changed[0].existing_id)
        assert measure is not None and measure.deadline_text == "Сентябрь 2023 года"
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == measure.id, AuditEntry.action == "update")
        ).one()
        assert entry.user_login == ACTOR.login
        assert entry.new_values is not None and entry.new_values["deadline_text"] == "Сентябрь 2023 года"


def test_excel_copy_of_the_plan_matches_the_word_import(demo_db: Database, regional_docx: Path, tmp_path: Path) -> None:
    import_file(demo_db, regional_docx)
    excel = write_xlsx(regional_seed(), tmp_path / "план.xlsx")
    preview = preview_plan_import(demo_db, ACTOR, read_plan_file(excel))
    assert not preview.has_changes and preview.measure_counts.unchanged == 48


def test_the_demo_program_is_recognised_in_its_word_original(demo_db: Database, tmp_path: Path) -> None:
    """Seed 002 is the source of the demo program: its Word file finds the program and changes nothing."""
    plan = read_plan_file(write_docx(municipal_seed(), tmp_path / "плесецк.docx"))
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert not preview.is_new_program
    assert (preview.block_counts.unchanged, preview.measure_counts.unchanged) == (7, 31)
    assert not preview.has_changes and preview.new_organisations == ()


# --- the small plan built by the tests (no seeds needed) ----------------------------------------------------


def test_small_plan_creates_a_program_with_its_period_and_reports_the_unreadable_row(
    demo_db: Database, tmp_path: Path
) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert [p.location for p in preview.problems] == ["таблица 1, строка 6", "таблица 2"]
    result = apply_plan_import(demo_db, ACTOR, plan, preview)
    with demo_db.reading() as session:
        program = session.get(Program, result.program_id)
        assert program is not None and program.title == TITLE
        assert (program.period_start, program.period_end) == (date(2025, 1, 1), date(2026, 12, 31))
        measures = [m for block in program.blocks for m in block.measures]
        assert [m.number for m in measures] == ["1.", "2.", "2.", "1."]
        assert measures[0].name == "Заседания комиссии\nпо вопросам профилактики"
        assert all(m.document_type == "" for m in measures)


def test_duplicate_numbers_pair_with_their_own_rows(demo_db: Database, tmp_path: Path) -> None:
    import_file(demo_db, write_small_plan(tmp_path / "план.docx"))
    renamed = write_small_plan(tmp_path / "новый.docx", small_plan_rows("Мониторинг семей, находящихся в СОП"))
    preview = preview_plan_import(demo_db, ACTOR, read_plan_file(renamed))
    changes = [(m.number, m.name, m.change) for m in preview.measures]
    assert changes == [
        ("1.", "Заседания комиссии\nпо вопросам профилактики", Change.UNCHANGED),
        ("2.", "Обучение специалистов", Change.UNCHANGED),
        ("2.", "Мониторинг семей, находящихся в СОП", Change.CHANGED),
        ("1.", "Публикации в СМИ", Change.UNCHANGED),
    ]
    assert [f.field for f in preview.measures[2].fields] == ["name"]


def test_changed_executors_relink_the_measure(demo_db: Database, tmp_path: Path) -> None:
    import_file(demo_db, write_small_plan(tmp_path / "план.docx"))
    rows = small_plan_rows()
    rows[3][3] = "Управление образования,\nОтдел опеки"
    plan = read_plan_file(write_small_plan(tmp_path / "новый.docx", rows))
    preview = preview_plan_import(demo_db, ACTOR, plan)
    (changed,) = [m for m in preview.measures if m.change is Change.CHANGED]
    assert changed.executors == ("Управление образования", "Отдел опеки") and preview.new_organisations == ()
    apply_plan_import(demo_db, ACTOR, plan, preview)
    assert changed.existing_id is not None
    assert executor_names(demo_db, changed.existing_id) == ["Управление образования", "Отдел опеки"]


def test_measures_missing_from_the_file_are_listed_and_kept(demo_db: Database, tmp_path: Path) -> None:
    import_file(demo_db, write_small_plan(tmp_path / "план.docx"))
    shorter = write_small_plan(tmp_path / "короче.docx", small_plan_rows()[:-1])
    before = state(demo_db)
    plan = read_plan_file(shorter)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert [(m.block_number, m.number, m.name) for m in preview.missing_measures] == [("II.", "1.", "Публикации в СМИ")]
    apply_plan_import(demo_db, ACTOR, plan, preview)
    assert state(demo_db) == before


def test_a_plan_without_a_period_needs_one_from_the_user(demo_db: Database, tmp_path: Path) -> None:
    path = write_small_plan(tmp_path / "план.docx", title="План мероприятий по профилактике сиротства")
    plan = read_plan_file(path)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert preview.needs_period
    before = state(demo_db)
    with pytest.raises(ValidationError) as caught:
        apply_plan_import(demo_db, ACTOR, plan, preview)
    assert "срок реализации" in caught.value.message and set(caught.value.field_errors) == {
        "period_start",
        "period_end",
    }
    assert state(demo_db) == before
    options = ImportOptions(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    result = apply_plan_import(demo_db, ACTOR, plan, options)
    assert result.created_program and result.measures.new == 4


def test_a_stale_preview_is_refused(demo_db: Database, tmp_path: Path) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    stale = preview_plan_import(demo_db, ACTOR, plan)
    apply_plan_import(demo_db, ACTOR, plan, stale)  # someone else imported it meanwhile
    before = state(demo_db)
    with pytest.raises(UserError, match="изменились после предварительного просмотра"):
        apply_plan_import(demo_db, ACTOR, plan, stale)
    assert state(demo_db) == before


def test_an_error_halfway_writes_nothing(demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    real_add_measure = plan_import_match.add_measure
    calls = []

    def failing_add_measure(*args: object, **kwargs: object) -> Measure:
        calls.append(1)
        if len(calls) == 3:
            raise UserError("Сбой записи.")
        return real_add_measure(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_import_match, "add_measure", failing_add_measure)
    before = state(demo_db)
    with pytest.raises(UserError, match="Сбой записи"):
        apply_plan_import(demo_db, ACTOR, plan)
    assert state(demo_db) == before


def test_an_unknown_target_program_is_reported(demo_db: Database, tmp_path: Path) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    with pytest.raises(NotFound):
        preview_plan_import(demo_db, ACTOR, plan, ImportOptions(target_program_id="нет-такой"))


def test_a_chosen_target_program_receives_a_plan_whose_title_changed(demo_db: Database, tmp_path: Path) -> None:
    program_id = import_file(demo_db, write_small_plan(tmp_path / "план.docx"))
    renamed = read_plan_file(write_small_plan(tmp_path / "новый.docx", title=TITLE.replace("Тестовом", "Новом")))
    assert preview_plan_import(demo_db, ACTOR, renamed).is_new_program  # found by title: no match
    preview = preview_plan_import(demo_db, ACTOR, renamed, ImportOptions(target_program_id=program_id))
    assert preview.program_id == program_id and not preview.has_changes


def test_a_measure_inserted_mid_block_is_new_and_the_renumbered_ones_keep_their_identity() -> None:
    from desktop_app.services.plan_import_match import pair_up

    stored = [("1.", "заседания"), ("2.", "обучение"), ("3.", "мониторинг")]
    # «2. Новое» inserted; «Обучение» and «Мониторинг» renumbered after it.
    incoming = [("1.", "заседания"), ("2.", "новое"), ("3.", "обучение"), ("4.", "мониторинг")]
    assert pair_up(incoming, stored) == [0, None, 1, 2]
    # Only the wording changed: the number still pairs it with its stored self.
    assert pair_up([("1.", "заседания комиссии"), ("2.", "обучение")], stored[:2]) == [0, 1]
    # Two measures numbered «8.» (seed 001) pair in order.
    assert pair_up([("8.", "а"), ("8.", "б")], [("8.", "а"), ("8.", "б")]) == [0, 1]
