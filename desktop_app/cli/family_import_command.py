"""`opeka import-families`: load a list of resource families from Excel through a mapping file.

Acts as the signed-in user (cli/sign_in.py), who needs the right to see personal data. Exit codes: 0 done
(rows that cannot be read are listed and left out), 2 bad data or parameters (wrong mapping, a column missing,
no row readable), 1 any other refusal.
Only the standard library is imported here: the command line starts fast for the other commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.paths import DataPaths

if TYPE_CHECKING:
    from desktop_app.domain.actor import Actor
    from desktop_app.services.family_import import FamilyImportPreview, FamilyImportResult

COMMAND = "import-families"
HELP = "загрузить список ресурсных семей из книги Excel (.xlsx)"
_SHOWN_ROWS = 200  # the terminal lists this many problems and duplicates; --json gives them all


def add_import_families_parser(command: Callable[[str, str], argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Declare the command through ``command(name, help)``, the factory build_parser uses for every command."""
    child = command(COMMAND, HELP)
    child.add_argument("file", metavar="ФАЙЛ", help="книга .xlsx со списком семей")
    child.add_argument(
        "--mapping", required=True, metavar="MAPPING.json", help="файл сопоставления столбцов и полей (JSON)"
    )
    child.add_argument("--sheet", metavar="ЛИСТ", help="лист книги (по умолчанию — из сопоставления или первый)")
    child.add_argument(
        "--header-row", type=_row_number, metavar="N", help="строка заголовков (по умолчанию определяется сама)"
    )
    child.add_argument(
        "--include-duplicate",
        type=_row_number,
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


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"«{text}» — не номер строки: нужно целое число от 1")
    return int(text)


def run_import_families(args: argparse.Namespace, paths: DataPaths, actor: Actor) -> int:
    """Preview, then (unless --dry-run) apply; UserError propagates to main(), which prints it in one line."""
    from dataclasses import replace

    from desktop_app.cli.opening import open_for_command
    from desktop_app.domain.errors import ValidationError
    from desktop_app.family_import import load_mapping, read_family_sheet
    from desktop_app.services.family_import import RowState, apply_family_import, preview_family_import
    from desktop_app.services.installation import InstallationService

    mapping = load_mapping(Path(args.mapping))
    sheet = read_family_sheet(Path(args.file), args.sheet or mapping.sheet, args.header_row or mapping.header_row)
    db = open_for_command(paths)
    try:
        if not mapping.columns.get("municipality") and not mapping.default_municipality:
            # a district's own list rarely names the district: its installation does
            district = InstallationService(db).info().district_name or ""
            mapping = replace(mapping, default_municipality=district)
        preview = preview_family_import(db, actor, sheet, mapping)
        if preview.rows and preview.count(RowState.PROBLEM) == len(preview.rows):
            raise ValidationError(
                f"Ни одна строка листа «{sheet.sheet}» не прочитана; первая причина — {preview.rows[0].detail}."
            )
        if not preview.rows:
            raise ValidationError(f"На листе «{sheet.sheet}» под заголовками нет ни одной заполненной строки.")
        result = None if args.dry_run else apply_family_import(db, actor, sheet, preview, args.include_duplicate)
    finally:
        db.close()
    if args.json:
        json.dump(summary(preview, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(preview_lines(preview)))
        print(result_line(result) if result else "Проверка без записи (--dry-run): в базе ничего не изменено.")
    return 0


def preview_lines(preview: FamilyImportPreview) -> list[str]:
    """The preview as the terminal shows it: counts, then each duplicate and each problem with its row."""
    from desktop_app.services.family_import import RowState

    lines = [
        f"Файл: {preview.source}, лист «{preview.sheet}», заголовки в строке {preview.header_row}",
        f"Строк со сведениями: {len(preview.rows)}; новых семей: {preview.count(RowState.NEW)}; "
        f"возможных дубликатов: {preview.count(RowState.DUPLICATE)}; "
        f"не прочитано: {preview.count(RowState.PROBLEM)}",
    ]
    duplicates = [row for row in preview.rows if row.state is RowState.DUPLICATE]
    if duplicates:
        lines.append("Возможные дубликаты (не загружаются без --include-duplicate СТРОКА):")
        lines += [f"    строка {row.number}: {row.detail}" for row in duplicates[:_SHOWN_ROWS]]
    problems = [row for row in preview.rows if row.state is RowState.PROBLEM]
    if problems:
        lines.append("Не прочитано:")
        lines += [f"    {row.detail}" for row in problems[:_SHOWN_ROWS]]
    if len(duplicates) > _SHOWN_ROWS or len(problems) > _SHOWN_ROWS:
        lines.append(f"    … показаны первые {_SHOWN_ROWS}; полный список — с параметром --json")
    return lines


def result_line(result: FamilyImportResult) -> str:
    if not result.codes:
        return "Загружать нечего: новых семей нет, в базе ничего не изменено."
    codes = result.codes[0] if len(result.codes) == 1 else f"{result.codes[0]} – {result.codes[-1]}"
    return f"Загружено семей: {result.created} ({codes}); из них возможных дубликатов: {result.duplicates_taken}."


def summary(preview: FamilyImportPreview, result: FamilyImportResult | None) -> dict[str, Any]:
    data = preview.summary()
    data["applied"] = result is not None
    data["created"] = list(result.codes) if result is not None else []
    return data
