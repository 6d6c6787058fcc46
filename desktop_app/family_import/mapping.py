"""Which column of a family list feeds which field: kept in a small JSON file, so a district maps its list once.

The file (``"format"`` and ``"version"`` are required; everything else may be left out; the «//» notes
explain, they are not part of the JSON)::

    {
      "format": "opeka-family-import-mapping",
      "version": 1,
      "sheet": "Семьи",                    // optional: the sheet to read (default: the first)
      "header_row": 2,                     // optional: the row of column headers (default: found)
      "default_municipality": "Плесецкий муниципальный округ",  // for rows without one
      "columns": {"adult1_name": "ФИО кандидата", "adult1_birth_date": "Дата рождения", ...}
    }

``columns`` maps a field key (see ``fields.FIELDS``) to a column header as written in the file; headers
are compared ignoring case, ё/е and extra spaces.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.atomic import write_atomically
from desktop_app.core.input_files import InputFileError, open_regular_file
from desktop_app.core.os_errors import describe_os_error
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.text import search_key
from desktop_app.family_import.fields import FIELD_BY_KEY, FIELDS, REQUIRED, FieldSpec

log = logging.getLogger(__name__)

MAPPING_FORMAT = "opeka-family-import-mapping"
MAPPING_VERSION = 1
REMEMBERED_MAPPING_FILE = "family_import_mapping.json"  # in the data folder: the last mapping used
MAX_MAPPING_BYTES = 256 * 1024  # a mapping is a few hundred bytes; never read a huge file by mistake
_KEYS = frozenset({"format", "version", "sheet", "header_row", "default_municipality", "columns"})


@dataclass(frozen=True)
class ColumnMapping:
    columns: Mapping[str, str] = field(default_factory=dict)  # field key → header text
    sheet: str | None = None
    header_row: int | None = None
    default_municipality: str = ""

    def missing_required(self) -> list[str]:
        """Labels of the fields without which no row can become a family."""
        return [FIELD_BY_KEY[key].label for key in REQUIRED if not self.columns.get(key)]

    def resolve(self, headers: Sequence[str]) -> dict[str, int]:
        """Field key → column index in ``headers``; ValidationError naming what the file lacks."""
        return resolve_columns(self.columns, headers, FIELD_BY_KEY, REQUIRED)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": MAPPING_FORMAT, "version": MAPPING_VERSION}
        if self.sheet:
            data["sheet"] = self.sheet
        if self.header_row:
            data["header_row"] = self.header_row
        if self.default_municipality:
            data["default_municipality"] = self.default_municipality
        data["columns"] = {spec.key: self.columns[spec.key] for spec in FIELDS if self.columns.get(spec.key)}
        return data

    @classmethod
    def from_json(cls, data: object, source: str) -> ColumnMapping:
        """The mapping a parsed JSON document describes; ValidationError with one sentence otherwise."""

        def wrong(reason: str) -> ValidationError:
            return ValidationError(f"Файл сопоставления «{source}» не подходит: {reason}.")

        if not isinstance(data, dict):
            raise wrong("нужен объект JSON с полями format, version и columns")
        if data.get("format") != MAPPING_FORMAT:
            raise wrong(f"поле format должно быть «{MAPPING_FORMAT}»")
        if data.get("version") != MAPPING_VERSION:
            raise wrong(f"версия {data.get('version')!r} не поддерживается, нужна {MAPPING_VERSION}")
        if unknown := sorted(set(data) - _KEYS):
            raise wrong(f"неизвестное поле «{unknown[0]}»")
        columns = data.get("columns", {})
        if not isinstance(columns, dict):
            raise wrong("columns должно быть объектом «поле: заголовок столбца»")
        for key, header in columns.items():
            if key not in FIELD_BY_KEY:
                raise wrong(f"неизвестное поле «{key}» в columns; допустимы: {', '.join(FIELD_BY_KEY)}")
            if not isinstance(header, str):
                raise wrong(f"заголовок для поля «{key}» должен быть строкой")
        sheet, header_row = data.get("sheet"), data.get("header_row")
        municipality = data.get("default_municipality", "")
        if sheet is not None and not isinstance(sheet, str):
            raise wrong("sheet должно быть названием листа")
        if header_row is not None and (type(header_row) is not int or header_row < 1):
            raise wrong("header_row должно быть номером строки (1, 2, …)")
        if not isinstance(municipality, str):
            raise wrong("default_municipality должно быть строкой")
        return cls(
            columns={key: header.strip() for key, header in columns.items() if header.strip()},
            sheet=sheet or None,
            header_row=header_row,
            default_municipality=" ".join(municipality.split()),
        )


def resolve_columns(
    columns: Mapping[str, str],
    headers: Sequence[str],
    fields: Mapping[str, FieldSpec],
    required: Sequence[str],
) -> dict[str, int]:
    """Field key → column index in ``headers`` for a mapping of field key → header (compared in search form);
    ValidationError naming a required field left unmapped, or a chosen column the file lacks."""
    if missing := [fields[key].label for key in required if not columns.get(key)]:
        names = ", ".join(f"«{label}»" for label in missing)
        raise ValidationError(f"В сопоставлении столбцов не выбраны обязательные поля: {names}.")
    positions = {search_key(header): index for index, header in reversed(list(enumerate(headers)))}
    resolved: dict[str, int] = {}
    for key, header in columns.items():
        index = positions.get(search_key(header))
        if index is None:
            raise ValidationError(f"В файле нет столбца «{header}», выбранного для поля «{fields[key].label}».")
        resolved[key] = index
    return resolved


def load_mapping(path: Path) -> ColumnMapping:
    """Read a mapping file; ValidationError (one sentence) when it is missing, not JSON or not a mapping."""
    try:
        with open_regular_file(path) as stream:
            raw = stream.read(MAX_MAPPING_BYTES + 1)
    except InputFileError as exc:  # missing, a folder, a named pipe, a device: nothing is read from it
        raise ValidationError(f"Не удалось прочитать файл сопоставления «{path}»: {exc.reason}.") from None
    except OSError as exc:
        raise ValidationError(f"Не удалось прочитать файл сопоставления «{path}»: {describe_os_error(exc)}.") from None
    if len(raw) > MAX_MAPPING_BYTES:
        raise ValidationError(f"Файл сопоставления «{path.name}» слишком большой для описания столбцов.")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(f"Файл сопоставления «{path.name}» должен быть текстом в UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"Файл сопоставления «{path.name}» не прочитан: ошибка JSON в строке {exc.lineno}, позиция {exc.colno}."
        ) from None
    except (ValueError, RecursionError):  # a number of thousands of digits, nesting too deep
        raise ValidationError(f"Файл сопоставления «{path.name}» не прочитан: это не описание столбцов.") from None
    return ColumnMapping.from_json(data, path.name)


def save_mapping(mapping: ColumnMapping, path: Path) -> None:
    """Write the mapping atomically (a temporary file, then replace): a crash never leaves half a file."""
    text = json.dumps(mapping.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"), "сопоставление столбцов")


def load_remembered(path: Path) -> ColumnMapping | None:
    """The mapping used last time, or None when there is none or it cannot be read (it is only a convenience)."""
    if not path.exists():
        return None
    try:
        return load_mapping(path)
    except UserError as exc:
        log.warning("Remembered family import mapping ignored: %s", exc.message)
        return None


def remember(mapping: ColumnMapping, path: Path) -> None:
    """Keep ``mapping`` for next time; a failure is logged, never shown: the import itself went well."""
    try:
        save_mapping(mapping, path)
    except UserError as exc:
        log.warning("Family import mapping not remembered: %s", exc.message)
