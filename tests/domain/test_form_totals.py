"""The rules by which the region adds up one question over its districts, on plain values."""

from __future__ import annotations

import pytest

from desktop_app.domain.form_totals import (
    AnswerState,
    answer_state,
    choices_text,
    count_choices,
    count_grid,
    count_yes,
    list_texts,
    ratio_from_parts,
    stack_tables,
    sum_numbers,
    sum_year_pairs,
)
from desktop_app.domain.indicators import IndicatorKind, IndicatorSpec, Observation


def test_numbers_are_summed_and_unanswered_cells_skipped() -> None:
    assert sum_numbers([4, None, 7, 1]) == 12
    assert sum_numbers([0.1, 0.2]) == pytest.approx(0.3) and sum_numbers([0.1, 0.2]) == 0.3
    assert sum_numbers([None, "", True]) is None, "yes/no and text are not numbers"


def test_yes_no_reads_da_n_mo_of_those_that_answered() -> None:
    total = count_yes([True, False, True, None])
    assert (total.yes, total.no, total.answered) == (2, 1, 3)
    assert total.text == "да — 2 МО из 3"
    assert count_yes([None]).text == "—"


def test_choices_are_counted_per_option_in_the_forms_order() -> None:
    counts = count_choices(["Высокий", "Средний", "Низкий"], ["Низкий", "Высокий", "Низкий", None, "Старый"])
    assert counts == (("Высокий", 1), ("Средний", 0), ("Низкий", 2), ("Старый", 1))
    assert choices_text(counts) == "Высокий — 1; Низкий — 2; Старый — 1"


def test_year_pairs_are_summed_per_row_and_year() -> None:
    answers = [{"a": {"0": 2, "-1": 1}}, {"a": {"0": 5}, "b": {"0": 3}}, "not a pair"]
    assert sum_year_pairs(["a", "b"], [0, -1], answers) == {"a": {"0": 7, "-1": 1}, "b": {"0": 3, "-1": None}}


def test_grids_count_yes_per_row() -> None:
    grid = count_grid(["health", "social"], [{"health": True}, {"health": True, "social": False}])
    assert grid["health"].text == "да — 2 МО из 2" and grid["social"].text == "да — 0 МО из 1"


def test_tables_are_stacked_with_the_district_and_empty_rows_dropped() -> None:
    stacked = stack_tables([("А", [{"x": 1}, {"x": None}]), ("Б", None), ("В", [{"x": 2}])])
    assert [(row.district, row.cells["x"]) for row in stacked] == [("А", 1), ("В", 2)]


def test_free_text_is_listed_per_district() -> None:
    assert list_texts([("А", " трудности "), ("Б", ""), ("В", None)]) == (("А", "трудности"),)


def test_a_percentage_is_recomputed_from_summed_parts() -> None:
    parts = [Observation(75.0, 3, 4), Observation(100 / 6, 1, 6)]
    total = ratio_from_parts(IndicatorSpec(IndicatorKind.PERCENTAGE), parts)
    assert (total.numerator, total.denominator) == (4, 10)
    assert total.value == pytest.approx(100 * 4 / 10)


def test_a_district_state_comes_from_the_workflow_and_an_empty_draft_is_not_started() -> None:
    assert answer_state(None, False) is AnswerState.NOT_STARTED
    assert answer_state("draft", False) is AnswerState.NOT_STARTED
    assert answer_state("draft", True) is AnswerState.DRAFT
    assert answer_state("submitted", True).label == "представлена"
    assert answer_state("approved", True) is AnswerState.APPROVED
