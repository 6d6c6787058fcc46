"""How the plans of seeds 000 and 001 are read: the approving act, subprojects numbered «1.1.», deadlines
«на постоянной основе» / «весь период», measures dated before the program, and warnings for what is unsure."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.schedules import ScheduleKind, parse_schedule
from desktop_app.plan_import import ImportedPlan, deadline_warnings, read_plan_file
from tests.plan_import.seed_documents import (
    EARLIER_SEED,
    REGIONAL_SEED,
    SeedDocument,
    earlier_seed,
    municipal_seed,
    regional_seed,
    write_docx,
    write_xlsx,
)

_NUMBER_CELL = re.compile(r"(?m)^\t\s*(\d+)\s?\.\s*$")
SUBPROJECT_HEADING = "1.1. Подпроект Временные Ресурсные семьи."


def read(document: SeedDocument, path: Path) -> ImportedPlan:
    return read_plan_file(write_docx(document, path))


@pytest.fixture(scope="module")
def earlier_plan(tmp_path_factory: pytest.TempPathFactory) -> ImportedPlan:
    return read(earlier_seed(), tmp_path_factory.mktemp("seed001") / "план 2023.docx")


@pytest.fixture(scope="module")
def regional_plan(tmp_path_factory: pytest.TempPathFactory) -> ImportedPlan:
    return read(regional_seed(), tmp_path_factory.mktemp("seed000") / "план.docx")


# --- subprojects «1.1.» ----------------------------------------------------------------------------------


def subproject_numbers_in_seed() -> list[str]:
    """The measure numbers printed between the «1.1.» heading and «Раздел 2.» of seed 001."""
    text = EARLIER_SEED.read_text(encoding="utf-8")
    start = text.index(SUBPROJECT_HEADING)
    return _NUMBER_CELL.findall(text[start : text.index("Раздел 2.", start)])


@pytest.mark.parametrize("writer", [write_docx, write_xlsx], ids=["docx", "xlsx"])
def test_subproject_heading_becomes_its_own_section_with_its_measures(tmp_path: Path, writer: Any) -> None:
    plan = read_plan_file(writer(earlier_seed(), tmp_path / f"план.{writer.__name__[-4:]}"))
    expected = subproject_numbers_in_seed()
    assert len(expected) == 10
    assert [s.number for s in plan.sections] == ["1.", "1.1.", "2.", "3.", "4."]
    subproject = plan.sections[1]
    assert subproject.title == "Подпроект Временные Ресурсные семьи"
    assert subproject.goal.startswith("в Новосибирской области дети, которые нуждаются во временном разлучении")
    assert [m.number.rstrip(". ") for m in subproject.blocks[0].measures] == expected
    assert subproject.blocks[0].measures[0].name.startswith("Проанализировать 100% случаев временного помещения")
    # block III of section 1 keeps only its own two measures, not the subproject's ten
    assert [len(b.measures) for b in plan.sections[0].blocks] == [5, 4, 2]
    assert plan.problems == ()


def test_section_keeps_its_own_goal_when_a_subproject_follows(earlier_plan: ImportedPlan) -> None:
    section = earlier_plan.sections[0]
    assert section.goal.startswith("в Новосибирской области укреплен кадровый потенциал специалистов")
    assert len(section.tasks) == 4


def test_second_goal_under_an_unknown_heading_is_a_warning_not_an_overwrite(tmp_path: Path) -> None:
    seed = earlier_seed()
    # the heading worded so that no reader could know it opens a subproject
    seed.items = ["Временные ресурсные семьи" if item == SUBPROJECT_HEADING else item for item in seed.items]
    plan = read(seed, tmp_path / "план.docx")
    section = plan.sections[0]
    assert section.goal.startswith("в Новосибирской области укреплен кадровый потенциал специалистов")
    [warning] = [w for w in plan.warnings if "вторая «Цель:»" in w.reason]
    assert warning.location.startswith("абзац ")
    assert "в разделе 1." in warning.reason and "нуждаются во временном" in warning.reason


# --- the approving act ----------------------------------------------------------------------------------


def test_regional_plan_act_is_the_commission_protocol(regional_plan: ImportedPlan) -> None:
    act = regional_plan.act
    assert act is not None
    assert act.kind == "протокол"
    assert act.body == "комиссия по делам несовершеннолетних и защите их прав на территории Новосибирской области"
    assert (act.date, act.number) == (date(2023, 7, 25), "7")
    assert act.label == (
        "протокол от 25.07.2023 № 7 (комиссия по делам несовершеннолетних и защите их прав на территории"
        " Новосибирской области)"
    )
    assert regional_plan.warnings == ()


def test_earlier_edition_has_the_same_act(earlier_plan: ImportedPlan) -> None:
    assert earlier_plan.act is not None
    assert (earlier_plan.act.kind, earlier_plan.act.number, earlier_plan.act.date) == (
        "протокол",
        "7",
        date(2023, 7, 25),
    )


@pytest.mark.parametrize("writer", [write_docx, write_xlsx], ids=["docx", "xlsx"])
def test_municipal_plan_act_is_the_administrations_resolution(tmp_path: Path, writer: Any) -> None:
    plan = read_plan_file(writer(municipal_seed(), tmp_path / f"программа.{writer.__name__[-4:]}"))
    act = plan.act
    assert act is not None
    assert (act.kind, act.body) == ("постановление", "администрация Плесецкого муниципального округа")
    assert (act.date, act.number) == (date(2025, 6, 27), "230-па")


def test_stamp_without_a_number_is_a_warning(tmp_path: Path) -> None:
    seed = regional_seed()
    seed.items = [item.replace(" № 7", "") if isinstance(item, str) else item for item in seed.items]
    plan = read(seed, tmp_path / "план.docx")
    assert plan.act is not None and plan.act.number == "" and plan.act.date == date(2023, 7, 25)
    [warning] = plan.warnings
    assert warning.location == "абзац 1"
    assert "не найдены: номер" in warning.reason


# --- deadlines -----------------------------------------------------------------------------------------


def test_permanent_basis_and_whole_period_mean_throughout(regional_plan: ImportedPlan) -> None:
    texts = {m.deadline_text.strip() for m in regional_plan.measures}
    assert {"На постоянной основе", "Весь период"} <= texts
    for text in ("На постоянной основе", "Весь период"):
        schedule = parse_schedule(text)
        assert (schedule.kind, schedule.recognised) == (ScheduleKind.THROUGHOUT, True)
    start, end = regional_plan.period_start, regional_plan.period_end
    assert start is not None and end is not None
    assert not [w for w in deadline_warnings(regional_plan, start, end) if "не распознан" in w.reason]


def test_measure_dated_before_the_program_is_due_in_its_first_period(regional_plan: ImportedPlan) -> None:
    start, end = regional_plan.period_start, regional_plan.period_end
    assert (start, end) == (date(2023, 7, 1), date(2025, 12, 31))
    june = [m for m in regional_plan.measures if m.deadline_text.strip() == "Июнь 2023 года"]
    assert len(june) == REGIONAL_SEED.read_text(encoding="utf-8").count("\tИюнь 2023 года") == 3
    schedule = parse_schedule(june[0].deadline_text)
    first_month, second_month = Period(2023, PeriodKind.MONTH, 7), Period(2023, PeriodKind.MONTH, 8)
    assert schedule.is_due_in(first_month, start, end)
    assert not schedule.is_due_in(second_month, start, end)
    assert schedule.is_due_in(Period(2023, PeriodKind.HALF_YEAR, 2), start, end)
    early = [w for w in deadline_warnings(regional_plan, start, end) if "раньше начала программы" in w.reason]
    assert [w.location for w in early] == [f"{m.location} (мероприятие {m.number.strip()})" for m in june]


def test_unreadable_deadline_is_a_warning(regional_plan: ImportedPlan) -> None:
    first = regional_plan.sections[0].blocks[0]
    odd = replace(first.measures[0], deadline_text="по согласованию с министерством")
    section = replace(regional_plan.sections[0], blocks=(replace(first, measures=(odd,)),))
    plan = replace(regional_plan, sections=(section,))
    [warning] = deadline_warnings(plan, date(2023, 7, 1), date(2025, 12, 31))
    assert warning.location == f"{odd.location} (мероприятие 1.)"
    assert "«по согласованию с министерством» не распознан" in warning.reason
