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
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.family_import_command import _row_number
from desktop_app.core.paths import DataPaths

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor
    from desktop_app.services.case_import import CaseImportPreview, CaseImportResult

COMMAND = "import-cases"
HELP = "загрузить список случаев сопровождения семей из книги Excel (.xlsx)"
_SHOWN_ROWS = 200  # the terminal lists this many problems and duplicates; --json gives them all


def add_import_cases_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Declare the command through ``command(name, help)``, the factory build_parser uses for every command."""
    child = command(COMMAND, HELP)
    child.add_argument("file", metavar="ФАЙЛ", help="книга .xlsx со списком случаев")
    child.add_argument("--sheet", metavar="ЛИСТ", help="лист книги (по умолчанию — первый)")
    child.add_argument(
        "--header-row", type=_row_number, metavar="N", help="строка заголовков (по умолчанию определяется сама)"
    )
    child.add_argument(
        "--dry-run", action="store_true", help="только показать, что будет загружено, ничего не записывая"
    )
    child.add_argument("--json", action="store_true", help="вывести итог в формате JSON")
    return child


def run_import_cases(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Preview, then (unless --dry-run) apply; UserError propagates to main(), which prints it in one line."""
    from desktop_app.case_import import CaseMapping, guess_case_mapping, read_case_sheet
    from desktop_app.cli.opening import open_for_command
    from desktop_app.domain.errors import ValidationError
    from desktop_app.services.case_import import CaseRowState, apply_case_import, preview_case_import
    from desktop_app.services.installation import InstallationService

    sheet = read_case_sheet(Path(args.file), args.sheet, args.header_row)
    db = open_for_command(paths)
    try:
        # a district's own list rarely names the district: its installation does
        district = InstallationService(db).info().district_name or ""
        mapping = CaseMapping(guess_case_mapping(sheet.headers), default_municipality=district)
        preview = preview_case_import(db, actor, sheet, mapping)
        if not preview.rows:
            raise ValidationError(f"На листе «{sheet.sheet}» под заголовками нет ни одной заполненной строки.")
        if preview.count(CaseRowState.PROBLEM) == len(preview.rows):
            raise ValidationError(
                f"Ни одна строка листа «{sheet.sheet}» не прочитана; первая причина — {preview.rows[0].detail}."
            )
        result = None if args.dry_run else apply_case_import(db, actor, sheet, preview)
    finally:
        db.close()
    if args.json:
        json.dump(summary(preview, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(preview_lines(preview)))
        print(result_line(result) if result else "Проверка без записи (--dry-run): в базе ничего не изменено.")
    return 0


def preview_lines(preview: CaseImportPreview) -> list[str]:
    """The preview as the terminal shows it: counts, then each duplicate and each problem with its row."""
    from desktop_app.services.case_import import CaseRowState

    lines = [
        f"Файл: {preview.source}, лист «{preview.sheet}», заголовки в строке {preview.header_row}",
        f"Строк со сведениями: {len(preview.rows)}; новых случаев: {preview.count(CaseRowState.NEW)}; "
        f"уже в реестре (пропускаются): {preview.count(CaseRowState.DUPLICATE)}; "
        f"не прочитано: {preview.count(CaseRowState.PROBLEM)}",
    ]
    duplicates = [row for row in preview.rows if row.state is CaseRowState.DUPLICATE]
    if duplicates:
        lines.append("Пропускаются — такой случай уже есть (та же семья и дата выявления):")
        lines += [f"    строка {row.number}: {row.detail}" for row in duplicates[:_SHOWN_ROWS]]
    problems = [row for row in preview.rows if row.state is CaseRowState.PROBLEM]
    if problems:
        lines.append("Не прочитано:")
        lines += [f"    {row.detail}" for row in problems[:_SHOWN_ROWS]]
    if len(duplicates) > _SHOWN_ROWS or len(problems) > _SHOWN_ROWS:
        lines.append(f"    … показаны первые {_SHOWN_ROWS}; полный список — с параметром --json")
    return lines


def result_line(result: CaseImportResult) -> str:
    if not result.codes:
        return "Загружать нечего: новых случаев нет, в базе ничего не изменено."
    codes = result.codes[0] if len(result.codes) == 1 else f"{result.codes[0]} – {result.codes[-1]}"
    return f"Загружено случаев: {result.created} ({codes})."


def summary(preview: CaseImportPreview, result: CaseImportResult | None) -> dict[str, Any]:
    data = preview.summary()
    data["applied"] = result is not None
    data["created"] = list(result.codes) if result is not None else []
    return data
