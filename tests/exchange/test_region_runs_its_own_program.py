"""Issue 23, end to end and with no demo data anywhere: an empty Novosibirsk region imports the seed-000 plan from
Word, confirms its two key indicators, gives three districts their plan values, sends the package; the districts
enter their values and send their bundles; the region's consolidated report totals them by the indicators' rules."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop_app.domain.indicators import IndicatorState
from desktop_app.domain.periods import Period
from desktop_app.plan_import import read_plan_file
from desktop_app.reports.builders.dispatch import build_report, write_report
from desktop_app.reports.builders.request import ReportKind, ReportRequest
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_plans import CataloguePlans, PlanCell
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.indicator_entry import IndicatorEntry, ValueChange
from desktop_app.services.plan_import import apply_plan_import, preview_plan_import
from desktop_app.storage.models import Indicator, IndicatorValue, Program
from tests.catalogue_world import COORDINATOR, HEAD, SPECIALIST, Office, district_office, region_office
from tests.plan_import.seed_documents import REGIONAL_SEED, regional_seed, require, write_docx
from tests.scenario.reading import row_numbers, row_starting, xlsx_rows

PERIOD = Period.parse("2024-H1")
# the districts' own counts: К1 children under 4 in institutions of the children under 4 living there,
# К2 children left by their parents at birth of those born
COUNTS = {
    "Баганский район": {"К1": (3, 812), "К2": (1, 95)},
    "Барабинский район": {"К1": (7, 1930), "К2": (2, 240)},
    "Болотнинский район": {"К1": (2, 1104), "К2": (0, 130)},
}
PLANS = {"Баганский район": (0.35, 9.0), "Барабинский район": (0.3, 7.5), "Болотнинский район": (0.2, 6.0)}


def key_indicators(office: Office) -> dict[str, tuple[str, str, int]]:
    """Code → (id, state, row version) of the plan's two key indicators."""
    with office.db.reading() as session:
        rows = session.execute(
            select(Indicator.code, Indicator.id, Indicator.state, Indicator.row_version).where(
                Indicator.code.in_(("К1", "К2"))
            )
        ).all()
        return {code: (indicator_id, state, version) for code, indicator_id, state, version in rows}


def test_a_region_runs_its_own_program_from_the_plan_to_the_consolidated_report(tmp_path: Path) -> None:
    require(REGIONAL_SEED)
    region = region_office(tmp_path / "region")
    plan = read_plan_file(write_docx(regional_seed(), tmp_path / "комплексный план.docx"))
    program_id = apply_plan_import(
        region.db, COORDINATOR, plan, preview_plan_import(region.db, COORDINATOR, plan)
    ).program_id

    drafts = key_indicators(region)
    assert {code: state for code, (_id, state, _version) in drafts.items()} == {"К1": "draft", "К2": "draft"}
    catalogue, plans = Catalogue(region.db), CataloguePlans(region.db)
    for indicator_id, _state, version in drafts.values():
        catalogue.confirm(COORDINATOR, indicator_id, version)
    confirmed = key_indicators(region)
    assert {state for _id, state, _version in confirmed.values()} == {IndicatorState.ACTIVE.value}
    for district, (k1_plan, k2_plan) in PLANS.items():
        plans.save(COORDINATOR, confirmed["К1"][0], [PlanCell(district, PERIOD, k1_plan)])
        plans.save(COORDINATOR, confirmed["К2"][0], [PlanCell(district, PERIOD, k2_plan)])

    package = tmp_path / "region-1.opeka"
    region.export.write(COORDINATOR, package)
    bundles = []
    for number, (district, counts) in enumerate(COUNTS.items()):
        office = district_office(tmp_path / f"district-{number}", district)
        office.take(package)
        entry = IndicatorEntry(office.db, ComputedValues(office.db))
        sheet = entry.sheets.sheet(SPECIALIST, program_id, PERIOD, district)
        rows = {row.code: row for row in sheet.rows}
        assert set(rows) == {"К1", "К2"}, "the confirmed key indicators, and only they, are offered for entry"
        assert (rows["К1"].plan, rows["К2"].plan) == PLANS[district], "each district sees its own target"
        entry.save(
            HEAD,
            program_id,
            PERIOD,
            district,
            [
                ValueChange(rows[code].indicator_id, numerator=part, denominator=whole)
                for code, (part, whole) in counts.items()
            ],
            # the program's term is over, so its half-years are locked: the head enters them, saying why
            reason="программа загружена после окончания полугодия",
        )
        bundle = tmp_path / f"{district}.opeka"
        office.export.write(HEAD, bundle, PERIOD)
        bundles.append(bundle)
    for bundle in bundles:
        region.take(bundle)

    with region.db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Program)) == 1
        assert session.scalar(select(func.count()).select_from(IndicatorValue).where(IndicatorValue.is_demo)) == 0
    report = build_report(
        ReportSources.open(region.db, region.paths),
        COORDINATOR,
        ReportRequest(ReportKind.CONSOLIDATED, PERIOD, program_id=program_id),
    )
    sheets = xlsx_rows(write_report(report, tmp_path / "свод.xlsx", "xlsx"))
    totals = [
        number for rows in sheets.values() for row in rows if "Всего по региону" in row for number in row_numbers(row)
    ]
    k1 = sum(c["К1"][0] for c in COUNTS.values()) / sum(c["К1"][1] for c in COUNTS.values()) * 100
    k2 = sum(c["К2"][0] for c in COUNTS.values()) / sum(c["К2"][1] for c in COUNTS.values()) * 1000
    # a share is written as a fraction in a percent-formatted cell, both to one decimal of what is shown
    assert [round(number, 4) for number in totals] == [round(k1, 1) / 100, round(k2, 1)], (k1, k2, totals)
    rows = sheets["Ключевые целевые показатели"]
    for district, counts in COUNTS.items():
        (k1_part, k1_whole), (k2_part, k2_whole) = counts["К1"], counts["К2"]
        shown = row_numbers(row_starting(rows, str(list(COUNTS).index(district) + 1), district))
        assert shown[-2:] == [round(k1_part / k1_whole * 100, 1) / 100, round(k2_part / k2_whole * 1000, 1)]
