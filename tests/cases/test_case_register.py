"""The list of cases: search in Cyrillic, filters, overdue reviews, and codes only for the coordinator."""

from __future__ import annotations

from datetime import date

from desktop_app.domain.case_rules import AssessmentInput, ClosureInput
from desktop_app.domain.case_terms import CaseCategory, CaseOutcome, CaseStage, SupportLevel
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_register import CLOSED, OPEN, CaseFilter, CaseRegister
from desktop_app.storage.database import Database
from tests.cases.case_world import COORDINATOR, SPECIALIST, TODAY, family


def three_cases(db: Database) -> dict[str, str]:
    """Ёлкина (СОП, review overdue), Смирнова (ТЖС, review ahead), Ёжиков (closed, old review): code by name."""
    service = CaseEditing(db)
    elkina = service.create(SPECIALIST, family("Ёлкина Мария Петровна", children=2), today=TODAY)
    service.set_assessment(
        SPECIALIST, elkina.id, AssessmentInput(SupportLevel.CRISIS, date(2026, 2, 1), date(2026, 3, 1)), TODAY
    )
    smirnova = service.create(
        SPECIALIST, family("Смирнова Ольга", CaseCategory.TJS, identified_on=date(2026, 4, 2)), today=TODAY
    )
    service.set_assessment(
        SPECIALIST, smirnova.id, AssessmentInput(SupportLevel.BASIC, date(2026, 4, 10), date(2026, 10, 10)), TODAY
    )
    ezhikov = service.create(SPECIALIST, family("Ёжиков Иван", identified_on=date(2025, 11, 3)), today=TODAY)
    service.set_assessment(
        SPECIALIST, ezhikov.id, AssessmentInput(SupportLevel.BASIC, date(2025, 11, 5), date(2026, 1, 5)), TODAY
    )
    service.close(SPECIALIST, ezhikov.id, ClosureInput(CaseOutcome.MOVED_AWAY, date(2026, 1, 10), "переезд"), TODAY)
    return {"Ёлкина": elkina.code, "Смирнова": smirnova.code, "Ёжиков": ezhikov.code}


def codes(register: CaseRegister, filters: CaseFilter, actor: object = SPECIALIST) -> list[str]:
    return [row.code for row in register.rows(actor, filters, today=TODAY)]  # type: ignore[arg-type]


def test_search_finds_yolkina_typed_without_yo_and_in_lower_case(demo_db: Database) -> None:
    made = three_cases(demo_db)
    register = CaseRegister(demo_db)
    assert codes(register, CaseFilter(search="елкина")) == [made["Ёлкина"]]
    assert codes(register, CaseFilter(search="ЁЖИКОВ")) == [made["Ёжиков"]]
    assert codes(register, CaseFilter(search="сс-0002")) == [made["Смирнова"]]
    assert register.count(SPECIALIST, CaseFilter(search="мария")) == 1


def test_a_row_shows_labels_curator_review_and_children(demo_db: Database) -> None:
    made = three_cases(demo_db)
    [row] = CaseRegister(demo_db).rows(SPECIALIST, CaseFilter(search="елкина"), today=TODAY)
    assert row.code == made["Ёлкина"]
    assert row.family == "Ёлкина М. П."
    assert (row.category_label, row.stage_label) == ("СОП — социально опасное положение", "оценка семейной ситуации")
    assert (row.next_review_on, row.review_overdue, row.children) == (date(2026, 3, 1), True, 2)


def test_filters_by_category_stage_state_overdue_and_period(demo_db: Database) -> None:
    made = three_cases(demo_db)
    register = CaseRegister(demo_db)
    assert codes(register, CaseFilter(category=CaseCategory.TJS.value)) == [made["Смирнова"]]
    assert codes(register, CaseFilter(stage=CaseStage.CLOSED.value)) == [made["Ёжиков"]]
    assert codes(register, CaseFilter(state=OPEN)) == [made["Ёлкина"], made["Смирнова"]]
    assert codes(register, CaseFilter(state=CLOSED)) == [made["Ёжиков"]]
    # Ёжиков's review date passed too, but a closed case is never overdue
    assert codes(register, CaseFilter(overdue_only=True)) == [made["Ёлкина"]]
    in_2026 = CaseFilter(identified_from=date(2026, 1, 1), identified_to=date(2026, 3, 31))
    assert codes(register, in_2026) == [made["Ёлкина"]]
    assert register.count(SPECIALIST, CaseFilter(overdue_only=True), today=date(2026, 2, 28)) == 0


def test_the_curator_filter_uses_the_teams_curator(demo_db: Database) -> None:
    from desktop_app.domain.case_record import TeamMemberInput
    from tests.cases.case_world import organisation_ids

    made = three_cases(demo_db)
    register = CaseRegister(demo_db)
    [row] = register.rows(SPECIALIST, CaseFilter(search="смирнова"), today=TODAY)
    org = organisation_ids(demo_db, 1)[0]
    team = (TeamMemberInput(org, "Соколова Е. В.", is_curator=True),)
    CaseEditing(demo_db).set_team(SPECIALIST, row.id, team, today=TODAY)
    assert register.curators(SPECIALIST) == ["Соколова Е. В."]
    assert codes(register, CaseFilter(curator="Соколова Е. В.")) == [made["Смирнова"]]


def test_the_coordinator_sees_codes_only_and_cannot_search_by_name(demo_db: Database) -> None:
    made = three_cases(demo_db)
    register = CaseRegister(demo_db)
    rows = register.rows(COORDINATOR, CaseFilter(), today=TODAY)
    assert [(row.code, row.family) for row in rows] == [(code, code) for code in sorted(made.values())]
    assert register.count(COORDINATOR, CaseFilter(search="елкина")) == 0
    assert codes(register, CaseFilter(search="сс-0001"), COORDINATOR) == [made["Ёлкина"]]
