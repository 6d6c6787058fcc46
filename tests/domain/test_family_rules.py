"""The rules of the resource-family register: pipeline steps, placements, matching and the target of five."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput, check_step, next_stages, reason_needed
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.matching import ChildNeeds, FamilyProfile, match_families, ready_family_targets
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import (
    FamilyLoad,
    PlacementFact,
    PlacementInput,
    age_text,
    check_end,
    check_placement,
    fourth_birthday,
    placement_counts,
)

TODAY = date(2026, 11, 23)
S = FamilyStage


def step(stage: FamilyStage, reason: str = "", on: date = date(2026, 3, 1)) -> StepInput:
    return StepInput(stage, on, "Иванова И. И.", reason)


# --- the pipeline -------------------------------------------------------------------------------------------


def test_each_step_in_order_needs_no_reason() -> None:
    current: FamilyStage | None = None
    for stage in (S.CANDIDATE, S.DOCUMENTS, S.TRAINING, S.DIAGNOSTICS, S.IN_REGISTER, S.ACTIVE):
        check_step(current, None, step(stage), TODAY)
        current = stage


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (S.CANDIDATE, S.TRAINING, "Пропущен этап «сбор документов»: укажите причину."),
        (None, S.DOCUMENTS, "Пропущен этап «кандидат»: укажите причину."),
        (S.DOCUMENTS, S.IN_REGISTER, "Пропущены этапы «обучение в ШПР (модуль временного устройства)», "),
        (S.DIAGNOSTICS, S.ACTIVE, "Пропущен этап «включена в реестр»"),
        (S.TRAINING, S.CANDIDATE, "Возврат с этапа"),
        (S.ACTIVE, S.EXCLUDED, "Укажите причину исключения"),
        (S.IN_REGISTER, S.PAUSED, "Укажите причину приостановки."),
        (S.EXCLUDED, S.CANDIDATE, "Семья была исключена"),
    ],
)
def test_a_skipped_backward_or_final_step_needs_a_reason(
    current: FamilyStage | None, target: FamilyStage, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_step(current, None, step(target), TODAY)
    assert refused.value.field_errors["reason"].startswith(message)
    assert check_step(current, None, step(target, "  решение комиссии  "), TODAY).reason == "решение комиссии"


def test_moves_inside_the_register_need_no_reason_except_pausing() -> None:
    assert reason_needed(S.IN_REGISTER, S.ACTIVE) == ""
    assert reason_needed(S.PAUSED, S.ACTIVE) == ""
    assert reason_needed(S.PAUSED, S.IN_REGISTER) == ""
    assert reason_needed(S.ACTIVE, S.PAUSED) != ""


def test_step_dates_and_author_are_checked() -> None:
    with pytest.raises(ValidationError) as refused:
        check_step(S.CANDIDATE, date(2026, 4, 1), StepInput(S.DOCUMENTS, date(2026, 3, 1), " "), TODAY)
    assert refused.value.field_errors == {
        "on_date": "Дата раньше предыдущего этапа (01.04.2026).",
        "done_by": "Укажите, кто провёл этап.",
    }
    with pytest.raises(ValidationError, match="Этап не записан") as future:
        check_step(S.CANDIDATE, None, step(S.DOCUMENTS, on=TODAY + timedelta(days=1)), TODAY)
    assert "ещё не наступила" in future.value.field_errors["on_date"]
    with pytest.raises(ValidationError) as same:
        check_step(S.CANDIDATE, None, step(S.CANDIDATE), TODAY)
    assert same.value.field_errors["stage"] == "Семья уже на этапе «кандидат»."


def test_the_usual_next_step_is_offered_first() -> None:
    assert next_stages(None) == [S.CANDIDATE]
    assert next_stages(S.TRAINING)[0] is S.DIAGNOSTICS
    assert next_stages(S.IN_REGISTER)[:2] == [S.ACTIVE, S.PAUSED]
    assert S.TRAINING not in next_stages(S.TRAINING)


# --- the family record --------------------------------------------------------------------------------------


def test_a_family_needs_an_adult_and_a_sensible_profile() -> None:
    family = FamilyInput(
        municipality=" Плесецкий  муниципальный округ ",
        members=(MemberInput("  Иванова  Мария Петровна ", date(1990, 5, 1), email="maria@example.ru"),),
        capacity=2,
    ).checked(TODAY)
    assert family.municipality == "Плесецкий муниципальный округ"
    assert family.display_name == "Иванова М. П."
    with pytest.raises(ValidationError) as refused:
        FamilyInput(
            municipality="",
            members=(MemberInput("Сын", date(2010, 1, 1), email="нет"),),
            capacity=0,
            age_from_months=30,
            age_to_months=12,
        ).checked(TODAY)
    assert refused.value.field_errors == {
        "municipality": "Укажите муниципальное образование.",
        "members.0.birth_date": "Члену семьи нет 18 лет: в реестр вносятся взрослые.",
        "members.0.email": "Адрес электронной почты — вида name@example.ru.",
        "capacity": "Сколько детей семья может принять: от 1 до 10.",
        "age_to_months": "Верхняя граница возраста меньше нижней.",
    }
    with pytest.raises(ValidationError) as nobody:
        FamilyInput(municipality="Плесецкий", members=()).checked(TODAY)
    assert "members" in nobody.value.field_errors


# --- placements ---------------------------------------------------------------------------------------------

READY = FamilyLoad(S.IN_REGISTER, capacity=1)


def placement(birth: date, start: date, **changes: str) -> PlacementInput:
    values = {"child_code": " Р-2026-01 ", "child_sex": "f", "legal_form": "preliminary", **changes}
    return PlacementInput(child_birth_date=birth, start_date=start, **values)  # type: ignore[arg-type]


def test_a_child_under_four_is_placed_with_a_ready_family() -> None:
    checked = check_placement(placement(date(2023, 1, 10), date(2026, 11, 1)), READY, TODAY)
    assert checked.child_code == "Р-2026-01"


def test_a_child_who_turned_four_is_refused_on_the_birthday_itself() -> None:
    birth = date(2022, 11, 1)
    check_placement(placement(birth, date(2026, 10, 31)), READY, TODAY)
    with pytest.raises(ValidationError) as refused:
        check_placement(placement(birth, date(2026, 11, 1)), READY, TODAY)
    assert refused.value.message == (
        "Размещение не записано: На 01.11.2026 ребёнку уже исполнилось 4 года (01.11.2026): "
        "ресурсные семьи принимают детей до 4 лет."
    )
    assert fourth_birthday(date(2020, 2, 29)) == date(2024, 2, 29)
    assert fourth_birthday(date(2024, 2, 29)) == date(2028, 2, 29)


def test_a_full_or_unready_family_is_refused_with_the_reason() -> None:
    full = FamilyLoad(S.ACTIVE, capacity=1, placements=((date(2026, 9, 1), None),))
    with pytest.raises(ValidationError) as refused:
        check_placement(placement(date(2025, 1, 1), date(2026, 11, 1)), full, TODAY)
    assert refused.value.field_errors["family"].startswith("Семья заполнена: на 01.11.2026 в ней 1 из 1 детей")
    # the earlier child left on 01.10.2026: the place is free again
    freed = FamilyLoad(S.ACTIVE, capacity=1, placements=((date(2026, 9, 1), date(2026, 10, 1)),))
    check_placement(placement(date(2025, 1, 1), date(2026, 11, 1)), freed, TODAY)
    paused = FamilyLoad(S.PAUSED, capacity=3)
    with pytest.raises(ValidationError, match="«приостановлена»"):
        check_placement(placement(date(2025, 1, 1), date(2026, 11, 1)), paused, TODAY)


def test_placement_fields_are_checked() -> None:
    with pytest.raises(ValidationError) as refused:
        check_placement(
            placement(date(2026, 12, 1), date(2026, 12, 5), child_code=" ", child_sex="", legal_form="x"),
            READY,
            TODAY,
        )
    assert set(refused.value.field_errors) == {
        "child_code",
        "child_sex",
        "legal_form",
        "child_birth_date",
        "start_date",
    }


def test_ending_a_placement_needs_an_outcome_and_a_date_after_its_start() -> None:
    assert check_end(date(2026, 1, 1), date(2026, 3, 1), "returned", TODAY)[1].label == "возвращён в кровную семью"
    with pytest.raises(ValidationError) as refused:
        check_end(date(2026, 1, 1), date(2025, 12, 1), "ongoing", TODAY)
    assert refused.value.field_errors == {
        "outcome": "Выберите, чем закончилось размещение.",
        "end_date": "Окончание раньше начала (01.01.2026).",
    }


def test_counts_per_period_by_legal_form_and_outcome() -> None:
    facts = [
        PlacementFact(date(2026, 1, 10), date(2026, 3, 1), "preliminary", "returned"),
        PlacementFact(date(2026, 2, 1), None, "parental_request", "ongoing"),
        PlacementFact(date(2025, 12, 20), date(2026, 7, 2), "other", "permanent"),
    ]
    half = placement_counts(facts, Period.parse("2026-H1"))
    assert (half.started, half.ended, half.ongoing_at_end) == (2, 1, 2)
    assert half.started_by_form == {"parental_request": 1, "preliminary": 1, "other": 0}
    assert half.ended_by_outcome == {"returned": 1, "permanent": 0, "institution": 0}
    february = placement_counts(facts, Period.parse("2026-02"))
    assert (february.started, february.ended, february.ongoing_at_end) == (1, 0, 3)


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@given(st.lists(st.tuples(dates, st.one_of(st.none(), st.integers(0, 400))), max_size=30))
def test_the_months_of_a_half_year_add_up_to_the_half_year(spans: list[tuple[date, int | None]]) -> None:
    facts = [
        PlacementFact(start, None if days is None else start + timedelta(days=days), "other", "returned")
        for start, days in spans
    ]
    half = placement_counts(facts, Period.parse("2025-H2"))
    months = [placement_counts(facts, Period.parse(f"2025-{month:02d}")) for month in range(7, 13)]
    assert half.started == sum(m.started for m in months)
    assert half.ended == sum(m.ended for m in months)
    assert half.ongoing_at_end == months[-1].ongoing_at_end


# --- matching and targets -----------------------------------------------------------------------------------


def profile(name: str, **changes: object) -> FamilyProfile:
    values: dict[str, object] = {
        "id": name,
        "name": name,
        "municipality": "Плесецкий",
        "capacity": 2,
        "placed": 0,
        "age_from_months": 0,
        "age_to_months": 47,
        "accepts_disability": False,
        "accepts_siblings": False,
        **changes,
    }
    return FamilyProfile(**values)  # type: ignore[arg-type]


def test_matching_lists_fitting_families_first_with_reasons() -> None:
    needs = ChildNeeds(date(2025, 8, 1), TODAY, has_disability=True, children=2, municipality="плесецкий")
    families = [
        profile("Не готова к ОВЗ", accepts_siblings=True),
        profile("Другое МО", municipality="Мирный", accepts_disability=True, accepts_siblings=True),
        profile("Подходит", accepts_disability=True, accepts_siblings=True),
        profile("Заполнена", placed=1, accepts_disability=True, accepts_siblings=True),
    ]
    matches = match_families(needs, families)
    assert [m.family.name for m in matches] == ["Подходит", "Другое МО", "Не готова к ОВЗ", "Заполнена"]
    assert [m.fits for m in matches] == [True, True, False, False]
    assert matches[0].explanation == (
        "+ свободных мест: 2 из 2; + возраст 1 г. 3 мес. входит в принимаемый (0 мес. – 3 г. 11 мес.); "
        "+ готова принять ребёнка с инвалидностью или ОВЗ; + готова принять братьев и сестёр вместе; "
        "+ то же муниципальное образование"
    )
    assert "− не готова принять ребёнка с инвалидностью или ОВЗ" in matches[2].reasons
    assert "− свободных мест: 1 из 2, нужно 2" in matches[3].reasons
    baby_only = match_families(ChildNeeds(date(2024, 1, 1), TODAY), [profile("До года", age_to_months=11)])
    assert not baby_only[0].fits and "вне принимаемого" in baby_only[0].explanation


def test_ready_families_target_shows_the_shortfall_per_municipality() -> None:
    rows = ready_family_targets({"Плесецкий": 2, "мирный": 6}, ["Плесецкий", "Мирный", "Онежский"])
    assert [(r.municipality, r.ready, r.shortfall) for r in rows] == [
        ("Онежский", 0, 5),
        ("Плесецкий", 2, 3),
        ("Мирный", 6, 0),
    ]
    assert age_text(0) == "0 мес." and age_text(24) == "2 г."
