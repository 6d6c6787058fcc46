"""The built-in demo: a district installation of Плесецкий муниципальный округ with its real program.

The program comes from resources/demo/plesetsk_program.json (transcribed from the approved act);
families and indicator values come from resources/demo/demo_data.json and are marked as demo data.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_data, demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.errors import UserError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.placements import PlacementInput
from desktop_app.domain.roles import InstallationKind
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    ExecutionReport,
    Indicator,
    IndicatorValue,
    Measure,
    ProgramBlock,
    ReportDocument,
    ResourceFamily,
)
from desktop_app.storage.territory import own_territory

DEMO_COMMENT = "Демонстрационные данные"


@dataclass(frozen=True)
class DemoResult:
    login: str
    password: str
    district: str
    program_title: str
    measures: int
    indicators: int
    families: int


def generate_demo_password() -> str:
    """A fresh random password for the demo user: 6 letters and 4 digits, nothing easy to confuse."""
    letters = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(6))
    digits = "".join(secrets.choice("23456789") for _ in range(4))
    return f"{letters}-{digits}"


def create_demo(paths: DataPaths) -> tuple[Database, DemoResult]:
    """Create the demo installation in ``paths`` (which must hold no database yet)."""
    program = demo_program()
    data = demo_data()
    install = data["installation"]
    user_data = data["demo_user"]
    office = next((org for org in program.organisations if org.key == install["organisation_key"]), None)
    if office is None:
        raise UserError("Демонстрационные данные повреждены: не найдена организация установки.")
    password = generate_demo_password()

    def fill(db: Database) -> None:  # before the database takes its name: a demo cut short leaves none
        with db.transaction(SYSTEM_ACTOR) as session:
            store_program(session, program, territory=install["district"])
            _store_values(session, data["indicator_values"], install["district"])
            _store_reports(session, data, AttachmentStore(paths.attachments))
        _store_families(db, AttachmentStore(paths.attachments), data["families"], install["district"])

    # The demo user is the installation's administrator, so every screen can be tried out.
    db = create_installation(
        paths,
        SetupRequest(
            kind=InstallationKind(install["kind"]),
            region_code=install["region_code"],
            district_name=install["district"],
            organisation_name=office.full_name,
            admin_login=user_data["login"],
            admin_full_name=user_data["full_name"],
            admin_password=password,
            admin_position=user_data.get("position", ""),
        ),
        demo=True,
        fill=fill,
    )
    result = DemoResult(
        login=user_data["login"],
        password=password,
        district=install["district"],
        program_title=program.title,
        measures=len(program.measures),
        indicators=len(program.indicators),
        families=len(data["families"]),
    )
    return db, result


def _store_families(db: Database, store: AttachmentStore, families: list[dict[str, Any]], municipality: str) -> int:
    """Enter the demo families the way a specialist would: through the register's service and its rules."""
    editing = FamilyEditing(db, store)
    for item in families:
        members = tuple(
            MemberInput(m["full_name"], date.fromisoformat(m["birth_date"]), m["relation"], m["phone"])
            for m in item["members"]
        )
        entry = FamilyInput(
            municipality=municipality,
            members=members,
            address=item["address"],
            household=item.get("household", ""),
            housing=item.get("housing", ""),
            capacity=item["capacity_children"],
            age_to_months=item.get("age_to_months", 47),
            accepts_disability=item["accepts_disability"],
            accepts_siblings=item["accepts_siblings"],
            shpr_certificate=item.get("shpr_certificate", ""),
            shpr_date=_optional_date(item.get("shpr_date")),
            conclusion_number=item.get("conclusion_number", ""),
            conclusion_date=_optional_date(item.get("conclusion_date")),
            supervisor=item.get("supervisor", ""),
            notes=DEMO_COMMENT,
        )
        done_by = item.get("supervisor", "")
        (first, *rest) = [StepInput(FamilyStage(stage), date.fromisoformat(on), done_by) for stage, on in item["steps"]]
        family = editing.create(SYSTEM_ACTOR, entry, first)
        for step in rest:
            editing.record_step(SYSTEM_ACTOR, family.id, step)
        for placed in item.get("placements", []):
            placement = editing.place_child(
                SYSTEM_ACTOR,
                family.id,
                PlacementInput(
                    placed["code"],
                    date.fromisoformat(placed["birth_date"]),
                    placed["sex"],
                    date.fromisoformat(placed["start"]),
                    placed["legal_form"],
                    placed.get("reason", ""),
                ),
            )
            if placed.get("end"):
                editing.end_placement(
                    SYSTEM_ACTOR,
                    placement.id,
                    date.fromisoformat(placed["end"]),
                    placed["outcome"],
                    placement.row_version,
                )
    with db.transaction(SYSTEM_ACTOR) as session:
        for family_row in session.scalars(select(ResourceFamily)):
            family_row.is_demo = True
    return len(families)


def _optional_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _store_values(session: Any, values: list[dict[str, Any]], territory: str) -> None:
    indicators = {ind.code: ind for ind in session.scalars(select(Indicator))}
    for item in values:
        session.add(
            IndicatorValue(
                indicator_id=indicators[item["code"]].id,
                period=item["period"],
                territory=territory,
                value=item["value"],
                numerator=item.get("numerator"),
                denominator=item.get("denominator"),
                comment=DEMO_COMMENT,
                source="entered",
                status="draft",
                is_demo=True,
            )
        )


def _store_reports(session: Any, data: dict[str, Any], store: AttachmentStore) -> None:
    """Execution reports of the demo: the II half-year 2025 approved, the I half-year 2026 partly reported."""
    measures = {
        f"{block.number}{measure.number}": measure
        for measure, block in session.execute(select(Measure, ProgramBlock).join(ProgramBlock))
    }
    reporter = data["demo_user"]["full_name"]
    approver = data["approver"]["full_name"]
    for item in data["execution_reports"]:
        period = Period.parse(item["period"])
        reported_at = datetime.combine(period.end + timedelta(days=2), time(10), tzinfo=UTC)
        report = ExecutionReport(
            measure_id=measures[item["measure"]].id,
            period=period.code,
            territory=own_territory(session),
            status=item["status"],
            done_text=item["done_text"],
            quantity=item.get("quantity"),
            notes=DEMO_COMMENT,
            reported_by=reporter,
            reported_at=reported_at,
            approved_by=approver if item["approved"] else "",
            approved_at=reported_at + timedelta(days=10) if item["approved"] else None,
        )
        for position, document in enumerate(item.get("documents", [])):
            file_name = f"{document['title']} № {document['number']}.txt"
            text = f"Демонстрационная копия документа «{document['title']}» № {document['number']}.\n{DEMO_COMMENT}\n"
            stored = store.store_bytes(text.encode("utf-8"), file_name)
            report.documents.append(
                ReportDocument(
                    sha256=stored.sha256,
                    file_name=file_name,
                    size=stored.size,
                    title=document["title"],
                    kind=document["kind"],
                    doc_number=document["number"],
                    doc_date=date.fromisoformat(document["date"]),
                    position=position,
                )
            )
        session.add(report)
