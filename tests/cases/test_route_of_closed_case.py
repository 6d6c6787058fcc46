"""A closed case asks nothing more of anybody: its route shows what was left pending, but nothing as overdue (the
printed card of a closed case once read «просрочено» beside a referral nobody will answer)."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case_route import MeasureInput, ReferralInput, ServiceInput
from desktop_app.services.case_route import CaseRouteService
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase
from tests.cases.route_world import SPECIALIST, add_case, add_measure_kind, organisation_ids

TODAY = date(2026, 3, 30)


def test_pending_items_of_a_closed_case_are_not_overdue(demo_db: Database) -> None:
    case_id = add_case(demo_db, "СС-0007")
    org = organisation_ids(demo_db)[0]
    routes = CaseRouteService(demo_db)
    routes.add_service(SPECIALIST, case_id, ServiceInput("legal", date(2026, 3, 1), org, due_on=date(2026, 3, 2)))
    routes.add_measure(SPECIALIST, case_id, MeasureInput(add_measure_kind(demo_db), date(2026, 1, 10)), TODAY)
    routes.add_referral(SPECIALIST, case_id, ReferralInput(org, date(2026, 2, 2)), TODAY)
    assert routes.route(SPECIALIST, case_id, TODAY).overdue_count == 3  # all three late while the case is open

    with demo_db.transaction() as session:
        case = session.get(FamilyCase, case_id)
        assert case is not None
        case.closed_on = date(2026, 3, 28)

    route = routes.route(SPECIALIST, case_id, TODAY)
    assert len(route.services) == len(route.measures) == len(route.referrals) == 1
    assert route.overdue_count == 0
    assert all(row.overdue is None for row in (*route.services, *route.measures, *route.referrals))
