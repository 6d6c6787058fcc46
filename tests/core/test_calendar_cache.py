"""The production calendar read through its cache answers exactly as the holidays package does, for every day of
the years the program counts deadlines in, whether the years come from the package or from the cache file, and a
cache that is corrupt, of another package version or cannot be written changes nothing but the time."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from desktop_app.core.calendar_cache import CachedYears, holidays_version
from desktop_app.domain.workdays import CalendarYear, ProductionCalendar, computed_years

Answers = list[tuple[date, bool, str | None]]  # each day: a working day?, the name of its holiday

# the reporting programs run 2024–2030 (seed 002's plan), deadlines of a year's last period fall in the next
YEARS = range(2023, 2032)


def _days(years: Iterable[int]) -> list[date]:
    years = list(years)
    day, end = date(years[0], 1, 1), date(years[-1], 12, 31)
    result = []
    while day <= end:
        result.append(day)
        day += timedelta(days=1)
    return result


def _package_answers(years: Iterable[int]) -> Answers:
    """What the holidays package itself says, asked the way the program asked it before the cache."""
    package = holidays.country_holidays("RU", language="ru")
    answers = []
    for day in _days(years):
        name = package.get(day)
        answers.append((day, bool(package.is_working_day(day)), str(name) if name else None))
    return answers


def _calendar_answers(calendar: ProductionCalendar, years: Iterable[int]) -> Answers:
    return [(day, calendar.is_working_day(day), calendar.holiday_name(day)) for day in _days(years)]


def _refusing(years: Iterable[int]) -> Mapping[int, CalendarYear]:
    raise AssertionError(f"the package was asked for {list(years)} although the cache holds them")


@pytest.fixture(scope="module")
def expected() -> Answers:
    return _package_answers(YEARS)


def test_the_cached_calendar_answers_as_the_package_from_the_package_and_then_from_the_file(
    tmp_path: Path, expected: Answers
) -> None:
    cache = tmp_path / "cache" / "production-calendar.json"

    first = ProductionCalendar(CachedYears(cache))
    assert _calendar_answers(first, YEARS) == expected
    assert cache.is_file()

    # a later start reads every year from the file: the package is not asked (it would fail)
    second = ProductionCalendar(CachedYears(cache, compute=_refusing))
    assert _calendar_answers(second, YEARS) == expected


def test_known_transfers_come_back_from_the_file(tmp_path: Path) -> None:
    cache = tmp_path / "production-calendar.json"
    _calendar_answers(ProductionCalendar(CachedYears(cache)), [2025])
    calendar = ProductionCalendar(CachedYears(cache, compute=_refusing))
    assert calendar.is_working_day(date(2025, 11, 1))  # Saturday worked: day off moved to Monday 03.11.2025
    assert not calendar.is_working_day(date(2025, 11, 3))
    assert calendar.holiday_name(date(2025, 11, 3)) == "Выходной (перенесено с 01.11.2025)"
    assert calendar.nth_working_day_after(date(2025, 10, 31), 2) == date(2025, 11, 5)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        "[]",
        '{"key": null}',
        "\x00\xff garbage",
        "[" * 100_000,
    ],
)
def test_a_corrupt_cache_file_is_computed_again_and_replaced(tmp_path: Path, content: str, expected: Answers) -> None:
    cache = tmp_path / "production-calendar.json"
    cache.write_text(content, encoding="utf-8", errors="surrogateescape")
    assert _calendar_answers(ProductionCalendar(CachedYears(cache)), YEARS) == expected
    # rewritten whole: the next start reads it without the package
    assert _calendar_answers(ProductionCalendar(CachedYears(cache, compute=_refusing)), YEARS) == expected


def _written(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    cache = tmp_path / "production-calendar.json"
    _calendar_answers(ProductionCalendar(CachedYears(cache)), [2025])
    return cache, json.loads(cache.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "spoil",
    [
        lambda years: years["2025"].update(off=["2024-01-01"]),  # a day of another year
        lambda years: years["2025"].update(off=["31.12.2025"]),  # not an ISO date
        lambda years: years["2025"].update(names={"2025-01-01": 7}),  # a name that is not text
        lambda years: years["2025"].pop("names"),
        lambda years: years.update({"двадцать": {"off": [], "names": {}}}),
    ],
)
def test_a_cache_file_holding_other_data_is_not_believed(tmp_path: Path, spoil: object, expected: Answers) -> None:
    cache, content = _written(tmp_path)
    spoil(content["years"])  # type: ignore[operator]
    cache.write_text(json.dumps(content), encoding="utf-8")
    assert _calendar_answers(ProductionCalendar(CachedYears(cache)), YEARS) == expected


def test_another_package_version_is_computed_again(tmp_path: Path) -> None:
    cache, content = _written(tmp_path)
    # a calendar of an older release, say, which did not know a transfer: its answers must not be used
    years = content["years"]
    assert isinstance(years, dict)
    years["2025"]["off"].remove("2025-11-03")
    cache.write_text(json.dumps(content), encoding="utf-8")
    asked: list[list[int]] = []

    def counting(wanted: Iterable[int]) -> Mapping[int, CalendarYear]:
        asked.append(list(wanted))
        return computed_years(asked[-1])

    calendar = ProductionCalendar(CachedYears(cache, version=lambda: "0.0-other", compute=counting))
    assert not calendar.is_working_day(date(2025, 11, 3))
    assert asked  # the file was of another version: the package was asked
    assert json.loads(cache.read_text(encoding="utf-8"))["key"]["holidays"] == "0.0-other"


def test_without_the_package_version_nothing_is_cached(tmp_path: Path, expected: Answers) -> None:
    cache = tmp_path / "production-calendar.json"
    assert _calendar_answers(ProductionCalendar(CachedYears(cache, version=lambda: None)), YEARS) == expected
    assert not cache.exists()


def test_the_version_is_the_installed_package_s() -> None:
    assert holidays_version() == holidays.__version__


def test_a_cache_folder_that_cannot_be_made_changes_nothing(tmp_path: Path, expected: Answers) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    calendar = ProductionCalendar(CachedYears(blocker / "production-calendar.json"))
    assert _calendar_answers(calendar, YEARS) == expected


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="permissions do not stop this user")
def test_an_unwritable_cache_file_changes_nothing(tmp_path: Path, expected: Answers) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    cache = folder / "production-calendar.json"
    cache.write_text("{not json", encoding="utf-8")
    folder.chmod(0o500)
    cache.chmod(0o400)
    try:
        assert _calendar_answers(ProductionCalendar(CachedYears(cache)), YEARS) == expected
    finally:
        folder.chmod(0o700)


def test_an_unreadable_cache_path_changes_nothing(tmp_path: Path, expected: Answers) -> None:
    cache = tmp_path / "production-calendar.json"
    cache.mkdir()  # a folder where the file should be: neither read nor replaced
    assert _calendar_answers(ProductionCalendar(CachedYears(cache)), YEARS) == expected
