"""`opeka import-families`: load a list of resource families from Excel through a mapping file.

Acts as the signed-in user (cli/sign_in.py), who needs the right to see personal data. Exit codes: 0 done
(rows that cannot be read are listed and left out), 2 bad data or parameters (wrong mapping, a column missing,
no row readable), 1 any other refusal.
Only the standard library is imported here: the command line starts fast for the other commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.list_import_runner import ListWords, codes_span, installation_district, row_number, run_list_import
from desktop_app.core.paths import DataPaths

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor
    from desktop_app.services.family_import import FamilyImportPreview, FamilyImportResult
    from desktop_app.storage.database import Database

COMMAND = "import-families"
HELP = "загрузить список ресурсных семей из книги Excel (.xlsx)"
WORDS = ListWords(
    "новых семей", "возможных дубликатов", "Возможные дубликаты (не загружаются без --include-duplicate СТРОКА):"
)


def add_import_families_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Declare the command through ``command(name, help)``, the factory build_parser uses for every command."""
    child = command(COMMAND, HELP)
    child.add_argument("file", metavar="ФАЙЛ", help="книга .xlsx со списком семей")
    child.add_argument(
        "--mapping", required=True, metavar="MAPPING.json", help="файл сопоставления столбцов и полей (JSON)"
    )
    child.add_argument("--sheet", metavar="ЛИСТ", help="лист книги (по умолчанию — из сопоставления или первый)")
    child.add_argument(
        "--header-row", type=row_number, metavar="N", help="строка заголовков (по умолчанию определяется сама)"
    )
    child.add_argument(
        "--include-duplicate",
        type=row_number,
        action="append",
        default=[],
        metavar="СТРОКА",
        help="загрузить и эту строку, отмеченную как возможный дубликат (можно повторять)",
    )
    child.add_argument(
        "--dry-run", action="store_true", help="только показать, что будет загружено, ничего не записывая"
    )
    child.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    return child


def run_import_families(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Preview, then (unless --dry-run) apply; UserError propagates to main(), which prints it in one line."""
    from dataclasses import replace

    from desktop_app.family_import import load_mapping, read_family_sheet
    from desktop_app.services.family_import import apply_family_import, preview_family_import

    mapping = load_mapping(Path(args.mapping))
    sheet = read_family_sheet(Path(args.file), args.sheet or mapping.sheet, args.header_row or mapping.header_row)

    def preview(db: Database) -> FamilyImportPreview:
        chosen = mapping
        if not chosen.columns.get("municipality") and not chosen.default_municipality:
            chosen = replace(chosen, default_municipality=installation_district(db))
        return preview_family_import(db, actor, sheet, chosen)

    def apply(db: Database, shown: FamilyImportPreview) -> FamilyImportResult:
        return apply_family_import(db, actor, sheet, shown, args.include_duplicate)

    return run_list_import(args, paths, sheet.sheet, preview, apply, WORDS, result_line)


def result_line(result: FamilyImportResult) -> str:
    if not result.codes:
        return "Загружать нечего: новых семей нет, в базе ничего не изменено."
    codes = codes_span(result.codes)
    return f"Загружено семей: {result.created} ({codes}); из них возможных дубликатов: {result.duplicates_taken}."
