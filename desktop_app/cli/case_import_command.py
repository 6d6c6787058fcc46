"""`opeka import-cases`: load a district's list of family support cases from Excel.

The columns are matched to the case's fields by their headers (case_import.fields: «Дата выявления», «Категория»,
«ФИО», «Дети» …), as the window's import dialog prefills them. Acts as the signed-in user (cli/sign_in.py), who
needs the right to see personal data. Exit codes: 0 done (rows that cannot be read are listed and left out,
duplicates of the register skipped), 2 bad data or parameters (a required column not found, no row readable,
a missing sheet), 1 any other refusal (a file that is not a workbook, a corrupt one).
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
    from desktop_app.services.case_import import CaseImportPreview, CaseImportResult
    from desktop_app.storage.database import Database

COMMAND = "import-cases"
HELP = "загрузить список случаев сопровождения семей из книги Excel (.xlsx)"
WORDS = ListWords(
    "новых случаев",
    "уже в реестре (пропускаются)",
    "Пропускаются — такой случай уже есть (та же семья и дата выявления):",
)


def add_import_cases_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Declare the command through ``command(name, help)``, the factory build_parser uses for every command."""
    child = command(COMMAND, HELP)
    child.add_argument("file", metavar="ФАЙЛ", help="книга .xlsx со списком случаев")
    child.add_argument("--sheet", metavar="ЛИСТ", help="лист книги (по умолчанию — первый)")
    child.add_argument(
        "--header-row", type=row_number, metavar="N", help="строка заголовков (по умолчанию определяется сама)"
    )
    child.add_argument(
        "--dry-run", action="store_true", help="только показать, что будет загружено, ничего не записывая"
    )
    child.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    return child


def run_import_cases(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Preview, then (unless --dry-run) apply; UserError propagates to main(), which prints it in one line."""
    from desktop_app.case_import import CaseMapping, guess_case_mapping, read_case_sheet
    from desktop_app.services.case_import import apply_case_import, preview_case_import

    sheet = read_case_sheet(Path(args.file), args.sheet, args.header_row)

    def preview(db: Database) -> CaseImportPreview:
        mapping = CaseMapping(guess_case_mapping(sheet.headers), default_municipality=installation_district(db))
        return preview_case_import(db, actor, sheet, mapping)

    def apply(db: Database, shown: CaseImportPreview) -> CaseImportResult:
        return apply_case_import(db, actor, sheet, shown)

    return run_list_import(args, paths, sheet.sheet, preview, apply, WORDS, result_line)


def result_line(result: CaseImportResult) -> str:
    if not result.codes:
        return "Загружать нечего: новых случаев нет, в базе ничего не изменено."
    return f"Загружено случаев: {result.created} ({codes_span(result.codes)})."
