"""`opeka form-definition export|import`: a form's definition out to an Excel workbook and back (forms/README.md,
«Форма в Excel»). Exit codes of `import`: 0 loaded (or nothing to change, or with --dry-run nothing wrong),
2 the workbook has wrong cells (nothing written), 1 any other refusal."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor


EXIT_WRONG_CELLS = 2


def add_form_definition_parsers(
    command: Callable[[str, str], argparse.ArgumentParser],
    add_common: Callable[[argparse.ArgumentParser], None],
) -> None:
    parent = command("form-definition", "описание формы в книге Excel: выгрузка и загрузка новой формы или версии")
    sub = parent.add_subparsers(dest="definition_command", metavar="ДЕЙСТВИЕ", title="действия", required=True)
    export_help = "выгрузить описание формы (вопросы, списки, правила, настройки) в книгу Excel"
    export = sub.add_parser("export", help=export_help, description=export_help)
    add_common(export)
    export.add_argument("form", metavar="ФОРМА", help="идентификатор формы (см. opeka forms)")
    export.add_argument("--out", required=True, metavar="ФАЙЛ.xlsx", help="куда записать книгу")
    import_help = "загрузить форму из книги Excel; изменённая форма получает новую версию"
    load = sub.add_parser("import", help=import_help, description=import_help)
    add_common(load)
    load.add_argument("file", metavar="ФАЙЛ.xlsx", help="книга с листами «Настройки», «Вопросы», «Списки», «Правила»")
    load.add_argument("--dry-run", action="store_true", help="только проверить книгу, ничего не записывая")
    load.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_form_definition(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.form_workbook.install import require_form_author
    from desktop_app.services.installation import InstallationService

    db = open_for_command(paths)
    try:
        kind = InstallationService(db).info().kind
    finally:
        db.close()
    require_form_author(actor, kind)
    if args.definition_command == "export":
        return _export(paths, args.form, Path(args.out))
    return _import(paths, Path(args.file), args.dry_run, args.json)


def _export(paths: DataPaths, form_id: str, target: Path) -> int:
    from desktop_app.form_workbook.writer import named_lists, write_form_workbook
    from desktop_app.formkit import form_files, load_catalogue

    received = paths.root / "forms"
    form = load_catalogue(received=received).get(form_id)
    _, raw = form_files(received=received).get(form_id, (0, b"{}"))
    write_form_workbook(form, target, named_lists(json.loads(raw).get("lists")))
    print(f"Описание формы «{form.id}» версии {form.version} записано в {target}.")
    return 0


def _import(paths: DataPaths, source: Path, dry_run: bool, as_json: bool) -> int:
    from desktop_app.form_workbook.install import install_form, plan_install
    from desktop_app.form_workbook.reader import read_form_workbook
    from desktop_app.formkit import load_catalogue

    reading = read_form_workbook(source)
    report: dict[str, Any] = {"file": str(source), "dry_run": dry_run, "written": None}
    report["problems"] = [{"address": p.address, "message": p.message} for p in reading.problems]
    plan = None
    if reading.form is not None:
        plan = plan_install(reading, load_catalogue(received=paths.root / "forms"))
        report.update(
            form=plan.form.id,
            version=plan.form.version,
            previous_version=plan.previous_version,
            outcome=plan.outcome.value,
        )
        if not dry_run:
            written = install_form(plan, paths.root / "forms")
            report["written"] = str(written) if written else None
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif plan is None:
        for problem in reading.problems:
            print(problem)
        print(f"Форма не загружена: ошибок — {len(reading.problems)}. Исправьте ячейки и загрузите книгу снова.")
    else:
        print(plan.summary)
        if dry_run:
            print("Проверка без записи: книга без ошибок.")
        elif report["written"]:
            print(f"Форма записана в {report['written']}; она уйдёт в муниципалитеты с пакетом региона.")
    return EXIT_WRONG_CELLS if plan is None else 0
