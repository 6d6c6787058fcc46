"""What `opeka import-families` and `opeka import-cases` share: preview a list read from Excel, refuse a sheet with no
readable row, apply unless --dry-run, and print the outcome for a person or as JSON.

Each command reads its sheet and says how to preview and apply it (the family list through a mapping file, the case
list through the guessed columns); the rows' states are the services' ``new``, ``duplicate`` and ``problem``.
Only the standard library is imported here: the command line starts fast for the other commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from desktop_app.core.paths import DataPaths

if TYPE_CHECKING:
    from desktop_app.storage.database import Database

SHOWN_ROWS = 200  # the terminal lists this many problems and duplicates; --json gives them all


class _State(Protocol):
    @property
    def value(self) -> str: ...


class _Row(Protocol):
    @property
    def number(self) -> int: ...
    @property
    def state(self) -> _State: ...
    @property
    def detail(self) -> str: ...


class _Preview(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def sheet(self) -> str: ...
    @property
    def header_row(self) -> int: ...
    @property
    def rows(self) -> Sequence[_Row]: ...
    def summary(self) -> dict[str, Any]: ...


class _Result(Protocol):
    @property
    def codes(self) -> tuple[str, ...]: ...


PreviewT = TypeVar("PreviewT", bound=_Preview)
ResultT = TypeVar("ResultT", bound=_Result)


@dataclass(frozen=True)
class ListWords:
    """How the terminal speaks of a list's rows."""

    new: str  # «новых семей»
    duplicates: str  # «возможных дубликатов»
    duplicates_heading: str  # the line above the duplicates listed


def row_number(text: str) -> int:
    """An argparse type: a sheet's row, counted from 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"«{text}» — не номер строки: нужно целое число от 1")
    return int(text)


def installation_district(db: Database) -> str:
    """The district this installation serves: a district's own list rarely names it."""
    from desktop_app.services.installation import InstallationService

    return InstallationService(db).info().district_name or ""


def run_list_import(
    args: argparse.Namespace,
    paths: DataPaths,
    sheet_name: str,
    preview: Callable[[Database], PreviewT],
    apply: Callable[[Database, PreviewT], ResultT],
    words: ListWords,
    result_line: Callable[[ResultT], str],
) -> int:
    """Preview, then (unless --dry-run) apply; UserError propagates to main(), which prints it in one line."""
    from desktop_app.cli.opening import open_for_command
    from desktop_app.domain.errors import ValidationError

    db = open_for_command(paths)
    try:
        shown = preview(db)
        if not shown.rows:
            raise ValidationError(f"На листе «{sheet_name}» под заголовками нет ни одной заполненной строки.")
        if all(row.state.value == "problem" for row in shown.rows):
            raise ValidationError(
                f"Ни одна строка листа «{sheet_name}» не прочитана; первая причина — {shown.rows[0].detail}."
            )
        result = None if args.dry_run else apply(db, shown)
    finally:
        db.close()
    if args.json:
        json.dump(summary(shown, result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(preview_lines(shown, words)))
        print(result_line(result) if result else "Проверка без записи (--dry-run): в базе ничего не изменено.")
    return 0


def preview_lines(preview: _Preview, words: ListWords) -> list[str]:
    """The preview as the terminal shows it: counts, then each duplicate and each problem with its row."""
    duplicates = [row for row in preview.rows if row.state.value == "duplicate"]
    problems = [row for row in preview.rows if row.state.value == "problem"]
    new = sum(row.state.value == "new" for row in preview.rows)
    lines = [
        f"Файл: {preview.source}, лист «{preview.sheet}», заголовки в строке {preview.header_row}",
        f"Строк со сведениями: {len(preview.rows)}; {words.new}: {new}; "
        f"{words.duplicates}: {len(duplicates)}; не прочитано: {len(problems)}",
    ]
    if duplicates:
        lines.append(words.duplicates_heading)
        lines += [f"    строка {row.number}: {row.detail}" for row in duplicates[:SHOWN_ROWS]]
    if problems:
        lines.append("Не прочитано:")
        lines += [f"    {row.detail}" for row in problems[:SHOWN_ROWS]]
    if len(duplicates) > SHOWN_ROWS or len(problems) > SHOWN_ROWS:
        lines.append(f"    … показаны первые {SHOWN_ROWS}; полный список — с параметром --json")
    return lines


def codes_span(codes: tuple[str, ...]) -> str:
    """«СС-0001» for one code, «СС-0001 – СС-0008» for several."""
    return codes[0] if len(codes) == 1 else f"{codes[0]} – {codes[-1]}"


def summary(preview: _Preview, result: _Result | None) -> dict[str, Any]:
    """The preview's JSON account with what was written."""
    data = preview.summary()
    data["applied"] = result is not None
    data["created"] = list(result.codes) if result is not None else []
    return data
