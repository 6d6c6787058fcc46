"""Family lists (.xlsx kept by districts, and the JSON files that say which column feeds which field): a list
damaged (bytes, zip members, declared sizes, sheet XML claiming a million rows), filled with anything (enormous
texts, formulas, control characters, numbers and dates anywhere, cells far beyond the table), sent as CSV in an
odd encoding, or a mapping file of any shape, is imported or refused with one Russian sentence — never a
traceback or a hang — and a refused import leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.roles import Role
from desktop_app.family_import import ColumnMapping, guess_mapping, load_mapping, read_family_sheet
from desktop_app.services.family_import import apply_family_import, preview_family_import
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.family_import.lists import write_family_list
from tests.robustness.fuzzing import Tally, byte_mutations, digest_rows, fuzz_settings, mutate_bytes
from tests.robustness.xlsx_damage import cell_changes, damaged_file, file_damage, with_cells, write

SUITE = "Списки семей (family lists)"
SPECIALIST = make_actor(Role.SPECIALIST, "specialist")


@pytest.fixture
def original(tmp_path: Path) -> bytes:
    return write_family_list(tmp_path / "семьи.xlsx").read_bytes()


def _import(tally: Tally, db: Database, path: Path) -> None:
    """Read, preview and apply the new rows; a refusal at any step leaves the database as it was."""
    sheet = tally.run(lambda: read_family_sheet(path))
    if sheet is None:
        return  # the reader has no database: nothing to compare
    mapping = ColumnMapping(guess_mapping(sheet.headers))
    before = _digest(db)
    preview = tally.run(lambda: preview_family_import(db, SPECIALIST, sheet, mapping))
    if preview is None or tally.run(lambda: apply_family_import(db, SPECIALIST, sheet, preview)) is None:
        assert _digest(db) == before, "a refused list changed the database"


def _digest(db: Database) -> str:
    with db.engine.connect() as connection:
        return digest_rows(connection.connection.driver_connection)


def test_a_damaged_list_is_imported_or_refused_leaving_the_database(
    demo_db: Database, original: bytes, tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("повреждённые файлы") as tally:

        @fuzz_settings(ci=60, full=1000)
        @given(file_damage)
        def case(how: tuple[str, Any]) -> None:
            _import(tally, demo_db, write(tmp_path / "семьи.xlsx", damaged_file(original, how)))

        case()


def test_a_list_with_anything_in_its_cells_is_imported_or_refused_leaving_the_database(
    demo_db: Database, original: bytes, tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("ячейки с чем угодно") as tally:

        @fuzz_settings(ci=30, full=1000)
        @given(cell_changes)
        def case(changes: list[tuple[int, int, int, Any]]) -> None:
            _import(tally, demo_db, write(tmp_path / "семьи.xlsx", with_cells(original, changes)))

        case()


csv_text = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda text: text.encode("utf-8")),
    st.text(alphabet="ФИО;Дата рождения\n\x00\ufeff", max_size=200).map(lambda text: text.encode("utf-16")),
    st.text(alphabet='абвгд;,\n"\r', max_size=200).map(lambda text: text.encode("cp1251")),
)


def test_a_list_in_another_format_is_refused_clearly(demo_db: Database, tmp_path: Path) -> None:
    with Tally(SUITE).reporting("CSV и другие форматы") as tally:

        @fuzz_settings(ci=30, full=500)
        @given(st.sampled_from([".csv", ".CSV", ".xls", ".ods", ".txt", "", ".xlsx.csv", ".xlsb"]), csv_text)
        def case(suffix: str, content: bytes) -> None:
            _import(tally, demo_db, write(tmp_path / f"семьи{suffix}", content))

        case()


MAPPING = (
    b'{"format": "opeka-family-mapping", "version": 1, "columns": {"full_name": "\xd0\xa4\xd0\x98\xd0\x9e",'
    b' "birth_date": "Date"}, "sheet": null, "header_row": 3, "default_municipality": ""}'
)
mapping_bytes = st.one_of(
    byte_mutations.map(lambda mutations: mutate_bytes(MAPPING, mutations)),
    st.binary(max_size=100),
    st.integers(1, 40_000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(4300, 9000).map(lambda digits: b'{"header_row": ' + b"7" * digits + b"}"),
    st.sampled_from([b"", b"\xef\xbb\xbf", b"null", b"[]", b'{"columns": []}', b'{"columns": {"x": 1}}']),
)


def test_a_mapping_file_of_any_shape_is_read_or_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "сопоставление.json"
    with Tally(SUITE).reporting("файлы сопоставления столбцов") as tally:

        @fuzz_settings(ci=100, full=1500)
        @given(mapping_bytes)
        def case(content: bytes) -> None:
            path.write_bytes(content)
            tally.run(lambda: load_mapping(path))

        case()
