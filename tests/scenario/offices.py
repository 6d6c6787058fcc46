"""The installations of the story: the region and the district offices, each set up as the wizard does, with the
services its screens use, people signed in through the login service, and one clock the whole region shares
(the scenario moves it forward day by day; nothing waits for real time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import InstallationKind, Role
from desktop_app.formkit import load_catalogue
from desktop_app.reports.builders.sources import ReportSources
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.auth import AuthService, NewUser
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.dashboard import DashboardService
from desktop_app.services.execution import ExecutionService
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_register import FamilyRegister
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.installation import InstallationService
from desktop_app.services.registry import RegistryService
from desktop_app.services.setup import SetupRequest, create_installation
from desktop_app.storage.database import Database
from desktop_app.sync.administration import ExchangeAdministration
from desktop_app.sync.exporter import ExchangeExport
from desktop_app.sync.importer import ExchangeImport
from desktop_app.sync.region_view import RegionView
from desktop_app.sync.setup import ensure_keys, office_link

MOSCOW = ZoneInfo("Europe/Moscow")
REGION_CODE = "29"
REGION_NAME = "Архангельская область"
PASSWORD = "Полугодие-2026"


@dataclass
class Clock:
    """The region's calendar: every office reads the same moment; the story sets it."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 1, 12, 7, 0, tzinfo=UTC))

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.astimezone(MOSCOW).date()

    def set(self, day: date, hour: int = 10) -> None:
        """Moscow time, where the offices work and the deadlines are counted."""
        self.moment = datetime.combine(day, time(hour), tzinfo=MOSCOW).astimezone(UTC)


class Office:
    """One installation with the services behind its screens and the people who work in it."""

    def __init__(self, root: Path, request: SetupRequest, clock: Clock) -> None:
        self.paths = DataPaths(root)
        self.db: Database = create_installation(self.paths, request)
        self.paths.ensure()
        self.clock = clock
        self.name = request.district_name or REGION_NAME
        store = AttachmentStore(self.paths.attachments)
        keys = cache(lambda: ensure_keys(self.paths))
        received_forms = self.paths.root / "forms"
        refusals = self.paths.logs / "import_refusals.jsonl"
        self.load = ExchangeImport(
            self.db,
            keys,
            store,
            refusals,
            received_forms,
            clock=clock.now,
            receipts_file=self.paths.root / "receipts.json",
        )
        self.export = ExchangeExport(
            self.db, keys, store, received_forms, clock=clock.now, refusals=refusals, receipts=self.load.receipts
        )
        computed = ComputedValues(self.db, today=clock.today)
        self.entry = IndicatorEntry(self.db, computed, today=clock.today, clock=clock.now)
        self.execution = ExecutionService(self.db, store, clock=clock.now)
        self.families = FamilyEditing(self.db, store)
        self.register = FamilyRegister(self.db)
        self.registry = RegistryService(self.db)
        self.forms = FormAnswers(
            self.db, load_catalogue(received=received_forms), self.entry, computed, clock=clock.now
        )
        self.region_view = RegionView(self.db, today=clock.today)
        self.exchange_admin = ExchangeAdministration(self.db)
        self.auth = AuthService(self.db)
        self.admin = self.auth.login(request.admin_login, PASSWORD)
        self.people: dict[str, Actor] = {}

    def hire(self, login: str, full_name: str, role: Role, position: str) -> Actor:
        """The administrator adds an account; the person then signs in with it."""
        self.auth.create_user(self.admin, NewUser(login, full_name, role, PASSWORD, position))
        self.people[login] = self.auth.login(login, PASSWORD)
        return self.people[login]

    def dashboard(self, actor: Actor) -> Any:
        service = DashboardService(self.entry, self.registry, self.register, self.forms, today=self.clock.today)
        return service.summary(actor, "" if self.name == REGION_NAME else self.name)

    def report_sources(self) -> ReportSources:
        return ReportSources(
            self.db,
            InstallationService(self.db).info(),
            self.entry.sheets,
            self.register,
            self.forms,
            self.region_view,
            self.clock.today(),
            self.auth,
        )

    def program_id(self, actor: Actor) -> str:
        [(program_id, _title)] = self.entry.sheets.programs(actor)
        return program_id


def region_office(root: Path, clock: Clock) -> Office:
    request = SetupRequest(
        kind=InstallationKind.REGION,
        region_code=REGION_CODE,
        district_name="",
        organisation_name="Министерство труда, занятости и социального развития Архангельской области",
        admin_login="admin",
        admin_full_name="Администратор министерства",
        admin_password=PASSWORD,
    )
    return Office(root, request, clock)


def district_office(root: Path, district: str, clock: Clock) -> Office:
    request = SetupRequest(
        kind=InstallationKind.DISTRICT,
        region_code=REGION_CODE,
        district_name=district,
        organisation_name=f"Отдел опеки и попечительства, {district}",
        admin_login="admin",
        admin_full_name="Администратор отдела",
        admin_password=PASSWORD,
    )
    return Office(root, request, clock)


def link_workstation(main: Office, workstation: Office, card: Path) -> None:
    """The office's second PC connects to its main PC with the card the head wrote there."""
    office_link(main.db, main.paths).write_card(main.admin, card)
    office_link(workstation.db, workstation.paths).connect(workstation.admin, card)
