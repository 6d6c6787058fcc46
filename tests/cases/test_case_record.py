"""A case's family as the form fills it: each problem named by its field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.case_record import AdultInput, CaseInput, ChildInput, TeamMemberInput, check_team
from desktop_app.domain.case_terms import CaseCategory, IdentificationSource, ParentalRights
from desktop_app.domain.errors import ValidationError

TODAY = date(2026, 6, 10)


def entry(**changes: object) -> CaseInput:
    base = CaseInput(
        municipality=" Плесецкий  муниципальный округ ",
        category=CaseCategory.SOP,
        source=IdentificationSource.EDUCATION,
        identified_on=date(2026, 1, 15),
        adults=(AdultInput("Ёлкина  Мария Петровна", date(1990, 3, 1), "мать"),),
        children=(ChildInput("Р-2026-01", date(2022, 5, 1), "f"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def problems(case: CaseInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        case.checked(TODAY)
    return caught.value.field_errors


def test_a_complete_case_is_trimmed_and_named_after_its_adults() -> None:
    checked = entry().checked(TODAY)
    assert checked.municipality == "Плесецкий муниципальный округ"
    assert checked.name == "Ёлкина М. П."
    assert entry(display_name="семья Ёлкиных").checked(TODAY).name == "семья Ёлкиных"


def test_at_least_one_adult_and_one_child() -> None:
    assert set(problems(entry(adults=(), children=()))) == {"adults", "children"}


def test_a_childs_name_is_refused_as_a_code_and_codes_are_unique_in_the_case() -> None:
    named = problems(entry(children=(ChildInput("Петя", date(2022, 5, 1), "m"),)))
    assert "имя ребёнка в программу не вносится" in named["children.0.code"]
    twice = (ChildInput("Р-2026-01", date(2022, 5, 1), "f"), ChildInput("р-2026-01", date(2023, 5, 1), "m"))
    assert problems(entry(children=twice)) == {
        "children.1.code": "Код «р-2026-01» уже есть у другого ребёнка этого случая."
    }


def test_a_childs_dates_go_birth_placed_returned() -> None:
    placed_before_birth = ChildInput("Р-1", date(2022, 5, 1), "f", date(2022, 4, 1), "Дом ребёнка")
    assert "children.0.placed_on" in problems(entry(children=(placed_before_birth,)))
    returned_before_placed = ChildInput("Р-1", date(2022, 5, 1), "f", date(2025, 4, 1), "Дом ребёнка", date(2025, 3, 1))
    assert problems(entry(children=(returned_before_placed,))) == {
        "children.0.returned_on": "Дата возвращения в семью раньше помещения в организацию."
    }
    returned_never_placed = ChildInput("Р-1", date(2022, 5, 1), "f", returned_on=date(2025, 3, 1))
    assert "children.0.returned_on" in problems(entry(children=(returned_never_placed,)))
    fine = ChildInput("Р-1", date(2022, 5, 1), "f", date(2025, 4, 1), "Дом ребёнка", date(2025, 6, 1))
    assert entry(children=(fine,)).checked(TODAY).children[0].returned_on == date(2025, 6, 1)


def test_rights_restored_only_for_a_parent_whose_rights_were_limited_or_taken() -> None:
    full = AdultInput("Ёлкин Пётр", None, "отец", rights_restored_on=date(2026, 2, 1))
    assert "adults.0.rights_restored_on" in problems(entry(adults=(full,)))
    deprived = replace(full, parental_rights=ParentalRights.DEPRIVED)
    assert entry(adults=(deprived,)).checked(TODAY).adults[0].rights_restored_on == date(2026, 2, 1)


def test_identification_and_consent_dates() -> None:
    assert "identified_on" in problems(entry(identified_on=date(2026, 6, 11)))
    assert "consent_on" in problems(entry(consent_on=date(2026, 1, 14)))
    assert "source_detail" in problems(entry(source=IdentificationSource.OTHER))


def test_a_team_has_exactly_one_curator() -> None:
    member = TeamMemberInput("org", "Соколова Е. В.", "психолог")
    with pytest.raises(ValidationError) as none:
        check_team((member,))
    assert none.value.field_errors == {"team": "Отметьте куратора случая: у команды он один."}
    with pytest.raises(ValidationError) as two:
        check_team((replace(member, is_curator=True), replace(member, is_curator=True)))
    assert two.value.field_errors == {"team": "Куратор случая один, а отмечено 2."}
    assert check_team((replace(member, is_curator=True),))[0].is_curator
