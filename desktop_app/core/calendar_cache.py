"""The production calendar's years kept between runs in the user's cache folder, so a start need not import the
holidays package (which imports every country it knows: a few hundred milliseconds) to count one deadline.

The file holds what domain/workdays.py ``computed_years`` computed from the package, under the package's version
(read from its metadata, as the package reads it itself): another version, a year not in the file, a file that
cannot be read or makes no sense — the years are computed from the package as without the cache, and written back
when the folder allows it. Nothing the cache does can fail a start: the worst is the time it was meant to save.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.core.paths import APP_AUTHOR, APP_DIR_NAME
from desktop_app.domain.workdays import COUNTRY, LANGUAGE, CalendarYear, computed_years, span_around, use_year_source

log = logging.getLogger(__name__)

FILE_NAME = "production-calendar.json"
FORMAT = 1


def cache_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_DIR_NAME, APP_AUTHOR)) / FILE_NAME


def holidays_version() -> str | None:
    """The installed holidays package's version, without importing the package; None when it cannot be told
    (then nothing is cached)."""
    try:
        from importlib.metadata import distribution

        found = distribution("holidays")
        # the version is a header of the metadata file: read it without parsing the whole file (its README
        # included) as ``Distribution.version`` does, a few times longer than the rest of the cache's reading
        for line in (found.read_text("METADATA") or "").splitlines():
            if not line:
                break  # the end of the headers
            if line.startswith("Version:"):
                return line.partition(":")[2].strip() or None
        return found.version
    except Exception:
        log.info("The holidays package's version is unknown; the calendar is not cached", exc_info=True)
        return None


class CachedYears:
    """A ``YearSource`` (domain/workdays.py) that reads the cache file once and adds to it what it computes."""

    def __init__(
        self,
        file: Path | None = None,
        *,
        version: Callable[[], str | None] = holidays_version,
        compute: Callable[[Iterable[int]], Mapping[int, CalendarYear]] = computed_years,
    ) -> None:
        self._file = file
        self._version = version
        self._compute = compute
        self._key: dict[str, Any] | None = None
        self._stored: dict[int, CalendarYear] = {}

    def __call__(self, year: int) -> Mapping[int, CalendarYear]:
        if self._key is None:
            version = self._version()
            self._key = {"format": FORMAT, "holidays": version, "country": COUNTRY, "language": LANGUAGE}
            if version is not None:
                self._stored = self._read(self._path())
        found = self._stored.get(year)
        if found is not None:
            return {year: found}
        computed = dict(self._compute(span_around(year)))
        if self._key["holidays"] is not None:
            self._stored.update(computed)
            self._write(self._path())
        return computed

    def _path(self) -> Path:
        if self._file is None:
            self._file = cache_file()
        return self._file

    def _read(self, path: Path) -> dict[int, CalendarYear]:
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(content, dict) or content.get("key") != self._key:
                return {}  # another version of the package (or of this file): computed again
            return {int(year): _year(int(year), days) for year, days in content["years"].items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            log.info("The calendar cache %s is unreadable; computed again", path, exc_info=True)
            return {}

    def _write(self, path: Path) -> None:
        from desktop_app.core.atomic import write_atomically
        from desktop_app.domain.errors import UserError

        years = {
            str(year): {
                "off": sorted(day.isoformat() for day in days.days_off),
                "names": {day.isoformat(): name for day, name in sorted(days.names.items())},
            }
            for year, days in sorted(self._stored.items())
        }
        text = json.dumps({"key": self._key, "years": years}, ensure_ascii=False)
        try:
            write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
        except (OSError, UserError):
            log.info("The calendar cache %s could not be written", path, exc_info=True)


def _year(year: int, days: dict[str, Any]) -> CalendarYear:
    """One year read back from the file; ValueError for anything not as written (a date of another year, a name
    that is not text)."""
    off = frozenset(date.fromisoformat(text) for text in days["off"])
    names = {date.fromisoformat(text): name for text, name in days["names"].items()}
    if any(day.year != year for day in (*off, *names)) or not all(isinstance(name, str) for name in names.values()):
        raise ValueError(f"the calendar cache's year {year} holds other data")
    return CalendarYear(off, names)


def use_cached_calendar(file: Path | None = None) -> None:
    """From now on ``russian_calendar()`` reads its years through the cache (``file``: the user's cache folder)."""
    use_year_source(CachedYears(file))
