"""`opeka forms`, `opeka template` and `opeka fill`: the form catalogue and the Excel round trip.

These act as the signed-in user (cli/sign_in.py). Exit codes of
`fill`: 0 taken (or, with --dry-run, nothing wrong), 2 the template has wrong cells (nothing written),
1 any other refusal (another period, form version or district; not a template).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.arguments import period_argument

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor


def add_form_parsers(command: Callable[[str, str], argparse.ArgumentParser]) -> None:
    listing = command("forms", "формы анкет и отчётов из папки forms: номера и виды вопросов")
    listing.add_argument("--json", action="store_true", help="вывести в формате JSON")
    template = command("template", "записать шаблон Excel формы для исполнителя без программы")
    template.add_argument("--form", required=True, metavar="ФОРМА", help="идентификатор формы (см. opeka forms)")
    template.add_argument(
        "--period", required=True, type=period_argument, metavar="ПЕРИОД", help="2025-07, 2025-Q3, 2025-H2, 2025"
    )
    template.add_argument("--out", required=True, metavar="ФАЙЛ.xlsx", help="куда записать шаблон")
    template.add_argument("--district", metavar="НАЗВАНИЕ", help="муниципальное образование (по умолчанию — своё)")
    fill = command("fill", "загрузить заполненный шаблон Excel в базу")
    fill.add_argument("file", metavar="ФАЙЛ.xlsx", help="заполненный шаблон")
    fill.add_argument("--period", type=period_argument, metavar="ПЕРИОД", help="принять шаблон только за этот период")
    fill.add_argument("--district", metavar="НАЗВАНИЕ", help="муниципальное образование (по умолчанию — своё)")
    fill.add_argument(
        "--reason", default="", metavar="ТЕКСТ", help="причина изменения, если ответы утверждены или период закрыт"
    )
    fill.add_argument("--dry-run", action="store_true", help="только показать изменения и ошибки, ничего не записывая")
    fill.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_forms(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.domain.roles import Permission
    from desktop_app.formkit import load_catalogue

    actor.require(Permission.VIEW_DATA)
    catalogue = load_catalogue(received=paths.root / "forms")
    listing = [
        {
            "id": form.id,
            "title": form.title,
            "version": form.version,
            "period_kind": form.period_kind.value,
            "questions": [
                {"id": q.id, "number": q.number, "kind": q.kind.value, "text": q.text} for q in form.questions
            ],
        }
        for form in catalogue.forms
    ]
    if args.json:
        print(json.dumps({"forms": listing, "problems": list(catalogue.problems)}, ensure_ascii=False, indent=2))
    else:
        for form in catalogue.forms:
            count = len(form.questions)
            print(f"{form.id} (версия {form.version}, {form.period_kind.label}): {form.title} — вопросов {count}")
        for problem in catalogue.problems:
            print(f"Не прочитана: {problem}")
    return 0


def _services(paths: DataPaths, district: str | None) -> tuple[Any, Any, str]:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.formkit import load_catalogue
    from desktop_app.services.computed_values import ComputedValues
    from desktop_app.services.form_answers import FormAnswers
    from desktop_app.services.form_fill import FormFill
    from desktop_app.services.indicator_entry import IndicatorEntry
    from desktop_app.services.installation import InstallationService

    db = open_for_command(paths)
    info = InstallationService(db).info()
    computed = ComputedValues(db)
    forms = FormAnswers(db, load_catalogue(received=paths.root / "forms"), IndicatorEntry(db, computed), computed)
    territory = district or info.district_name or info.region_name
    return db, FormFill(forms, info.title), territory


def run_template(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    db, fill, territory = _services(paths, args.district)
    try:
        out = fill.write_template(actor, args.form, args.period, territory, Path(args.out))
    finally:
        db.close()
    print(f"Шаблон записан: {out} ({args.period.label}, {territory}).")
    return 0


def run_fill(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    db, fill, territory = _services(paths, args.district)
    try:
        preview = fill.preview(actor, Path(args.file), territory, args.period)
        applied = False
        if preview.issues:
            code = 2
        else:
            code = 0
            if not args.dry_run and preview.changes:
                fill.apply(actor, preview, args.reason)
                applied = True
    finally:
        db.close()
    report = {
        "file": str(args.file),
        "form": preview.state.form.id,
        "form_version": preview.state.form.version,
        "period": preview.state.period.code,
        "district": territory,
        "dry_run": bool(args.dry_run),
        "applied": applied,
        "changes": [
            {"question": c.question_id, "number": c.number, "where": c.where, "old": c.old, "new": c.new}
            for c in preview.changes
        ],
        "issues": [
            {"question": i.question_id, "cell": i.cell, "address": i.address, "message": i.message}
            for i in preview.issues
        ],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    return code


def _print_report(report: dict[str, Any]) -> None:
    print(f"Форма {report['form']} (версия {report['form_version']}), период {report['period']}, {report['district']}")
    for change in report["changes"]:
        where = f" ({change['where']})" if change["where"] else ""
        print(f"  {change['number'] or change['question']}{where}: «{change['old']}» → «{change['new']}»")
    for issue in report["issues"]:
        place = f"ячейке {issue['address']}" if issue["address"] else f"вопросе {issue['question']}"
        print(f"  Ошибка в {place}: {issue['message']}")
    if report["issues"]:
        print("Шаблон не загружен: исправьте ошибки в файле и загрузите его снова.")
    elif report["applied"]:
        print(f"Загружено изменений: {len(report['changes'])}.")
    elif not report["changes"]:
        print("Изменений нет: ответы совпадают с сохранёнными.")
    else:
        print(f"Проверка без записи: изменений {len(report['changes'])}, ошибок нет.")
