"""Importing a list of resource families from Excel: preview first, then write the chosen rows in one go.

``preview_family_import`` reads only: each row of the list will be created, cannot be read (with the
reason), or is a possible duplicate — one of its adults (same name in search form and birth date) is
already in the register or in an earlier row of the same file. Duplicates are written only when the
user picks them. ``apply_family_import`` recomputes the preview inside one transaction, refuses if it
no longer matches what the user saw, and writes all chosen families or none.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import search_key
from desktop_app.family_import import (
    AdultKey,
    ColumnMapping,
    FamilySheet,
    ReadFamily,
    RowOutcome,
    RowProblem,
    read_rows,
)
from desktop_app.services.family_editing import CODE_PREFIX, _add_step, _write_entry, next_code
from desktop_app.services.list_import_preview import ListImportPreview
from desktop_app.storage.base import new_uuid
from desktop_app.storage.database import Database
from desktop_app.storage.models import FamilyMember, ResourceFamily

FLUSH_EVERY = 500  # families per flush: the session need not hold 20 000 families' rows at once


class RowState(StrEnum):
    NEW = "new"
    DUPLICATE = "duplicate"
    PROBLEM = "problem"

    @property
    def label(self) -> str:
        return {"new": "новая", "duplicate": "возможный дубликат", "problem": "не прочитана"}[self.value]


@dataclass(frozen=True)
class PreviewRow:
    number: int  # the row in the sheet
    state: RowState
    name: str  # the adults' short names as the register will show them (or what the row says)
    municipality: str
    stage: str  # the first stage's label
    detail: str  # why the row cannot be read, or what it may duplicate
    duplicate_of: tuple[str, ...] = ()  # codes of register families and «строка N» of earlier rows


@dataclass(frozen=True)
class FamilyImportPreview(ListImportPreview[RowState, PreviewRow, ColumnMapping]):
    def summary(self) -> dict[str, Any]:
        """A JSON-ready account: counts, then the duplicates and the problems with their rows."""
        return self.summary_head(RowState.NEW) | {
            "duplicates": self.count(RowState.DUPLICATE),
            "problems": [
                {"row": row.number, "reason": row.detail} for row in self.rows if row.state is RowState.PROBLEM
            ],
            "duplicate_rows": [
                {"row": row.number, "name": row.name, "of": list(row.duplicate_of), "detail": row.detail}
                for row in self.rows
                if row.state is RowState.DUPLICATE
            ],
        }


@dataclass(frozen=True)
class FamilyImportResult:
    """What the import wrote, in one transaction."""

    codes: tuple[str, ...]  # of the families created, in file order
    duplicates_taken: int
    duplicates_left: int
    problems: int

    @property
    def created(self) -> int:
        return len(self.codes)


def preview_family_import(
    db: Database, actor: Actor, sheet: FamilySheet, mapping: ColumnMapping, today: date | None = None
) -> FamilyImportPreview:
    """What importing ``sheet`` through ``mapping`` would do, computed in a read-only session."""
    _require(actor)
    today = today or date.today()
    outcomes = read_rows(sheet, mapping, today, actor.full_name)
    with db.reading() as session:
        return _preview(session, sheet, mapping, today, outcomes)


def apply_family_import(
    db: Database,
    actor: Actor,
    sheet: FamilySheet,
    preview: FamilyImportPreview,
    include_duplicates: Collection[int] = (),
) -> FamilyImportResult:
    """Write the new rows and the duplicates the user picked (by row number) in one transaction; refuse when
    the register changed since ``preview`` or a picked row is not a possible duplicate."""
    _require(actor)
    outcomes = read_rows(sheet, preview.mapping, preview.today, actor.full_name)
    families = {outcome.number: outcome for outcome in outcomes if isinstance(outcome, ReadFamily)}
    duplicates = {row.number for row in preview.rows if row.state is RowState.DUPLICATE}
    if wrong := sorted(set(include_duplicates) - duplicates):
        raise ValidationError(
            f"Строка {wrong[0]} не отмечена как возможный дубликат: отдельно выбрать можно только такие строки."
        )
    with db.transaction(actor) as session:
        current = _preview(session, sheet, preview.mapping, preview.today, outcomes)
        if current.fingerprint != preview.fingerprint:
            raise UserError(
                "Реестр семей изменился после предварительного просмотра (их добавил или изменил другой "
                "пользователь); нажмите «Проверить» ещё раз."
            )
        chosen = [
            families[row.number]
            for row in current.rows
            if row.state is RowState.NEW or (row.state is RowState.DUPLICATE and row.number in include_duplicates)
        ]
        start = int(current.first_code[len(CODE_PREFIX) :])
        codes: list[str] = []
        for offset, family in enumerate(chosen):
            code = f"{CODE_PREFIX}{start + offset:04d}"
            # the id is given now, not at flush, so the adults' and the step's rows name their family at once
            row = ResourceFamily(id=new_uuid(), code=code, display_name=family.entry.display_name)
            session.add(row)
            _write_entry(session, row, family.entry)
            _add_step(row, family.step)
            codes.append(code)
            if (offset + 1) % FLUSH_EVERY == 0:
                session.flush()
        session.flush()
    taken = len(set(include_duplicates))
    return FamilyImportResult(
        codes=tuple(codes),
        duplicates_taken=taken,
        duplicates_left=len(duplicates) - taken,
        problems=current.count(RowState.PROBLEM),
    )


def _require(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)  # the list and its preview name the adults


def _preview(
    session: Session,
    sheet: FamilySheet,
    mapping: ColumnMapping,
    today: date,
    outcomes: list[RowOutcome],
) -> FamilyImportPreview:
    registered = _registered_adults(session)
    earlier: dict[AdultKey, int] = {}
    rows: list[PreviewRow] = []
    for outcome in outcomes:
        if isinstance(outcome, RowProblem):
            rows.append(PreviewRow(outcome.number, RowState.PROBLEM, outcome.name, "", "", outcome.reason))
            continue
        entry = outcome.entry
        of: list[str] = []
        details: list[str] = []
        for member, key in zip(entry.members, outcome.adults, strict=True):
            who = f"{member.full_name}, {format_date(member.birth_date)}"
            for code in registered.get(key, ()):
                if code not in of:
                    of.append(code)
                    details.append(f"{who} — уже в реестре, семья {code}")
            if (first := earlier.get(key)) is not None and f"строка {first}" not in of:
                of.append(f"строка {first}")
                details.append(f"{who} — уже в строке {first} этого файла")
        for key in outcome.adults:
            earlier.setdefault(key, outcome.number)
        rows.append(
            PreviewRow(
                number=outcome.number,
                state=RowState.DUPLICATE if of else RowState.NEW,
                name=entry.display_name,
                municipality=entry.municipality,
                stage=outcome.step.stage.label,
                detail="; ".join(details),
                duplicate_of=tuple(of),
            )
        )
    return FamilyImportPreview.of(sheet, mapping, today, next_code(session), rows)


def _registered_adults(session: Session) -> dict[AdultKey, list[str]]:
    """Every adult of the register under the key a list's adult is compared by → codes of their families."""
    query = (
        select(FamilyMember.full_name, FamilyMember.birth_date, ResourceFamily.code)
        .join(ResourceFamily, FamilyMember.family_id == ResourceFamily.id)
        .where(FamilyMember.birth_date.is_not(None))
        .order_by(ResourceFamily.code)
    )
    found: dict[AdultKey, list[str]] = {}
    for name, birth, code in session.execute(query):
        if birth is not None:
            found.setdefault((search_key(name), birth), []).append(code)
    return found
