"""The subcommands of `opeka`; each returns the process exit code."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.opening import database_key, is_encrypted, open_for_command, print_recovery_code
from desktop_app.cli.passwords import read_password
from desktop_app.cli.sign_in import sign_in
from desktop_app.cli.sign_in_help import needs_sign_in
from desktop_app.cli.window import start_window
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.errors import ValidationError
from desktop_app.domain.numbers import format_number
from desktop_app.domain.roles import InstallationKind

if TYPE_CHECKING:
    from desktop_app.domain.deadlines import ReportingProcedure
    from desktop_app.storage.database import Database


def _later(module: str, name: str, *extra: Any) -> Callable[..., int]:
    """The command ``name`` of ``desktop_app.cli.module`` (given ``extra`` after its own arguments), imported only
    when it runs: ``info`` and the window load none of the other commands' modules."""

    def run(*args: Any) -> int:
        command: Callable[..., int] = getattr(importlib.import_module(f"desktop_app.cli.{module}"), name)
        return command(*args, *extra)

    return run


# Open commands that read the database file: on an encrypted installation they sign in first (the key is unwrapped
# by a sign-in), with the same rights as without encryption (``info`` and ``check`` print no personal data)
READ_ENCRYPTED = ("info", "check")


def run(args: argparse.Namespace, paths: DataPaths) -> int:
    """Run the command; every one but those in sign_in_help.OPEN_COMMANDS signs in first and acts as that user."""
    if not needs_sign_in(args.command):
        open_handlers: dict[str | None, Callable[[argparse.Namespace, DataPaths], int]] = {
            None: _window,
            "gui": _window,
            "init": _init,
            "demo": _later("demo_command", "run_demo"),
            "info": _info,
            "check": _check,
            "self-test": _self_test,
            "recover-admin": _later("recover_admin", "run_recover_admin"),
        }
        if args.command in READ_ENCRYPTED and is_encrypted(paths):
            # they read the file, which an encrypted installation opens only with a sign-in; ``info`` reads it
            # through the database the sign-in opened
            if args.command == "info":
                sign_in(args, paths, keep_open=True, meanwhile=_info_ahead)
            else:
                sign_in(args, paths)
        return open_handlers[args.command](args, paths)
    handlers: dict[str, Callable[[argparse.Namespace, DataPaths, Actor], int]] = {
        "user": _user,
        "import-plan": _import_plan,
        "import-families": _later("family_import_command", "run_import_families"),
        "import-cases": _later("case_import_command", "run_import_cases"),
        "forms": _later("form_commands", "run_forms"),
        "template": _later("form_commands", "run_template"),
        "fill": _later("form_commands", "run_fill"),
        "measures": _later("measure_commands", "run_measures"),
        "catalogue": _later("catalogue_commands", "run_catalogue"),
        "form-definition": _later("form_definition_commands", "run_form_definition"),
        "export": _later("exchange_commands", "run_export"),
        "office": _later("exchange_commands", "run_office"),
        "report": _later("report_command", "run_report"),
        "import": _later("exchange_commands", "run_import"),
        "keys": _later("keys_commands", "run_keys", read_password),
        "backup": _later("backup_commands", "run_backup", read_password),
        "restore": _later("backup_commands", "run_restore", read_password),
    }
    handler = handlers[args.command]  # an unknown command fails here, before anyone is asked for a password
    return handler(args, paths, sign_in(args, paths))


def _window(_args: argparse.Namespace, paths: DataPaths) -> int:
    return start_window(paths)


