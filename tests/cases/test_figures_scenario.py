"""Five families through 2026: every case figure for each half-year and as a running total, counted by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.case_figures import CaseFigures
from desktop_app.services.computed_values import ComputedValues
from tests.cases.figures_world import NAMES, World, make_world
from tests.conftest import make_actor

H1 = Period.parse("2026-H1")
H2 = Period.parse("2026-H2")
SPECIALIST = make_actor(Role.SPECIALIST)
COORDINATOR = make_actor(Role.COORDINATOR)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path / "data")
    yield made
    made.db.close()


def counts(world: World, period: Period, since: date | None = None) -> dict[str, int]:
    found = CaseFigures(world.db).figures(SPECIALIST, period, since=since)
    return {key: item.count for key, item in found.items()}


def test_the_first_half_year_counts_what_happened_in_it(world: World) -> None:
    # open at 30.06: F1, F2, F3 (F4 closed on 30.06 itself, F5 and F6 not yet identified)
    expected = {
        "cases.sop_at_end": 1,  # F1 (F4 is СОП but closed 30.06)
        "cases.rights_restored": 0,  # restorations are 05.10 and 10.12
        "cases.consilium_support": 1,  # F1 20.04; F4's gave no support; F3's 05.03 was the expert group
        "cases.return_support": 1,  # F3
        "cases.children_returned": 0,  # F3's child came home 15.08
        "cases.addiction_help": 1,  # F1 (F3 is not ТЖС/СОП)
        "cases.employment_help": 1,  # F2 (F4's was planned or cancelled)
        "cases.social_contract": 1,  # F2 (F4's was refused; its other measure is no contract)
        "cases.open_at_end": 1 + 1 + 1,  # F1, F2, F3
        "cases.opened": 4,  # F2 15.01, F1 10.02, F3 01.03, F4 01.04
        "cases.closed": 1,  # F4 30.06
    }
    assert counts(world, H1) == expected


def test_the_second_half_year_counts_what_happened_in_it(world: World) -> None:
    expected = {
        "cases.sop_at_end": 1,  # F1; F6 is identified only in 2027
        "cases.rights_restored": 1 + 2,  # F1's mother, F5's two parents
        "cases.consilium_support": 1,  # F3 on 10.07
        "cases.return_support": 1,  # F3, open until 31.08
        "cases.children_returned": 1,  # F3's child
        "cases.addiction_help": 2,  # F1 (begun 01.09), F5 (20.11); F6's misdated service does not count
        "cases.employment_help": 0,
        "cases.social_contract": 1,  # F5
        "cases.open_at_end": 2,  # F1, F5 (F2 closed 30.09, F3 31.08)
        "cases.opened": 1,  # F5 (F6 in 2027)
        "cases.closed": 2,  # F3, F2
    }
    assert counts(world, H2) == expected


def test_a_running_total_counts_each_family_once_from_the_programs_start(world: World) -> None:
    first_half_addiction, second_half_addiction, helped_in_both = 1, 2, 1  # F1 | F1, F5 | F1
    expected = {
        "cases.sop_at_end": 1,  # read at 31.12 either way
        "cases.rights_restored": 0 + 3,
        "cases.consilium_support": 1 + 1,  # F1, F3
        "cases.return_support": 1,  # F3 once, though supported in both halves
        "cases.children_returned": 0 + 1,
        "cases.addiction_help": first_half_addiction + second_half_addiction - helped_in_both,
        "cases.employment_help": 1 + 0,
        "cases.social_contract": 1 + 1,  # F2, F5
        "cases.open_at_end": 2,
        "cases.opened": 4 + 1,
        "cases.closed": 1 + 2,
    }
    assert counts(world, H2, since=date(2026, 1, 1)) == expected


def test_each_figure_lists_its_cases_and_the_coordinator_gets_codes_only(world: World) -> None:
    specialist = CaseFigures(world.db).figures(SPECIALIST, H2)
    assert [(c.code, c.name, c.units) for c in specialist["cases.rights_restored"].cases] == [
        ("СС-0001", NAMES["СС-0001"], 1),
        ("СС-0005", NAMES["СС-0005"], 2),
    ]
    assert specialist["cases.closed"].codes == ["СС-0002", "СС-0003"]
    coordinator = CaseFigures(world.db).figures(COORDINATOR, H2)
    for key, figure in coordinator.items():
        assert figure.codes == specialist[key].codes, key
        assert all(case.name == "" for case in figure.cases), key
        assert all(case.case_id for case in figure.cases)


def test_register_figures_are_offered_to_indicators_by_key_as_running_totals_where_cumulative(world: World) -> None:
    keys = ["cases.addiction_help", "cases.sop_at_end", "cases.employment_help", "cases.social_contract", "cases.x"]
    offered = ComputedValues(world.db).compute(COORDINATOR, keys, H2, world.program_id)
    assert set(offered) == set(keys) - {"cases.x"}
    # 7.2 is cumulative in the program (from 01.01.2026): F1 and F5 once each
    assert offered["cases.addiction_help"].value == 2
    assert "с 01.01.2026 по 31.12.2026" in offered["cases.addiction_help"].note
    assert "СС-0001, СС-0005" in offered["cases.addiction_help"].note
    # 7.5 is cumulative too: F2's help in May counts in the year's running total, though II alone had none
    assert offered["cases.employment_help"].value == 0 + 1
    # 7.6 is not cumulative: II alone, F5 (F2's contract was in I)
    assert offered["cases.social_contract"].value == 1
    assert "за II полугодие 2026" in offered["cases.social_contract"].note
    assert offered["cases.sop_at_end"].value == 1 and "на 31.12.2026" in offered["cases.sop_at_end"].note
    assert not any(name in value.note for value in offered.values() for name in NAMES.values())
    # without a program the period is read alone
    assert ComputedValues(world.db).compute(COORDINATOR, keys, H2)["cases.employment_help"].value == 0
    assert ComputedValues(world.db).compute(COORDINATOR, keys, H1, world.program_id)["cases.addiction_help"].value == 1
