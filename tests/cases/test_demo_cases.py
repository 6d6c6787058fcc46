"""The demo's family support cases, resource map and support-measure catalogue: eight invented families at the points
of seed 004's cycle a user wants to see (services/demo_cases.py), one overdue review, one overdue service, one
placement of a child under 4 not yet reviewed; and the same default catalogue in every fresh installation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.cli.main import main
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage, ServiceKind, ServiceStatus
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.case_register import CaseFilter, CaseRegister
from desktop_app.services.case_route import CaseRouteService
from desktop_app.services.consilium import ConsiliumService
from desktop_app.services.resource_map import ResourceMapService
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.services.support_catalogue import SupportCatalogueService, default_catalogue, default_measure_id
from desktop_app.storage.database import Database
from desktop_app.storage.models import CaseService, CaseSupportMeasure, ConsiliumReview, FamilyCase, SupportMeasureKind
from desktop_app.storage.models import CaseStage as CaseStageRow
from tests.conftest import DEMO_TODAY, DemoTemplate

# What the demo was designed to hold (services/demo_cases.py's docstring): eight cases, two of them closed.
DEMO_CASES, DEMO_OPEN, DEMO_CLOSED = 8, 6, 2
WITH_DEMO_CASES = True  # tests/cases/conftest.py: the demo as it is made, with its cases


def test_the_demo_has_a_case_at_every_point_of_the_cycle(demo_db: Database, demo_actor: Actor) -> None:
    rows = CaseRegister(demo_db).rows(demo_actor, CaseFilter(), today=DEMO_TODAY)
    assert len(rows) == DEMO_CASES
    stages = [row.stage for row in rows]
    for stage in (CaseStage.IDENTIFIED, CaseStage.ASSESSMENT, CaseStage.SERVICES, CaseStage.PROLONGED):
        assert stage in stages, stage
    assert stages.count(CaseStage.CLOSED) == DEMO_CLOSED
    assert sum(row.review_overdue for row in rows) == 1
    overdue_review = next(row for row in rows if row.review_overdue)
    assert overdue_review.stage is CaseStage.ASSESSMENT and overdue_review.next_review_on < DEMO_TODAY
    with demo_db.reading() as session:
        cases = list(session.scalars(select(FamilyCase)))
        assert all(case.is_demo for case in cases)
        assert all("(демо)" in adult.full_name for case in cases for adult in case.adults)
        closed = {case.outcome: case for case in cases if case.closed_on is not None}
        assert set(closed) == {CaseOutcome.CHILD_RETURNED.value, CaseOutcome.REFUSED.value}
        assert closed[CaseOutcome.REFUSED.value].closure_reason  # the family's refusal says why
        # the stage history is the services' own: every case starts at its identification, dated by it
        for case in cases:
            first = session.scalars(
                select(CaseStageRow).where(CaseStageRow.case_id == case.id).order_by(CaseStageRow.on_date)
            ).first()
            assert first is not None and (first.stage, first.on_date) == ("identified", case.identified_on)
            assert case.identified_on <= DEMO_TODAY
        given = {
            kind
            for kind, status in session.execute(select(CaseService.kind, CaseService.status))
            if status == ServiceStatus.GIVEN.value
        }
        assert {ServiceKind.ADDICTION.value, ServiceKind.EMPLOYMENT.value} <= given
        granted_contracts = session.scalar(
            select(func.count())
            .select_from(CaseSupportMeasure)
            .join(SupportMeasureKind, SupportMeasureKind.id == CaseSupportMeasure.kind_id)
            .where(SupportMeasureKind.is_social_contract.is_(True), CaseSupportMeasure.decision == "granted")
        )
        assert granted_contracts == 1
        interagency = session.scalar(
            select(func.count()).select_from(ConsiliumReview).where(ConsiliumReview.interagency_support.is_(True))
        )
        assert interagency and interagency >= 1


def test_one_service_is_overdue_and_one_placement_is_not_yet_reviewed(
    demo_db: Database, demo_actor: Actor, demo_template: DemoTemplate
) -> None:
    overdue = CaseRouteService(demo_db).overdue(demo_actor, DEMO_TODAY)
    assert [item.kind for item in overdue] == ["service"]
    period = demo_template.result.current_period
    assert period is not None
    coverage = ConsiliumService(demo_db).period_coverage(demo_actor, period)
    assert (coverage.total, coverage.reviewed, len(coverage.unreviewed)) == (2, 1, 1)
    assert coverage.text == "не рассмотрено: 1"
    with demo_db.reading() as session:
        unreviewed = session.scalars(select(FamilyCase).where(FamilyCase.id == coverage.unreviewed[0].case_id)).one()
        assert (unreviewed.category, unreviewed.stage) == (CaseCategory.CHILD_PLACED.value, "identified")


def test_the_resource_map_and_the_catalogue(demo_db: Database, demo_actor: Actor) -> None:
    entries = ResourceMapService(demo_db).entries(demo_actor)
    assert 10 <= len(entries) <= 15
    assert len({entry.kind for entry in entries}) >= 5
    assert all(entry.provider_name and entry.address and entry.target_group and entry.contacts for entry in entries)
    assert any(entry.used_by_routes for entry in entries)  # the routes chose from the map
    kinds = SupportCatalogueService(demo_db).kinds(demo_actor)
    assert [row.name for row in kinds] == [entry.name for _key, entry in default_catalogue()]
    assert sum(row.is_social_contract for row in kinds) == 1


def test_info_json_counts_the_demo_cases(
    demo_paths: DataPaths,
    cli_credentials: None,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    try:
        code = main(["--data-dir", str(demo_paths.root), "info", "--json"])
        out, err = capsys.readouterr()
    finally:
        configure_logging(None)
    assert (code, err) == (0, "")
    assert json.loads(out)["cases"] == {"open": DEMO_OPEN, "closed": DEMO_CLOSED, "total": DEMO_CASES}


def _catalogue_ids(db: Database) -> list[str]:
    with db.reading() as session:
        return list(session.scalars(select(SupportMeasureKind.id).order_by(SupportMeasureKind.position)))


def test_a_fresh_district_and_a_fresh_region_start_with_the_same_catalogue(tmp_path: Path) -> None:
    made = {}
    for kind, district in ((InstallationKind.DISTRICT, "Плесецкий муниципальный округ"), (InstallationKind.REGION, "")):
        request = SetupRequest(
            kind=kind,
            region_code="29",
            district_name=district,
            organisation_name="Министерство труда, занятости и социального развития"
            if not district
            else "Отдел опеки и попечительства",
            admin_login="Admin",
            admin_full_name="Администратор",
            admin_password="opeka2025",
        )
        db = create_installation(DataPaths(tmp_path / kind.value), request)
        try:
            made[kind] = _catalogue_ids(db)
        finally:
            db.close()
    expected = [default_measure_id(key) for key, _entry in default_catalogue()]
    assert made[InstallationKind.DISTRICT] == made[InstallationKind.REGION] == expected
