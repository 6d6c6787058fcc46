"""`opeka demo`: the demo district built around today, or (--region) a region coordinator that took its bundle.

Each account is printed as «Роль: …», «Логин: …», «Пароль: …» lines; build/dev.py keeps those lines beside
the demo data so that a second run can show them again.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.opening import print_recovery_code
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.domain.roles import InstallationKind, Role

if TYPE_CHECKING:
    from desktop_app.services.demo import DemoAccount, DemoResult

REGION_ORGANISATION = "Министерство труда, занятости и социального развития Архангельской области"
ROLE_HINTS = {
    Role.SPECIALIST: "вносит отчёты, значения показателей, семьи",
    Role.HEAD: "утверждает отчёты и показатели, отправляет пакеты",
    Role.ADMIN: "всё, включая пользователей и резервные копии",
    Role.COORDINATOR: "сводные данные муниципальных образований региона",
}


def run_demo(args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.services.demo import create_demo

    today = date.today()
    if getattr(args, "region", False):
        district, accounts, region_name = create_region_demo(paths, today)
        print(f"Демонстрационная установка регионального координатора создана в {paths.root}")
        print(f"Регион: {region_name}; принят пакет муниципального образования «{district.district}»")
    else:
        db, district = create_demo(paths, today, encrypted=True)
        db.close()
        print_recovery_code(db.recovery_code)
        accounts = district.accounts
        print(f"Демонстрационная установка создана в {paths.root}")
        print(f"Муниципальное образование: {district.district}")
    _print_program(district)
    print("Учётные записи:")
    for account in accounts:
        print(f"Роль: {account.role.label} — {ROLE_HINTS[account.role]}")
        print(f"Логин: {account.login}")
        print(f"Пароль: {account.password}")
    return 0


def _print_program(result: DemoResult) -> None:
    print(f"Программа: {result.program_title}")
    if result.shift_years:
        print(
            f"Сроки программы ({result.approving_act}) сдвинуты на {result.shift_years:+d} г.,"
            " чтобы текущий отчётный период входил в срок программы."
        )
    if result.current_period is not None:
        print(
            f"Текущий отчётный период: {result.current_period.label} — открыт и заполнен частично;"
            f" отчёты и показатели за {result.current_period.previous().label} утверждены руководителем."
        )
    print(f"Мероприятий: {result.measures}, показателей: {result.indicators}, семей (демо): {result.families}")


def create_region_demo(paths: DataPaths, today: date) -> tuple[DemoResult, tuple[DemoAccount, ...], str]:
    """A region installation of Архангельская область holding the demo district's bundle, as a coordinator
    has it after the district reported: the region package went down, the district's bundle came up."""
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.services.auth import NewUser, add_user
    from desktop_app.services.demo import DemoAccount, create_demo, generate_demo_password
    from desktop_app.services.setup import SetupRequest, create_installation
    from desktop_app.sync.setup import exchange_services

    admin = DemoAccount("demo", generate_demo_password(), Role.ADMIN, "Администратор установки (демо)")
    coordinator = DemoAccount("coordinator", generate_demo_password(), Role.COORDINATOR, "Координатор региона (демо)")
    with tempfile.TemporaryDirectory(prefix="opeka-demo-") as folder:
        district_paths = DataPaths(Path(folder) / "district")
        district_db, district = create_demo(district_paths, today)
        region_db = create_installation(
            paths,
            SetupRequest(
                kind=InstallationKind.REGION,
                region_code="29",
                district_name="",
                organisation_name=REGION_ORGANISATION,
                admin_login=admin.login,
                admin_full_name=admin.full_name,
                admin_password=admin.password,
                encrypted=True,
            ),
            demo=True,
        )
        try:
            with region_db.transaction(SYSTEM_ACTOR) as session:
                add_user(
                    session,
                    NewUser(coordinator.login, coordinator.full_name, Role.COORDINATOR, coordinator.password),
                )
                region_name = _region_name(session)
            paths.ensure()
            district_paths.ensure()
            region_export, region_import = exchange_services(region_db, paths, AttachmentStore(paths.attachments))
            district_export, district_import = exchange_services(
                district_db, district_paths, AttachmentStore(district_paths.attachments)
            )
            package = Path(folder) / "region.opeka"
            region_export.write(SYSTEM_ACTOR, package)
            district_import.apply(SYSTEM_ACTOR, district_import.preview(SYSTEM_ACTOR, package))
            bundle = Path(folder) / "district.opeka"
            district_export.write(SYSTEM_ACTOR, bundle)
            region_import.apply(SYSTEM_ACTOR, region_import.preview(SYSTEM_ACTOR, bundle))
        finally:
            district_db.close()
            region_db.close()
    print_recovery_code(region_db.recovery_code)
    return district, (admin, coordinator), region_name


def _region_name(session: object) -> str:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from desktop_app.storage.models import Installation

    assert isinstance(session, Session)
    return session.scalar(select(Installation.region_name)) or ""
