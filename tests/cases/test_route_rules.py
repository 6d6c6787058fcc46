"""The route's rules: what a given, refused or cancelled service needs, decided measures and answered referrals,
and when each is overdue (working days counted by hand over a stretch with a transferred holiday)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.domain.case_route import (
    MeasureInput,
    ReferralInput,
    ServiceInput,
    default_answer_due,
    measure_overdue,
    referral_overdue,
    service_overdue,
)
from desktop_app.domain.errors import ValidationError

TODAY = date(2026, 3, 20)


def errors_of(call: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        call()  # type: ignore[operator]
    return caught.value.field_errors


def service(**changes: object) -> ServiceInput:
    values: dict[str, object] = {"kind": "psychology", "planned_on": date(2026, 3, 2), "provider_id": "org"}
    values.update(changes)
    return ServiceInput(**values)  # type: ignore[arg-type]


def test_a_given_service_needs_a_past_date_not_before_planning_and_a_result() -> None:
    assert set(errors_of(lambda: service(status="given").checked(TODAY))) == {"given_on", "result"}
    future = errors_of(lambda: service(status="given", given_on=date(2026, 3, 21), result="ok").checked(TODAY))
    assert "ещё не наступила" in future["given_on"]
    early = errors_of(lambda: service(status="given", given_on=date(2026, 3, 1), result="ok").checked(TODAY))
    assert "раньше" in early["given_on"]
    done = service(status="given", given_on=date(2026, 3, 2), result="  консультация проведена ").checked(TODAY)
    assert done.result == "консультация проведена"


@pytest.mark.parametrize("status", ["not_given", "cancelled"])
def test_a_service_not_given_or_cancelled_needs_a_reason(status: str) -> None:
    assert "result" in errors_of(lambda: service(status=status).checked(TODAY))
    assert service(status=status, result="семья не пришла").checked(TODAY).status == status


def test_a_service_needs_a_kind_a_provider_and_a_due_date_not_before_planning() -> None:
    found = errors_of(lambda: service(kind="x", provider_id=None, due_on=date(2026, 3, 1)).checked(TODAY))
    assert set(found) == {"kind", "provider_id", "due_on"}
    assert service(provider_id=None, resource_service_id="map").checked(TODAY).resource_service_id == "map"
    assert "given_on" in errors_of(lambda: service(given_on=date(2026, 3, 3)).checked(TODAY))


def test_a_decided_measure_needs_a_decision_date_not_before_the_application() -> None:
    assert "decided_on" in errors_of(lambda: MeasureInput("k", date(2026, 3, 2), decision="granted").checked(TODAY))
    early = errors_of(lambda: MeasureInput("k", date(2026, 3, 2), date(2026, 3, 1), "refused").checked(TODAY))
    assert "раньше" in early["decided_on"]
    same_day = MeasureInput("k", date(2026, 3, 2), date(2026, 3, 2), "granted").checked(TODAY)
    assert same_day.decided_on == date(2026, 3, 2)
    assert "decided_on" in errors_of(lambda: MeasureInput("k", date(2026, 3, 2), date(2026, 3, 3)).checked(TODAY))
    assert set(errors_of(lambda: MeasureInput("", None).checked(TODAY))) == {"kind_id", "applied_on"}


def test_an_answered_referral_needs_an_answer_date_not_before_sending() -> None:
    sent = date(2026, 3, 6)
    assert "answered_on" in errors_of(lambda: ReferralInput("org", sent, answer="accepted").checked(TODAY))
    early = errors_of(lambda: ReferralInput("org", sent, answered_on=date(2026, 3, 5), answer="done").checked(TODAY))
    assert "раньше" in early["answered_on"]
    answered = ReferralInput("org", sent, answered_on=sent, answer="refused", answer_text=" мест нет ").checked(TODAY)
    assert answered.answer_text == "мест нет"
    assert "organisation_id" in errors_of(lambda: ReferralInput(None, sent).checked(TODAY))


def test_a_referral_is_answered_within_ten_working_days_counted_past_a_transferred_holiday() -> None:
    # Sent on Friday 06.03.2026. Saturday 7 and Sunday 8 March are days off, and so is Monday 9 March (8 March
    # fell on a Sunday). Working days: 10, 11, 12, 13 (4), 16–20 (9), Monday 23 March is the tenth.
    sent = date(2026, 3, 6)
    due = date(2026, 3, 23)
    assert default_answer_due(sent) == due
    assert ReferralInput("org", sent).checked(TODAY).answer_due_on == due
    assert referral_overdue("pending", sent, None, due) is None
    late = referral_overdue("pending", sent, None, date(2026, 3, 30))
    assert late is not None and (late.due, late.days_late) == (due, 7)
    assert referral_overdue("accepted", sent, None, date(2026, 3, 30)) is None
    own = referral_overdue("pending", sent, date(2026, 3, 10), date(2026, 3, 12))
    assert own is not None and own.days_late == 2


def test_a_measure_is_overdue_when_undecided_more_than_thirty_days_after_the_application() -> None:
    applied = date(2026, 1, 10)
    last_day = applied + timedelta(days=30)  # 09.02.2026
    assert measure_overdue("pending", applied, last_day) is None
    late = measure_overdue("pending", applied, date(2026, 2, 12))
    assert late is not None and (late.due, late.days_late) == (last_day, 3)
    assert late.text == "просрочено на 3 дня (срок был 09.02.2026)"
    assert measure_overdue("granted", applied, date(2026, 2, 12)) is None


def test_a_service_is_overdue_while_planned_or_in_progress_past_its_due_date() -> None:
    due = date(2026, 5, 1)
    assert service_overdue("planned", due, due) is None
    late = service_overdue("in_progress", due, date(2026, 5, 6))
    assert late is not None and late.days_late == 5 and late.text.startswith("просрочено на 5 дней")
    assert service_overdue("given", due, date(2026, 5, 6)) is None
    assert service_overdue("planned", None, date(2026, 5, 6)) is None
