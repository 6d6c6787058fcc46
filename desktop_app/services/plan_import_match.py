"""Pairing an imported plan with the registry and writing the difference: one engine for preview and apply.

Sections, blocks and measures are paired within their parent: first by number and name together, then
by number alone in order, then by name alone — so two measures both printed «8.» still pair with their
own rows and a second import of the same file finds everything unchanged. Texts are compared with
spaces and line breaks collapsed: re-flowing a cell in Word is not a change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.program_definition import OrganisationDef
from desktop_app.domain.text import collapse_spaces, search_key
from desktop_app.plan_import import ImportedBlock, ImportedMeasure, ImportedPlan, ImportedSection
from desktop_app.services.organisations import find_or_add_organisation
from desktop_app.services.plan_import_data import (
    BlockPreview,
    Change,
    FieldChange,
    MeasurePreview,
    MissingMeasure,
    NewOrganisation,
    SectionPreview,
)
from desktop_app.services.program_store import add_measure, refresh_schedule, refresh_search_key, set_executors
from desktop_app.storage.models import Measure, Organisation, Program, ProgramBlock, ProgramSection

FIELD_LABELS = {
    "number": "Номер",
    "name": "Наименование",
    "title": "Наименование",
    "deadline_text": "Срок реализации",
    "executors_text": "Ответственные исполнители",
    "document_type": "Вид документа",
    "expected_result": "Ожидаемый результат",
    "goal": "Цель",
    "tasks": "Задачи",
}
MEASURE_FIELDS = ("number", "name", "deadline_text", "executors_text", "document_type", "expected_result")
_TRAILING_BRACKETS = re.compile(r"\s*\([^()]*\)\s*$")


def number_key(number: str) -> str:
    """«2 .», «2.» and «2» are one number; «III.» and «III» one block."""
    return re.sub(r"[\s.]", "", search_key(number))


def same_text(old: str, new: str) -> bool:
    return collapse_spaces(old) == collapse_spaces(new)


def _same_both(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a == b


def _same_number(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return bool(a[0]) and a[0] == b[0]


def _same_name(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return bool(a[1]) and a[1] == b[1]


def pair_up(items: Sequence[tuple[str, str]], existing: Sequence[tuple[str, str]]) -> list[int | None]:
    """For each (number key, name key) of ``items``, the index of its partner in ``existing`` or None.

    Three passes, each in file order: number and name, name alone, number alone. The name comes before
    the number so that a measure inserted mid-block (renumbering the ones after it) is new, and the
    renumbered ones keep their reports; the number alone then pairs a measure whose wording was edited.
    """
    partners: list[int | None] = [None] * len(items)
    taken: set[int] = set()
    for same in (_same_both, _same_name, _same_number):
        for i, item in enumerate(items):
            if partners[i] is not None:
                continue
            for j, candidate in enumerate(existing):
                if j not in taken and same(item, candidate):
                    partners[i] = j
                    taken.add(j)
                    break
    return partners


@dataclass(frozen=True)
class Executor:
    """An executor as it will be linked: an organisation of the directory, or one to be added."""

    display: str
    organisation_id: str | None = None
    new_key: str | None = None


class Directory:
    """The organisation directory as the plan's executor names find it."""

    def __init__(self, session: Session, plan: ImportedPlan) -> None:
        self.plan = plan
        self.by_key: dict[str, Organisation] = {}
        self.by_id: dict[str, Organisation] = {}
        for organisation in session.scalars(select(Organisation).order_by(Organisation.created_at)):
            self.by_id[organisation.id] = organisation
            for name in (organisation.short_name, organisation.full_name):
                if name:
                    self.by_key.setdefault(search_key(name), organisation)
        self.new: dict[str, NewOrganisation] = {}

    def lookup(self, name: str) -> Organisation | None:
        candidates = [name, _TRAILING_BRACKETS.sub("", name), self.plan.full_name_of(name)]
        for candidate in candidates:
            found = self.by_key.get(search_key(candidate)) if candidate else None
            if found is not None:
                return found
        return None

    def resolve(self, names: Sequence[str]) -> list[Executor]:
        """Executors for the split names; pieces a comma wrongly split («Отдел культуры, туризма …») are
        joined again when the joined name is in the directory."""
        result: list[Executor] = []
        i = 0
        while i < len(names):
            for j in range(len(names), i + 1, -1):
                joined = self.lookup(", ".join(names[i:j]))
                if joined is not None:
                    result.append(self._known(joined))
                    i = j
                    break
            else:
                known = self.lookup(names[i])
                result.append(self._known(known) if known is not None else self._new(names[i]))
                i += 1
        unique: dict[str, Executor] = {}
        for executor in result:
            unique.setdefault(executor.organisation_id or executor.new_key or "", executor)
        return list(unique.values())

    def linked(self, measure: Measure) -> list[Executor]:
        """The measure's executors as stored: kept when the file's executors cell is unchanged."""
        return [self._known(self.by_id[link.organisation_id]) for link in measure.executors]

    def _known(self, organisation: Organisation) -> Executor:
        return Executor(organisation.short_name or organisation.full_name, organisation_id=organisation.id)

    def _new(self, name: str) -> Executor:
        key = search_key(name)
        if key not in self.new:
            self.new[key] = NewOrganisation(name, self.plan.full_name_of(name) or name)
        return Executor(self.new[key].name, new_key=key)


