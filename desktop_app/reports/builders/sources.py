"""The services a report reads, for the window (which has them already) and for the CLI (which opens them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.core.paths import DataPaths
from desktop_app.formkit import load_catalogue
from desktop_app.services.auth import AuthService
from desktop_app.services.computed_values import ComputedValues
from desktop_app.services.family_register import FamilyRegister
from desktop_app.services.form_answers import FormAnswers
from desktop_app.services.indicator_entry import IndicatorEntry
from desktop_app.services.indicator_sheet import IndicatorSheets
from desktop_app.services.installation import InstallationInfo, InstallationService
from desktop_app.storage.database import Database
from desktop_app.sync.region_view import RegionView


@dataclass(frozen=True)
class ReportSources:
    db: Database
    info: InstallationInfo
    sheets: IndicatorSheets
    families: FamilyRegister
    forms: FormAnswers
    region_view: RegionView
    today: date
    auth: AuthService | None = None  # who signs; None leaves the names to be written by hand

    @classmethod
    def open(cls, db: Database, paths: DataPaths, today: date | None = None) -> ReportSources:
        computed = ComputedValues(db)
        indicators = IndicatorEntry(db, computed)
        forms = FormAnswers(db, load_catalogue(received=paths.root / "forms"), indicators, computed)
        info = InstallationService(db).info()
        return cls(
            db,
            info,
            indicators.sheets,
            FamilyRegister(db),
            forms,
            RegionView(db),
            today or date.today(),
            AuthService(db),
        )

    @property
    def own_territory(self) -> str:
        """The territory this installation reports for: its district, or the region."""
        return self.info.district_name or self.info.region_name
