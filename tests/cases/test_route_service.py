"""A case's route through the service: what the curator records, what is overdue across the district's open
cases, and what is refused (no right, a screen older than the row, a closed case)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.domain.case_route import MeasureInput, ReferralInput, ServiceInput
from desktop_app.domain.errors import ConcurrentChange, PermissionDenied, UserError
from desktop_app.services.case_route import CaseRouteService
from desktop_app.storage.database import Database
from desktop_app.storage.models import AuditEntry, CaseService
from tests.cases.route_world import (
    COORDINATOR,
    SPECIALIST,
    add_case,
    add_measure_kind,
    organisation_ids,
    organisation_name,
)

TODAY = date(2026, 3, 30)


def test_the_route_holds_what_was_recorded_and_marks_the_overdue(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0001")
    org = organisation_ids(demo_db)[0]
    kind_id = add_measure_kind(demo_db)
    routes = CaseRouteService(demo_db)
    given = routes.add_service(
        SPECIALIST,
        case_id,
        ServiceInput(
            "psychology",
            date(2026, 3, 2),
            org,
            due_on=date(2026, 3, 20),
            status="given",
            given_on=date(2026, 3, 10),
            result="пять консультаций",
        ),
        TODAY,
    )
    late_service = routes.add_service(
        SPECIALIST, case_id, ServiceInput("employment", date(2026, 3, 2), org, due_on=date(2026, 3, 25)), TODAY
    )
    routes.add_measure(SPECIALIST, case_id, MeasureInput(kind_id, date(2026, 2, 20)), TODAY)
    referral = routes.add_referral(SPECIALIST, case_id, ReferralInput(org, date(2026, 3, 6), "health"), TODAY)
    assert referral.answer_due_on == date(2026, 3, 23)  # ten working days, 9 March off (see the rules' test)

    route = routes.route(SPECIALIST, case_id, TODAY)
    assert [row.id for row in route.services] == [given.id, late_service.id]
    assert route.services[0].overdue is None and route.services[0].result == "пять консультаций"
    assert route.services[1].overdue is not None and route.services[1].overdue.days_late == 5  # 25 → 30 March
    assert route.measures[0].is_social_contract
    assert route.measures[0].overdue is not None and route.measures[0].overdue.days_late == 8  # 20.02 + 30 = 22.03
    assert route.measures[0].decision_label == "на рассмотрении"
    assert route.referrals[0].organisation_name == organisation_name(demo_db, org)
    assert route.referrals[0].overdue is not None and route.referrals[0].overdue.days_late == 7
    assert route.overdue_count == 3
    # a role without personal data sees the route without its free texts
    assert routes.route(COORDINATOR, case_id, TODAY).services[0].result == ""
    with demo_db.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == given.id)).first()
        assert entry is not None and entry.action == "create"


def test_the_district_overdue_list_covers_open_cases_only_latest_first(demo_db: Database) -> None:
    open_case, closed_case = add_case(demo_db, "СС-0002"), add_case(demo_db, "СС-0003")
    org = organisation_ids(demo_db)[0]
    kind_id = add_measure_kind(demo_db)
    routes = CaseRouteService(demo_db)
    routes.add_service(SPECIALIST, open_case, ServiceInput("legal", date(2026, 3, 1), org, due_on=date(2026, 3, 27)))
    routes.add_measure(SPECIALIST, open_case, MeasureInput(kind_id, date(2026, 2, 10)), TODAY)
    routes.add_referral(SPECIALIST, open_case, ReferralInput(org, date(2026, 3, 6)), TODAY)
    routes.add_referral(SPECIALIST, open_case, ReferralInput(org, date(2026, 3, 20)), TODAY)  # due in April
    routes.add_service(SPECIALIST, closed_case, ServiceInput("legal", date(2026, 3, 1), org, due_on=date(2026, 3, 2)))
    with demo_db.transaction() as session:
        from desktop_app.storage.models import FamilyCase

        case = session.get(FamilyCase, closed_case)
        assert case is not None
        case.closed_on = date(2026, 3, 28)

    items = routes.overdue(SPECIALIST, TODAY)
    # measure: applied 10.02, last day 12.03 → 18 days late; referral due 23.03 → 7; service due 27.03 → 3
    assert [(item.kind, item.overdue.days_late) for item in items] == [("measure", 18), ("referral", 7), ("service", 3)]
    assert {item.case_code for item in items} == {"СС-0002"}
    assert items[0].case_name == "Семья СС-0002" and items[0].text.startswith("СС-0002 — Мера поддержки: ")
    assert all(item.case_name == "" for item in routes.overdue(COORDINATOR, TODAY))


def test_writing_the_route_needs_the_right_to_edit_and_to_see_personal_data(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0004")
    org = organisation_ids(demo_db)[0]
    with pytest.raises(PermissionDenied):
        CaseRouteService(demo_db).add_service(COORDINATOR, case_id, ServiceInput("legal", date(2026, 3, 1), org))
    with demo_db.reading() as session:
        assert session.scalars(select(CaseService)).first() is None


def test_a_screen_older_than_the_row_cannot_overwrite_or_remove_it(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0005")
    org = organisation_ids(demo_db)[0]
    routes = CaseRouteService(demo_db)
    first = routes.add_service(SPECIALIST, case_id, ServiceInput("legal", date(2026, 3, 1), org), TODAY)
    done = ServiceInput("legal", date(2026, 3, 1), org, status="given", given_on=date(2026, 3, 5), result="иск подан")
    saved = routes.update_service(SPECIALIST, first.id, done, first.row_version, TODAY)
    assert saved.row_version == first.row_version + 1 and saved.given_on == date(2026, 3, 5)
    cancelled = ServiceInput("legal", date(2026, 3, 1), org, status="cancelled", result="не нужна")
    with pytest.raises(ConcurrentChange):
        routes.update_service(SPECIALIST, first.id, cancelled, first.row_version, TODAY)
    with pytest.raises(ConcurrentChange):
        routes.remove_service(SPECIALIST, first.id, first.row_version)
    routes.remove_service(SPECIALIST, first.id, saved.row_version)
    assert routes.route(SPECIALIST, case_id, TODAY).services == ()


def test_a_closed_case_takes_no_new_route_items(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0006", closed_on=date(2026, 3, 1))
    org = organisation_ids(demo_db)[0]
    with pytest.raises(UserError, match="снята с сопровождения"):
        CaseRouteService(demo_db).add_referral(SPECIALIST, case_id, ReferralInput(org, date(2026, 3, 6)), TODAY)
