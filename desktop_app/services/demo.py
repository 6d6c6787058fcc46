"""The built-in demo: a district installation of Плесецкий муниципальный округ with its real program.

The program comes from resources/demo/plesetsk_program.json (transcribed from the approved act);
families, execution reports and indicator values come from resources/demo/demo_data.json and are marked as
demo data. The demo is built around the day it is made (see demo_timeline): it opens on the current
half-year, open and partly filled, with the half-years before it approved.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_data, demo_program
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import UserError
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period, PeriodKind, format_date
from desktop_app.domain.placements import PlacementInput
from desktop_app.domain.program_definition import ProgramDefinition
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.auth import NewUser, add_user
from desktop_app.services.demo_case_builder import DemoCases
from desktop_app.services.demo_cases import store_cases
from desktop_app.services.demo_records import (
    DEMO_COMMENT,
    DemoPeople,
    store_chain,
    store_reports,
    store_rules,
    store_values,
)
from desktop_app.services.demo_timeline import DemoTimeline
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.storage.models import ResourceFamily, User

__all__ = ["DEMO_COMMENT", "DemoAccount", "DemoResult", "create_demo", "generate_demo_password"]

MONTHLY_FORM = "resource-families-monthly"


@dataclass(frozen=True)
class DemoAccount:
    login: str
    password: str
    role: Role
    full_name: str


@dataclass(frozen=True)
class DemoResult:
    login: str  # the administrator's, who sees every screen
    password: str
    district: str
    program_title: str
    measures: int
    indicators: int
    families: int
    accounts: tuple[DemoAccount, ...] = ()
    current_period: Period | None = None
    shift_years: int = 0  # how far the program's years were moved from the approved act
    approving_act: str = ""
    cases: int = 0  # family support cases (services/demo_cases.py)


def generate_demo_password() -> str:
    """A fresh random password for a demo account: 6 letters and 4 digits, nothing easy to confuse."""
    letters = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz") for _ in range(6))
    digits = "".join(secrets.choice("23456789") for _ in range(4))
    return f"{letters}-{digits}"


def demo_timeline(today: date | None = None) -> DemoTimeline:
    """Where the demo's dates fall when it is made on ``today`` (the real date unless a test gives one)."""
    data = demo_data()
    return DemoTimeline(today or date.today(), date.fromisoformat(data["as_of"]), demo_program().period_end.year)


def create_demo(paths: DataPaths, today: date | None = None, *, encrypted: bool = False) -> tuple[Database, DemoResult]:
    """Create the demo installation in ``paths`` (which must hold no database yet), built around ``today``."""
    data = demo_data()
    timeline = demo_timeline(today)
    program = _shifted_program(timeline.shift_years)
    install = data["installation"]
    office = next((org for org in program.organisations if org.key == install["organisation_key"]), None)
    if office is None:
        raise UserError("Демонстрационные данные повреждены: не найдена организация установки.")
    accounts = [_account(item) for item in data["accounts"]]
    admin = next(account for account in accounts if account.role is Role.ADMIN)
    admin_data = next(item for item in data["accounts"] if item["login"] == admin.login)
    store = AttachmentStore(paths.attachments)
    families: list[int] = []
    cases: list[DemoCases] = []

    def fill(db: Database) -> None:  # before the database takes its name: a demo cut short leaves none
        with db.transaction(SYSTEM_ACTOR) as session:
            users = _add_accounts(session, data["accounts"], accounts)
            people = DemoPeople(users[Role.SPECIALIST].full_name, users[Role.HEAD].full_name)
            stored = store_program(session, program, territory=install["district"])
            store_values(session, data["indicator_values"], timeline, program, people)
            store_reports(session, data, timeline, program, people, store)
            store_chain(session, stored, program, timeline, people)
            store_rules(session, stored)
        families.append(_store_families(db, store, data["families"], install["district"], timeline))
        cases.append(store_cases(db, users[Role.SPECIALIST], install["district"], timeline))
        _fill_monthly_form(db, users[Role.SPECIALIST], install["district"], timeline.today)

    db = create_installation(
        paths,
        SetupRequest(
            kind=InstallationKind(install["kind"]),
            region_code=install["region_code"],
            district_name=install["district"],
            organisation_name=office.full_name,
            admin_login=admin.login,
            admin_full_name=admin.full_name,
            admin_password=admin.password,
            admin_position=admin_data.get("position", ""),
            encrypted=encrypted,
        ),
        demo=True,
        fill=fill,
    )
    act = demo_program().act  # the act as approved, whatever the demo's years
    result = DemoResult(
        login=admin.login,
        password=admin.password,
        district=install["district"],
        program_title=program.title,
        measures=len(program.measures),
        indicators=len(program.indicators),
        families=families[0],
        cases=cases[0].total,
        accounts=tuple(accounts),
        current_period=timeline.current,
        shift_years=timeline.shift_years,
        approving_act=f"{act.kind} № {act.number} от {format_date(act.date)}" if act.date else "",
    )
    return db, result


