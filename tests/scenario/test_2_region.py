"""The region after the half-year: what each folder did, the receipts the districts got back, who reported on
time, late or not at all against the deadline counted here, and the region's values combined by the rules."""

from __future__ import annotations

import pytest

from desktop_app.domain.actor import Actor
from tests.scenario.conftest import HalfYear
from tests.scenario.expected import (
    DEADLINE,
    LATE,
    MISSING,
    ON_TIME,
    REPORTED,
    district_value,
    ready_families,
    region_value,
)
from tests.scenario.inputs import DISTRICTS, H1, INDICATORS, PLESETSK, VELSK
from tests.scenario.offices import Office


def results(half_year: HalfYear, folder: str) -> list[tuple[str, str]]:
    return [(row.file.name, row.result) for row in half_year.journal.folders[folder]]


def test_each_folder_takes_what_is_new_and_nothing_twice(half_year: HalfYear) -> None:
    assert results(half_year, "2 July") == [("plesetsk-1.opeka", "applied")]
    assert results(half_year, "13 July") == [("plesetsk-1.opeka", "unchanged"), ("velsk-2.opeka", "applied")]
    # the same folder loaded again changes nothing
    assert results(half_year, "13 July again") == [("plesetsk-1.opeka", "unchanged"), ("velsk-2.opeka", "unchanged")]
    # Вельский's first bundle, come after its correction, is older and changes nothing
    assert results(half_year, "14 July") == [("velsk-1.opeka", "unchanged")]


def test_the_region_keeps_the_corrected_value_not_the_older_bundles(half_year: HalfYear) -> None:
    region, coordinator = half_year.region, half_year.coordinator
    sheet = region.entry.sheets.sheet(coordinator, region.program_id(coordinator), H1, VELSK)
    assert next(row for row in sheet.rows if row.code == "1.3").value == district_value(VELSK, "1.3")


def test_the_receipts_tell_each_district_what_became_of_its_files(half_year: HalfYear) -> None:
    assert half_year.journal.previews[f"region-2 at {DISTRICTS[2]}"].receipts == ()
    for district, sent in ((PLESETSK, {"plesetsk-1.opeka"}), (VELSK, {"velsk-1.opeka", "velsk-2.opeka"})):
        preview = half_year.journal.previews[f"region-2 at {district}"]
        receipts = {receipt["file_name"]: receipt["result"] for receipt in preview.receipts}
        assert receipts[f"{'velsk-2' if district == VELSK else 'plesetsk-1'}.opeka"] == "applied", district
        assert set(receipts) == sent, district


def overview(half_year: HalfYear) -> tuple[Office, Actor, object]:
    region, coordinator = half_year.region, half_year.coordinator
    return region, coordinator, region.region_view.overview(coordinator, region.program_id(coordinator), H1)


def test_on_time_late_and_missing_against_the_working_day_deadline(half_year: HalfYear) -> None:
    _, _, view = overview(half_year)
    assert view.deadline == DEADLINE
    states = {status.district: status.state for status in view.districts}
    assert [d for d in DISTRICTS if states[d] == "вовремя"] == list(ON_TIME)
    assert [d for d in DISTRICTS if states[d] == "с опозданием"] == list(LATE)
    assert [d for d in DISTRICTS if states[d] == "нет пакета"] == list(MISSING)
    # every other district of the region's directory sent nothing either
    assert set(view.missing) == set(states) - set(REPORTED)
    assert view.late == list(LATE)
    assert view.reporting_rate == pytest.approx(len(REPORTED) / len(states))


@pytest.mark.parametrize("code", list(INDICATORS))
def test_the_regions_value_is_combined_by_the_rules(half_year: HalfYear, code: str) -> None:
    _, _, view = overview(half_year)
    row = next(row for row in view.rows if row.code == code)
    assert row.value.value == pytest.approx(region_value(code))
    assert set(row.reported) == set(REPORTED)
    for district, observation in row.by_district:
        assert observation.value == pytest.approx(district_value(district, code)), district


def test_the_share_is_not_an_average_of_the_districts_shares(half_year: HalfYear) -> None:
    _, _, view = overview(half_year)
    row = next(row for row in view.rows if row.code == "1.2")
    average = sum(district_value(d, "1.2") for d in REPORTED) / len(REPORTED)
    assert row.value.value != pytest.approx(average)
    assert (row.value.numerator, row.value.denominator) == (3 + 1, 4 + 6)


def test_the_regions_register_counts_ready_families_by_district(half_year: HalfYear) -> None:
    region, coordinator = half_year.region, half_year.coordinator
    targets = {row.municipality: row for row in region.register.targets(coordinator, list(DISTRICTS))}
    for district in DISTRICTS:
        # the silent district's families never reached the region: none are counted for it
        ready = ready_families(district) if district in REPORTED else 0
        assert (targets[district].ready, targets[district].shortfall) == (ready, 5 - ready), district
