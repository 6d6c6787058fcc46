"""What a signed-in window works with: the services, the acting user and the background runner.

The exchange services (desktop_app.sync) are made on first use: the first screen does not need them, and their
modules take a noticeable part of start-up to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from desktop_app.core.paths import DataPaths
from desktop_app.core.settings import Settings
from desktop_app.domain.actor import Actor
from desktop_app.formkit import load_catalogue
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.audit_log import AuditLogService
from desktop_app.services.auth import AuthService
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.execution import ExecutionService
from desktop_app.services.family_editing import FamilyEditing
from desktop_app.services.family_register import FamilyRegister
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.installation import InstallationInfo, InstallationService
from desktop_app.services.measure_editing import MeasureEditing
from desktop_app.services.registry import RegistryService
from desktop_app.services.reporting_procedure import ReportingSettings
from desktop_app.storage.database import Database

if TYPE_CHECKING:
    from desktop_app.services.form_fill import FormFill
    from desktop_app.sync.administration import ExchangeAdministration
    from desktop_app.sync.exporter import ExchangeExport
    from desktop_app.sync.importer import ExchangeImport
    from desktop_app.sync.office import OfficeLink
    from desktop_app.sync.region_view import RegionView


@dataclass
class AppContext:
    paths: DataPaths
    db: Database
    actor: Actor
    info: InstallationInfo
    settings: Settings
    runner: TaskRunner
    auth: AuthService
    installation: InstallationService
    registry: RegistryService
    audit: AuditLogService
    execution: ExecutionService
    measures: MeasureEditing
    reporting: ReportingSettings
    families: FamilyRegister
    family_editing: FamilyEditing
    indicators: IndicatorEntry
    forms: FormAnswers

    @classmethod
    def build(cls, paths: DataPaths, db: Database, actor: Actor, runner: TaskRunner) -> AppContext:
        installation = InstallationService(db)
        store = AttachmentStore(paths.attachments)
        computed = ComputedValues(db)
        indicators = IndicatorEntry(db, computed)
        info = installation.info()
        forms = FormAnswers(db, load_catalogue(received=paths.root / "forms"), indicators, computed)
        return cls(
            paths=paths,
            db=db,
            actor=actor,
            info=info,
            settings=Settings.load(paths.settings_file),
            runner=runner,
            auth=AuthService(db),
            installation=installation,
            registry=RegistryService(db),
            audit=AuditLogService(db, forms.catalogue),
            execution=ExecutionService(db, store),
            measures=MeasureEditing(db),
            reporting=ReportingSettings(db),
            families=FamilyRegister(db),
            family_editing=FamilyEditing(db, store),
            indicators=indicators,
            forms=forms,
        )

    def reload_forms(self) -> None:
        """Read the forms again after a region package or a form workbook wrote one into the data folder: the pages
        pick the new catalogue up when they are next shown, without restarting the program."""
        catalogue = load_catalogue(received=self.paths.root / "forms")
        self.forms.catalogue = catalogue
        self.audit.use_forms(catalogue)

    @cached_property
    def form_fill(self) -> FormFill:
        """Excel templates of the forms (form_templates, openpyxl when used): made when a form page needs them."""
        from desktop_app.services.form_fill import FormFill

        return FormFill(self.forms, self.info.title)

    @cached_property
    def _exchange(self) -> tuple[ExchangeExport, ExchangeImport]:
        from desktop_app.sync.setup import exchange_services

        return exchange_services(self.db, self.paths, AttachmentStore(self.paths.attachments))

    @property
    def exchange_export(self) -> ExchangeExport:
        return self._exchange[0]

    @property
    def exchange_import(self) -> ExchangeImport:
        return self._exchange[1]

    @cached_property
    def exchange_admin(self) -> ExchangeAdministration:
        from desktop_app.sync.administration import ExchangeAdministration

        return ExchangeAdministration(self.db)

    @cached_property
    def region_view(self) -> RegionView:
        from desktop_app.sync.region_view import RegionView

        return RegionView(self.db)

    @cached_property
    def office(self) -> OfficeLink:
        from desktop_app.sync.setup import office_link

        return office_link(self.db, self.paths)

    @property
    def territory(self) -> str:
        """The district whose values this window enters: the installation's district, or the region."""
        return self.info.district_name or self.info.region_name

    def save_settings(self) -> None:
        self.settings.save(self.paths.settings_file)
