"""One family in full, as the card shows it: adults, profile, steps, placements, documents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.family_pipeline import FamilyStage
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.storage.models import ChildPlacement, FamilyDocument, FamilyStep, ResourceFamily


@dataclass(frozen=True)
class StepView:
    id: str
    stage: FamilyStage
    on_date: date
    done_by: str
    reason: str
    notes: str


@dataclass(frozen=True)
class PlacementView:
    id: str
    child_code: str
    child_birth_date: date
    child_sex: str
    start_date: date
    end_date: date | None
    separation_reason: str
    legal_form: str
    outcome: str
    notes: str
    row_version: int

    @property
    def is_ongoing(self) -> bool:
        return self.end_date is None


@dataclass(frozen=True)
class FamilyDocumentView:
    id: str
    title: str
    kind: str
    number: str
    doc_date: date | None
    file_name: str
    size: int


@dataclass(frozen=True)
class FamilyCard:
    id: str
    code: str
    stage: FamilyStage
    status_since: date | None
    status_reason: str
    entry: FamilyInput  # the editable part; members and address blank when personal data is hidden
    personal_shown: bool
    placed_now: int
    steps: tuple[StepView, ...]
    placements: tuple[PlacementView, ...]
    documents: tuple[FamilyDocumentView, ...]
    row_version: int

    @property
    def name(self) -> str:
        return self.entry.display_name if self.personal_shown else self.code

    @property
    def last_step_date(self) -> date | None:
        return self.steps[-1].on_date if self.steps else None


def family_card(family: ResourceFamily, personal: bool) -> FamilyCard:
    members = tuple(MemberInput(m.full_name, m.birth_date, m.relation, m.phone, m.email, m.id) for m in family.members)
    entry = FamilyInput(
        municipality=family.municipality,
        members=members if personal else (),
        address=family.address if personal else "",
        household=family.household,
        housing=family.housing,
        capacity=family.capacity_children,
        age_from_months=family.age_from_months,
        age_to_months=family.age_to_months,
        accepts_disability=family.accepts_disability,
        accepts_siblings=family.accepts_siblings,
        shpr_certificate=family.shpr_certificate,
        shpr_date=family.shpr_date,
        conclusion_number=family.conclusion_number,
        conclusion_date=family.conclusion_date,
        supervisor=family.supervisor,
        notes=family.notes,
    )
    return FamilyCard(
        id=family.id,
        code=family.code,
        stage=FamilyStage.read(family.status),
        status_since=family.status_since,
        status_reason=family.status_reason,
        entry=entry,
        personal_shown=personal,
        placed_now=family.placed_now,
        steps=tuple(_step(step) for step in family.steps),
        placements=tuple(placement_view(p) for p in family.placements),
        documents=tuple(_document(d) for d in family.documents),
        row_version=family.row_version,
    )


def _step(step: FamilyStep) -> StepView:
    return StepView(step.id, FamilyStage.read(step.stage), step.on_date, step.done_by, step.reason, step.notes)


def placement_view(p: ChildPlacement) -> PlacementView:
    return PlacementView(
        p.id,
        p.child_code,
        p.child_birth_date,
        p.child_sex,
        p.start_date,
        p.end_date,
        p.separation_reason,
        p.legal_form,
        p.outcome,
        p.notes,
        p.row_version,
    )


def _document(d: FamilyDocument) -> FamilyDocumentView:
    return FamilyDocumentView(d.id, d.title, d.kind, d.doc_number, d.doc_date, d.file_name, d.size)
