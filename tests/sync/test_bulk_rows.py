"""New records of a file converted a column at a time give exactly the rows the record-by-record path gives,
and a wrong value is refused with the same message naming the record and the field."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.sync.bulk_rows import stored_rows
from desktop_app.sync.records import BY_NAME, RecordError, keys_in_order, stored_row

FAMILIES = BY_NAME["resource_families"]
VALUES = BY_NAME["indicator_values"]


def family(number: int) -> dict[str, Any]:
    """A record as a file carries it: every column present, nullable dates sometimes empty."""
    return {
        "code": f"РС-{number:04d}",
        "display_name": f"Семья {number}",
        "municipality": "Плесецкий муниципальный округ",
        "status": "candidate",
        "status_since": "2026-03-01" if number % 2 else None,
        "status_reason": "",
        "capacity_children": 2,
        "age_from_months": 0,
        "age_to_months": 48,
        "accepts_disability": False,
        "accepts_siblings": True,
        "household": "",
        "housing": "",
        "shpr_certificate": "",
        "shpr_date": None,
        "conclusion_number": "",
        "conclusion_date": "2026-04-15",
        "supervisor": "",
        "address": "",
        "notes": "",
        "placed_now": 0,
        "is_demo": False,
        "search_key": f"семья {number}",
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "created_at": "2026-03-01T09:00:00+00:00",
        "updated_at": "2026-03-02T10:30:00.250000+00:00",
        "changed_by": None,
        "row_version": 2,
    }


def one_by_one(records: list[dict[str, Any]]) -> list[Any]:
    return [stored_row(record, FAMILIES, f"Файл, семьи, запись {n}") for n, record in enumerate(records, 1)]


def test_the_column_path_gives_the_same_rows_as_the_record_path() -> None:
    records = [family(n) for n in range(1, 40)]
    records[3]["updated_at"] = "2026-03-02T13:30:00+03:00"  # another offset: stored in UTC
    records[4]["created_at"] = "2026-03-02T10:30:00"  # no offset: taken as UTC
    assert stored_rows(records, FAMILIES, "Файл, семьи", range(1, 40)) == one_by_one(records)
    rows = stored_rows(records, FAMILIES, "Файл, семьи", range(1, 40))
    updated_at = keys_in_order(FAMILIES).index("updated_at")
    assert rows[3] is not None and rows[3][updated_at] == "2026-03-02T10:30:00.000000+00:00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status_since", "31.02.2026", "поле «status_since»: значение «31.02.2026» не подходит"),
        ("capacity_children", "два", "поле «capacity_children»: значение «два» не подходит"),
        ("accepts_siblings", 1, "поле «accepts_siblings»"),
        ("code", "Р" * 500, "поле «code»: текст длиннее"),
        ("updated_at", "вчера", "поле «updated_at»"),
    ],
)
def test_a_wrong_value_is_refused_naming_the_record_and_field(field: str, value: Any, message: str) -> None:
    records = [family(n) for n in range(1, 6)]
    records[2][field] = value
    with pytest.raises(RecordError, match=f"запись 13, {message}"):
        stored_rows(records, FAMILIES, "Файл, семьи", [10, 11, 13, 14, 15])


def test_a_record_of_an_older_program_takes_the_slow_path_with_defaults() -> None:
    records = [family(1), family(2)]
    del records[1]["notes"]
    assert stored_rows(records, FAMILIES, "Файл", [1, 2]) == [stored_row(records[0], FAMILIES, "x"), None]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "value": st.one_of(st.none(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False, width=32)),
                "numerator": st.one_of(st.none(), st.integers(0, 1000), st.text(max_size=3)),
                "comment": st.one_of(st.text(max_size=20), st.none(), st.booleans()),
                "period": st.sampled_from(["2026-H1", "2025", None, 7]),
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_values_convert_alike_or_are_refused_alike(changes: list[dict[str, Any]]) -> None:
    template = dict.fromkeys(keys_in_order(VALUES))
    template.update(
        created_at="2026-01-01T00:00:00+00:00",
        updated_at="2026-01-01T00:00:00+00:00",
        row_version=1,
        indicator_id="00000000-0000-4000-8000-000000000001",
        territory="Плесецкий муниципальный округ",
        status="draft",
    )
    records = [{**template, "id": f"00000000-0000-4000-9000-{n:012d}", **change} for n, change in enumerate(changes, 1)]
    numbers = list(range(1, len(records) + 1))
    try:
        expected: Any = [
            stored_row(record, VALUES, f"Файл, запись {n}") for n, record in zip(numbers, records, strict=True)
        ]
    except RecordError as error:
        expected = error.message
    try:
        found: Any = stored_rows(records, VALUES, "Файл", numbers)
    except RecordError as error:
        found = error.message
    assert found == expected


MOMENTS = [
    "2026-03-02T10:30:00.250000+00:00",  # as stored: taken as written
    "2026-03-02T10:30:00.000000+00:00",
    "2026-03-02T10:30:00+00:00",
    "2026-03-02T13:30:00.250000+03:00",
    "2026-03-02 10:30:00.250000+00:00",
    "2026-03-02T10:30:00.250000",
    "2026-W10-1T10:30:00.250000+00:00",
    "20260302T103000.250000+00:00",
    "2026-02-30T10:30:00.250000+00:00",
    "２０２６-03-02T10:30:00.250000+00:00",
]
DATES = ["2026-03-01", "20260301", "2026-W09-7", "2026-02-30", "２０２６-03-01", None]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MOMENTS), st.sampled_from(DATES)), min_size=1, max_size=6))
def test_dates_and_moments_as_stored_or_not_convert_alike(pairs: list[tuple[str, str | None]]) -> None:
    records = [family(n) for n in range(1, len(pairs) + 1)]
    for record, (moment, day) in zip(records, pairs, strict=True):
        record["updated_at"], record["status_since"] = moment, day
    try:
        expected: Any = one_by_one(records)
    except RecordError as error:
        expected = error.message
    try:
        found: Any = stored_rows(records, FAMILIES, "Файл, семьи", range(1, len(records) + 1))
    except RecordError as error:
        found = error.message
    assert found == expected
