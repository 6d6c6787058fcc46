"""Reminders: what falls due in the next five working days and what is overdue, per role, at a district and at
the region. Every date is worked out by hand from the production calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from desktop_app.core.resources import territory_directory
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import ChainStep
from desktop_app.domain.roles import Role
from desktop_app.formkit import load_catalogue
from desktop_app.services.reminders import ReminderKind, ReminderService, window_end
from desktop_app.services.reporting_chain import ReportingChainService
from desktop_app.storage.database import Database
from desktop_app.storage.models import Installation, Program
from desktop_app.sync.region_view import RegionView
from tests.conftest import make_actor
from tests.exchange.test_end_to_end import DISTRICTS, PERIOD, district_installation, enter_returned, region_with_package

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")


def program_id(db: Database) -> str:
    with db.reading() as session:
        return session.scalars(select(Program.id)).one()


def titles(items: tuple[object, ...]) -> list[str]:
    return [item.title for item in items]


def test_the_window_of_five_working_days_skips_russia_day() -> None:
    # 10.06.2026 is a Wednesday; 12.06 (Friday) is День России: 11 Thu, 15 Mon, 16, 17, 18 Thu
    assert window_end(date(2026, 6, 10)) == date(2026, 6, 18)


def test_a_step_due_on_the_fifth_working_day_is_shown_and_the_day_after_is_not(demo_db: Database) -> None:
    pid = program_id(demo_db)
    # the II half-year 2025 closes the year: fixed dates 18 and 19 June 2026 for two extra steps
    extra = (
        ChainStep("Публичный отчёт на сайте", "Администрация округа", 10, (6, 18)),
        ChainStep("Отчёт главе округа", "Администрация округа", 10, (6, 19)),
    )
    service = ReportingChainService(demo_db)
    steps = service.chain(HEAD, pid).steps
    service.declare(HEAD, pid, (*steps, *extra))
    found = ReminderService(demo_db, today=lambda: date(2026, 6, 10)).reminders(SPECIALIST)
    soon = titles(found.due_soon)
    assert "Публичный отчёт на сайте за II полугодие 2025 г. (Администрация округа)" in soon
    assert not any(title.startswith("Отчёт главе округа") for title in soon + titles(found.overdue))
    shown = next(item for item in found.due_soon if item.title.startswith("Публичный"))
    assert shown.due == date(2026, 6, 18) and not shown.overdue


def test_a_specialist_sees_the_steps_to_do_and_the_head_also_the_approval_and_the_bundle(demo_db: Database) -> None:
    pid = program_id(demo_db)
    # 08.07.2026 (Wed): the window runs 9 Thu, 10 Fri, 13 Mon, 14 Tue, 15 Wed → 15.07.2026.
    # I half-year 2026: executors by 03.07 (overdue: the demo has part of the reports), summary by 08.07 (today),
    # the approval and the submission by 14.07.
    today = date(2026, 7, 8)
    service = ReminderService(demo_db, today=lambda: today)
    specialist, head = service.reminders(SPECIALIST), service.reminders(HEAD)
    summary = "Сводный отчёт за I полугодие 2026 г. (ЦССУ)"
    approval = "Согласование сводного отчёта за I полугодие 2026 г. (Отдел опеки и попечительства)"
    ministry = "Направление в министерство за I полугодие 2026 г. (Администрация округа)"
    assert summary in titles(specialist.due_soon) and ministry in titles(specialist.due_soon)
    assert approval not in titles(specialist.due_soon)
    assert approval in titles(head.due_soon)
    executors = next(item for item in specialist.overdue if item.kind is ReminderKind.MEASURE_REPORTS)
    assert executors.due == date(2026, 7, 3) and executors.parties
    assert executors.detail.startswith("нет отчётов: ")
    assert not any(item.kind is ReminderKind.BUNDLE for item in specialist.overdue + specialist.due_soon)
    bundle = [item for item in head.overdue + head.due_soon if item.kind is ReminderKind.BUNDLE]
    assert [(item.period, item.due) for item in bundle if item.period == Period.parse("2026-H1")] == [
        (Period.parse("2026-H1"), date(2026, 7, 3))
    ]

    ReportingChainService(demo_db).mark_done(
        SPECIALIST, pid, ReportingChainService(demo_db).chain(SPECIALIST, pid).steps[1].key, Period.parse("2026-H1")
    )
    with demo_db.transaction(HEAD) as session:  # a bundle written today (the export raises the sequence)
        installation = session.scalars(select(Installation)).one()
        installation.export_sequence += 1
    again = ReminderService(demo_db, today=lambda: today)
    assert summary not in titles(again.reminders(SPECIALIST).due_soon)
    assert not any(item.kind is ReminderKind.BUNDLE for item in again.reminders(HEAD).overdue)


def test_a_monthly_form_is_due_by_the_third_working_day(demo_db: Database) -> None:
    monthly = [form for form in load_catalogue().forms if form.id == "resource-families-monthly"]
    # 01.07.2026 (Wed): June's form by the 3rd working day after 30.06 (Tue): 1 Wed, 2 Thu, 3 Fri
    found = ReminderService(demo_db, lambda: monthly, today=lambda: date(2026, 7, 1)).reminders(SPECIALIST)
    forms = [item for item in found.due_soon if item.kind is ReminderKind.FORM]
    assert [(item.period, item.due) for item in forms] == [(Period.parse("2026-06"), date(2026, 7, 3))]


def test_the_region_sees_the_districts_that_have_not_sent_the_bundle_due(tmp_path: Path) -> None:
    region, package = region_with_package(tmp_path)
    sent = DISTRICTS[:2]
    for name in sent:
        district = district_installation(tmp_path / name, name)
        district.take(package)
        enter_returned(district, 1, 2)  # a bundle counts for the period when it carries the period's values
        bundle = tmp_path / f"{name}.opeka"
        district.export.write(SYSTEM_ACTOR, bundle, PERIOD)
        region.take(bundle)
    # the I half-year 2026's bundles are judged by the executors' 3rd working day: 03.07.2026; 20.07 is after it
    today = date(2026, 7, 20)
    with region.db.reading() as session:
        code = session.scalars(select(Installation.region_code)).one()
    expected = sorted({d.name for d in territory_directory().region(code).districts} | set(sent))
    missing = [name for name in expected if name not in sent]
    view = RegionView(region.db, lambda: today)
    service = ReminderService(region.db, arrivals=view.overview, today=lambda: today)
    found = service.reminders(COORDINATOR)
    (late,) = [item for item in found.overdue if item.kind is ReminderKind.DISTRICT_BUNDLES]
    assert late.due == date(2026, 7, 3) and late.period == PERIOD
    assert sorted(late.parties) == missing and DISTRICTS[2] in late.parties
    assert late.detail.startswith(f"не прислали {len(missing)}: ")


def test_indicator_values_not_yet_submitted_are_due_with_the_executors_reports(demo_db: Database) -> None:
    from desktop_app.storage.models import Indicator, IndicatorValue

    with demo_db.reading() as session:
        total = len(session.scalars(select(Indicator.id).where(Indicator.state == "active")).all())
        submitted = len(
            session.scalars(
                select(IndicatorValue.id).where(
                    IndicatorValue.period == "2026-H1", IndicatorValue.status.in_(["submitted", "approved"])
                )
            ).all()
        )
    assert submitted < total, "the demo's I half-year 2026 is partly filled"
    # 01.07.2026 (Wed): the window runs 2, 3, 6, 7, 8 July; the values are due with the reports on 03.07.2026
    found = ReminderService(demo_db, today=lambda: date(2026, 7, 1)).reminders(SPECIALIST)
    (values,) = [item for item in found.due_soon if item.kind is ReminderKind.INDICATOR_VALUES]
    assert values.due == date(2026, 7, 3) and values.period == PERIOD
    assert values.detail == f"не представлено {total - submitted} из {total}"