def _init(args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.services.setup import SetupRequest, create_installation

    kind = InstallationKind(args.role)
    if kind is InstallationKind.DISTRICT and not args.district.strip():
        raise ValidationError("Для установки муниципального образования укажите --district.")
    request = SetupRequest(
        kind=kind,
        region_code=args.region,
        district_name=args.district,
        organisation_name=args.org,
        admin_login=args.admin,
        admin_full_name=args.admin_name,
        admin_password=read_password(args.password_file),
        encrypted=True,  # the database at rest is SQLCipher's (services/database_access.py)
    )
    db = create_installation(paths, request)
    db.close()
    print_recovery_code(db.recovery_code)
    from desktop_app.sync.setup import ensure_keys

    ensure_keys(paths)
    print(f"Установка создана в {paths.root}. Администратор: {request.admin_login.strip().casefold()}.")
    return 0


def _open(paths: DataPaths) -> Database:
    return open_for_command(paths)


def _inventory(db: Database) -> dict[str, Any]:
    """The approved program and its indicators for `info --json`, which runs without signing in: an approved act
    names organisations and measures, never a family or a person, so the program reads them for itself."""
    from desktop_app.services.registry import RegistryService

    registry = RegistryService(db)
    measures_by_block: dict[str, list[dict[str, Any]]] = {}
    for row in registry.measures(SYSTEM_ACTOR):
        measures_by_block.setdefault(row.block_id, []).append(
            {
                "number": row.number,
                "name": row.name,
                "deadline_text": row.deadline_text,
                "executors": list(row.executors),
                "executors_text": row.executors_text,
                "expected_result": row.expected_result,
            }
        )
    programs = [
        {
            "title": program.title,
            "short_title": program.short_title,
            "period_start": program.period_start.isoformat(),
            "period_end": program.period_end.isoformat(),
            "approving_act": program.act_label,
            "measure_count": program.measure_count,
            "blocks": [
                {"number": block.number, "title": block.title, "measures": measures_by_block.get(block.id, [])}
                for block in program.blocks
            ],
        }
        for program in registry.program_tree(SYSTEM_ACTOR)
    ]
    indicators = [
        {
            "code": row.code,
            "group": row.group_number,
            "name": row.name,
            "unit": row.unit,
            "kind": row.kind,
            "cumulative": row.cumulative,
            "direction": row.direction,
            "base_value": row.base_value,
            "base_date": row.base_date.isoformat() if row.base_date else None,
            "plan": {period: {"value": value, "text": text} for period, (value, text) in row.plan.items()},
            "state": row.state,
        }
        for row in registry.indicators(SYSTEM_ACTOR)
    ]
    return {"programs": programs, "indicators": indicators}


def _info_ahead() -> None:
    """What ``info`` needs beyond the sign-in, loaded while an encrypted database's key is unwrapped: the
    services it reads with and the production calendar the current period's deadline is counted with (this year's
    days, from the cache core/calendar_cache.py or the holidays package). Any failure is met again, and reported,
    where ``info`` does the same."""
    try:
        from datetime import date

        import desktop_app.core.storage_risk
        import desktop_app.services.case_figures
        import desktop_app.services.registry  # noqa: F401
        from desktop_app.domain.workdays import russian_calendar

        russian_calendar().prepare(date.today())  # this year's days, from the cache or the package
    except Exception:
        return


def _info(args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.core.storage_risk import storage_risk
    from desktop_app.services.installation import InstallationService

    db = _open(paths)
    try:
        summary = InstallationService(db).summary()
        summary["storage_warning"] = storage_risk(paths.database)
        summary["cases"] = _case_counts(db)
        if args.json:
            summary.update(_inventory(db))
            json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
            return 0
    finally:
        db.close()
    print(f"Установка: {summary['role_label']}")
    print(f"Регион: {summary['region']['code']} — {summary['region']['name']}")
    if summary["district"]:
        print(f"Муниципальное образование: {summary['district']}")
    print(f"Организация: {summary['organisation']}")
    print(f"Текущий отчётный период: {summary['current_period']['label']}")
    print(f"Версия программы: {summary['app_version']}, версия схемы данных: {summary['schema_version']}")
    labels = {
        "programs": "Программы",
        "blocks": "Блоки мероприятий",
        "measures": "Мероприятия",
        "organisations": "Организации",
        "indicators": "Показатели",
        "indicator_plans": "Плановые значения",
        "indicator_values": "Фактические значения",
        "resource_families": "Ресурсные семьи",
        "users": "Пользователи",
        "audit_entries": "Записи журнала",
    }
    for key, label in labels.items():
        print(f"  {label}: {format_number(summary['counts'][key])}")
    cases = summary["cases"]
    print(
        f"  Случаи сопровождения семей: {format_number(cases['total'])} "
        f"(открыто {format_number(cases['open'])}, снято с сопровождения {format_number(cases['closed'])})"
    )
    if summary["storage_warning"]:
        print(f"Внимание: {summary['storage_warning']}")
    return 0


def _case_counts(db: Database) -> dict[str, int]:
    """Cases open, closed and in all, for `opeka info` (services/case_figures.py)."""
    from desktop_app.services.case_figures import case_counts

    with db.reading() as session:
        return case_counts(session)


def _check(_args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.services.installation import check_database_file

    result = check_database_file(paths.database, database_key(paths))  # an encrypted one: read with its key
    if result.ok:
        print("Проверка пройдена: база данных цела, ссылки между записями в порядке.")
        return 0
    print("Проверка нашла ошибки в базе данных:", file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    return 1


def _self_test(_args: argparse.Namespace, paths: DataPaths) -> int:
    from desktop_app.gui.selftest import run_self_test

    failures = run_self_test()
    if failures:
        print("Самопроверка не пройдена:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print("Самопроверка пройдена: окно открывается, все разделы работают.")
    return 0


def _user(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Account administration as the signed-in user: the services let only an administrator do it."""
    from desktop_app.domain.roles import Permission, Role
    from desktop_app.services.auth import AccountAdministration, AuthService, NewUser

    db = _open(paths)
    try:
        admin = AccountAdministration(db)
        action = args.user_command
        if action == "list":
            rows = AuthService(db).users(actor)
            if args.json:
                data = [
                    {"login": r.login, "full_name": r.full_name, "role": r.role.value, "is_active": r.is_active}
                    for r in rows
                ]
                json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
                sys.stdout.write("\n")
            else:
                for row in rows:
                    state = "" if row.is_active else " (отключена)"
                    print(f"{row.login}\t{row.full_name}\t{row.role.label}{state}")
        elif action == "add":
            actor.require(Permission.MANAGE_USERS)  # before the new user's password is asked for
            user = NewUser(args.login, args.name, Role(args.role), read_password(args.password_file), args.position)
            AuthService(db).create_user(actor, user)
            print(f"Пользователь {args.login.strip().casefold()} добавлен.")
        elif action == "unlock":
            admin.unlock(actor, args.login)
            print(f"Учётная запись {args.login} разблокирована.")
        elif action == "password":
            actor.require(Permission.MANAGE_USERS)
            admin.reset_password(actor, args.login, read_password(args.password_file))
            print(f"Пароль пользователя {args.login} изменён.")
        else:
            admin.set_active(actor, args.login, action == "enable")
            print(f"Учётная запись {args.login} {'включена' if action == 'enable' else 'отключена'}.")
    finally:
        db.close()
    return 0


def _reporting_from_args(args: argparse.Namespace, current: ReportingProcedure) -> ReportingProcedure:
    """The program's procedure with what --reporting, --working-days and --year-end change in it."""
    from desktop_app.domain.deadlines import ReportingProcedure

    year_end = current.year_end_text() if args.year_end is None else args.year_end
    try:
        return ReportingProcedure.from_user(
            args.reporting or current.period_kind.value,
            current.working_days_after if args.working_days is None else args.working_days,
            "" if year_end.strip() == "-" else year_end,
        )
    except ValidationError as exc:  # the terminal has no fields to show them beside: say them in one line
        raise ValidationError(" ".join(exc.field_errors.values()) or exc.message) from None


def _import_plan(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Preview, then (unless --dry-run) apply, a plan file as the signed-in user."""
    from desktop_app.cli import plan_import_report as report
    from desktop_app.plan_import import read_plan_file
    from desktop_app.services.plan_import import ImportOptions, apply_plan_import, preview_plan_import

    plan = read_plan_file(Path(args.file))
    options = ImportOptions(target_program_id=args.program, period_start=args.start, period_end=args.end)
    db = _open(paths)
    try:
        preview = preview_plan_import(db, actor, plan, options)
        if (reporting := _reporting_from_args(args, preview.reporting)) != preview.reporting:
            options = replace(options, reporting=reporting)
            preview = preview_plan_import(db, actor, plan, options)
        result = None
        if not args.dry_run:
            if preview.needs_period:
                raise ValidationError("В файле не указан срок реализации программы: укажите его в --start и --end.")
            result = apply_plan_import(db, actor, plan, preview)
    finally:
        db.close()
    if args.json:
        json.dump(report.summary(preview, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print("\n".join(report.preview_lines(preview)))
    print(report.result_line(result) if result else "Проверка без записи (--dry-run): в базе ничего не изменено.")
    return 0
