"""An indicator and a plan the region edits in its catalogue reach the district with the next package: the
district's preview names the indicator and each changed field, and its grid shows the new plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain.indicators import Direction, IndicatorKind
from desktop_app.domain.periods import Period
from desktop_app.gui.exchange.preview_dialog import change_rows
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_plans import WHOLE, CataloguePlans, PlanCell
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_sheet import IndicatorSheets
from desktop_app.sync.merge import Outcome
from tests.catalogue_world import COORDINATOR, TOGUCHIN, add_program, district_office, region_office

PERIOD = Period.parse("2024-H1")
FIRST = IndicatorInput(
    code="2",
    name="Вероятность отказа от новорождённого",
    unit="на 1000 детей",
    kind=IndicatorKind.RATE_PER_1000,
    direction=Direction.DECREASE,
)


def test_region_edit_reaches_the_district_field_by_field(tmp_path: Path) -> None:
    region = region_office(tmp_path / "region")
    program_id, _ = add_program(region.db)
    catalogue, plans = Catalogue(region.db), CataloguePlans(region.db)
    group_id = catalogue.add_group(COORDINATOR, program_id, GroupInput("", "Ключевые целевые показатели"))
    indicator_id = catalogue.add_indicator(COORDINATOR, group_id, FIRST)
    plans.save(COORDINATOR, indicator_id, [PlanCell(WHOLE, PERIOD, 4.0)])
    first = tmp_path / "region-1.opeka"
    region.export.write(COORDINATOR, first)
    district = district_office(tmp_path / "district")
    district.take(first)
    sheets = IndicatorSheets(district.db, ComputedValues(district.db))
    assert sheets.sheet(COORDINATOR, program_id, PERIOD, TOGUCHIN).rows[0].plan == 4.0

    card = catalogue.view(COORDINATOR, program_id).indicator(indicator_id)
    assert card is not None
    edited = IndicatorInput(
        **{
            **FIRST.__dict__,
            "base_value": 4.4,
            "base_date": date(2023, 1, 1),
            "cumulative": True,
            "kind": IndicatorKind.MONEY,
        }
    )
    catalogue.update_indicator(COORDINATOR, indicator_id, edited, card.row_version)
    toguchin_plan = 4.0 - 0.6  # the district's own target, below the region's
    plans.save(COORDINATOR, indicator_id, [PlanCell(TOGUCHIN, PERIOD, toguchin_plan)])
    second = tmp_path / "region-2.opeka"
    region.export.write(COORDINATOR, second)

    preview = district.load.preview(COORDINATOR, second)
    changed = [plan for plan in preview.plans if plan.entity == "indicators" and plan.outcome is Outcome.CHANGED]
    assert len(changed) == 1
    fields = {field: (old, new) for field, old, new in preview.shown_changes(changed[0])}
    assert {"base_value", "base_date", "cumulative"} <= set(fields) and "name" not in fields
    assert fields["base_value"] == (None, 4.4)
    shown = {row[3]: (row[4], row[5]) for row in change_rows(preview) if row[1].startswith("2 ")}
    assert shown["kind"] == (IndicatorKind.RATE_PER_1000.label, IndicatorKind.MONEY.label), "in words, not codes"
    assert preview.record_label(changed[0]) == "2 Вероятность отказа от новорождённого"
    new_plans = [plan for plan in preview.plans if plan.entity == "indicator_plans" and plan.outcome is Outcome.NEW]
    assert [preview.record_label(plan) for plan in new_plans] == [f"2 — I полугодие 2024 г., {TOGUCHIN}"]

    district.load.apply(COORDINATOR, preview)
    row = sheets.sheet(COORDINATOR, program_id, PERIOD, TOGUCHIN).rows[0]
    assert row.plan == toguchin_plan and row.base_value == 4.4 and row.spec.cumulative
    assert row.spec.kind is IndicatorKind.MONEY
