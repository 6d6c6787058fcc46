"""Importing an approved plan (Word or Excel) into the measure registry: preview first, then apply.

``preview_plan_import`` reads only: it says which sections, blocks and measures are new, changed (field
by field) or unchanged, which executors will be added to the directory unconfirmed, and which measures
of the program the file lacks (they are kept, never deleted). ``apply_plan_import`` recomputes the same
comparison inside one transaction and writes it — all or nothing, every change through the ORM so the
audit trail records it.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.domain.actor import Actor
from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.errors import NotFound, UserError, ValidationError
from desktop_app.domain.roles import Permission
from desktop_app.domain.text import collapse_spaces, search_key
from desktop_app.plan_import import ImportedPlan, deadline_warnings
from desktop_app.services.ownership import program_owner, require_own
from desktop_app.services.plan_import_catalogue import (
    act_changes,
    apply_act,
    key_indicator_preview,
    match_key_indicators,
    write_key_indicators,
)
from desktop_app.services.plan_import_data import (
    ApplyResult,
    BlockPreview,
    Change,
    Counts,
    FieldChange,
    ImportOptions,
    KeyIndicatorPreview,
    MeasurePreview,
    MissingMeasure,
    NewOrganisation,
    PlanImportPreview,
    SectionPreview,
)
from desktop_app.services.plan_import_match import (
    BlockMatch,
    Directory,
    SectionMatch,
    add_organisations,
    block_preview,
    match_blocks,
    match_sections,
    missing_measures,
    reposition,
    section_preview,
    write_block,
)
from desktop_app.services.reporting_procedure import procedure_of, store_procedure
from desktop_app.storage.database import Database
from desktop_app.storage.models import Program, ProgramBlock, ProgramSection

__all__ = [
    "ApplyResult",
    "BlockPreview",
    "Change",
    "Counts",
    "FieldChange",
    "ImportOptions",
    "KeyIndicatorPreview",
    "MeasurePreview",
    "MissingMeasure",
    "NewOrganisation",
    "PlanImportPreview",
    "SectionPreview",
    "apply_plan_import",
    "preview_plan_import",
]

_MUNICIPAL = re.compile(r"муниципальн|округ|район|город|поселени")
_REGIONAL = re.compile(r"област|кра[йяе]\b|республик|автономн")


def preview_plan_import(
    db: Database, actor: Actor, plan: ImportedPlan, options: ImportOptions | None = None
) -> PlanImportPreview:
    """What importing ``plan`` would do, computed in a read-only session; nothing is written."""
    actor.require(Permission.VIEW_DATA)
    with db.reading() as session:
        return _Comparison(session, plan, options or ImportOptions()).preview()


def apply_plan_import(
    db: Database, actor: Actor, plan: ImportedPlan, preview_or_options: PlanImportPreview | ImportOptions | None = None
) -> ApplyResult:
    """Write the import in one transaction. Given the preview the user saw, refuse if the database has
    changed since (another user edited the program): the user must see what is applied."""
    if not (actor.can(Permission.MANAGE_REFERENCE_DATA) or actor.can(Permission.EDIT_DATA)):
        actor.require(Permission.EDIT_DATA)
    seen = preview_or_options if isinstance(preview_or_options, PlanImportPreview) else None
    options = seen.options if seen is not None else (preview_or_options or ImportOptions())
    assert isinstance(options, ImportOptions)
    with db.transaction(actor) as session:
        comparison = _Comparison(session, plan, options)
        preview = comparison.preview()
        if preview.program_id is not None:  # into a program already here: only its owner changes it
            require_own(session, program_owner(session, preview.program_id), "Программа, в которую загружается план,")
        if seen is not None and seen.fingerprint != preview.fingerprint:
            raise UserError("Данные программы изменились после предварительного просмотра; откройте просмотр заново.")
        return comparison.apply(preview)


def guess_level(title: str) -> str:
    """«municipal» for a district's program, «regional» for a region's, from the words of its title."""
    key = search_key(title)
    if _MUNICIPAL.search(key):
        return "municipal"
    return "regional" if _REGIONAL.search(key) else "municipal"


class _Comparison:
    def __init__(self, session: Session, plan: ImportedPlan, options: ImportOptions) -> None:
        self.session = session
        self.plan = plan
        self.options = options
        self.title = collapse_spaces(options.title or plan.title)
        self.directory = Directory(session, plan)
        self.program = self._find_program()
        stored_sections = list(self.program.sections) if self.program is not None else []
        stored_loose = [b for b in self.program.blocks if b.section_id is None] if self.program is not None else []
        self.sections, self.lost_sections = match_sections(self.directory, plan.sections, stored_sections)
        self.loose, self.lost_loose = match_blocks(self.directory, plan.loose_blocks, stored_loose)
        self.key_indicators = match_key_indicators(self.program, plan.key_indicators)
        self.act_changes = act_changes(self.program, plan.act)

    def _find_program(self) -> Program | None:
        if self.options.target_program_id:
            program = self.session.get(Program, self.options.target_program_id)
            if program is None:
                raise NotFound("Программа, в которую выбран импорт, не найдена: её могли удалить.")
            return program
        wanted = search_key(self.title)
        for program in self.session.scalars(select(Program).order_by(Program.created_at)):
            if wanted in {search_key(program.title), search_key(program.short_title)}:
                return program
        return None

    def _block_matches(self) -> list[BlockMatch]:
        return [*self.loose, *(block for section in self.sections for block in section.blocks)]

    def _missing(self) -> list[MissingMeasure]:
        missing: list[MissingMeasure] = []
        for match in self._block_matches():
            if match.existing is not None:
                missing.extend(missing_measures(match.existing, match.unmatched))
        lost_blocks = [*self.lost_loose, *(b for s in self.sections for b in s.unmatched)]
        lost_blocks.extend(b for s in self.lost_sections for b in s.blocks)
        for block in lost_blocks:
            missing.extend(missing_measures(block, block.measures))
        return missing

    def period(self) -> tuple[date | None, date | None]:
        if self.program is not None:
            return self.program.period_start, self.program.period_end
        return (self.options.period_start or self.plan.period_start, self.options.period_end or self.plan.period_end)

    def preview(self) -> PlanImportPreview:
        start, end = self.period()
        return PlanImportPreview(
            source=self.plan.source,
            options=self.options,
            program_id=self.program.id if self.program is not None else None,
            program_title=self.program.title if self.program is not None else self.title,
            period_start=start,
            period_end=end,
            sections=tuple(section_preview(match) for match in self.sections),
            loose_blocks=tuple(block_preview(match) for match in self.loose),
            new_organisations=tuple(self.directory.new.values()),
            missing_measures=tuple(self._missing()),
            problems=self.plan.problems,
            reporting=self.reporting(),
            current_reporting=procedure_of(self.program) if self.program is not None else None,
            act=self.plan.act,
            act_changes=tuple(self.act_changes),
            key_indicators=tuple(key_indicator_preview(match) for match in self.key_indicators),
            warnings=(*self.plan.warnings, *deadline_warnings(self.plan, start, end)),
        )

    def reporting(self) -> ReportingProcedure:
        if self.options.reporting is not None:
            return self.options.reporting
        return procedure_of(self.program) if self.program is not None else ReportingProcedure()

    def apply(self, preview: PlanImportPreview) -> ApplyResult:
        created = self.program is None
        program = self.program if self.program is not None else self._create_program()
        if not created and preview.reporting_changed:
            store_procedure(program, preview.reporting)
        if created:
            apply_act(program, self.plan.act)
        else:
            apply_act(program, self.plan.act, {change.field for change in self.act_changes})
        indicators_added = write_key_indicators(self.session, program, self.key_indicators)
        added = add_organisations(self.session, self.directory)
        blocks: list[ProgramBlock] = [write_block(self.session, program, None, m, added) for m in self.loose]
        sections: list[ProgramSection] = []
        for match in self.sections:
            section = self._write_section(program, match)
            sections.append(section)
            blocks.extend(write_block(self.session, program, section, m, added) for m in match.blocks)
        # file order first, then what the file lacks in its old order; rows already in place are not touched
        reposition(sections + self.lost_sections)
        if created:
            reposition(blocks)
        else:
            kept = {id(block) for block in blocks}
            reposition(blocks + [b for b in program.blocks if id(b) not in kept])
        self.session.flush()
        return ApplyResult(
            program_id=program.id,
            program_title=program.title,
            created_program=created,
            sections=preview.section_counts,
            blocks=preview.block_counts,
            measures=preview.measure_counts,
            organisations_added=tuple(org.name for org in preview.new_organisations),
            missing_measures=len(preview.missing_measures),
            problems=len(preview.problems),
            reporting=preview.reporting.summary,
            key_indicators_added=tuple(indicators_added),
        )

    def _create_program(self) -> Program:
        start, end = self.period()
        if start is None or end is None:
            raise ValidationError(
                "В файле не указан срок реализации программы: укажите начало и окончание срока.",
                {"period_start": "Укажите начало срока.", "period_end": "Укажите окончание срока."},
            )
        if end < start:
            raise ValidationError("Окончание срока программы раньше его начала.", {"period_end": "Раньше начала."})
        program = Program(
            title=self.title,
            level=self.options.level or guess_level(self.title),
            period_start=start,
            period_end=end,
            strategic_goal=self.plan.strategic_goal,
        )
        store_procedure(program, self.reporting())
        self.session.add(program)
        self.session.flush()
        return program

    def _write_section(self, program: Program, match: SectionMatch) -> ProgramSection:
        imported = match.imported
        if match.existing is None:
            section = ProgramSection(
                program_id=program.id,
                number=imported.number,
                title=imported.title,
                goal=imported.goal,
                tasks=list(imported.tasks),
            )
            self.session.add(section)
            self.session.flush()
            return section
        for change in match.fields:
            value: object = list(imported.tasks) if change.field == "tasks" else change.new
            setattr(match.existing, change.field, value)
        return match.existing
