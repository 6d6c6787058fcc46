"""`opeka import-families` through main(): runs once the command is wired into cli/main.py and commands.py."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli.main import build_parser, main
from desktop_app.core.logs import configure_logging
from desktop_app.core.paths import DataPaths
from desktop_app.family_import import ColumnMapping, guess_mapping, save_mapping
from desktop_app.storage.database import open_database
from tests.family_import.lists import HEADERS, register_state, write_family_list


def _wired() -> bool:
    parser = build_parser()
    return any(
        isinstance(action, argparse._SubParsersAction) and "import-families" in action.choices
        for action in parser._actions
    )


pytestmark = pytest.mark.skipif(not _wired(), reason="import-families is not wired into cli/main.py yet")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    yield
    configure_logging(None)


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), "import-families", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def state(paths: DataPaths) -> dict[str, int]:
    db = open_database(paths)
    try:
        return register_state(db)
    finally:
        db.close()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    mapping = tmp_path / "сопоставление.json"
    save_mapping(ColumnMapping(guess_mapping(HEADERS)), mapping)
    return write_family_list(tmp_path / "семьи.xlsx"), mapping


def test_dry_run_then_import_then_everything_is_a_duplicate(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, files: tuple[Path, Path]
) -> None:
    book, mapping = files
    before = state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--dry-run", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["new"], data["duplicates"], len(data["problems"]), data["applied"]) == (2, 2, 2, False)
    assert state(demo_paths) == before

    code, out, _ = run(capsys, demo_paths, str(book), "--mapping", str(mapping))
    assert code == 0 and "Загружено семей: 2 (РС-0005 – РС-0006)" in out
    code, out, _ = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--json")
    data = json.loads(out)
    assert code == 0 and (data["new"], data["duplicates"], data["created"]) == (0, 4, [])


def test_wrong_mapping_and_wrong_file_are_one_line_each(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path, files: tuple[Path, Path]
) -> None:
    book, mapping = files
    broken = tmp_path / "m.json"
    broken.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, demo_paths, str(book), "--mapping", str(broken))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("Ошибка: Файл сопоставления «m.json» не прочитан: ошибка JSON")
    document = tmp_path / "семьи.docx"
    document.write_bytes(b"PK\x03\x04")
    code, out, err = run(capsys, demo_paths, str(document), "--mapping", str(mapping))
    assert code == 1 and out == ""
    assert (
        err.strip() == "Ошибка: Файл «семьи.docx» не является книгой Excel (.xlsx): список семей загружается из .xlsx."
    )


def test_mapping_is_required(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, files: tuple[Path, Path]
) -> None:
    book, _mapping = files
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(demo_paths.root), "import-families", str(book)])
    assert exited.value.code == 2
    assert "--mapping" in capsys.readouterr().err
