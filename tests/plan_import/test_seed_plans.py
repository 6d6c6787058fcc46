"""The real plans of the seeds, as Word and Excel files: every section, block and measure comes through."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.plan_import import ImportedBlock, ImportedPlan, read_plan_file
from tests.plan_import.seed_documents import (
    MUNICIPAL_SEED,
    REGIONAL_SEED,
    municipal_seed,
    regional_seed,
    write_docx,
    write_xlsx,
)

# measure number cells as they stand in the seed text: a TAB, digits, a dot
_NUMBER_CELL = re.compile(r"(?m)^\t\s*\d+\s?\.\s*$")


@pytest.fixture(scope="module")
def regional_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    seed = regional_seed()
    folder = tmp_path_factory.mktemp("regional")
    return write_docx(seed, folder / "план.docx"), write_xlsx(seed, folder / "план.xlsx")


@pytest.fixture(scope="module")
def regional_plan(regional_files: tuple[Path, Path]) -> ImportedPlan:
    return read_plan_file(regional_files[0])


def shape(plan: ImportedPlan) -> Any:
    """The plan without where each row was read from: what must not depend on the file format."""

    def blocks(items: tuple[ImportedBlock, ...]) -> list[Any]:
        return [
            (b.number, b.title, b.expected_result, b.implicit, [m.__dict__ | {"location": ""} for m in b.measures])
            for b in items
        ]

    sections = [(s.number, s.title, s.goal, s.tasks, blocks(s.blocks)) for s in plan.sections]
    return (plan.title, plan.period_start, plan.period_end, plan.strategic_goal, sections, blocks(plan.loose_blocks))


def test_regional_plan_has_all_sections_and_blocks(regional_plan: ImportedPlan) -> None:
    assert plan_title_is_the_projects(regional_plan)
    assert (regional_plan.period_start, regional_plan.period_end) == (date(2023, 7, 1), date(2025, 12, 31))
    assert [s.number for s in regional_plan.sections] == ["1.", "2.", "3.", "4."]
    assert regional_plan.sections[0].title == "Подпроект «Служба «Дети в семье»"
    assert regional_plan.sections[0].goal.startswith("в Новосибирской области укреплен кадровый потенциал")
    assert len(regional_plan.sections[0].tasks) == 5
    assert [[b.number for b in s.blocks] for s in regional_plan.sections] == [
        ["I.", "II.", "III.", "IV."],
        [""],  # section 2 lists its measures without block headings
        ["I.", "II."],
        ["I.", "II.", "III.", "IV."],
    ]
    assert regional_plan.problems == ()


def plan_title_is_the_projects(plan: ImportedPlan) -> bool:
    return plan.title == (
        "Комплексный план по реализации проекта «Профилактика социального сиротства среди детей "
        "в возрасте до 4 лет в Новосибирской области»"
    )


def test_regional_plan_has_every_measure_of_the_seed(regional_plan: ImportedPlan) -> None:
    expected = len(_NUMBER_CELL.findall(REGIONAL_SEED.read_text(encoding="utf-8")))
    assert expected == 48
    assert len(regional_plan.measures) == expected
    block_3_1 = regional_plan.sections[2].blocks[0]
    assert [m.number for m in block_3_1.measures] == ["1.", "2.", "3.", "4.", "6.", "7.", "8.", "9.", "10."]
    assert [m.number for m in regional_plan.sections[3].blocks[1].measures] == ["1.", "2 ."]  # as printed


def test_regional_executors_in_order(regional_plan: ImportedPlan) -> None:
    s1, _, s3, s4 = regional_plan.sections
    first = s1.blocks[0].measures[0]
    assert first.name.startswith("Создание и утверждение структуры, функционала")
    assert first.executor_names == ("МТСР НСО", "Центр «Вместе»")
    assert first.document_type == "Положение о службе «Дети в семье»"
    assert s1.blocks[0].measures[3].executor_names == (
        "МТСР НСО",
        "Центр «Вместе»",
        "Главы администраций пилотных территорий",
    )
    assert s1.blocks[2].measures[5].executor_names == ("МТСР НСО", "БФ СГ", "Центр «Вместе»")
    assert s1.blocks[2].measures[5].deadline_text == "Июль 2023\nгода"
    six = s3.blocks[0].measures[4]
    assert six.number == "6."
    assert six.executor_names == ("Участники рабочей группы", "Минздрав НСО", "Центр «Вместе»", "МТСР НСО")
    assert s3.blocks[1].measures[1].executor_names == ("ГБУЗ НСО «НОКНД»",)
    assert s4.blocks[0].measures[0].executor_names == ("Минобр НСО", "МТСР НСО", "Минздрав НСО")


def test_regional_abbreviations_give_full_names(regional_plan: ImportedPlan) -> None:
    assert regional_plan.full_name_of("БФ СГ") == "Благотворительный фонд «Солнечный город»"
    assert len(regional_plan.abbreviations) == 6


def test_excel_gives_the_same_plan_as_word(regional_files: tuple[Path, Path], regional_plan: ImportedPlan) -> None:
    from_excel = read_plan_file(regional_files[1])
    assert from_excel.problems == ()
    assert shape(from_excel) == shape(regional_plan)
    assert from_excel.measures[0].location.startswith("лист «План мероприятий», строка ")


@pytest.mark.parametrize("writer", [write_docx, write_xlsx], ids=["docx", "xlsx"])
def test_municipal_plan_has_seven_blocks_without_sections(tmp_path: Path, writer: Any) -> None:
    plan = read_plan_file(writer(municipal_seed(), tmp_path / f"план.{writer.__name__[-4:]}"))
    text = MUNICIPAL_SEED.read_text(encoding="utf-8").split("Ключевые показатели реализации Программы")[0]
    assert plan.sections == ()
    assert [b.number for b in plan.loose_blocks] == ["I.", "II.", "III.", "IV.", "V.", "VI.", "VII."]
    assert len(plan.measures) == len(_NUMBER_CELL.findall(text)) == 31
    assert plan.loose_blocks[0].expected_result.startswith("Формирование единой модели управления")
    assert plan.title.startswith("Муниципальная программа Плесецкого муниципального округа")
    assert (plan.period_start, plan.period_end) == (date(2025, 7, 1), date(2026, 12, 31))
    assert all(m.absent_fields == {"document_type"} for m in plan.measures)
    assert plan.loose_blocks[6].measures[3].executor_names == (
        "заинтересованные органы и учреждения системы профилактики",
    )
    assert plan.problems == ()