@dataclass
class MeasureMatch:
    imported: ImportedMeasure
    existing: Measure | None
    executors: list[Executor]
    fields: list[FieldChange]


@dataclass
class BlockMatch:
    imported: ImportedBlock
    existing: ProgramBlock | None
    fields: list[FieldChange]
    measures: list[MeasureMatch] = field(default_factory=list)
    unmatched: list[Measure] = field(default_factory=list)


@dataclass
class SectionMatch:
    imported: ImportedSection
    existing: ProgramSection | None
    fields: list[FieldChange]
    blocks: list[BlockMatch] = field(default_factory=list)
    unmatched: list[ProgramBlock] = field(default_factory=list)


def _change(existing: object | None, fields: Sequence[FieldChange]) -> Change:
    if existing is None:
        return Change.NEW
    return Change.CHANGED if fields else Change.UNCHANGED


def _diff(pairs: Sequence[tuple[str, str, str]]) -> list[FieldChange]:
    """(field, old, new) → the fields whose text really differs."""
    return [FieldChange(name, FIELD_LABELS[name], old, new) for name, old, new in pairs if not same_text(old, new)]


def measure_fields(imported: ImportedMeasure, existing: Measure) -> list[FieldChange]:
    return _diff(
        [
            (name, str(getattr(existing, name)), str(getattr(imported, name)))
            for name in MEASURE_FIELDS
            if name not in imported.absent_fields
        ]
    )


def block_fields(imported: ImportedBlock, existing: ProgramBlock) -> list[FieldChange]:
    pairs = [("number", existing.number, imported.number), ("title", existing.title, imported.title)]
    if imported.expected_result:  # a block row without its result leaves the stored one alone
        pairs.append(("expected_result", existing.expected_result, imported.expected_result))
    return _diff(pairs)


def section_fields(imported: ImportedSection, existing: ProgramSection) -> list[FieldChange]:
    pairs = [("number", existing.number, imported.number), ("title", existing.title, imported.title)]
    if imported.goal:
        pairs.append(("goal", existing.goal, imported.goal))
    if imported.tasks:
        pairs.append(("tasks", "\n".join(existing.tasks), "\n".join(imported.tasks)))
    return _diff(pairs)


def match_blocks(
    directory: Directory, imported: Sequence[ImportedBlock], existing: Sequence[ProgramBlock]
) -> tuple[list[BlockMatch], list[ProgramBlock]]:
    partners = pair_up(
        [(number_key(b.number), search_key(b.title)) for b in imported],
        [(number_key(b.number), search_key(b.title)) for b in existing],
    )
    matches: list[BlockMatch] = []
    for block, partner in zip(imported, partners, strict=True):
        stored = existing[partner] if partner is not None else None
        match = BlockMatch(block, stored, block_fields(block, stored) if stored is not None else [])
        stored_measures = list(stored.measures) if stored is not None else []
        measure_partners = pair_up(
            [(number_key(m.number), search_key(m.name)) for m in block.measures],
            [(number_key(m.number), search_key(m.name)) for m in stored_measures],
        )
        for measure, measure_partner in zip(block.measures, measure_partners, strict=True):
            stored_measure = stored_measures[measure_partner] if measure_partner is not None else None
            if stored_measure is None:
                fields, executors = [], directory.resolve(measure.executor_names)
            else:
                fields = measure_fields(measure, stored_measure)
                rewritten = any(change.field == "executors_text" for change in fields)
                # only executors that will be linked may add organisations to the directory
                executors = directory.resolve(measure.executor_names) if rewritten else directory.linked(stored_measure)
            match.measures.append(MeasureMatch(measure, stored_measure, executors, fields))
        used = {id(m.existing) for m in match.measures}
        match.unmatched = [m for m in stored_measures if id(m) not in used]
        matches.append(match)
    used_blocks = {id(m.existing) for m in matches}
    return matches, [b for b in existing if id(b) not in used_blocks]


