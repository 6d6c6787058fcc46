"""Loading the data files shipped in resources/ into domain objects."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop_app.core.paths import resource_path
from desktop_app.domain.errors import UserError
from desktop_app.domain.program_definition import ProgramDefinition, parse_program_definition
from desktop_app.domain.territories import TerritoryDirectory

DEMO_PROGRAM_FILE = ("demo", "plesetsk_program.json")
DEMO_DATA_FILE = ("demo", "demo_data.json")


def read_json(path: Path) -> Any:
    """Parse a JSON data file; a missing or broken file becomes one clear message."""
    try:
        with path.open(encoding="utf-8") as stream:
            return json.load(stream)
    except FileNotFoundError:
        raise UserError(f"Не найден файл данных программы: {path}. Переустановите программу.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"Файл данных {path.name} повреждён: {exc}.") from None


@lru_cache(maxsize=1)
def territory_directory() -> TerritoryDirectory:
    return TerritoryDirectory.from_data(read_json(resource_path("territories.json")))


def demo_program() -> ProgramDefinition:
    path = resource_path(*DEMO_PROGRAM_FILE)
    return parse_program_definition(read_json(path), source=path.name)


def demo_data() -> Any:
    return read_json(resource_path(*DEMO_DATA_FILE))
