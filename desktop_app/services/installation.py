"""What this installation is and holds: for the status bar, `opeka info` and the checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop_app import __version__
from desktop_app.domain.errors import SetupRequired
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.reporting_period import period_being_reported
from desktop_app.domain.roles import InstallationKind
from desktop_app.storage import sqlite_files
from desktop_app.storage.audit_chain import audit_trail_problems
from desktop_app.storage.base import Base
from desktop_app.storage.database import Database
from desktop_app.storage.models import (
    AuditEntry,
    FamilyMember,
    Indicator,
    IndicatorGroup,
    IndicatorPlan,
    IndicatorValue,
    Installation,
    Measure,
    MeasureExecutor,
    Organisation,
    Program,
    ProgramBlock,
    ProgramSection,
    ResourceFamily,
    User,
)

COUNTED: dict[str, type[Base]] = {
    "programs": Program,
    "sections": ProgramSection,
    "blocks": ProgramBlock,
    "measures": Measure,
    "measure_executors": MeasureExecutor,
    "organisations": Organisation,
    "indicator_groups": IndicatorGroup,
    "indicators": Indicator,
    "indicator_plans": IndicatorPlan,
    "indicator_values": IndicatorValue,
    "resource_families": ResourceFamily,
    "family_members": FamilyMember,
    "users": User,
    "audit_entries": AuditEntry,
}


@dataclass(frozen=True)
class InstallationInfo:
    kind: InstallationKind
    region_code: str
    region_name: str
    district_name: str | None
    organisation_name: str
    reporting_period_kind: PeriodKind
    is_demo: bool

    @property
    def title(self) -> str:
        """«Плесецкий муниципальный округ (Архангельская область)» or the region's name for a region."""
        if self.kind is InstallationKind.DISTRICT and self.district_name:
            return f"{self.district_name} ({self.region_name})"
        return f"{self.region_name} — региональный координатор"

    def current_period(self, today: date | None = None) -> Period:
        """The period being reported (domain/reporting_period.py): the status bar's «Отчётный период»."""
        return period_being_reported(today or date.today(), self.reporting_period_kind)


@dataclass(frozen=True)
class CheckResult:
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database_file(path: Path, key: bytes | None = None) -> CheckResult:
    """Check a database file without opening it for writing or migrating it (for `opeka check`): SQLite's integrity
    and foreign keys, then the audit trail's hash chain; ``key`` for an encrypted database."""
    if not path.exists():
        raise SetupRequired(f"Файл базы данных {path} не найден: выполните первоначальную настройку.")
    problems = sqlite_files.integrity_problems(path, key)
    if not problems:  # the chain is read only from a sound file
        problems = audit_trail_problems(path, key)
    return CheckResult(problems)


class InstallationService:
    """Read-only facts about the installation; none of these need a signed-in user."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def info(self) -> InstallationInfo:
        with self._db.reading() as session:
            row = session.scalar(select(Installation))
            if row is None:
                raise SetupRequired("База данных не настроена: выполните первоначальную настройку.")
            organisation = session.get(Organisation, row.organisation_id) if row.organisation_id else None
            return InstallationInfo(
                kind=InstallationKind(row.kind),
                region_code=row.region_code,
                region_name=row.region_name,
                district_name=row.district_name,
                organisation_name=organisation.full_name if organisation else "",
                reporting_period_kind=PeriodKind(row.reporting_period_kind),
                is_demo=row.is_demo,
            )

    def counts(self) -> dict[str, int]:
        with self._db.reading() as session:
            return {
                name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in COUNTED.items()
            }

    def check(self) -> CheckResult:
        """SQLite's integrity check, the foreign-key check and the audit trail's chain; problems in Russian."""
        return check_database_file(self._db.path, self._db.key)

    def summary(self) -> dict[str, Any]:
        """Everything `opeka info --json` prints."""
        info = self.info()
        return {
            "app_version": __version__,
            "schema_version": self._db.revision(),
            "database": str(self._db.path),
            "role": info.kind.value,
            "role_label": info.kind.label,
            "region": {"code": info.region_code, "name": info.region_name},
            "district": info.district_name,
            "organisation": info.organisation_name,
            "is_demo": info.is_demo,
            "current_period": {"code": info.current_period().code, "label": info.current_period().label},
            "counts": self.counts(),
        }
