"""What people do in the story, one function per action, each through the services a screen calls."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop_app.domain.actor import Actor
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.execution import ReportInput
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementInput
from desktop_app.domain.roles import Role
from desktop_app.services.indicator_entry import ValueChange
from desktop_app.services.program_store import store_program
from desktop_app.sync.batch import BatchRow, import_folder
from desktop_app.sync.import_preview import ImportPreview
from tests.scenario.inputs import H1, DistrictHalfYear, Family, Report, regional_program
from tests.scenario.offices import Office


@dataclass
class Staff:
    """Who signs in at an office: the head approves and sends, the specialist types."""

    head: Actor
    specialist: Actor


@dataclass
class Journal:
    """What happened on the way, for the checks: folder results and previews, by name."""

    folders: dict[str, list[BatchRow]] = field(default_factory=dict)
    previews: dict[str, ImportPreview] = field(default_factory=dict)
    bundles: dict[str, Path] = field(default_factory=dict)


def office_staff(office: Office, surname: str) -> Staff:
    head = office.hire("head", f"{surname}а Елена Викторовна", Role.HEAD, "Начальник отдела опеки и попечительства")
    specialist = office.hire("specialist", f"{surname}а Анна Сергеевна", Role.SPECIALIST, "Главный специалист")
    return Staff(head, specialist)


# ------------------------------------------------------------------------------------------------ the region
def region_approves_its_program(region: Office, coordinator: Actor) -> str:
    """The coordinator loads the program the regional government approved, with its plan values."""
    with region.db.transaction(coordinator) as session:
        program = store_program(session, regional_program())
        program_id = program.id
    return program_id


def region_sets_district_plan(region: Office, coordinator: Actor, district: str, code: str, value: float) -> None:
    """A district's own plan for the half-year, where the region agreed one that differs from the program's."""
    program_id = region.program_id(coordinator)
    sheet = region.entry.sheets.sheet(coordinator, program_id, H1, district)
    row = next(row for row in sheet.rows if row.code == code)
    region.entry.set_plan(coordinator, program_id, H1, district, row.indicator_id, value)


def region_sends_package(region: Office, coordinator: Actor, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    region.export.write(coordinator, path)
    return path


def region_imports_folder(region: Office, coordinator: Actor, folder: Path, files: list[Path]) -> list[BatchRow]:
    """The coordinator copies the files that came by mail into a folder and loads the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in files:
        shutil.copy2(file, folder / file.name)
    return import_folder(region.load, coordinator, folder)


# ---------------------------------------------------------------------------------------------- a district
def district_takes_package(district: Office, head: Actor, package: Path) -> ImportPreview:
    preview = district.load.preview(head, package)
    district.load.apply(head, preview)
    return preview


def district_reports_measure(
    district: Office, specialist: Actor, full_number: str, report: Report, scans: Path
) -> None:
    """The specialist opens the measure's card, writes what was done in the half-year and attaches a scan."""
    measure = next(row for row in district.registry.measures(specialist) if row.full_number == full_number)
    current = district.execution.report(specialist, measure.id, H1)
    entry = ReportInput(report.status, report.done_text, report.quantity)
    district.execution.save_report(specialist, measure.id, H1, entry, current.row_version if current else 0)
    if report.document:
        scans.mkdir(parents=True, exist_ok=True)
        scan = scans / f"{district.name} {report.document}.pdf"
        scan.write_bytes(f"%PDF-1.4 скан: {report.document}, {district.name}".encode())
        document = DocumentInput(report.document, "протокол", "3", date(2026, 6, 18))
        district.execution.attach_document(specialist, measure.id, H1, scan, document)


def district_registers_family(district: Office, specialist: Actor, family: Family) -> None:
    """The family goes its way step by step, each step entered on its own day; a child may be placed with it."""
    (first_stage, first_day), *rest = family.steps
    entry = FamilyInput(
        municipality=district.name,
        members=(MemberInput(f"{family.surname} Мария Ивановна", date(1987, 5, 14), "мать", "+7 900 123-45-67"),),
        address="ул. Ленина, 5",
        capacity=1,
        shpr_certificate="ШПР-12" if len(family.steps) >= 3 else "",
        conclusion_number="143" if len(family.steps) >= 5 else "",
        supervisor="Соколова",
    )
    card = district.families.create(
        specialist, entry, StepInput(FamilyStage(first_stage), first_day, "Соколова"), first_day
    )
    for stage, day in rest:
        district.families.record_step(specialist, card.id, StepInput(FamilyStage(stage), day, "Соколова"), day)
    if family.placement is not None:
        start, end, outcome = family.placement
        child = PlacementInput(
            f"Р-2026-{start.month:02d}{start.day:02d}", date(2025, 2, 3), "f", start, "preliminary", "болезнь матери"
        )
        placement = district.families.place_child(specialist, card.id, child, start)
        if end is not None:
            district.families.end_placement(specialist, placement.id, end, outcome, placement.row_version, today=end)


def district_enters_indicators(district: Office, actor: Actor, values: dict[str, float | tuple[int, int]]) -> None:
    """The half-year's values typed into the indicator grid and saved at once."""
    program_id = district.program_id(actor)
    sheet = district.entry.sheets.sheet(actor, program_id, H1, district.name)
    changes = []
    for row in sheet.rows:
        if row.code not in values:
            continue
        typed = values[row.code]
        if isinstance(typed, tuple):
            changes.append(
                ValueChange(
                    row.indicator_id, numerator=typed[0], denominator=typed[1], expected_version=row.row_version
                )
            )
        else:
            changes.append(ValueChange(row.indicator_id, value=typed, expected_version=row.row_version))
    district.entry.save(actor, program_id, H1, district.name, changes, reason="ввод за полугодие")


def district_fills_form(
    district: Office, actor: Actor, form_id: str, period: Period, answers: dict[str, object]
) -> None:
    state = district.forms.state(actor, form_id, period, district.name)
    district.forms.save(actor, state, {**state.answers, **answers})
    district.forms.submit(actor, form_id, period, district.name)


def district_enters_half_year(district: Office, staff: Staff, data: DistrictHalfYear, scans: Path) -> None:
    for family in data.families:
        district_registers_family(district, staff.specialist, family)
    for number, report in data.reports.items():
        district_reports_measure(district, staff.specialist, number, report, scans)
    district_enters_indicators(district, staff.specialist, data.values)


def district_head_approves_and_sends(district: Office, head: Actor, outbox: Path, name: str) -> Path:
    """The head approves the half-year's reports and writes the period's bundle for the region."""
    district.execution.approve_period(head, district.program_id(head), H1)
    outbox.mkdir(parents=True, exist_ok=True)
    path = outbox / name
    district.export.write(head, path, H1)
    return path
