"""Checks made before a plan file is parsed: its kind, size, and the zip container's honesty.

A .docx or .xlsx is a zip of XML parts. A hostile or broken file can claim gigabytes once unpacked
(a zip bomb) or carry XML entity definitions that expand without end, so the sizes declared in the zip
directory are checked and every XML part is scanned for DTDs before python-docx or openpyxl sees it.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from enum import StrEnum
from pathlib import Path

from desktop_app.core.input_files import open_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a plan with hundreds of measures is well under 1 MB
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_ROWS = 10_000  # rows in all tables or sheets together; real plans have a few hundred
MAX_SPAN_COLUMNS = 64  # a roadmap table has 5–7 columns; merged headings span them, never thousands
_SCAN_CHUNK = 1024 * 1024
_GRID_SPAN = re.compile(rb"<w:grid(?:Span|Before|After)\s+w:val=\"(\d{1,12})\"")
_MERGE_REF = re.compile(rb"<mergeCell\s+ref=\"([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})\"")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class FileKind(StrEnum):
    DOCX = "docx"
    XLSX = "xlsx"

    @property
    def not_this_kind(self) -> str:
        return "документом Word (.docx)" if self is FileKind.DOCX else "книгой Excel (.xlsx)"

    @property
    def main_part(self) -> str:
        return "word/document.xml" if self is FileKind.DOCX else "xl/workbook.xml"


_EXTENSIONS = {".docx": FileKind.DOCX, ".docm": FileKind.DOCX, ".xlsx": FileKind.XLSX, ".xlsm": FileKind.XLSX}
_OLD_FORMATS = {".doc": "Word 97–2003 (.doc)", ".xls": "Excel 97–2003 (.xls)", ".rtf": "RTF", ".odt": "OpenDocument"}


def corrupt(path: Path, kind: FileKind) -> UserError:
    return UserError(f"Файл «{path.name}» не является {kind.not_this_kind} или повреждён.")


def check_plan_file(path: Path) -> FileKind:
    """The file's kind when it may be opened; otherwise UserError with one Russian sentence."""
    suffix = path.suffix.lower()
    if suffix in _OLD_FORMATS:
        raise UserError(
            f"Файл «{path.name}» в формате {_OLD_FORMATS[suffix]}: откройте его в Word или Excel и сохраните "
            "как .docx или .xlsx."
        )
    kind = _EXTENSIONS.get(suffix)
    if kind is None:
        raise UserError(f"Файл «{path.name}» не является документом Word (.docx) или книгой Excel (.xlsx).")
    try:
        # a regular file only: a link to /dev/zero or a named pipe is refused here, before any library opens it
        with open_regular_file(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            magic = stream.read(8)
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл «{path.name}»: {describe_os_error(exc)}.") from None
    if size == 0:
        raise UserError(f"Файл «{path.name}» пуст.")
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"Файл «{path.name}» слишком большой ({size / 1024 / 1024:.1f} МБ): принимаются файлы до "
            f"{MAX_FILE_BYTES // 1024 // 1024} МБ."
        )
    if magic == _OLE_MAGIC:
        raise UserError(
            f"Файл «{path.name}» защищён паролем или сохранён в старом формате: сохраните его в Word или Excel "
            "как .docx или .xlsx без пароля."
        )
    if not magic.startswith(_ZIP_MAGIC):
        raise corrupt(path, kind)
    _check_zip(path, kind)
    return kind


def _check_zip(path: Path, kind: FileKind) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            if kind.main_part not in names:
                raise corrupt(path, kind)
            if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                raise UserError(
                    f"Файл «{path.name}» после распаковки слишком велик: это не таблица, которую можно загрузить."
                )
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                problem = _scan_part(archive, entry)
                if problem == "dtd":
                    raise UserError(
                        f"Файл «{path.name}» содержит недопустимые определения XML (DOCTYPE) и не будет открыт."
                    )
                if problem == "span":
                    raise UserError(
                        f"В файле «{path.name}» объединены ячейки на {MAX_SPAN_COLUMNS}+ столбцов или "
                        f"{MAX_ROWS}+ строк — это не таблица для загрузки; пересохраните файл без таких объединений."
                    )
    except UserError:
        raise
    except OSError as exc:
        raise UserError(f"Не удалось прочитать файл «{path.name}»: {describe_os_error(exc)}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise corrupt(path, kind) from None


def _scan_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> str | None:
    """«dtd» when the part has a DTD (Office never writes one; entity expansion attacks need one);
    «span» when it merges absurdly many cells, which the readers would expand one by one (a tiny file
    with ``A1:XFD1048576`` or ``gridSpan=200000000`` would keep the program busy for minutes)."""
    tail = b""
    with archive.open(entry) as stream:  # reads at most entry.file_size bytes, checked above
        while chunk := stream.read(_SCAN_CHUNK):
            window = tail + chunk
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return "dtd"
            if _absurd_span(window):
                return "span"
            tail = window[-256:]
    return None


def _absurd_span(window: bytes) -> bool:
    for match in _GRID_SPAN.finditer(window):
        if int(match.group(1)) > MAX_SPAN_COLUMNS:
            return True
    for match in _MERGE_REF.finditer(window):
        first_column, first_row, last_column, last_row = match.groups()
        columns = _column_number(last_column) - _column_number(first_column)
        if columns > MAX_SPAN_COLUMNS or int(last_row) - int(first_row) > MAX_ROWS:
            return True
    return False


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.decode("ascii"):
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
