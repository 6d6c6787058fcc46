"""Reading a filled template back: the file checked before openpyxl sees it, the cells read by the id map."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.periods import Period
from desktop_app.form_templates.assemble import assemble
from desktop_app.form_templates.ids import ID_SHEET, TemplateIds, damaged, not_a_template, read_ids, split_address
from desktop_app.form_templates.model import FilledTemplate, TemplateIssue
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.definition import FormDefinition
from desktop_app.plan_import.safety import FileKind, check_plan_file, corrupt

log = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a template of 5 000 cells unpacks to well under 2 MB
_OLD_FORMATS = (".xls", ".ods", ".csv")
UNCOMPUTED_FORMULA = (
    "в ячейке формула без вычисленного значения: откройте файл в Excel, дождитесь пересчёта и сохраните его снова"
)


def read_template(path: Path, catalogue: FormCatalogue) -> FilledTemplate:
    """The answers of a filled template with the cells that could not be read; UserError for a file that is
    not a template of this program, is damaged or oversized, or whose form the catalogue does not know."""
    ids, values, formulas = _open(path)
    form = _form(catalogue, ids.form_id)
    try:
        period = Period.parse(ids.period_code)
    except ValidationError:
        raise damaged(path.name, f"период «{ids.period_code}»") from None
    answers: dict[str, Any] = {}
    issues: list[TemplateIssue] = []
    places: dict[tuple[str, str], str] = {}
    if ids.form_version == form.version:  # another version: check_template_target refuses it with the reason
        if not form.accepts(period):
            raise damaged(path.name, f"период «{ids.period_code}» не подходит форме")
        answers, issues, places = assemble(form, ids, values, path.name, period)
        issues = _with_formulas(issues, ids, formulas)
    return FilledTemplate(
        form_id=ids.form_id,
        form_version=ids.form_version,
        period=period,
        district=ids.district,
        answers=answers,
        issues=issues,
        form=form,
        installation=ids.installation,
        source=path.name,
        places=places,
    )


def check_template_file(path: Path, what: str = "шаблон формы") -> None:
    """UserError with one Russian sentence unless ``path`` is an .xlsx workbook that is safe to open; ``what`` names
    the kind of template in that sentence."""
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise UserError(
            f"Файл «{path.name}» не в формате .xlsx: откройте его в Excel или LibreOffice и сохраните как "
            "«Книга Excel (.xlsx)», не меняя листов."
        )
    if suffix not in (".xlsx", ".xlsm"):
        raise UserError(f"Файл «{path.name}» не является книгой Excel (.xlsx): {what} — файл .xlsx.")
    check_plan_file(path)  # size (20 MB), password protection, zip bombs, XML entities, absurd merges
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (OSError, zipfile.BadZipFile):
        raise corrupt(path, FileKind.XLSX) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise UserError(f"Файл «{path.name}» после распаковки слишком велик: это не {what}.")


def open_checked_workbook(path: Path, what: str = "шаблон формы") -> Any:
    """``path`` checked as check_template_file does, then opened read-only (the rows are streamed, so only those up
    to the last input cell are ever parsed); UserError in one sentence for a file that cannot be read."""
    check_template_file(path, what)
    try:
        from openpyxl import load_workbook

        return load_workbook(str(path), read_only=True, data_only=True)
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        log.warning("Cannot open %s %s", what, path, exc_info=True)
        raise corrupt(path, FileKind.XLSX) from None


def _open(path: Path) -> tuple[TemplateIds, dict[str, Any], set[str]]:
    book = open_checked_workbook(path)
    try:
        if ID_SHEET not in book.sheetnames:
            raise not_a_template(path.name)
        ids = read_ids(book[ID_SHEET], path.name)
        if ids.sheet not in book.sheetnames:
            raise damaged(path.name, f"нет листа «{ids.sheet}»")
        values = _values(book[ids.sheet], ids)
        return ids, values, _uncomputed_formulas(path, ids, values)
    except UserError:
        raise
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        log.warning("Cannot read template %s", path, exc_info=True)
        raise corrupt(path, FileKind.XLSX) from None
    finally:
        book.close()


def _values(sheet: Any, ids: TemplateIds) -> dict[str, Any]:
    """The raw value of every mapped cell by address, reading the sheet once from the first to the last."""
    wanted: dict[tuple[int, int], str] = {split_address(ref.address): ref.address for ref in ids.refs}
    if not wanted:
        return {}
    first = min(row for row, _ in wanted)
    last = max(row for row, _ in wanted)
    width = max(column for _, column in wanted)
    values: dict[str, Any] = {}
    rows = sheet.iter_rows(min_row=first, max_row=last, max_col=width, values_only=True)
    for number, row in enumerate(rows, first):
        for column, value in enumerate(row, 1):
            address = wanted.get((number, column))
            if address is not None:
                values[address] = value
    return values


def _uncomputed_formulas(path: Path, ids: TemplateIds, values: dict[str, Any]) -> set[str]:
    """Mapped cells holding a formula that was never calculated (a file written by a program that does not
    calculate, or saved with calculation off): openpyxl gives None for them as for an empty cell, so the
    formulas themselves are read once more to tell the two apart."""
    empty = {address for address, value in values.items() if value is None}
    if not empty:
        return set()
    from openpyxl import load_workbook

    book = load_workbook(str(path), read_only=True, data_only=False)
    try:
        written = _values(book[ids.sheet], ids)
    finally:
        book.close()
    return {address for address in empty if isinstance(written.get(address), str) and written[address][:1] == "="}


def _with_formulas(issues: list[TemplateIssue], ids: TemplateIds, formulas: set[str]) -> list[TemplateIssue]:
    """The template's issues with one for every answer cell whose formula has no calculated value."""
    if not formulas:
        return issues
    found = list(issues)
    for ref in ids.refs:
        if ref.address in formulas:
            found.append(TemplateIssue(ref.question_id, ref.cell, f"{ids.sheet}!{ref.address}", UNCOMPUTED_FORMULA))
    return sorted(found, key=lambda issue: split_address(issue.address.rpartition("!")[2]))


def _form(catalogue: FormCatalogue, form_id: str) -> FormDefinition:
    for form in catalogue.forms:
        if form.id == form_id:
            return form
    raise UserError(f"Форма «{form_id}» из шаблона неизвестна этой программе.")
