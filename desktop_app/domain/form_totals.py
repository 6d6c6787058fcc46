"""How the region adds up its districts' answers to one question of a monitoring form.

Plain rules over plain values (the form engine maps each question kind to one of them): numbers are summed,
never averaged; a ratio is recomputed from the summed numerator and denominator; «да/нет» is counted as
«да — N МО из M» over the districts that answered; a choice is counted per option; «this year / previous year»
cells are summed per row and year; table rows are stacked with the district they came from; free text is
listed per district. Completeness says where each district's answers stand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop_app.domain.indicators import IndicatorSpec, Observation, combine_districts

Number = int | float
# Float sums of decimals (0.1 + 0.2) are rounded back to the precision any form keeps (six digits).
_PRECISION = 6


def _number(value: object) -> Number | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def sum_numbers(values: Iterable[object]) -> Number | None:
    """The sum of the numeric values; None when none of them is a number (nobody answered)."""
    found = [number for value in values if (number := _number(value)) is not None]
    if not found:
        return None
    total = sum(found)
    if all(isinstance(number, int) for number in found):
        return int(total)
    rounded = round(float(total), _PRECISION)
    return int(rounded) if rounded.is_integer() and all(float(n).is_integer() for n in found) else rounded


@dataclass(frozen=True)
class YesNoTotal:
    """How many districts answered «Да» out of those that answered at all."""

    yes: int = 0
    answered: int = 0

    @property
    def no(self) -> int:
        return self.answered - self.yes

    @property
    def text(self) -> str:
        """«да — 2 МО из 3»; «—» when no district answered."""
        return f"да — {self.yes} МО из {self.answered}" if self.answered else "—"


def count_yes(values: Iterable[object]) -> YesNoTotal:
    """Counts True among the values that are True or False; anything else is «no answer»."""
    answers = [value for value in values if isinstance(value, bool)]
    return YesNoTotal(sum(answers), len(answers))


def count_choices(options: Sequence[str], values: Iterable[object]) -> tuple[tuple[str, int], ...]:
    """(option, how many districts chose it) for every option in the form's order, then any other answer
    given (an option a newer version of the form dropped) in the order first met."""
    counts: dict[str, int] = {option: 0 for option in options}
    for value in values:
        if isinstance(value, str) and value.strip():
            counts[value] = counts.get(value, 0) + 1
    return tuple(counts.items())


def choices_text(counts: Iterable[tuple[str, int]]) -> str:
    """«Да — 2; Нет — 1» listing only the options somebody chose; «—» when nobody did."""
    chosen = [f"{option} — {count}" for option, count in counts if count]
    return "; ".join(chosen) or "—"


def sum_year_pairs(
    row_ids: Sequence[str], offsets: Sequence[int], answers: Iterable[object]
) -> dict[str, dict[str, Number | None]]:
    """Row id → year offset (as stored, "0", "-1") → the sum of that cell over the districts."""
    cells: dict[str, dict[str, list[object]]] = {row: {str(offset): [] for offset in offsets} for row in row_ids}
    for answer in answers:
        if not isinstance(answer, Mapping):
            continue
        for row in row_ids:
            found = answer.get(row)
            if isinstance(found, Mapping):
                for offset, values in cells[row].items():
                    values.append(found.get(offset))
    return {row: {offset: sum_numbers(values) for offset, values in by_year.items()} for row, by_year in cells.items()}


def count_grid(row_ids: Sequence[str], answers: Iterable[object]) -> dict[str, YesNoTotal]:
    """Row id → «да — N МО из M» for a yes/no list."""
    values: dict[str, list[object]] = {row: [] for row in row_ids}
    for answer in answers:
        if isinstance(answer, Mapping):
            for row in row_ids:
                values[row].append(answer.get(row))
    return {row: count_yes(found) for row, found in values.items()}


@dataclass(frozen=True)
class StackedRow:
    district: str
    cells: Mapping[str, object]


def stack_tables(answers: Iterable[tuple[str, object]]) -> tuple[StackedRow, ...]:
    """Every filled row of every district's table, district by district in the order given."""
    stacked: list[StackedRow] = []
    for district, table in answers:
        if not isinstance(table, list):
            continue
        for row in table:
            if isinstance(row, Mapping) and any(value not in (None, "") for value in row.values()):
                stacked.append(StackedRow(district, dict(row)))
    return tuple(stacked)


def list_texts(answers: Iterable[tuple[str, object]]) -> tuple[tuple[str, str], ...]:
    """(district, its text) for each district that wrote something."""
    return tuple(
        (district, str(value).strip())
        for district, value in answers
        if value is not None and not isinstance(value, bool) and str(value).strip()
    )


def ratio_from_parts(spec: IndicatorSpec, parts: Iterable[Observation]) -> Observation:
    """A ratio's region value from the summed numerators and denominators (counts are summed) — the same rule
    the indicator catalogue consolidates by, so the form and the grid never disagree."""
    return combine_districts(spec, parts)


class AnswerState(StrEnum):
    """Where a district's answers to a form for a period stand."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def sent(self) -> bool:
        return self is not AnswerState.NOT_STARTED


_STATE_LABELS = {
    AnswerState.NOT_STARTED: "не начата",
    AnswerState.DRAFT: "черновик",
    AnswerState.SUBMITTED: "представлена",
    AnswerState.APPROVED: "утверждена",
}


def answer_state(stored_status: str | None, has_answers: bool) -> AnswerState:
    """The state from the stored workflow status; a draft with nothing in it has not been started."""
    if stored_status == AnswerState.APPROVED.value:
        return AnswerState.APPROVED
    if stored_status == AnswerState.SUBMITTED.value:
        return AnswerState.SUBMITTED
    return AnswerState.DRAFT if has_answers else AnswerState.NOT_STARTED
