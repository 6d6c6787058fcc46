"""Plain data of a plan import: what the preview shows and what applying it did. No ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.indicators import Direction, IndicatorKind, IndicatorState
from desktop_app.plan_import import ImportedAct, ImportProblem


class Change(StrEnum):
    """What importing does to one section, block or measure."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return {"new": "новое", "changed": "изменено", "unchanged": "без изменений"}[self.value]


@dataclass(frozen=True)
class ImportOptions:
    """Choices the user makes before applying; None means «as found in the file»."""

    target_program_id: str | None = None
    title: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    level: str | None = None
    # how executors report; None keeps an existing program's procedure (a new one gets the default)
    reporting: ReportingProcedure | None = None


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class MeasurePreview:
    number: str
    name: str
    location: str
    change: Change
    fields: tuple[FieldChange, ...]
    existing_id: str | None
    executors: tuple[str, ...]  # as they will be linked, lead first; new organisations included


@dataclass(frozen=True)
class BlockPreview:
    number: str
    title: str
    location: str
    change: Change
    fields: tuple[FieldChange, ...]
    existing_id: str | None
    measures: tuple[MeasurePreview, ...]


@dataclass(frozen=True)
class SectionPreview:
    number: str
    title: str
    location: str
    change: Change
    fields: tuple[FieldChange, ...]
    existing_id: str | None
    blocks: tuple[BlockPreview, ...]


@dataclass(frozen=True)
class MissingMeasure:
    """A measure of the program that the file does not have; it is left as it is, never deleted."""

    id: str
    block_number: str
    number: str
    name: str


@dataclass(frozen=True)
class NewOrganisation:
    """An executor named in the plan but not in the directory; added unconfirmed."""

    name: str
    full_name: str


@dataclass(frozen=True)
class KeyIndicatorPreview:
    """A key indicator of the plan: new ones become catalogue drafts, ones already there stay untouched."""

    code: str
    name: str
    kind: str
    unit: str
    direction: str
    target_text: str
    location: str
    change: Change
    existing_id: str | None = None
    state: str = IndicatorState.DRAFT.value  # of the catalogue row, for one already there

    @property
    def description(self) -> str:
        """«доля населения, %, снижение, цель −25 %» for a list line."""
        parts = [IndicatorKind.of(self.kind).label, self.unit, Direction.of(self.direction).label]
        if self.target_text:
            parts.append(f"цель {self.target_text}")
        return ", ".join(part for part in parts if part)

    @property
    def status(self) -> str:
        if self.change is Change.NEW:
            return "будет добавлен в каталог как черновик"
        return f"уже в каталоге ({IndicatorState.of(self.state).label})"


@dataclass(frozen=True)
class Counts:
    new: int = 0
    changed: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged}


def count(changes: list[Change]) -> Counts:
    return Counts(changes.count(Change.NEW), changes.count(Change.CHANGED), changes.count(Change.UNCHANGED))


PreviewItem = SectionPreview | BlockPreview | MeasurePreview


