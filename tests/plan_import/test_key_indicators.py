"""The plan's «Ключевые целевые показатели»: read as drafts, stored as draft indicators of the program on
import, never duplicated or undone by a second import."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.domain.roles import Role
from desktop_app.plan_import import ImportedPlan, read_plan_file
from desktop_app.services.plan_import import Change, apply_plan_import, preview_plan_import
from desktop_app.storage.database import Database
from desktop_app.storage.models import Indicator, IndicatorGroup, IndicatorPlan, Program
from tests.conftest import make_actor
from tests.plan_import.seed_documents import REGIONAL_SEED, earlier_seed, regional_seed, write_docx, write_xlsx

ACTOR = make_actor(Role.SPECIALIST)


def seed_targets() -> list[str]:
    """The promised changes as the seed prints them under «Ключевые целевые показатели:»."""
    text = REGIONAL_SEED.read_text(encoding="utf-8")
    block = text[text.index("Ключевые целевые показатели:") : text.index("Подпроекты:")]
    return re.findall(r"(?m)^\d+\.\s+На (\d+)% снижена", block)


@pytest.fixture(scope="module")
def regional_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(regional_seed(), tmp_path_factory.mktemp("seed000") / "комплексный план.docx")


@pytest.fixture(scope="module")
def regional_plan(regional_docx: Path) -> ImportedPlan:
    return read_plan_file(regional_docx)


def test_two_key_indicators_are_read_with_kind_direction_and_target(regional_plan: ImportedPlan) -> None:
    targets = seed_targets()
    assert targets == ["25", "15"]
    first, second = regional_plan.key_indicators
    assert [first.code, second.code] == ["К1", "К2"]
    assert first.name.startswith("Доля детей в возрасте до 4 лет, воспитывающихся в организациях для детей-сирот")
    assert first.name.endswith("от численности детского населения в возрасте до 4 лет в Новосибирской области")
    assert (first.kind, first.unit) == (IndicatorKind.POPULATION_SHARE.value, "%")
    assert second.name.startswith("Вероятность оставления ребенка в возрасте до 4 лет родителями")
    assert (second.kind, second.unit) == (IndicatorKind.RATE_PER_1000.value, "на 1000 детей")
    assert {first.direction, second.direction} == {Direction.DECREASE.value}
    assert [first.target_text, second.target_text] == [f"−{target} %" for target in targets]
    assert first.location == "абзац 18"  # the line of the document it was read from


def test_excel_and_the_earlier_edition_give_the_same_key_indicators(
    tmp_path: Path, regional_plan: ImportedPlan
) -> None:
    from_excel = read_plan_file(write_xlsx(regional_seed(), tmp_path / "план.xlsx"))
    earlier = read_plan_file(write_docx(earlier_seed(), tmp_path / "план 2023.docx"))

    def shape(plan: ImportedPlan) -> list[tuple[str, ...]]:
        return [(i.code, i.name, i.kind, i.unit, i.direction, i.target_text) for i in plan.key_indicators]

    assert shape(from_excel) == shape(earlier) == shape(regional_plan)


def test_key_indicator_without_a_direction_or_target_is_a_warning(tmp_path: Path) -> None:
    seed = regional_seed()
    second = next(i for i, item in enumerate(seed.items) if isinstance(item, str) and re.match(r"2\.\s+На\s+15", item))
    seed.items.insert(second + 1, "3. Количество ресурсных семей в муниципальных образованиях.")
    plan = read_plan_file(write_docx(seed, tmp_path / "план.docx"))
    third = plan.key_indicators[2]
    assert (third.code, third.kind, third.unit, third.target_text) == ("К3", "count", "единиц", "")
    reasons = [w.reason for w in plan.warnings if "ключевой показатель 3" in w.location]
    assert any("снижать показатель или повышать" in reason for reason in reasons)
    assert any("целевое изменение" in reason for reason in reasons)


def test_import_stores_key_indicators_as_drafts_of_the_program(demo_db: Database, regional_docx: Path) -> None:
    plan = read_plan_file(regional_docx)
    preview = preview_plan_import(demo_db, ACTOR, plan)
    assert [(i.code, i.change) for i in preview.key_indicators] == [("К1", Change.NEW), ("К2", Change.NEW)]
    assert preview.act is not None and preview.act.number == "7"
    result = apply_plan_import(demo_db, ACTOR, plan, preview)
    assert result.key_indicators_added == ("К1", "К2")
    with demo_db.reading() as session:
        program = session.get(Program, result.program_id)
        assert program is not None
        assert (program.act_kind, program.act_number) == ("протокол", "7")
        assert program.act_body.startswith("комиссия по делам несовершеннолетних")
        assert program.act_date is not None and program.act_date.isoformat() == "2023-07-25"
        [group] = program.indicator_groups
        assert group.title == "Ключевые целевые показатели"
        indicators = list(group.indicators)
        assert [(i.code, i.state, i.direction, i.kind) for i in indicators] == [
            ("К1", IndicatorState.DRAFT.value, "decrease", "population_share"),
            ("К2", IndicatorState.DRAFT.value, "decrease", "rate_per_1000"),
        ]
        plans = session.scalars(
            select(IndicatorPlan).where(IndicatorPlan.indicator_id.in_([i.id for i in indicators]))
        ).all()
        final_year = str(program.period_end.year)
        assert sorted((p.period, p.value, p.value_text) for p in plans) == [
            (final_year, None, "−15 %"),
            (final_year, None, "−25 %"),
        ]


def test_second_import_neither_duplicates_nor_undoes_a_confirmed_indicator(
    demo_db: Database, regional_docx: Path
) -> None:
    plan = read_plan_file(regional_docx)
    program_id = apply_plan_import(demo_db, ACTOR, plan, preview_plan_import(demo_db, ACTOR, plan)).program_id
    with demo_db.transaction(ACTOR) as session:  # the coordinator confirms К1 and corrects its unit
        confirmed = session.scalars(select(Indicator).where(Indicator.code == "К1")).one()
        confirmed.state, confirmed.unit = IndicatorState.ACTIVE.value, "% детей до 4 лет"
    again = preview_plan_import(demo_db, ACTOR, plan)
    assert again.program_id == program_id and not again.has_changes
    assert [(i.change, i.state) for i in again.key_indicators] == [
        (Change.UNCHANGED, IndicatorState.ACTIVE.value),
        (Change.UNCHANGED, IndicatorState.DRAFT.value),
    ]
    apply_plan_import(demo_db, ACTOR, plan, again)
    with demo_db.reading() as session:
        groups = session.scalars(select(IndicatorGroup).where(IndicatorGroup.program_id == program_id)).all()
        assert len(groups) == 1
        codes = [(i.code, i.state, i.unit) for i in groups[0].indicators]
        assert codes == [("К1", "active", "% детей до 4 лет"), ("К2", "draft", "на 1000 детей")]
