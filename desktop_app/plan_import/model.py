"""An approved plan as read from a file: sections → blocks → measures, plus what could not be read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.program_definition import act_label
from desktop_app.domain.text import search_key

# Measure fields a plan table may lack; a field missing from the table is left as it is on re-import.
OPTIONAL_FIELDS = ("deadline_text", "executors_text", "document_type", "expected_result")


@dataclass(frozen=True)
class ImportProblem:
    """A row or table that could not be read: where it is («таблица 2, строка 7») and why, in Russian."""

    location: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass(frozen=True)
class ImportedMeasure:
    number: str
    name: str
    deadline_text: str
    executors_text: str
    executor_names: tuple[str, ...]
    document_type: str
    expected_result: str
    location: str
    # Fields whose column the table does not have (e.g. «document_type»): not known, not empty.
    absent_fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ImportedBlock:
    """A block (I, II …); ``implicit`` marks the unnamed block made for measures that precede any heading."""

    number: str
    title: str
    expected_result: str
    measures: tuple[ImportedMeasure, ...]
    location: str
    implicit: bool = False


@dataclass(frozen=True)
class ImportedSection:
    number: str
    title: str
    goal: str
    tasks: tuple[str, ...]
    blocks: tuple[ImportedBlock, ...]
    location: str


@dataclass(frozen=True)
class ImportedAct:
    """The act that approved the plan, as its «УТВЕРЖДЕН…» stamp prints it; an unread part is "" or None."""

    body: str
    kind: str
    number: str
    date: date | None
    text: str  # the stamp's own words, shown beside what was read from them
    location: str

    @property
    def label(self) -> str:
        """«протокол от 25.07.2023 № 7 (комиссия по делам несовершеннолетних …)», as the registry shows an act."""
        return act_label(self.kind, self.body, self.date, self.number)


@dataclass(frozen=True)
class ImportedKeyIndicator:
    """A key target indicator of the plan's preamble, read as a catalogue draft for the user to confirm.

    ``kind``/``direction`` are IndicatorKind/Direction values; ``target_text`` is the promised change as
    printed («−25 %»): the plan gives no absolute value, so none is invented.
    """

    code: str
    name: str
    kind: str
    unit: str
    direction: str
    target_text: str
    text: str
    location: str


@dataclass(frozen=True)
class ImportedPlan:
    """The whole plan. Blocks of a plan without sections (seed 002 style) are in ``loose_blocks``."""

    source: str
    title: str
    title_found: bool
    period_text: str
    period_start: date | None
    period_end: date | None
    strategic_goal: str
    sections: tuple[ImportedSection, ...]
    loose_blocks: tuple[ImportedBlock, ...]
    abbreviations: tuple[tuple[str, str], ...]
    problems: tuple[ImportProblem, ...]
    act: ImportedAct | None = None
    key_indicators: tuple[ImportedKeyIndicator, ...] = ()
    # What was read but may be read wrongly: the user checks it in the preview before applying.
    warnings: tuple[ImportProblem, ...] = ()

    @property
    def blocks(self) -> list[ImportedBlock]:
        """Every block in file order: loose ones first (they precede any section), then by section."""
        return [*self.loose_blocks, *(block for section in self.sections for block in section.blocks)]

    @property
    def measures(self) -> list[ImportedMeasure]:
        return [measure for block in self.blocks for measure in block.measures]

    @property
    def executor_names(self) -> list[str]:
        """Distinct executor names in order of first appearance."""
        return list(dict.fromkeys(name for measure in self.measures for name in measure.executor_names))

    def full_name_of(self, short_name: str) -> str:
        """The full name the plan's list of abbreviations («Сокращения:») gives for ``short_name``, or ""."""
        wanted = search_key(short_name)
        for short, full in self.abbreviations:
            if search_key(short) == wanted:
                return full
        return ""
