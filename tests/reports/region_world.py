"""A region of Архангельская область where several districts — four of them city okrugs whose names begin
alike — entered their counts and sent their bundles; the other districts of the directory sent nothing."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.indicators import IndicatorKind
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from tests.exchange.test_end_to_end import PERIOD, Installation, district_installation, region_with_package

# (district, its value of every count indicator it reports): different values, so the order is known
REPORTING = (
    ("Городской округ «Город Архангельск»", 40),
    ("Городской округ «Город Новодвинск»", 7),
    ("Городской округ «Город Коряжма»", 12),
    ("Городской округ «Котлас»", 25),
    ("Вельский муниципальный район", 3),
    ("Холмогорский муниципальный округ", 18),
)


def enter_counts(district: Installation, value: int) -> list[str]:
    """``value`` for every count indicator of the district's sheet that a person enters; their codes."""
    entry = IndicatorEntry(district.db, ComputedValues(district.db))
    program_id = entry.sheets.programs(SYSTEM_ACTOR)[0][0]
    sheet = entry.sheets.sheet(SYSTEM_ACTOR, program_id, PERIOD, district.name)
    rows = [row for row in sheet.rows if row.spec.kind is IndicatorKind.COUNT and row.computed is None]
    changes = [ValueChange(row.indicator_id, value=value, expected_version=row.row_version) for row in rows]
    entry.save(SYSTEM_ACTOR, program_id, PERIOD, district.name, changes, reason="проверка")
    return [row.code for row in rows]


def region_with_reports(root: Path) -> tuple[Installation, list[str]]:
    """The region after the districts of REPORTING sent their bundles; the codes of the counts they entered."""
    region, package = region_with_package(root)
    codes: list[str] = []
    for name, value in REPORTING:
        district = district_installation(root / name, name)
        district.take(package)
        codes = enter_counts(district, value)
        bundle = root / f"{name}.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    return region, codes
