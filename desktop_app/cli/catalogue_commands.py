"""`opeka catalogue export` and `opeka catalogue import`: a program's indicator catalogue and plan values as
an Excel workbook a region prepares by hand (sheets described in resources/guide/indicators.md).

Exit codes of `import`: 0 taken (or, with --dry-run, nothing wrong), 2 wrong cells (each named by its
address; nothing written), 1 any other refusal (not such a workbook, no right to change the catalogue).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.core.paths import DataPaths
    from desktop_app.domain.actor import Actor
    from desktop_app.services.catalogue_transfer import CatalogueTransfer, Change

EXIT_WRONG_CELLS = 2


def add_catalogue_parsers(
    command: Callable[[str, str], argparse.ArgumentParser],
    add_common: Callable[[argparse.ArgumentParser], None],
) -> None:
    catalogue = command("catalogue", "каталог показателей и плановые значения: выгрузка в Excel и загрузка обратно")
    sub = catalogue.add_subparsers(dest="catalogue_command", metavar="ДЕЙСТВИЕ", title="действия", required=True)
    export_help = "выгрузить группы, показатели и плановые значения в книгу Excel"
    export = sub.add_parser("export", help=export_help, description=export_help)
    add_common(export)
    export.add_argument("--out", required=True, metavar="ФАЙЛ.xlsx", help="куда записать книгу")
    export.add_argument("--program", metavar="ID", help="только эта программа (по умолчанию — все с показателями)")
    import_help = "загрузить каталог и плановые значения из книги Excel (ошибочные ячейки называются по адресу)"
    load = sub.add_parser("import", help=import_help, description=import_help)
    add_common(load)
    load.add_argument("file", metavar="ФАЙЛ.xlsx", help="книга, выгруженная командой export и исправленная")
    load.add_argument("--dry-run", action="store_true", help="только показать изменения и ошибки, ничего не записывая")
    load.add_argument("--json", action="store_true", help="вывести итог в формате JSON")


def run_catalogue(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    from desktop_app.cli.opening import open_for_command
    from desktop_app.services.catalogue_transfer import CatalogueTransfer

    db = open_for_command(paths)
    try:
        transfer = CatalogueTransfer(db)
        if args.catalogue_command == "export":
            return _export(transfer, actor, Path(args.out), args.program)
        return _import(transfer, actor, Path(args.file), args.dry_run, args.json)
    finally:
        db.close()


def _export(transfer: CatalogueTransfer, actor: Actor, target: Path, program_id: str | None) -> int:
    from desktop_app.exports.catalogue_xlsx import GROUPS, INDICATORS, PLANS, write_catalogue_xlsx

    rows = transfer.export_rows(actor, program_id)  # a program without groups gives no rows
    write_catalogue_xlsx(rows, target)
    print(
        f"Каталог записан в {target}: групп — {len(rows[GROUPS])}, показателей — {len(rows[INDICATORS])},"
        f" плановых значений — {len(rows[PLANS])}."
    )
    return 0


def _worded(change: Change) -> list[tuple[str, str, str]]:
    """(field, old, new) in the words the window uses: «вид: на 1000 … → процент …», not stored codes."""
    from desktop_app.exports.catalogue_xlsx import GROUPS, PLANS
    from desktop_app.services.audit_log import field_label
    from desktop_app.services.audit_text import choice_label
    from desktop_app.sync.preview_words import value_text

    table = {PLANS: "indicator_plan", GROUPS: "indicator_group"}.get(change.sheet, "indicator")
    return [
        (field_label(name), value_text(choice_label(table, name, old)), value_text(choice_label(table, name, new)))
        for name, old, new in change.fields
    ]


def _import(transfer: CatalogueTransfer, actor: Actor, source: Path, dry_run: bool, as_json: bool) -> int:
    from desktop_app.exports.catalogue_xlsx import read_catalogue_xlsx

    result = transfer.import_rows(actor, read_catalogue_xlsx(source), dry_run=dry_run)
    if as_json:
        data = result.as_dict()
        for shown, change in zip(data["changes"], result.changes, strict=True):
            for field, worded in zip(shown["fields"], _worded(change), strict=True):
                field.update(label=worded[0], old_text=worded[1], new_text=worded[2])
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for address, message in result.errors:
            print(f"{address}: {message}")
        for change in result.changes:
            fields = "; ".join(f"{label}: {old} → {new}" for label, old, new in _worded(change))
            print(f"{change.address}: {change.record} — {change.action}" + (f" ({fields})" if fields else ""))
        if result.errors:
            print(f"Книга не загружена: ошибок — {len(result.errors)}. Исправьте ячейки и загрузите снова.")
        elif not result.changes:
            print("Изменений нет: каталог уже такой, как в книге.")
        elif dry_run:
            print(f"Проверка без записи: изменений — {len(result.changes)}.")
        else:
            print(f"Каталог загружен: изменений — {len(result.changes)}.")
    return EXIT_WRONG_CELLS if result.errors else 0