@dataclass(frozen=True)
class PlanImportPreview:
    """Everything applying the import would do, computed without writing anything."""

    source: str
    options: ImportOptions
    program_id: str | None
    program_title: str
    period_start: date | None
    period_end: date | None
    sections: tuple[SectionPreview, ...]
    loose_blocks: tuple[BlockPreview, ...]
    new_organisations: tuple[NewOrganisation, ...]
    missing_measures: tuple[MissingMeasure, ...]
    problems: tuple[ImportProblem, ...]
    reporting: ReportingProcedure  # what the program will have after the import
    current_reporting: ReportingProcedure | None = None  # what an existing program has now
    act: ImportedAct | None = None  # the approving act as read from the file
    act_changes: tuple[FieldChange, ...] = ()  # what it changes in an existing program's act
    key_indicators: tuple[KeyIndicatorPreview, ...] = ()
    warnings: tuple[ImportProblem, ...] = ()  # read, but to be checked by the user

    @property
    def reporting_changed(self) -> bool:
        return self.current_reporting is not None and self.reporting != self.current_reporting

    @property
    def is_new_program(self) -> bool:
        return self.program_id is None

    @property
    def needs_period(self) -> bool:
        """True when a new program would be created but the file names no period: ask the user."""
        return self.is_new_program and (self.period_start is None or self.period_end is None)

    @property
    def blocks(self) -> list[BlockPreview]:
        return [*self.loose_blocks, *(block for section in self.sections for block in section.blocks)]

    @property
    def measures(self) -> list[MeasurePreview]:
        return [measure for block in self.blocks for measure in block.measures]

    @property
    def section_counts(self) -> Counts:
        return count([section.change for section in self.sections])

    @property
    def block_counts(self) -> Counts:
        return count([block.change for block in self.blocks])

    @property
    def measure_counts(self) -> Counts:
        return count([measure.change for measure in self.measures])

    @property
    def items(self) -> list[PreviewItem]:
        return [*self.sections, *self.blocks, *self.measures]

    @property
    def has_changes(self) -> bool:
        if self.is_new_program or self.reporting_changed or self.act_changes:
            return True
        if any(indicator.change is Change.NEW for indicator in self.key_indicators):
            return True
        return any(item.change is not Change.UNCHANGED for item in self.items)

    @property
    def fingerprint(self) -> tuple[Any, ...]:
        """What applying depends on: if the database no longer gives the same, the preview is stale."""
        items = tuple((item.change, item.existing_id, item.fields) for item in self.items)
        indicators = tuple((i.change, i.existing_id, i.code) for i in self.key_indicators)
        return (
            self.program_id,
            items,
            tuple(org.name for org in self.new_organisations),
            self.current_reporting,
            self.act_changes,
            indicators,
        )

    def summary(self) -> dict[str, Any]:
        """A JSON-ready account: counts, changed fields, new organisations, missing measures, problems."""
        changed = [
            {
                "kind": _KINDS[type(item)],
                "number": item.number,
                "title": item.name if isinstance(item, MeasurePreview) else item.title,
                "location": item.location,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in item.fields],
            }
            for item in self.items
            if item.change is Change.CHANGED
        ]
        return {
            "file": self.source,
            "program": {"id": self.program_id, "title": self.program_title, "new": self.is_new_program},
            "period": {
                "start": self.period_start.isoformat() if self.period_start else None,
                "end": self.period_end.isoformat() if self.period_end else None,
            },
            "reporting": {
                "period": self.reporting.period_kind.value,
                "working_days_after": self.reporting.working_days_after,
                "year_end_date": self.reporting.year_end_code() or None,
                "summary": self.reporting.summary,
                "changed": self.reporting_changed,
            },
            "sections": self.section_counts.as_dict(),
            "blocks": self.block_counts.as_dict(),
            "measures": self.measure_counts.as_dict(),
            "changes": changed,
            "new_organisations": [{"name": org.name, "full_name": org.full_name} for org in self.new_organisations],
            "missing_measures": [
                {"id": m.id, "block": m.block_number, "number": m.number, "name": m.name} for m in self.missing_measures
            ],
            "problems": [{"location": p.location, "reason": p.reason} for p in self.problems],
            "act": _act_summary(self.act, self.act_changes),
            "key_indicators": [
                {
                    "code": i.code,
                    "name": i.name,
                    "kind": i.kind,
                    "unit": i.unit,
                    "direction": i.direction,
                    "target": i.target_text,
                    "location": i.location,
                    "change": i.change.value,
                    "state": i.state,
                    "id": i.existing_id,
                }
                for i in self.key_indicators
            ],
            "warnings": [{"location": w.location, "reason": w.reason} for w in self.warnings],
        }


_KINDS = {SectionPreview: "section", BlockPreview: "block", MeasurePreview: "measure"}


def _act_summary(act: ImportedAct | None, changes: tuple[FieldChange, ...]) -> dict[str, Any] | None:
    if act is None:
        return None
    return {
        "body": act.body,
        "kind": act.kind,
        "number": act.number,
        "date": act.date.isoformat() if act.date else None,
        "label": act.label,
        "text": act.text,
        "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in changes],
    }


@dataclass(frozen=True)
class ApplyResult:
    """What the import wrote, in one transaction."""

    program_id: str
    program_title: str
    created_program: bool
    sections: Counts
    blocks: Counts
    measures: Counts
    organisations_added: tuple[str, ...]
    missing_measures: int
    problems: int
    reporting: str = ""
    key_indicators_added: tuple[str, ...] = ()  # codes of the drafts added to the catalogue
