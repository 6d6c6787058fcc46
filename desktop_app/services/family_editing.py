"""Changing the register: a family and its adults, its steps, placements of children, its documents.

Every write is one transaction through the audit hook; the rules themselves live in the domain
(family_pipeline, placements, family_record), so the GUI, the CLI and imports refuse the same things.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from desktop_app.domain import plural
from desktop_app.domain.actor import Actor
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import ConcurrentChange, NotFound, UserError
from desktop_app.domain.family_pipeline import FamilyStage, RegisterPapers, StepInput, check_step
from desktop_app.domain.family_record import FamilyInput
from desktop_app.domain.placements import FamilyLoad, Outcome, PlacementInput, check_end, check_placement
from desktop_app.domain.roles import Permission
from desktop_app.services.attachments import AttachmentStore, document_columns
from desktop_app.services.audit_log import AuditRow, audit_row, readable
from desktop_app.services.audit_text import Names
from desktop_app.services.family_card import FamilyCard, PlacementView, family_card, placement_view
from desktop_app.services.family_register import family_search_key, placed_now
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    ChildPlacement,
    FamilyDocument,
    FamilyMember,
    FamilyStep,
    ResourceFamily,
)

CODE_PREFIX = "РС-"
HISTORY_LIMIT = 500


class FamilyEditing:
    def __init__(self, db: Database, store: AttachmentStore) -> None:
        self._db = db
        self._store = store

    # ------------------------------------------------------------------------------------------- reading

    def card(self, actor: Actor, family_id: str) -> FamilyCard:
        actor.require(Permission.VIEW_DATA)
        with self._db.reading() as session:
            return family_card(_family(session, family_id), actor.can(Permission.VIEW_PERSONAL_DATA))

    def history(self, actor: Actor, family_id: str) -> list[AuditRow]:
        """The audit entries of the family and of everything hanging from it, newest first, in people's words
        (as the «Журнал» page shows them: no ids, codes or JSON)."""
        actor.require(Permission.VIEW_PERSONAL_DATA)  # old and new values name the adults
        with self._db.reading() as session:
            _family(session, family_id)
            pattern = f"%{family_id}%"
            query = (
                select(AuditEntry)
                .where(
                    or_(
                        AuditEntry.entity_id == family_id,
                        cast(AuditEntry.old_values, String).like(pattern),
                        cast(AuditEntry.new_values, String).like(pattern),
                    )
                )
                .order_by(AuditEntry.at.desc())
                .limit(HISTORY_LIMIT)
            )
            rows = [audit_row(entry) for entry in session.scalars(query)]
            names = Names(session, rows, {})
            return [readable(row, names, True, _no_form_question) for row in rows]

    # ------------------------------------------------------------------------------------------- writing

    def create(self, actor: Actor, entry: FamilyInput, first_step: StepInput, today: date | None = None) -> FamilyCard:
        """A new family with its first step (usually «кандидат»; a later one needs a reason, and so does entering
        the register without the ШПР certificate or the guardianship conclusion)."""
        _require_editor(actor)
        today = today or date.today()
        entry = entry.checked(today)
        step = check_step(None, None, first_step, today, entry.papers)
        with self._db.transaction(actor) as session:
            family = ResourceFamily(code=next_code(session), display_name=entry.display_name)
            session.add(family)
            session.flush()  # the family's id, so that its rows name it in the audit trail from the start
            _write_entry(session, family, entry)
            _add_step(family, step)
            session.flush()
            return family_card(family, True)

    def update(self, actor: Actor, family_id: str, entry: FamilyInput, expected_version: int) -> FamilyCard:
        _require_editor(actor)
        entry = entry.checked(date.today())
        with self._db.transaction(actor) as session:
            family = _family(session, family_id)
            _check_version(family.row_version, expected_version)
            _write_entry(session, family, entry)
            if not session.is_modified(family, include_collections=False) and (session.dirty or session.new):
                # Only the adults changed: the card's version still moves, so a card opened before this save
                # cannot write its older copy of them back, and a concurrent save of the card conflicts here.
                family.row_version += 1
            session.flush()
            return family_card(family, True)

    def record_step(self, actor: Actor, family_id: str, step: StepInput, today: date | None = None) -> FamilyCard:
        """The family's next step; a skipped or reversed step, or entering the register without the ШПР
        certificate or the guardianship conclusion, is refused without a reason (kept on the step and in the
        journal)."""
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            family = _family(session, family_id)
            last = family.steps[-1].on_date if family.steps else None
            papers = RegisterPapers.of(
                family.shpr_certificate, family.shpr_date, family.conclusion_number, family.conclusion_date
            )
            checked = check_step(FamilyStage.read(family.status), last, step, today or date.today(), papers)
            if checked.stage is FamilyStage.EXCLUDED and family.placed_now:
                children = plural.CHILD.count(family.placed_now)
                raise UserError(f"В семье сейчас {children}: завершите размещения, прежде чем исключать её.")
            _add_step(family, checked)
            session.flush()
            return family_card(family, True)

    def place_child(
        self, actor: Actor, family_id: str, entry: PlacementInput, today: date | None = None
    ) -> PlacementView:
        """Record a child placed with the family; refused when the family is full, not ready or the child is 4."""
        _require_editor(actor)
        today = today or date.today()
        with self._db.transaction(actor) as session:
            family = _family(session, family_id)
            load = FamilyLoad(
                FamilyStage.read(family.status),
                family.capacity_children,
                tuple((p.start_date, p.end_date) for p in family.placements),
            )
            checked = check_placement(entry, load, today)
            assert checked.child_birth_date is not None and checked.start_date is not None
            placement = ChildPlacement(
                family_id=family.id,
                child_code=checked.child_code,
                child_birth_date=checked.child_birth_date,
                child_sex=checked.child_sex,
                start_date=checked.start_date,
                separation_reason=checked.separation_reason,
                legal_form=checked.legal_form,
                outcome=Outcome.ONGOING.value,
                notes=checked.notes,
            )
            family.placements.append(placement)
            session.flush()
            family.placed_now = placed_now(session, family.id)
            if family.status == FamilyStage.IN_REGISTER.value:
                on = max(checked.start_date, family.status_since or checked.start_date)
                _add_step(family, StepInput(FamilyStage.ACTIVE, on, actor.full_name, notes="первое размещение ребёнка"))
            session.flush()
            return placement_view(placement)

    def end_placement(
        self,
        actor: Actor,
        placement_id: str,
        end: date | None,
        outcome: str,
        expected_version: int,
        notes: str = "",
        today: date | None = None,
    ) -> PlacementView:
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            placement = session.get(ChildPlacement, placement_id)
            if placement is None:
                raise NotFound("Размещение не найдено: возможно, его удалили. Обновите карточку семьи.")
            _check_version(placement.row_version, expected_version)
            if placement.end_date is not None:
                raise UserError("Это размещение уже завершено.")
            end_date, chosen = check_end(placement.start_date, end, outcome, today or date.today())
            placement.end_date = end_date
            placement.outcome = chosen.value
            if notes.strip():
                placement.notes = "\n".join(filter(None, [placement.notes, notes.strip()]))
            session.flush()
            family = _family(session, placement.family_id)
            family.placed_now = placed_now(session, family.id)
            session.flush()
            return placement_view(placement)

    def attach_document(self, actor: Actor, family_id: str, source: Path, document: DocumentInput) -> FamilyCard:
        _require_editor(actor)
        document = document.checked()
        stored = self._store.store(source)  # outside the transaction: an unused stored file harms nothing
        with self._db.transaction(actor) as session:
            family = _family(session, family_id)
            family.documents.append(FamilyDocument(family_id=family.id, **document_columns(stored, document)))
            session.flush()
            return family_card(family, True)

    def remove_document(self, actor: Actor, document_id: str) -> None:
        _require_editor(actor)
        with self._db.transaction(actor) as session:
            row = session.get(FamilyDocument, document_id)
            if row is None:
                raise NotFound("Документ уже удалён. Обновите карточку семьи.")
            session.delete(row)

    def document_file(self, actor: Actor, document_id: str, viewing_folder: Path) -> Path:
        actor.require(Permission.VIEW_PERSONAL_DATA)
        with self._db.reading() as session:
            row = session.get(FamilyDocument, document_id)
            if row is None:
                raise NotFound("Документ не найден: возможно, его удалили. Обновите карточку семьи.")
            sha256, file_name = row.sha256, row.file_name
        return self._store.copy_for_viewing(sha256, file_name, viewing_folder)


def _no_form_question(_form_id: str, _period: str, _question_id: str) -> str:
    # A family's history holds no form answers; the readable journal asks for a question's wording only for them.
    return "ответ на вопрос формы"


def _require_editor(actor: Actor) -> None:
    actor.require(Permission.EDIT_DATA)
    actor.require(Permission.VIEW_PERSONAL_DATA)


def _family(session: Session, family_id: str) -> ResourceFamily:
    family = session.get(ResourceFamily, family_id)
    if family is None:
        raise NotFound("Семья не найдена: возможно, её удалили. Обновите реестр.")
    return family


def _check_version(current: int, expected: int) -> None:
    if current != expected:
        raise ConcurrentChange(
            "Запись изменена другим пользователем, пока вы её редактировали. Обновите карточку и внесите правки снова."
        )


def next_code(session: Session) -> str:
    """«РС-0001», «РС-0002» …: one more than the largest number used so far."""
    codes = session.scalars(select(ResourceFamily.code).where(ResourceFamily.code.like(f"{CODE_PREFIX}%"))).all()
    numbers = [int(code[len(CODE_PREFIX) :]) for code in codes if code[len(CODE_PREFIX) :].isdigit()]
    return f"{CODE_PREFIX}{max(numbers, default=0) + 1:04d}"


def _write_entry(session: Session, family: ResourceFamily, entry: FamilyInput) -> None:
    """Copy the checked input onto the row, touching only what differs (so the audit shows real changes)."""
    values = {
        "display_name": entry.display_name,
        "municipality": entry.municipality,
        "address": entry.address,
        "household": entry.household,
        "housing": entry.housing,
        "capacity_children": entry.capacity,
        "age_from_months": entry.age_from_months,
        "age_to_months": entry.age_to_months,
        "accepts_disability": entry.accepts_disability,
        "accepts_siblings": entry.accepts_siblings,
        "shpr_certificate": entry.shpr_certificate,
        "shpr_date": entry.shpr_date,
        "conclusion_number": entry.conclusion_number,
        "conclusion_date": entry.conclusion_date,
        "supervisor": entry.supervisor,
        "notes": entry.notes,
    }
    for name, value in values.items():
        if getattr(family, name) != value:
            setattr(family, name, value)
    existing = {member.id: member for member in family.members}
    kept: list[FamilyMember] = []
    for position, member in enumerate(entry.members):
        row = existing.pop(member.id, None) if member.id else None
        if row is None:
            row = FamilyMember(family_id=family.id, full_name=member.full_name)
            family.members.append(row)
        for name, value in (
            ("full_name", member.full_name),
            ("birth_date", member.birth_date),
            ("relation", member.relation),
            ("phone", member.phone),
            ("email", member.email),
            ("position", position),
        ):
            if getattr(row, name) != value:
                setattr(row, name, value)
        kept.append(row)
    for gone in existing.values():
        family.members.remove(gone)
    key = family_search_key(family.code, [member.full_name for member in entry.members])
    if family.search_key != key:
        family.search_key = key


def _add_step(family: ResourceFamily, step: StepInput) -> None:
    assert step.on_date is not None
    family.steps.append(
        FamilyStep(
            family_id=family.id,
            stage=step.stage.value,
            on_date=step.on_date,
            done_by=step.done_by,
            reason=step.reason,
            notes=step.notes,
        )
    )
    family.status = step.stage.value
    family.status_since = step.on_date
    family.status_reason = step.reason
