"""`opeka demo` prints one account per role, each signing in as itself; `opeka demo --region` makes a region
coordinator that has the demo district's bundle; build/dev.py keeps every account's lines."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import Role
from desktop_app.services.auth import AuthService
from desktop_app.services.database_access import open_signed_in
from desktop_app.services.installation import InstallationService
from desktop_app.sync.region_view import RegionView

PLESETSK = "Плесецкий муниципальный округ"
INDICATORS = 33  # in the program's table of key indicators


def accounts(out: str) -> list[tuple[str, str, str]]:
    """(role line, login, password) for each account, in the order printed."""
    lines = out.splitlines()
    found = []
    for at, line in enumerate(lines):
        if line.startswith("Роль:"):
            login, password = lines[at + 1], lines[at + 2]
            assert login.startswith("Логин: ") and password.startswith("Пароль: ")
            found.append((line, login.removeprefix("Логин: "), password.removeprefix("Пароль: ")))
    return found


def test_demo_prints_a_specialist_a_head_and_an_administrator_each_signing_in_with_its_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "demo"
    assert main(["demo", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    printed = accounts(out)
    assert [role.split(" — ")[0] for role, _, _ in printed] == [
        "Роль: Администратор",
        "Роль: Специалист",
        "Роль: Руководитель",
    ]
    labels = {role.label: role for role in Role}
    _, admin_login, admin_password = printed[0]
    db = open_signed_in(DataPaths(data), admin_login, admin_password, convert=False).db  # encrypted at rest
    try:
        for role_line, login, password in printed:
            actor = AuthService(db).login(login, password)
            assert actor.role is labels[role_line.removeprefix("Роль: ").split(" — ")[0]]
        today = date.today()
        current = Period(today.year, PeriodKind.HALF_YEAR, 1 if today.month <= 6 else 2)
        assert InstallationService(db).info().current_period() == current
    finally:
        db.close()
    assert f"Текущий отчётный период: {current.label} — открыт и заполнен частично" in out


def test_dev_py_keeps_every_accounts_login_and_password_beside_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--data-dir", str(tmp_path / "demo")]) == 0
    out = capsys.readouterr().out
    dev = _dev_module()
    kept = [line for line in out.splitlines() if line.startswith(dev.ACCOUNT_LINES)]
    assert [line for line in kept if line.startswith("Логин:")] == ["Логин: demo", "Логин: specialist", "Логин: head"]
    assert len([line for line in kept if line.startswith("Пароль:")]) == 3


def test_region_demo_coordinator_sees_the_demo_districts_values_consolidated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "region"
    assert main(["demo", "--region", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    printed = {login: password for _, login, password in accounts(out)}
    assert set(printed) == {"demo", "coordinator"}
    db = open_signed_in(DataPaths(data), "demo", printed["demo"], convert=False).db  # encrypted at rest
    try:
        info = InstallationService(db).info()
        assert (info.region_name, info.kind.value, info.is_demo) == ("Архангельская область", "region", True)
        coordinator = AuthService(db).login("coordinator", printed["coordinator"])
        assert coordinator.role is Role.COORDINATOR
        previous = info.current_period().previous()
        from desktop_app.services.computed_values import ComputedValues
        from desktop_app.services.indicator_entry import IndicatorEntry

        ((program_id, _),) = IndicatorEntry(db, ComputedValues(db)).sheets.programs(coordinator)
        overview = RegionView(db).overview(coordinator, program_id, previous)
        assert PLESETSK not in overview.missing
        filled = [row for row in overview.rows if row.value.value is not None]
        assert len(filled) == INDICATORS and all(row.reported == (PLESETSK,) for row in filled)
    finally:
        db.close()


def _dev_module() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "build" / "dev.py"
    spec = importlib.util.spec_from_file_location("opeka_dev_script", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
