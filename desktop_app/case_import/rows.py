"""Rows of a case list → cases checked by the case's own rules (CaseInput.checked, check_assessment, check_stage),
or the problems of the row, each with its column.

What a row becomes, in the case's history (the stages the card shows):
- «выявление» on the identification date (as a case typed in by hand);
- with a level of support: the assessment (level, date of the assessment — the list's, or the identification date
  when the list has none — and the next review — the list's, or the term the level calls for), and the stage
  «оценка» on the assessment's date;
- with a later stage in the list: that stage, dated by the list's «дата этапа», or the day of loading when the
  list has none (said in the stage's notes), with the reason «внесено из списка …» for the stages skipped;
- the curator's name on the case (the register's and the caseload's «куратор»); the team with its organisations
  is chosen in the card, so no stage «команда» is recorded for it.
A case «снят с сопровождения» is not loaded: closing needs an outcome, given in the card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from desktop_app.case_import.fields import FIELD_BY_KEY
from desktop_app.case_import.mapping import CaseMapping
from desktop_app.case_import.values import (
    ChildProblem,
    parse_case_stage,
    parse_category,
    parse_children,
    parse_level,
    parse_source,
)
from desktop_app.domain.case_record import AdultInput, CaseInput
from desktop_app.domain.case_rules import (
    NAME_LIMIT,
    WAY,
    AssessmentInput,
    CaseState,
    StageInput,
    check_assessment,
    check_stage,
    default_next_review,
    reason_needed,
)
from desktop_app.domain.case_terms import CaseStage, IdentificationSource
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.text import search_key
from desktop_app.family_import.reader import MAX_CELL_CHARS, FamilySheet, SheetRow
from desktop_app.family_import.values import CellProblem, parse_day

T = TypeVar("T")
CaseKey = tuple[str, date]  # search_key(the family's name), identification date: what makes a case a duplicate
NO_STAGE_DATE = "дата этапа в списке не указана: поставлена дата загрузки"


def imported_reason(source: str) -> str:
    """Why a loaded case skipped stages: it came from a list."""
    return f"внесено из списка {source}"


@dataclass(frozen=True)
class CellIssue:
    column: str  # the sheet's header of the column, "" for a problem of the row as a whole
    reason: str  # «дата выявления «31.02.2025» — нет такой даты»


@dataclass(frozen=True)
class CaseRowProblem:
    number: int
    name: str  # what the row calls the family, to show beside the reasons
    issues: tuple[CellIssue, ...]

    @property
    def reason(self) -> str:
        """«строка 7, столбец «Дата выявления»: дата выявления «31.02.2025» — нет такой даты; …»"""
        parts = [f"столбец «{issue.column}»: {issue.reason}" if issue.column else issue.reason for issue in self.issues]
        return f"строка {self.number}, " + "; ".join(parts)


@dataclass(frozen=True)
class ReadCase:
    """A row that makes a valid case, with its assessment and the stages after «выявление», all checked."""

    number: int
    entry: CaseInput
    assessment: AssessmentInput | None
    stages: tuple[StageInput, ...]
    curator: str

    @property
    def key(self) -> CaseKey:
        assert self.entry.identified_on is not None
        return search_key(self.entry.name), self.entry.identified_on

    @property
    def stage(self) -> CaseStage:
        return self.stages[-1].stage if self.stages else CaseStage.IDENTIFIED


CaseRowOutcome = ReadCase | CaseRowProblem


def read_case_rows(sheet: FamilySheet, mapping: CaseMapping, today: date, recorded_by: str) -> list[CaseRowOutcome]:
    """Every non-empty row as a case or its problems, in sheet order; ValidationError if the mapping does not fit.
    ``recorded_by`` is named as who did the stages when the row has no curator."""
    columns = mapping.resolve(sheet.headers)
    headers = {key: sheet.headers[index] for key, index in columns.items()}
    outcomes: list[CaseRowOutcome] = []
    for row in sheet.rows:
        cells = {key: row.cells[index].strip() for key, index in columns.items()}
        if any(cells.values()):
            outcomes.append(_RowReader(sheet.source, mapping, row, cells, headers).read(today, recorded_by))
    return outcomes


class _RowReader:
    def __init__(
        self, source: str, mapping: CaseMapping, row: SheetRow, cells: dict[str, str], headers: dict[str, str]
    ) -> None:
        self.source = source
        self.mapping = mapping
        self.number = row.number
        self.cells = cells
        self.headers = headers
        self.issues: list[CellIssue] = []
        self.slots: list[int] = []

    def text(self, key: str) -> str:
        return self.cells.get(key, "")

    def note(self, key: str, reason: str, quote: bool = True) -> None:
        """A problem of ``key``'s column: «<field> «<cell>» — <reason>» (the cell not quoted when asked)."""
        spec, text = FIELD_BY_KEY.get(key), self.text(key)
        if spec is not None and quote and text:
            reason = f"{spec.noun} «{text}» — {reason}"
        elif spec is not None:
            reason = f"{spec.noun} — {reason}"
        self.issues.append(CellIssue(self.headers.get(key, ""), reason))

    def value(self, key: str, parse: Callable[[str], T | None], default: T) -> T:
        try:
            parsed = parse(self.text(key))
        except ChildProblem as problem:  # never quote the children's cell: it may hold a name
            self.note(key, f"ребёнок {problem.position}: {problem.reason.rstrip('.')}", quote=False)
            return default
        except CellProblem as problem:
            self.note(key, problem.reason)
            return default
        return default if parsed is None else parsed

    def read(self, today: date, recorded_by: str) -> CaseRowOutcome:
        long = [key for key, text in self.cells.items() if len(text) > MAX_CELL_CHARS]
        for key in long:
            self.note(key, f"в ячейке больше {MAX_CELL_CHARS} знаков", quote=False)
        if long:
            return self.problem()
        source, detail = parse_source(self.text("source"))
        if not self.text("source"):
            detail = f"не указано в списке {self.source}"
        entry = CaseInput(
            municipality=self.text("municipality") or self.mapping.default_municipality,
            category=self.value("category", parse_category, None),
            source=source,
            identified_on=self.value("identified_on", parse_day, None),
            adults=self.adults(),
            children=self.value("children", parse_children, ()),
            display_name=self.text("family"),
            source_detail=detail if source is IdentificationSource.OTHER else "",
            address=self.text("address"),
            notes=self.text("notes"),
        )
        level = self.value("level", parse_level, None)
        assessed = self.value("assessed_on", parse_day, None)
        next_review = self.value("next_review", parse_day, None)
        stage = self.value("stage", parse_case_stage, None)
        stage_date = self.value("stage_date", parse_day, None)
        curator = " ".join(self.text("curator").split())
        if len(curator) > NAME_LIMIT:
            self.note("curator", f"не более {NAME_LIMIT} знаков", quote=False)
        if stage is CaseStage.CLOSED:
            self.note("stage", "снятые с сопровождения случаи не загружаются: исход и дату снятия укажите в карточке")
        if self.issues:
            return self.problem()
        try:
            checked = entry.checked(today)
        except ValidationError as exc:
            for key, message in exc.field_errors.items():
                self.explain(key, message)
            return self.problem()
        assert checked.identified_on is not None
        done_by = curator or recorded_by
        state = CaseState(CaseStage.IDENTIFIED, checked.identified_on, checked.identified_on)
        assessment: AssessmentInput | None = None
        stages: list[StageInput] = []
        prolonging = stage is CaseStage.PROLONGED
        if level is not None or assessed is not None or (next_review is not None and not prolonging):
            on = assessed or checked.identified_on
            review = next_review or (default_next_review(level, on) if level is not None else None)
            fields = {"level": "level", "assessed_on": "assessed_on", "next_review_on": "next_review"}
            try:
                assessment = check_assessment(AssessmentInput(level, on, review, done_by), checked.identified_on, today)
            except ValidationError as exc:
                return self.refused(exc, fields)
            note = imported_reason(self.source) + ("" if assessed else "; дата оценки — дата выявления")
            stages.append(StageInput(CaseStage.ASSESSMENT, on, done_by, "", note))
            state = CaseState(CaseStage.ASSESSMENT, on, checked.identified_on)
        if stage is not None and WAY.index(stage) > WAY.index(state.stage):
            notes = imported_reason(self.source) + ("" if stage_date else "; " + NO_STAGE_DATE)
            reason = imported_reason(self.source) if reason_needed(state.stage, stage) else ""
            step = StageInput(stage, stage_date or today, done_by, reason, notes, next_review if prolonging else None)
            fields = {"on_date": "stage_date" if stage_date else "stage", "next_review_on": "next_review"}
            try:
                stages.append(check_stage(state, step, today))
            except ValidationError as exc:
                return self.refused(exc, fields)
        return ReadCase(self.number, checked, assessment, tuple(stages), curator)

    def adults(self) -> tuple[AdultInput, ...]:
        adults: list[AdultInput] = []
        for number in (1, 2):
            prefix = f"adult{number}_"
            if not any(self.text(prefix + kind) for kind in ("name", "birth_date", "phone", "relation")):
                continue
            adults.append(
                AdultInput(
                    full_name=self.text(prefix + "name"),
                    birth_date=self.value(prefix + "birth_date", parse_day, None),
                    relation=self.text(prefix + "relation"),
                    phone=self.text(prefix + "phone"),
                )
            )
            self.slots.append(number)
        return tuple(adults)

    def explain(self, error_key: str, message: str) -> None:
        """A field error of CaseInput.checked, said of the column it came from."""
        reason = message[:1].lower() + message[1:].rstrip(".")
        parts = error_key.split(".")
        if parts[0] == "adults" and len(parts) == 3:
            kind = "name" if parts[2] == "full_name" else parts[2]
            self.note(f"adult{self.slots[int(parts[1])]}_{kind}", reason)
        elif parts[0] == "children" and len(parts) == 3:
            self.note("children", f"ребёнок {int(parts[1]) + 1}: {reason}", quote=False)
        else:
            key = _ENTRY_FIELDS.get(parts[0], parts[0])
            self.note(key, reason, quote=key != "children")

    def refused(self, exc: ValidationError, fields: dict[str, str]) -> CaseRowProblem:
        for key, message in exc.field_errors.items():
            self.note(fields.get(key, "stage"), message[:1].lower() + message[1:].rstrip("."))
        return self.problem()

    def name(self) -> str:
        return " ".join((self.text("family") or self.text("adult1_name") or self.text("adult2_name")).split())

    def problem(self) -> CaseRowProblem:
        return CaseRowProblem(self.number, self.name(), tuple(self.issues))


_ENTRY_FIELDS = {
    "adults": "adult1_name",
    "display_name": "family",
    "source_detail": "source",
    "identified_on": "identified_on",
}