def match_sections(
    directory: Directory, imported: Sequence[ImportedSection], existing: Sequence[ProgramSection]
) -> tuple[list[SectionMatch], list[ProgramSection]]:
    partners = pair_up(
        [(number_key(s.number), search_key(s.title)) for s in imported],
        [(number_key(s.number), search_key(s.title)) for s in existing],
    )
    matches: list[SectionMatch] = []
    for section, partner in zip(imported, partners, strict=True):
        stored = existing[partner] if partner is not None else None
        match = SectionMatch(section, stored, section_fields(section, stored) if stored is not None else [])
        match.blocks, match.unmatched = match_blocks(directory, section.blocks, stored.blocks if stored else [])
        matches.append(match)
    used = {id(m.existing) for m in matches}
    return matches, [s for s in existing if id(s) not in used]


# --- preview ------------------------------------------------------------------------------------------------


def block_preview(match: BlockMatch) -> BlockPreview:
    block = match.imported
    measures = tuple(
        MeasurePreview(
            number=m.imported.number,
            name=m.imported.name,
            location=m.imported.location,
            change=_change(m.existing, m.fields),
            fields=tuple(m.fields),
            existing_id=m.existing.id if m.existing is not None else None,
            executors=tuple(executor.display for executor in m.executors),
        )
        for m in match.measures
    )
    return BlockPreview(
        block.number,
        block.title,
        block.location,
        _change(match.existing, match.fields),
        tuple(match.fields),
        match.existing.id if match.existing is not None else None,
        measures,
    )


def section_preview(match: SectionMatch) -> SectionPreview:
    section = match.imported
    return SectionPreview(
        section.number,
        section.title,
        section.location,
        _change(match.existing, match.fields),
        tuple(match.fields),
        match.existing.id if match.existing is not None else None,
        tuple(block_preview(block) for block in match.blocks),
    )


def missing_measures(block: ProgramBlock, measures: Sequence[Measure]) -> list[MissingMeasure]:
    return [MissingMeasure(m.id, block.number, m.number, m.name) for m in measures]


# --- writing ------------------------------------------------------------------------------------------------


def add_organisations(session: Session, directory: Directory) -> dict[str, str]:
    """Add the executors the directory lacks, unconfirmed; their search key → new organisation id."""
    added: dict[str, str] = {}
    for key, new in directory.new.items():
        short = new.name if new.full_name != new.name else ""
        definition = OrganisationDef(key=key, full_name=new.full_name, short_name=short, department="")
        added[key] = find_or_add_organisation(session, definition, confirmed=False).id
    return added


def executor_ids(executors: Sequence[Executor], added: dict[str, str]) -> list[str]:
    return [executor.organisation_id or added[executor.new_key or ""] for executor in executors]


def write_block(
    session: Session, program: Program, section: ProgramSection | None, match: BlockMatch, added: dict[str, str]
) -> ProgramBlock:
    """Create or update the block and its measures; measures the file lacks keep their rows."""
    imported = match.imported
    block = match.existing
    if block is None:
        block = ProgramBlock(
            program_id=program.id,
            section_id=section.id if section is not None else None,
            number=imported.number,
            title=imported.title,
            expected_result=imported.expected_result,
        )
        session.add(block)
        session.flush()
    else:
        for change in match.fields:
            setattr(block, change.field, change.new)
    renumbered = any(change.field == "number" for change in match.fields)
    ordered: list[Measure] = []
    for position, measure_match in enumerate(match.measures):
        ordered.append(write_measure(session, block, measure_match, added, position))
    for measure in [*ordered, *match.unmatched]:
        if renumbered:
            refresh_search_key(measure, block)
    reposition(ordered + match.unmatched)
    return block


def write_measure(
    session: Session, block: ProgramBlock, match: MeasureMatch, added: dict[str, str], position: int
) -> Measure:
    imported = match.imported
    if match.existing is None:
        return add_measure(
            session,
            block,
            number=imported.number,
            name=imported.name,
            deadline_text=imported.deadline_text,
            executors_text=imported.executors_text,
            document_type=imported.document_type,
            expected_result=imported.expected_result,
            position=position,
            executor_ids=executor_ids(match.executors, added),
        )
    measure = match.existing
    changed = {change.field for change in match.fields}
    for change in match.fields:
        setattr(measure, change.field, change.new)
    if changed & {"number", "name"}:
        refresh_search_key(measure, block)
    if "deadline_text" in changed:
        refresh_schedule(measure)
    if "executors_text" in changed:
        set_executors(session, measure, executor_ids(match.executors, added))
    return measure


def reposition(rows: Sequence[Measure | ProgramBlock | ProgramSection]) -> None:
    """Positions follow the file's order, rows the file lacks after them; unchanged rows are not touched."""
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
