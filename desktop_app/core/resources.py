"""Loading the data files shipped in resources/ into domain objects."""

from __future__ import annotations

import json
import re
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


def demo_program(shift_years: int = 0) -> ProgramDefinition:
    """The demo's real program; ``shift_years`` moves every year in it (dates, periods, deadline texts) so
    that a demo made after the program's end still has a current period inside it."""
    path = resource_path(*DEMO_PROGRAM_FILE)
    data = read_json(path)
    if shift_years:
        data = _shift_years(data, shift_years)
    return parse_program_definition(data, source=path.name)


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def _shift_years(data: Any, years: int) -> Any:
    if isinstance(data, str):
        return _YEAR.sub(lambda match: str(int(match.group(1)) + years), data)
    if isinstance(data, list):
        return [_shift_years(item, years) for item in data]
    if isinstance(data, dict):
        return {key: _shift_years(value, years) for key, value in data.items()}
    return data


def demo_data() -> Any:
    return read_json(resource_path(*DEMO_DATA_FILE))
