"""`opeka measures template` and `opeka measures load`: execution reports of co-executors through Excel.

These act as the signed-in user (cli/sign_in.py). Exit codes of `load`: 0 taken (or, with --dry-run,
nothing wrong), 2 the template has wrong cells (nothing written), 1 any other refusal (another program,
period or district; not a template).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.arguments import period_argument
from desktop_app.domain.errors import UserError
from desktop_app.domain.text import search_key

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor


def add_measure_parsers(
    measures: argparse.ArgumentParser, child_options: Callable[[argparse.ArgumentParser], None]
) -> None:
    """The actions of `opeka measures`; ``child_options`` adds --data-dir and the sign-in options to each."""
    actions = measures.add_subparsers(dest="measures_command", metavar="ДЕЙСТВИЕ", title="действия", required=True)
    template = actions.add_parser(
        "template",
        help="шаблоны Excel отчётов об исполнении для соисполнителей без программы",
        description="Записать в папку шаблоны Excel отчётов об исполнении мероприятий: по файлу на исполнителя "
        "(или один файл с листом на каждого) с его мероприятиями за период.",
    )
    child_options(template)
    template.add_argument(
        "--period", required=True, type=period_argument, metavar="ПЕРИОД", help="отчётный период: 2026-H1, 2026"
    )
    template.add_argument("--out", required=True, metavar="ПАПКА", help="куда записать шаблоны")
    template.add_argument(
        "--executor",
        action="append",
        metavar="ИСПОЛНИТЕЛЬ",
        help="идентификатор или краткое наименование исполнителя (можно несколько раз; по умолчанию — все)",
    )
    template.add_argument("--program", metavar="ID", help="программа (по умолчанию — единственная за этот период)")
    template.add_argument("--one-file", action="store_true", help="один файл с листом на каждого исполнителя")
    template.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    load = actions.add_parser(
        "load",
        help="загрузить заполненный шаблон отчётов об исполнении",
        description="Загрузить заполненный соисполнителями шаблон: показать изменения и ошибки и сохранить отчёты.",
    )
    child_options(load)
    load.add_argument("file", metavar="ФАЙЛ.xlsx", help="заполненный шаблон")
    load.add_argument("--period", type=period_argument, metavar="ПЕРИОД", help="принять шаблон только за этот период")
    load.add_argument("--program", metavar="ID", help="принять шаблон только этой программы")
    load.add_argument("--dry-run", action="store_true", help="только показать изменения и ошибки, ничего не записывая")
    load.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_measures(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.services.attachments import AttachmentStore
    from desktop_app.services.execution import ExecutionService
    from desktop_app.services.installation import InstallationService
    from desktop_app.services.measure_templates import MeasureTemplates

    db = open_for_command(paths)
    try:
        templates = MeasureTemplates(
            db, ExecutionService(db, AttachmentStore(paths.attachments)), InstallationService(db).info().title
        )
        if args.measures_command == "template":
            return _template(args, db, templates, actor)
        return _load(args, templates, actor)
    finally:
        db.close()


def _template(args: argparse.Namespace, db: Any, templates: Any, actor: Actor) -> int:
    program_id = args.program or _program_for(db, actor, args.period)
    executor_ids = None
    if args.executor:
        choices = templates.executors(actor, program_id, args.period)
        executor_ids = [_executor(choices, wanted, args.period) for wanted in args.executor]
    written = templates.write(actor, program_id, args.period, Path(args.out), executor_ids, one_file=args.one_file)
    if args.json:
        print(json.dumps({"period": args.period.code, "files": [str(path) for path in written]}, ensure_ascii=False))
    else:
        for path in written:
            print(f"Шаблон записан: {path}")
    return 0


def _program_for(db: Any, actor: Actor, period: Any) -> str:
    """The one program with ``period`` among its reporting periods; UserError listing them when there are more."""
    from desktop_app.services.registry import RegistryService

    programs = [node for node in RegistryService(db).program_tree(actor) if period in node.reporting_periods]
    if len(programs) == 1:
        return str(programs[0].id)
    if not programs:
        raise UserError(f"Нет программы, по которой отчитываются за {period.label}.")
    listed = "; ".join(f"{node.id} — {node.title}" for node in programs)
    raise UserError(f"За {period.label} отчитываются по нескольким программам, укажите --program: {listed}.")


def _executor(choices: list[Any], wanted: str, period: Any) -> str:
    for choice in choices:
        if choice.id == wanted or search_key(choice.name) == search_key(wanted):
            return str(choice.id)
    names = ", ".join(f"«{choice.name}»" for choice in choices)
    raise UserError(f"У исполнителя «{wanted}» нет мероприятий за {period.label}; есть у: {names}.")


def _load(args: argparse.Namespace, templates: Any, actor: Actor) -> int:
    preview = templates.preview(actor, Path(args.file), args.program, args.period)
    applied = False
    code = 2 if preview.issues else 0
    if not preview.issues and not args.dry_run and preview.changes:
        templates.apply(actor, preview)
        applied = True
    report = {
        "file": str(args.file),
        "program": preview.program_id,
        "period": preview.period.code,
        "district": preview.district,
        "dry_run": bool(args.dry_run),
        "applied": applied,
        "unchanged": preview.unchanged,
        "changes": [
            {
                "measure": change.measure_id,
                "number": change.number,
                "executor": change.executor,
                "new_report": change.created,
                "note": change.note,
                "fields": [{"field": f.label, "address": f.address, "old": f.old, "new": f.new} for f in change.fields],
            }
            for change in preview.changes
        ],
        "issues": [{"measure": i.question_id, "address": i.address, "message": i.message} for i in preview.issues],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return code


def _print_report(report: dict[str, Any]) -> None:
    print(f"Отчёты об исполнении за {report['period']}, {report['district']}")
    for change in report["changes"]:
        what = "новый отчёт" if change["new_report"] else "изменение отчёта"
        print(f"  № {change['number']} ({change['executor']}): {what}")
        for field in change["fields"]:
            print(f"    {field['field']} ({field['address']}): «{field['old']}» → «{field['new']}»")
        if change["note"]:
            print(f"    Внимание: {change['note']}")
    for issue in report["issues"]:
        print(f"  Ошибка в ячейке {issue['address']}: {issue['message']}")
    if report["issues"]:
        print("Шаблон не загружен: исправьте ошибки в файле и загрузите его снова.")
    elif report["applied"]:
        print(f"Сохранено отчётов: {len(report['changes'])}.")
    elif not report["changes"]:
        print("Изменений нет: отчёты совпадают с сохранёнными.")
    else:
        print(f"Проверка без записи: отчётов к сохранению {len(report['changes'])}, ошибок нет.")
