"""Opening a plan file: checks, the right reader for its kind, then the parser."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop_app.domain.errors import UserError
from desktop_app.plan_import.model import ImportedPlan
from desktop_app.plan_import.parser import parse_plan
from desktop_app.plan_import.raw import RawDocument
from desktop_app.plan_import.safety import FileKind, check_plan_file, corrupt

log = logging.getLogger(__name__)


def read_document(path: Path) -> RawDocument:
    """The file's paragraphs and tables; UserError for a wrong, corrupt, oversized or hostile file."""
    kind = check_plan_file(path)
    try:
        if kind is FileKind.DOCX:
            from desktop_app.plan_import.docx_reader import read_docx

            return read_docx(str(path), path.name)
        from desktop_app.plan_import.xlsx_reader import read_xlsx

        return read_xlsx(str(path), path.name)
    except UserError:
        raise
    except MemoryError:
        raise UserError(f"Файл «{path.name}» слишком велик: не хватает памяти, чтобы его прочитать.") from None
    except Exception:
        # The zip passed the checks, so whatever python-docx or openpyxl tripped over is in the file's
        # XML; the user needs one sentence, the log keeps the details.
        log.warning("Cannot read plan file %s", path, exc_info=True)
        raise corrupt(path, kind) from None


def read_plan_file(path: Path) -> ImportedPlan:
    """Read an approved plan from a .docx or .xlsx file; UserError when nothing can be imported from it."""
    plan = parse_plan(read_document(path))
    if not plan.measures:
        reason = f" ({plan.problems[0]})" if plan.problems else ""
        raise UserError(
            f"В файле «{path.name}» не найдено ни одного мероприятия: нужна таблица со столбцами «№», "
            f"«Наименование мероприятия», «Срок реализации», «Ответственные исполнители»{reason}."
        )
    return plan
