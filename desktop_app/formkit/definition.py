"""What a form is once read from its file: sections, numbered questions of a few kinds, typed columns.

Forms are data (one JSON file per form in ``forms/``, schema in ``forms/README.md``); this module only
holds the shapes. Question numbers are kept exactly as printed — seed 003 jumps from 23 to 25 and 28
and has unnumbered questions — so every question also has an ``id`` that is unique within the form and
stays the same across versions; answers are keyed by it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.value_format import format_value, shown_unit

FORM_FORMAT = "opeka-form"
FORM_FORMAT_VERSION = 1
# The row key of a «this year / previous year» question that has no rows of its own.
SINGLE_ROW = "_"
# «в {year} году … за предшествующий, {year-1} год»: years in the wording follow the reporting period.
YEAR_PLACEHOLDER = re.compile(r"\{year(?:([+-])(\d{1,2}))?\}")
UNKNOWN_YEAR = "…"  # what a placeholder reads as before a period is chosen


def with_years(text: str, period: Period | None) -> str:
    """``text`` with ``{year}``, ``{year-1}``, ``{year+1}`` replaced by the years of ``period`` (its calendar
    year for a month, quarter or half-year); «…» while no period is known."""
    if "{year" not in text:
        return text

    def year(match: re.Match[str]) -> str:
        if period is None:
            return UNKNOWN_YEAR
        sign, shift = match.group(1), int(match.group(2) or 0)
        return str(period.year - shift if sign == "-" else period.year + shift)

    return YEAR_PLACEHOLDER.sub(year, text)


def has_years(text: str) -> bool:
    return bool(YEAR_PLACEHOLDER.search(text))


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    YEAR_PAIR = "year_pair"
    YES_NO_GRID = "yes_no_grid"
    TABLE = "table"
    INDICATOR = "indicator"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    QuestionKind.YES_NO: "да/нет",
    QuestionKind.TEXT: "текст",
    QuestionKind.NUMBER: "число",
    QuestionKind.DATE: "дата",
    QuestionKind.CHOICE: "выбор из списка",
    QuestionKind.YEAR_PAIR: "отчётный / предыдущий год",
    QuestionKind.YES_NO_GRID: "да/нет по списку",
    QuestionKind.TABLE: "таблица",
    QuestionKind.INDICATOR: "показатель",
}


class ValueType(StrEnum):
    """The type of a number question, a «year pair» cell or a table column; it fixes unit and precision."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    MONEY = "money"
    HOURS = "hours"
    PEOPLE = "people"
    DATE = "date"
    CHOICE = "choice"
    YES_NO = "yes_no"

    @property
    def unit(self) -> str:
        return _UNITS.get(self, "")

    @property
    def decimals(self) -> int | None:
        """Digits after the comma a value may have; None for non-numbers."""
        return _DECIMALS.get(self)

    @property
    def is_numeric(self) -> bool:
        return self in _DECIMALS


_UNITS = {ValueType.MONEY: "тыс. руб.", ValueType.HOURS: "ч", ValueType.PEOPLE: "чел."}
_DECIMALS = {
    ValueType.INTEGER: 0,
    ValueType.PEOPLE: 0,
    ValueType.HOURS: 1,
    ValueType.MONEY: 3,
    ValueType.NUMBER: 6,
}


@dataclass(frozen=True)
class GridRow:
    """One row of a grid (a department, a kind of organisation); ``id`` keys the answer."""

    id: str
    label: str


@dataclass(frozen=True)
class Detail:
    """The text asked for beside «Да» (or «Нет»): «укажите название, номер и дату приказа»."""

    label: str
    when: bool = True
    required: bool = True


@dataclass(frozen=True)
class ShownWhen:
    """A question asked only after an earlier one got one of ``answers`` («yes»/«no» or choice options)."""

    question_id: str
    answers: tuple[str, ...]


class RuleKind(StrEnum):
    """Checks across questions (forms/README.md, «Правила между вопросами»)."""

    PART_OF = "part_of"  # the item may not exceed the whole
    SUM = "sum"  # the parts add up to the total
    EQUALS = "equals"  # the item equals another item


@dataclass(frozen=True)
class ItemRef:
    """«5.1.1» (a whole question: a number, or the sum of its rows), «5.1.1/nonprofit» (a row of a year pair)
    or «7.1/amount» (the total of a table's column); ``text`` is the reference as the file writes it."""

    question_id: str
    part: str = ""

    @property
    def text(self) -> str:
        return f"{self.question_id}/{self.part}" if self.part else self.question_id


@dataclass(frozen=True)
class CrossRule:
    """``items`` against ``others``: the item (for a sum, the parts) is where a broken rule is shown."""

    kind: RuleKind
    items: tuple[ItemRef, ...]
    others: tuple[ItemRef, ...]


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    type: ValueType = ValueType.TEXT
    number: str = ""
    hint: str = ""
    options: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = 0.0
    maximum: float | None = None

    @property
    def unit(self) -> str:
        return self.type.unit


