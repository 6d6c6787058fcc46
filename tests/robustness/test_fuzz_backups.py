"""Restoring backup copies: a copy damaged (bytes, zip members, declared sizes), with a hostile manifest whose
checksums still match, with a database inside that is damaged but correctly listed, or a password-sealed copy
damaged or with a hostile header, is restored or refused with one Russian sentence — never a traceback or a
hang — and a refused restore leaves the database file exactly as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import nacl.pwhash
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.paths import DataPaths
from desktop_app.services import backup_crypto
from desktop_app.services.backups import make_backup, restore_backup
from desktop_app.storage import backups
from tests.robustness.exchange_damage import json_value
from tests.robustness.fuzzing import (
    Tally,
    build_zip,
    byte_mutations,
    digest_rows,
    fuzz_settings,
    mutate_bytes,
    zip_members,
)
from tests.robustness.xlsx_damage import damaged_file, file_damage

SUITE = "Резервные копии (backups)"
PASSWORD = "пароль-для-копии"
MANIFEST_KEYS = ("format", "version", "files", "counts", "made_at", "schema", "shared_attachments", "kind")


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backup_crypto, "OPSLIMIT", nacl.pwhash.argon2id.OPSLIMIT_MIN)
    monkeypatch.setattr(backup_crypto, "MEMLIMIT", nacl.pwhash.argon2id.MEMLIMIT_MIN)


def _digest(paths: DataPaths) -> str:
    with closing(sqlite3.connect(f"file:{paths.database}?mode=ro", uri=True)) as connection:
        connection.text_factory = bytes  # a restored copy may hold text that is not UTF-8: compared, not read
        return digest_rows(connection)


def _restore(tally: Tally, paths: DataPaths, copy: Path, password: str | None = None) -> None:
    before = _digest(paths)
    if tally.run(lambda: restore_backup(paths, copy, password)) is None:
        assert _digest(paths) == before, "a refused copy changed the database"


@pytest.fixture
def copies(demo_paths: DataPaths, tmp_path: Path) -> dict[str, bytes]:
    """A plain copy that carries its attachments, and the same sealed with a password."""
    plain = make_backup(demo_paths, tmp_path / "copies").path
    sealed = make_backup(demo_paths, tmp_path / "sealed", password=PASSWORD).path
    return {"plain": plain.read_bytes(), "sealed": sealed.read_bytes()}


def test_a_damaged_copy_is_restored_or_refused_leaving_the_database(
    demo_paths: DataPaths, copies: dict[str, bytes], tmp_path: Path
) -> None:
    with Tally(SUITE).reporting("повреждённые копии, открытые и зашифрованные") as tally:

        @fuzz_settings(ci=40, full=1000)
        @given(st.sampled_from(["plain", "sealed"]), file_damage)
        def case(which: str, how: tuple[str, Any]) -> None:
            copy = tmp_path / "копия.zip"
            if which == "sealed" and how[0] != "bytes":  # a sealed copy is no zip: its magic or its end damaged
                how = ("bytes", [("flip", 0, 1)]) if how[0] == "size" else ("bytes", [("cut", 4096, b"")])
            copy.write_bytes(damaged_file(copies[which], how))
            _restore(tally, demo_paths, copy, PASSWORD if which == "sealed" else None)

        case()


def _listed(members: list[tuple[str, bytes]], manifest: dict[str, Any]) -> list[tuple[str, bytes]]:
    files = {name: hashlib.sha256(content).hexdigest() for name, content in members if name != "manifest.json"}
    if isinstance(manifest.get("files"), dict):
        manifest["files"] = {name: files.get(name, value) for name, value in manifest["files"].items()}
    encoded = json.dumps(manifest, ensure_ascii=False).encode()
    return [(name, content) for name, content in members if name != "manifest.json"] + [("manifest.json", encoded)]


def test_a_copy_with_a_hostile_manifest_or_database_is_restored_or_refused_leaving_the_database(
    demo_paths: DataPaths, copies: dict[str, bytes], tmp_path: Path
) -> None:
    members = [(info.filename, content) for info, content in zip_members(copies["plain"])]
    manifest = json.loads(dict(members)["manifest.json"])
    with Tally(SUITE).reporting("враждебное описание или база с верными контрольными суммами") as tally:

        @fuzz_settings(ci=40, full=1000)
        @given(st.data())
        def case(data: st.DataObject) -> None:
            changed = json.loads(json.dumps(manifest))
            parts = list(members)
            for _ in range(data.draw(st.integers(1, 3))):
                change = data.draw(st.sampled_from(["field", "file-entry", "database", "drop-member", "extra-member"]))
                if change == "field":
                    changed[data.draw(st.sampled_from(MANIFEST_KEYS))] = data.draw(json_value)
                elif change == "file-entry" and isinstance(changed.get("files"), dict):
                    name = data.draw(st.sampled_from(["../../evil", "attachments/" + "0" * 64, "attachments/xyz", ""]))
                    changed["files"][name] = data.draw(st.one_of(st.just("0" * 64), json_value))
                elif change == "database":
                    at = [index for index, (name, _content) in enumerate(parts) if name == backups.DATABASE_ENTRY]
                    if at:
                        name, content = parts[at[0]]
                        parts[at[0]] = (name, mutate_bytes(content, data.draw(byte_mutations)))
                elif change == "drop-member" and len(parts) > 1:
                    parts.pop(data.draw(st.integers(0, len(parts) - 1)))
                elif change == "extra-member":
                    parts.append((data.draw(st.sampled_from(["attachments/abc", "../x", "opeka.sqlite3"])), b"x"))
            copy = tmp_path / "копия.zip"
            copy.write_bytes(build_zip(_listed(parts, changed)))
            _restore(tally, demo_paths, copy)

        case()


def test_a_sealed_copy_with_a_hostile_header_is_refused_leaving_the_database(
    demo_paths: DataPaths, copies: dict[str, bytes], tmp_path: Path
) -> None:
    sealed = copies["sealed"]
    magic = backup_crypto.MAGIC
    length = int.from_bytes(sealed[len(magic) : len(magic) + 4], "big")
    header = json.loads(sealed[len(magic) + 4 : len(magic) + 4 + length])
    body = sealed[len(magic) + 4 + length :]
    with Tally(SUITE).reporting("зашифрованные копии с враждебным заголовком") as tally:

        @fuzz_settings(ci=30, full=700)
        @given(st.sampled_from(sorted(header) + ["extra"]), json_value, st.sampled_from([PASSWORD, "", "x" * 10_000]))
        def case(key: str, value: Any, password: str) -> None:
            changed = dict(header, **{key: value})
            encoded = json.dumps(changed).encode()
            copy = tmp_path / "копия.zip.sealed"
            copy.write_bytes(magic + len(encoded).to_bytes(4, "big") + encoded + body)
            _restore(tally, demo_paths, copy, password)

        case()
