"""A program's reporting chain goes down with the program in the region's package, a district's marks go up in
its bundle, and a district cannot change the region's chain by sending a bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.core.resources import demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.reporting_chain import SEED_002_CHAIN, ChainStep
from desktop_app.domain.roles import Role
from desktop_app.services.program_store import store_program
from desktop_app.services.reporting_chain import ReportingChainService
from desktop_app.storage.models import ReportingStep, ReportingStepMark
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import DISTRICTS, PERIOD, Installation, district_installation
from tests.exchange.test_end_to_end import REGION as REGION_REQUEST

COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
SUMMARY = 1


def region_with_chain(root: Path) -> tuple[Installation, str, Path]:
    region = Installation(root / "region", REGION_REQUEST)
    with region.db.transaction() as session:
        program_id = store_program(session, demo_program()).id
    ReportingChainService(region.db).declare(COORDINATOR, program_id, SEED_002_CHAIN)
    package = root / "region-1.opeka"
    region.export.write(SYSTEM_ACTOR, package)
    return region, program_id, package


def steps_of(installation: Installation) -> list[tuple[str, str, int | None]]:
    with installation.db.reading() as session:
        rows = session.scalars(select(ReportingStep).order_by(ReportingStep.position))
        return [(row.id, row.title, row.working_days_after) for row in rows]


def test_the_chain_goes_down_with_the_program_and_the_districts_marks_come_up(tmp_path: Path) -> None:
    region, program_id, package = region_with_chain(tmp_path)
    district = district_installation(tmp_path / "district", DISTRICTS[0])
    counts = district.take(package)
    assert sum(counts["reporting_steps"].values()) == len(SEED_002_CHAIN)
    assert steps_of(district) == steps_of(region)

    chain = ReportingChainService(district.db)
    summary_key = chain.chain(SPECIALIST, program_id).steps[SUMMARY].key
    chain.mark_done(SPECIALIST, program_id, summary_key, PERIOD, "сводный отчёт ЦССУ получен")
    bundle = tmp_path / "district-1.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    region.take(bundle)
    with region.db.reading() as session:
        marks = [
            (m.step_id, m.period, m.territory, m.done_by, m.note) for m in session.scalars(select(ReportingStepMark))
        ]
    assert marks == [(summary_key, PERIOD.code, DISTRICTS[0], SPECIALIST.full_name, "сводный отчёт ЦССУ получен")]

    # the region moves the summary to the 7th working day: the next package changes it in the district
    edited = list(ReportingChainService(region.db).chain(COORDINATOR, program_id).steps)
    edited[SUMMARY] = ChainStep(**{**edited[SUMMARY].__dict__, "working_days_after": 7})
    ReportingChainService(region.db).declare(COORDINATOR, program_id, edited)
    second = tmp_path / "region-2.opeka"
    region.export.write(SYSTEM_ACTOR, second)
    district.take(second)
    assert steps_of(district)[SUMMARY][2] == 7
    with district.db.reading() as session:  # the district's mark stays on the step the region changed
        assert session.scalars(select(ReportingStepMark.step_id)).all() == [summary_key]


def test_a_district_cannot_change_the_regions_chain_with_its_bundle(tmp_path: Path) -> None:
    region, program_id, package = region_with_chain(tmp_path)
    district = district_installation(tmp_path / "district", DISTRICTS[0])
    district.take(package)
    with pytest.raises(UserError, match="принадлежит региону"):
        ReportingChainService(district.db).declare(COORDINATOR, program_id, SEED_002_CHAIN)
    with district.db.transaction() as session:  # behind the program's back, as a tampered installation would
        step = session.scalars(select(ReportingStep).order_by(ReportingStep.position)).all()[SUMMARY]
        step.working_days_after = 30
    bundle = tmp_path / "district-1.opeka"
    district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
    with pytest.raises(UserError, match="Шаги порядка отчётности.*принадлежит региону"):
        region.take(bundle)
    assert steps_of(region)[SUMMARY][2] == 6