@dataclass(frozen=True)
class Question:
    """One numbered question; which optional fields matter depends on ``kind``."""

    id: str
    number: str
    kind: QuestionKind
    text: str
    hint: str = ""
    required: bool = False
    value_type: ValueType = ValueType.NUMBER
    unit: str = ""
    minimum: float | None = 0.0
    maximum: float | None = None
    max_length: int = 4000
    options: tuple[str, ...] = ()
    detail: Detail | None = None
    rows: tuple[GridRow, ...] = ()
    year_offsets: tuple[int, ...] = (0, -1)
    columns: tuple[Column, ...] = ()
    min_rows: int = 0
    max_rows: int = 200
    indicator_code: str = ""
    source: str = ""
    shown_when: ShownWhen | None = None

    @property
    def shown_unit(self) -> str:
        return self.unit or self.value_type.unit

    def year_label(self, period: Period, offset: int) -> str:
        """«2023 г.» for a yearly form as the seed prints it; «июль 2024 г.» for the same month a year before."""
        if period.kind is PeriodKind.YEAR:
            return f"{period.year + offset} г."
        return Period(period.year + offset, period.kind, period.index).label

    def pair_rows(self) -> tuple[GridRow, ...]:
        """The rows of a «year pair» question; a single unnamed row when it has none."""
        return self.rows or (GridRow(SINGLE_ROW, ""),)

    def column(self, column_id: str) -> Column | None:
        return next((column for column in self.columns if column.id == column_id), None)

    def for_period(self, period: Period) -> Question:
        """The question worded for ``period``: its texts, detail, rows and columns with the years filled in
        (choice options are stored as answers, so they stay as written)."""
        return replace(
            self,
            text=with_years(self.text, period),
            hint=with_years(self.hint, period),
            detail=replace(self.detail, label=with_years(self.detail.label, period)) if self.detail else None,
            rows=tuple(replace(row, label=with_years(row.label, period)) for row in self.rows),
            columns=tuple(
                replace(column, title=with_years(column.title, period), hint=with_years(column.hint, period))
                for column in self.columns
            ),
        )


@dataclass(frozen=True)
class Section:
    """A heading with its questions and subsections, in printed order."""

    number: str
    title: str
    note: str = ""
    questions: tuple[Question, ...] = ()
    sections: tuple[Section, ...] = ()

    def for_period(self, period: Period) -> Section:
        return replace(
            self,
            title=with_years(self.title, period),
            note=with_years(self.note, period),
            questions=tuple(question.for_period(period) for question in self.questions),
            sections=tuple(section.for_period(period) for section in self.sections),
        )

    def all_questions(self) -> list[Question]:
        found = list(self.questions)
        for section in self.sections:
            found.extend(section.all_questions())
        return found


@dataclass(frozen=True)
class FormDefinition:
    id: str
    version: int
    title: str
    period_kind: PeriodKind
    sections: tuple[Section, ...]
    subtitle: str = ""
    description: str = ""
    source: str = ""
    rules: tuple[CrossRule, ...] = ()
    _by_id: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update({question.id: question for question in self.questions})

    @property
    def questions(self) -> list[Question]:
        """Every question of the form in printed order."""
        found: list[Question] = []
        for section in self.sections:
            found.extend(section.all_questions())
        return found

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def for_period(self, period: Period) -> FormDefinition:
        """The form worded for ``period``: «в {year} году» reads «в 2025 году» on screen, on paper and in Excel.
        Ids, kinds and the version stay, so answers and templates are those of the same form."""
        return replace(
            self,
            title=with_years(self.title, period),
            subtitle=with_years(self.subtitle, period),
            description=with_years(self.description, period),
            sections=tuple(section.for_period(period) for section in self.sections),
            _by_id={},  # a lookup of its own: the original's must keep the original questions
        )

    @property
    def indicator_codes(self) -> list[str]:
        return [q.indicator_code for q in self.questions if q.kind is QuestionKind.INDICATOR]

    def accepts(self, period: Period) -> bool:
        return period.kind is self.period_kind


@dataclass(frozen=True)
class IndicatorInfo:
    """What a form shows beside an ``indicator`` question: the catalogue's name, unit, kind and plan."""

    code: str
    name: str
    unit: str
    kind: str
    cumulative: bool = False
    plan_text: str = ""
    plan: float | None = None

    @property
    def needs_ratio(self) -> bool:
        """Percentages and rates are entered as numerator and denominator and computed."""
        return self.kind in ("percentage", "rate_per_1000", "population_share")

    @property
    def shown_unit(self) -> str:
        """The unit as the kind has it: a percentage is «%» whatever the catalogue's text says."""
        return shown_unit(self.kind, self.unit)

    @property
    def plan_shown(self) -> str:
        """The plan spelt as every value is («75,0 %»); the plan's own text only when it is not a number."""
        if self.plan is None:
            return self.plan_text
        return format_value(self.plan, self.kind, self.unit, with_unit=True)

    def value_text(self, value: float | None) -> str:
        """A fact of this indicator as every screen and report spells it; «» for None."""
        return format_value(value, self.kind, self.unit, with_unit=True)
