"""The inputs the fuzz suites found ending in a traceback (or an unreadable message), kept as plain examples so
that the normal run tries each of them every time, whatever the fuzzers draw."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.family_import import load_mapping
from desktop_app.formkit.loader import load_form_file, parse_form
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.backups import make_backup, restore_backup
from desktop_app.sync.records import BY_NAME, RecordError, from_json
from tests.robustness.exchange_world import ExchangeWorld, opened, rewrite, taker
from tests.robustness.fuzzing import build_zip, clear_message, zip_members

FORMS = Path(__file__).resolve().parents[2] / "forms"


@pytest.mark.parametrize(
    "content",
    [b'{"format": "opeka-form", "version": ' + b"9" * 5000 + b"}", b"[" * 100_000 + b"]" * 100_000],
    ids=["number-of-5000-digits", "nested-100000-deep"],
)
def test_a_form_or_mapping_file_json_cannot_read_is_refused_clearly(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "форма.json").write_bytes(content)
    (tmp_path / "сопоставление.json").write_bytes(content[: 200 * 1024])
    with pytest.raises(ValidationError) as form:
        load_form_file(tmp_path / "форма.json")
    with pytest.raises(ValidationError) as mapping:
        load_mapping(tmp_path / "сопоставление.json")
    assert clear_message(form.value.message) and clear_message(mapping.value.message)


@pytest.mark.parametrize(
    ("field", "value"),
    [("format_version", "Ж" * 1_000_000), ("period_kind", {"»": "Ж" * 10_000})],
    ids=["megabyte", "quote-mark-inside"],
)
def test_a_huge_value_in_a_form_field_is_quoted_short(field: str, value: Any) -> None:
    data = json.loads((FORMS / "resource_families_monthly.json").read_text(encoding="utf-8"))
    data[field] = value
    with pytest.raises(ValidationError) as caught:
        parse_form(data, "форма.json")
    assert len(caught.value.message) < 300


@pytest.mark.parametrize(
    ("column", "value"), [("row_version", 2**64), ("row_version", -(2**63) - 1)], ids=["over", "under"]
)
def test_an_integer_beyond_64_bits_in_a_record_is_refused(column: str, value: int) -> None:
    with pytest.raises(RecordError):
        from_json({"id": "0b7c1c1e-0000", column: value}, BY_NAME["organisations"], "запись 1")


def test_a_400_digit_number_for_a_fractional_column_is_refused() -> None:
    with pytest.raises(RecordError):
        from_json({"id": "0b7c1c1e-0000", "value": 10**400}, BY_NAME["indicator_values"], "запись 1")


@pytest.mark.parametrize(
    "manifest_change",
    [{"sequence": "abc"}, {"sequence": 2**64}, {"sequence": [1]}, {"periods": None}, {"schema_version": "Я" * 10**5}],
    ids=["text", "too-big", "list", "no-periods", "huge-schema"],
)
def test_a_signed_bundle_with_a_nonsense_manifest_is_refused_or_taken_leaving_the_database(
    exchange_world: ExchangeWorld, tmp_path: Path, manifest_change: dict[str, Any]
) -> None:
    original = opened(exchange_world, exchange_world.bundle, tmp_path)
    path = tmp_path / "hostile.opeka"
    rewrite(path, exchange_world, original, dict(original.data), {**original.manifest, **manifest_change})
    with taker(exchange_world.region, tmp_path / "region") as region:
        before = region.digest()
        try:
            region.take(path)
        except UserError as error:
            assert clear_message(error.message)
            assert region.digest() == before


def test_a_copy_whose_manifest_lists_counts_of_any_shape_restores_and_reports(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    """The counts were read after the database had been replaced: the restore ended in a traceback."""
    copy = make_backup(demo_paths, tmp_path / "copies").path
    members = [(info.filename, content) for info, content in zip_members(copy.read_bytes())]
    manifest = json.loads(dict(members)["manifest.json"])
    manifest["counts"] = [1, 2]
    members = [(name, content) for name, content in members if name != "manifest.json"]
    copy.write_bytes(build_zip([*members, ("manifest.json", json.dumps(manifest).encode())]))
    assert restore_backup(demo_paths, copy).counts == {}


def test_a_copy_with_a_damaged_compressed_database_is_refused_leaving_the_database(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    copy = make_backup(demo_paths, tmp_path / "copies").path
    data = bytearray(copy.read_bytes())
    with zipfile.ZipFile(copy) as archive:
        info = archive.getinfo("opeka.sqlite3")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 100, start + 140):  # inside the deflate stream, the checksums left as they are
        data[offset] ^= 0x5A
    copy.write_bytes(bytes(data))
    before = hashlib.sha256(demo_paths.database.read_bytes()).hexdigest()
    with pytest.raises(UserError) as caught:
        restore_backup(demo_paths, copy)
    assert clear_message(caught.value.message)
    assert hashlib.sha256(demo_paths.database.read_bytes()).hexdigest() == before


def test_a_file_name_with_a_line_break_or_a_link_loop_gives_a_one_line_russian_message(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path / "store")
    loop = tmp_path / "акт\nобследования.pdf"
    loop.symlink_to(loop)
    with pytest.raises(UserError) as caught:
        store.store(loop)
    assert caught.value.message == "Не удалось прикрепить файл «акт�обследования.pdf»: ссылки на файл замкнуты в круг."
    stored = store.store_bytes(b"%PDF", "x")
    viewed = store.copy_for_viewing(stored.sha256, "д" * 300 + ".pdf", tmp_path / "view")
    assert viewed.suffix == ".pdf" and len(viewed.name.encode()) <= 200


def test_a_copy_whose_database_sqlite_reports_on_several_lines_is_refused_in_one_line(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    """Byte 64 of the database header switches incremental vacuum on: integrity_check answers in two lines."""
    copy = make_backup(demo_paths, tmp_path / "copies").path
    members = dict((info.filename, content) for info, content in zip_members(copy.read_bytes()))
    database = bytearray(members.pop("opeka.sqlite3"))
    database[64] ^= 227
    manifest = json.loads(members.pop("manifest.json"))
    manifest["files"]["opeka.sqlite3"] = hashlib.sha256(database).hexdigest()
    parts = [("opeka.sqlite3", bytes(database)), *members.items(), ("manifest.json", json.dumps(manifest).encode())]
    copy.write_bytes(build_zip(parts))
    with pytest.raises(UserError) as caught:
        restore_backup(demo_paths, copy)
    assert clear_message(caught.value.message), caught.value.message
    assert "incremental_vacuum" in caught.value.message


def test_a_copy_whose_database_names_its_tables_in_no_utf8_is_refused_leaving_the_database(
    demo_paths: DataPaths, tmp_path: Path
) -> None:
    """SQLite's message then quotes a name Python cannot decode: UnicodeDecodeError instead of the error."""
    copy = make_backup(demo_paths, tmp_path / "copies").path
    members = dict((info.filename, content) for info, content in zip_members(copy.read_bytes()))
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(members.pop("opeka.sqlite3"))
    with closing(sqlite3.connect(damaged)) as connection:
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET name = CAST(X'7484' AS TEXT), sql = CAST(X'435245415445205441424C45' AS TEXT)"
            " WHERE name = 'measure'"
        )
        connection.commit()
    manifest = json.loads(members.pop("manifest.json"))
    manifest["files"]["opeka.sqlite3"] = hashlib.sha256(damaged.read_bytes()).hexdigest()
    parts = [
        ("opeka.sqlite3", damaged.read_bytes()),
        *members.items(),
        ("manifest.json", json.dumps(manifest).encode()),
    ]
    copy.write_bytes(build_zip(parts))
    before = hashlib.sha256(demo_paths.database.read_bytes()).hexdigest()
    with pytest.raises(UserError) as caught:
        restore_backup(demo_paths, copy)
    assert "схема базы данных не читается" in caught.value.message
    assert clear_message(caught.value.message), caught.value.message
    assert hashlib.sha256(demo_paths.database.read_bytes()).hexdigest() == before
