"""Importing a list of family support cases from Excel: preview first, then write all new cases in one go.

``preview_case_import`` reads only: each row will be created, cannot be read (its problems, each with its column),
or duplicates a case — the same family name (in search form) and identification date — already in the register
or in an earlier row of the same file; duplicates are skipped, with a note naming the case or the row.
``apply_case_import`` recomputes the preview inside one transaction, refuses if it no longer matches what the
user saw, and writes every new case or none. The cases are written as CaseEditing writes them (its
``_write_entry`` and ``_add_stage``), after the same domain checks (CaseInput.checked, check_assessment,
check_stage, made row by row in case_import.rows), so a loaded case's history is one a user could have typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.case_import import (
    CaseKey,
    CaseMapping,
    CaseRowOutcome,
    CaseRowProblem,
    CellIssue,
    FamilySheet,
    ReadCase,
    read_case_rows,
)
from desktop_app.domain.actor import Actor
from desktop_app.domain.case_rules import StageInput
from desktop_app.domain.case_terms import CaseStage
from desktop_app.domain.errors import UserError
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.services.case_editing import CODE_PREFIX, _add_stage, _write_entry, next_code
from desktop_app.services.list_import_preview import ListImportPreview
from desktop_app.storage.base import new_uuid
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyCase

FLUSH_EVERY = 500  # cases per flush


class CaseRowState(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return {"new": "новый случай", "duplicate": "уже в реестре — пропускается", "problem": "не прочитана"}[
            self.value
        ]


@dataclass(frozen=True)
class CasePreviewRow:
    number: int  # the row in the sheet
    state: CaseRowState
    name: str  # the family as the register will show it (or what the row says)
    category: str  # the category's label
    stage: str  # the stage the case will be at
    detail: str  # the row's problems, or what it duplicates
    issues: tuple[CellIssue, ...] = ()  # for a problem: each with its column
    duplicate_of: str = ""  # the register's case code, or «строка N» of an earlier row


@dataclass(frozen=True)
class CaseImportPreview(ListImportPreview[CaseRowState, CasePreviewRow, CaseMapping]):
    def summary(self) -> dict[str, Any]:
        """A JSON-ready account: counts, then the duplicates and the problems with their rows and columns."""
        return self.summary_head(CaseRowState.NEW) | {
            "duplicates": [
                {"row": row.number, "of": row.duplicate_of, "detail": row.detail}
                for row in self.rows
                if row.state is CaseRowState.DUPLICATE
            ],
            "problems": [
                {"row": row.number, "column": issue.column, "reason": issue.reason}
                for row in self.rows
                if row.state is CaseRowState.PROBLEM
                for issue in row.issues
            ],
        }


@dataclass(frozen=True)
class CaseImportResult:
    codes: tuple[str, ...]  # of the cases created, in file order
    duplicates: int
    problems: int

    @property
    def created(self) -> int:
        return len(self.codes)


def preview_case_import(
    db: Database, actor: Actor, sheet: FamilySheet, mapping: CaseMapping, today: date | None = None
) -> CaseImportPreview:
    """What importing ``sheet`` through ``mapping`` would do, computed in a read-only session."""
    _require(actor)
    today = today or date.today()
    outcomes = read_case_rows(sheet, mapping, today, actor.full_name)
    with db.reading() as session:
        return _preview(session, sheet, mapping, today, outcomes)


def apply_case_import(db: Database, actor: Actor, sheet: FamilySheet, preview: CaseImportPreview) -> CaseImportResult:
    """Write every new row of ``preview`` in one transaction; refuse when the register changed since."""
    _require(actor)
    outcomes = read_case_rows(sheet, preview.mapping, preview.today, actor.full_name)
    read = {outcome.number: outcome for outcome in outcomes if isinstance(outcome, ReadCase)}
    # BEGIN IMMEDIATE: the write lock before the last code is read, as CaseEditing.create takes it
    with db.transaction(actor, immediate=True) as session:
        current = _preview(session, sheet, preview.mapping, preview.today, outcomes)
        if current.fingerprint != preview.fingerprint:
            raise UserError(
                "Реестр случаев изменился после предварительного просмотра (случаи добавил или изменил другой "
                "пользователь); нажмите «Проверить» ещё раз."
            )
        start = int(current.first_code[len(CODE_PREFIX) :])
        codes: list[str] = []
        chosen = [read[row.number] for row in current.rows if row.state is CaseRowState.NEW]
        for offset, case in enumerate(chosen):
            code = f"{CODE_PREFIX}{start + offset:04d}"
            _write_case(session, code, case, actor)
            codes.append(code)
            if (offset + 1) % FLUSH_EVERY == 0:
                session.flush()
        session.flush()
    return CaseImportResult(tuple(codes), current.count(CaseRowState.DUPLICATE), current.count(CaseRowState.PROBLEM))


def _require(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)  # the list and its preview name the adults


def _write_case(session: Session, code: str, case: ReadCase, actor: Actor) -> None:
    """One case as CaseEditing.create, then set_assessment and record_stage would leave it."""
    entry = case.entry
    assert entry.category is not None and entry.identified_on is not None
    # the id is given now, not at flush, so the adults', children's and stages' rows name their case at once
    row = FamilyCase(id=new_uuid(), code=code, display_name=entry.name, category=entry.category.value)
    row.identified_on = entry.identified_on
    session.add(row)
    _write_entry(row, entry)
    done_by = case.curator or actor.full_name
    _add_stage(row, StageInput(CaseStage.IDENTIFIED, entry.identified_on, done_by))
    if (assessment := case.assessment) is not None:
        assert assessment.level is not None
        row.support_level = assessment.level.value
        row.assessed_on = assessment.assessed_on
        row.next_review_on = assessment.next_review_on
    for step in case.stages:
        _add_stage(row, step)
        if step.next_review_on is not None:
            row.next_review_on = step.next_review_on
    if case.curator:
        row.curator = case.curator


def _preview(
    session: Session, sheet: FamilySheet, mapping: CaseMapping, today: date, outcomes: list[CaseRowOutcome]
) -> CaseImportPreview:
    registered = _registered_cases(session)
    earlier: dict[CaseKey, int] = {}
    rows: list[CasePreviewRow] = []
    for outcome in outcomes:
        if isinstance(outcome, CaseRowProblem):
            rows.append(
                CasePreviewRow(
                    outcome.number, CaseRowState.PROBLEM, outcome.name, "", "", outcome.reason, outcome.issues
                )
            )
            continue
        entry, key = outcome.entry, outcome.key
        assert entry.category is not None
        when = format_date(key[1])
        if (code := registered.get(key)) is not None:
            state, of, detail = CaseRowState.DUPLICATE, code, f"{entry.name}, выявлена {when} — уже в реестре, {code}"
        elif (first := earlier.get(key)) is not None:
            of = f"строка {first}"
            state, detail = CaseRowState.DUPLICATE, f"{entry.name}, выявлена {when} — уже в строке {first} этого файла"
        else:
            state, of, detail = CaseRowState.NEW, "", ""
            earlier[key] = outcome.number
        rows.append(
            CasePreviewRow(outcome.number, state, entry.name, entry.category.label, outcome.stage.label, detail, (), of)
        )
    return CaseImportPreview.of(sheet, mapping, today, next_code(session), rows)


def _registered_cases(session: Session) -> dict[CaseKey, str]:
    """Every case of the register under the key a row is compared by → its code (the first, by code)."""
    found: dict[CaseKey, str] = {}
    query = select(FamilyCase.display_name, FamilyCase.identified_on, FamilyCase.code).order_by(FamilyCase.code)
    for name, identified, code in session.execute(query):
        found.setdefault((search_key(name), identified), code)
    return found
