"""The catalogue editor's service: a region authors groups, indicators and plan grids of its own program;
drafts wait for confirmation; a retired indicator keeps its history; only the owner's editor may write."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.domain.errors import PermissionDenied, UserError, ValidationError
from desktop_app.domain.indicators import (
    Direction,
    IndicatorKind,
    IndicatorSpec,
    IndicatorState,
    Observation,
    combine_districts,
    combine_periods,
)
from desktop_app.domain.periods import Period
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_plans import WHOLE, CataloguePlans, PlanCell, cell_key
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.indicator_sheet import IndicatorSheets
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, IndicatorPlan, IndicatorValue
from tests.catalogue_world import COORDINATOR, HEAD, SPECIALIST, TOGUCHIN, Office, add_program, region_office

H2_2023, H1_2024 = Period.parse("2023-H2"), Period.parse("2024-H1")
SHARE = IndicatorInput(
    code="1",
    name="Удельный вес детей в возрасте до 4 лет в организациях для детей-сирот",
    unit="%",
    kind=IndicatorKind.PERCENTAGE,
    direction=Direction.DECREASE,
    base_value=12.5,
    base_date=date(2023, 7, 1),
)


@pytest.fixture
def region(tmp_path: Path) -> Office:
    return region_office(tmp_path / "region")


def _program_with_group(db: Database) -> tuple[Catalogue, str, str, list[str]]:
    program_id, measures = add_program(db)
    catalogue = Catalogue(db)
    group_id = catalogue.add_group(COORDINATOR, program_id, GroupInput("1.", "Ключевые целевые показатели"))
    return catalogue, program_id, group_id, measures


def _sheet_codes(db: Database, program_id: str, period: Period, territory: str = TOGUCHIN) -> list[str]:
    sheets = IndicatorSheets(db, ComputedValues(db))
    return [row.code for row in sheets.sheet(COORDINATOR, program_id, period, territory).rows]


def test_coordinator_creates_an_indicator_with_every_field_and_its_measures(region: Office) -> None:
    catalogue, program_id, group_id, measures = _program_with_group(region.db)
    entry = IndicatorInput(
        code=" 2.1 ",
        name="Число детей,   размещённых в ресурсные семьи",
        unit="человек",
        kind=IndicatorKind.COUNT,
        cumulative=True,
        direction=Direction.INCREASE,
        base_value=3,
        base_date=date(2023, 6, 30),
        source="placements.started",
        measure_ids=tuple(measures),
    )
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, entry)

    view = catalogue.view(COORDINATOR, program_id)
    card = view.indicator(indicator_id)
    assert card is not None and view.read_only_reason == ""
    assert (card.code, card.name, card.unit) == ("2.1", "Число детей, размещённых в ресурсные семьи", "человек")
    assert (card.kind, card.cumulative, card.direction) == (IndicatorKind.COUNT, True, Direction.INCREASE)
    assert (card.base_value, card.base_date, card.source) == (3, date(2023, 6, 30), "placements.started")
    assert set(card.measure_ids) == set(measures) and card.state is IndicatorState.ACTIVE
    assert [group.label for group in view.groups] == ["1. Ключевые целевые показатели"]
    with region.db.reading() as session:
        audited = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "indicator"))
    assert audited == 1


def test_edit_writes_the_changed_fields_and_a_stale_form_is_refused(region: Office) -> None:
    catalogue, program_id, group_id, measures = _program_with_group(region.db)
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, SHARE)
    card = catalogue.view(COORDINATOR, program_id).indicator(indicator_id)
    assert card is not None
    edited = IndicatorInput(**{**SHARE.__dict__, "base_value": 11.0, "measure_ids": (measures[1],)})
    catalogue.update_indicator(COORDINATOR, indicator_id, edited, card.row_version)
    again = catalogue.view(COORDINATOR, program_id).indicator(indicator_id)
    assert again is not None and again.base_value == 11.0 and again.measure_ids == (measures[1],)
    assert again.row_version == card.row_version + 1
    with pytest.raises(UserError, match="изменена другим пользователем"):
        catalogue.update_indicator(COORDINATOR, indicator_id, SHARE, card.row_version)


def test_wrong_fields_are_named_beside_each_field(region: Office) -> None:
    catalogue, _, group_id, _ = _program_with_group(region.db)
    catalogue.add_indicator(COORDINATOR, group_id, SHARE)
    with pytest.raises(ValidationError) as caught:
        catalogue.add_indicator(
            COORDINATOR,
            group_id,
            IndicatorInput(code="", name="", kind=IndicatorKind.PERCENTAGE, base_value=120, source="families.all"),
        )
    assert set(caught.value.field_errors) == {"code", "name", "base_value", "source"}
    assert "от 0 до 100" in caught.value.field_errors["base_value"]
    with pytest.raises(ValidationError) as duplicate:
        catalogue.add_indicator(COORDINATOR, group_id, IndicatorInput(code="1", name="Другой показатель"))
    assert "уже есть" in duplicate.value.field_errors["code"]


def test_plan_grid_holds_the_region_and_each_district_per_period(region: Office) -> None:
    catalogue, program_id, group_id, _ = _program_with_group(region.db)
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, SHARE)
    plans = CataloguePlans(region.db)
    grid = plans.grid(COORDINATOR, indicator_id)
    assert grid.territories[0] == WHOLE and grid.territory_label(WHOLE) == "Регион в целом"
    assert TOGUCHIN in grid.territories and "Черепановский район" in grid.territories
    assert [p.code for p in grid.periods[:3]] == ["2023-H2", "2023", "2024-H1"]
    assert Period.parse("2025-H2") in grid.periods
    grid = plans.save(
        COORDINATOR,
        indicator_id,
        [PlanCell(WHOLE, H2_2023, 12.0), PlanCell(TOGUCHIN, H2_2023, 10.5), PlanCell(TOGUCHIN, H1_2024, 9.0)],
    )
    assert grid.value(WHOLE, H2_2023) == 12.0 and grid.value(TOGUCHIN, H1_2024) == 9.0
    # the district's own plan where it has one, the region's elsewhere
    sheets = IndicatorSheets(region.db, ComputedValues(region.db))
    assert sheets.sheet(COORDINATOR, program_id, H2_2023, TOGUCHIN).rows[0].plan == 10.5
    assert sheets.sheet(COORDINATOR, program_id, H2_2023, "Черепановский район").rows[0].plan == 12.0
    # an emptied cell removes its plan
    plans.save(COORDINATOR, indicator_id, [PlanCell(TOGUCHIN, H2_2023, None)])
    assert sheets.sheet(COORDINATOR, program_id, H2_2023, TOGUCHIN).rows[0].plan == 12.0


def test_plan_values_are_checked_by_kind_and_by_the_programs_term(region: Office) -> None:
    catalogue, _, group_id, _ = _program_with_group(region.db)
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, SHARE)
    before_program = Period.parse("2023-H1")
    cells = [PlanCell(WHOLE, H2_2023, 120.0), PlanCell(TOGUCHIN, H1_2024, -1.0), PlanCell(WHOLE, before_program, 5.0)]
    with pytest.raises(ValidationError) as caught:
        CataloguePlans(region.db).save(COORDINATOR, indicator_id, cells)
    errors = caught.value.field_errors
    assert "от 0 до 100" in errors[cell_key(WHOLE, H2_2023)]
    assert "меньше 0" in errors[cell_key(TOGUCHIN, H1_2024)]
    assert "вне срока программы" in errors[cell_key(WHOLE, before_program)]
    with region.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorPlan)) == 0, "nothing is written"


def test_a_draft_is_not_offered_for_entry_until_confirmed(region: Office) -> None:
    catalogue, program_id, group_id, _ = _program_with_group(region.db)
    draft_id = catalogue.add_indicator(COORDINATOR, group_id, SHARE, state=IndicatorState.DRAFT)
    catalogue.add_indicator(COORDINATOR, group_id, IndicatorInput(code="2", name="Число ресурсных семей"))
    assert _sheet_codes(region.db, program_id, H2_2023) == ["2"]
    card = catalogue.view(COORDINATOR, program_id).indicator(draft_id)
    assert card is not None and card.state is IndicatorState.DRAFT
    catalogue.confirm(COORDINATOR, draft_id, card.row_version)
    assert _sheet_codes(region.db, program_id, H2_2023) == ["1", "2"]


def test_retiring_keeps_values_and_plans_for_old_periods_only(region: Office) -> None:
    catalogue, program_id, group_id, _ = _program_with_group(region.db)
    count = IndicatorInput(code="2", name="Число ресурсных семей", unit="единиц")
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, count)
    spare_id = catalogue.add_indicator(COORDINATOR, group_id, IndicatorInput(code="3", name="Без значений"))
    CataloguePlans(region.db).save(COORDINATOR, indicator_id, [PlanCell(WHOLE, H2_2023, 5.0)])
    entry = IndicatorEntry(region.db, ComputedValues(region.db))
    entry.save(
        COORDINATOR, program_id, H2_2023, TOGUCHIN, [ValueChange(indicator_id, value=4, expected_version=0)], "сверка"
    )

    removal = catalogue.removal(COORDINATOR, indicator_id)
    assert (removal.values, removal.plans, removal.keeps_history) == (1, 1, True)
    card = catalogue.view(COORDINATOR, program_id).indicator(indicator_id)
    assert card is not None
    catalogue.remove(COORDINATOR, indicator_id, card.row_version)

    with region.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(IndicatorValue)) == 1
        assert session.scalar(select(func.count()).select_from(IndicatorPlan)) == 1
    assert "2" in _sheet_codes(region.db, program_id, H2_2023), "the old period's report still shows it"
    assert "2" not in _sheet_codes(region.db, program_id, H1_2024), "a new period no longer offers it"
    with pytest.raises(UserError, match="не найден"):
        entry.save(
            COORDINATOR,
            program_id,
            H1_2024,
            TOGUCHIN,
            [ValueChange(indicator_id, value=1, expected_version=0)],
            "сверка",
        )

    spare = catalogue.view(COORDINATOR, program_id).indicator(spare_id)
    assert spare is not None
    assert not catalogue.remove(COORDINATOR, spare_id, spare.row_version).keeps_history
    assert catalogue.view(COORDINATOR, program_id).indicator(spare_id) is None, "one without values is deleted"


def test_a_specialist_may_not_change_the_regions_catalogue(region: Office) -> None:
    catalogue, program_id, group_id, _ = _program_with_group(region.db)
    with pytest.raises(PermissionDenied):
        catalogue.add_indicator(SPECIALIST, group_id, SHARE)
    with pytest.raises(PermissionDenied):
        catalogue.add_group(HEAD, program_id, GroupInput("2.", "Ещё группа"))
    assert catalogue.view(SPECIALIST, program_id).read_only_reason.startswith(
        "Каталог показателей этой программы ведёт"
    )


def test_a_district_head_edits_only_the_districts_own_program(tmp_path: Path) -> None:
    from tests.catalogue_world import district_office

    district = district_office(tmp_path / "district")
    own_id, _ = add_program(district.db, regional=False)  # made here: the district's own program
    catalogue = Catalogue(district.db)
    group_id = catalogue.add_group(HEAD, own_id, GroupInput("1.", "Показатели округа"))
    indicator_id = catalogue.add_indicator(HEAD, group_id, SHARE)
    grid = CataloguePlans(district.db).save(HEAD, indicator_id, [PlanCell(WHOLE, H2_2023, 11.0)])
    assert grid.territories == (WHOLE,) and grid.territory_label(WHOLE) == "Программа в целом"
    with district.db.transaction() as session:  # a program that came with the region's package
        from desktop_app.storage.models import Program

        session.get(Program, own_id).owner = ""  # type: ignore[union-attr]
    with pytest.raises(PermissionDenied):
        catalogue.add_indicator(HEAD, group_id, IndicatorInput(code="9", name="Чужой"))


def test_money_adds_up_like_a_count() -> None:
    spec = IndicatorSpec(IndicatorKind.MONEY)
    assert not IndicatorKind.MONEY.needs_ratio and IndicatorKind.MONEY.label == "денежный (сумма)"
    assert combine_districts(spec, [Observation(1234.5), Observation(100.25)]).value == 1234.5 + 100.25
    halves = [(H2_2023, Observation(10.0)), (Period.parse("2023-H1"), Observation(5.0))]
    assert combine_periods(spec, halves).value == 15.0