def _shifted_program(years: int) -> ProgramDefinition:
    """The real program, its years moved when today is past (or before) the years it was approved for."""
    program = demo_program(years)
    if not years:
        return program
    act = demo_program().act
    note = (
        f"Демонстрация: сроки программы сдвинуты на {years:+d} г. относительно утверждённых ({act.kind} № {act.number}"
        f" от {format_date(act.date)}), чтобы текущий отчётный период входил в срок программы."
    )
    return replace(program, notes="\n".join(filter(None, [program.notes, note])))


def _account(item: dict[str, Any]) -> DemoAccount:
    return DemoAccount(item["login"], generate_demo_password(), Role(item["role"]), item["full_name"])


def _add_accounts(session: Session, items: list[dict[str, Any]], accounts: list[DemoAccount]) -> dict[Role, Actor]:
    """The accounts other than the administrator (set-up made that one); each role signs in as itself."""
    positions = {item["login"]: item.get("position", "") for item in items}
    for account in accounts:
        if account.role is not Role.ADMIN:
            add_user(
                session,
                NewUser(account.login, account.full_name, account.role, account.password, positions[account.login]),
            )
    users = {user.login: user for user in session.scalars(select(User))}
    return {
        account.role: Actor(users[account.login].id, account.login, account.full_name, account.role)
        for account in accounts
    }


def _fill_monthly_form(db: Database, specialist: Actor, territory: str, today: date) -> None:
    """The month's resource-family form begun by the specialist: the register's counts, the rest still empty."""
    from desktop_app.formkit import load_catalogue
    from desktop_app.services.computed_values import ComputedValues
    from desktop_app.services.form_answers import FormAnswers
    from desktop_app.services.indicator_entry import IndicatorEntry

    computed = ComputedValues(db, lambda: today)
    forms = FormAnswers(db, load_catalogue(), IndicatorEntry(db, computed, lambda: today), computed)
    state = forms.state(specialist, MONTHLY_FORM, Period.containing(today, PeriodKind.MONTH), territory)
    answers = {question: offer.value for question, offer in state.offers.items() if offer.value is not None}
    forms.save(specialist, state, dict(list(answers.items())[: max(1, len(answers) // 2)]))


def _store_families(
    db: Database, store: AttachmentStore, families: list[dict[str, Any]], municipality: str, timeline: DemoTimeline
) -> int:
    """Enter the demo families the way a specialist would: through the register's service and its rules.

    Every date of the pipeline and the placements moves with today, so a child under 4 at placement stays under
    4 at placement and today, and nothing happens after the day the demo is made."""
    editing = FamilyEditing(db, store)
    today = timeline.today
    moved = timeline.family_date
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
            shpr_date=moved(item["shpr_date"]) if item.get("shpr_date") else None,
            conclusion_number=item.get("conclusion_number", ""),
            conclusion_date=moved(item["conclusion_date"]) if item.get("conclusion_date") else None,
            supervisor=item.get("supervisor", ""),
            notes=DEMO_COMMENT,
        )
        done_by = item.get("supervisor", "")
        (first, *rest) = [StepInput(FamilyStage(stage), moved(on), done_by) for stage, on in item["steps"]]
        family = editing.create(SYSTEM_ACTOR, entry, first, today)
        for step in rest:
            editing.record_step(SYSTEM_ACTOR, family.id, step, today)
        for placed in item.get("placements", []):
            start = moved(placed["start"])
            placement = editing.place_child(
                SYSTEM_ACTOR,
                family.id,
                PlacementInput(
                    _child_code(placed["code"], start),
                    moved(placed["birth_date"]),
                    placed["sex"],
                    start,
                    placed["legal_form"],
                    placed.get("reason", ""),
                ),
                today,
            )
            if placed.get("end"):
                editing.end_placement(
                    SYSTEM_ACTOR,
                    placement.id,
                    moved(placed["end"]),
                    placed["outcome"],
                    placement.row_version,
                    today=today,
                )
    with db.transaction(SYSTEM_ACTOR) as session:
        for family_row in session.scalars(select(ResourceFamily)):
            family_row.is_demo = True
    return len(families)


def _child_code(code: str, start: date) -> str:
    """«Р-2025-001» names the year of placement: it follows the moved start."""
    prefix, _year, number = code.split("-")
    return f"{prefix}-{start.year}-{number}"
