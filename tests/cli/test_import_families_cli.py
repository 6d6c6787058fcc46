"""`opeka import-families` as a user runs it: dry run, import, duplicates, one-line errors with their codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.family_import import ColumnMapping, guess_mapping, save_mapping
from desktop_app.storage.database import open_database
from tests.cli.journal import sign_ins
from tests.family_import.lists import HEADERS, register_state, write_family_list


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), "import-families", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def state(paths: DataPaths) -> dict[str, int]:
    db = open_database(paths)
    try:
        counts = register_state(db)
        counts["audit_entry"] -= sign_ins(db)
        return counts
    finally:
        db.close()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    mapping = tmp_path / "сопоставление.json"
    save_mapping(ColumnMapping(guess_mapping(HEADERS)), mapping)
    return write_family_list(tmp_path / "семьи.xlsx"), mapping


def test_dry_run_json_gives_the_counts_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, files: tuple[Path, Path]
) -> None:
    book, mapping = files
    before = state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--dry-run", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["new"], data["duplicates"], data["applied"], data["created"]) == (2, 2, False, [])
    assert data["problems"] == [
        {"row": 7, "reason": "строка 7: дата рождения «31.02.1985» — нет такой даты"},
        {"row": 8, "reason": "строка 8: сколько детей «много» — нужно целое число, например 2"},
    ]
    assert [(d["row"], d["of"]) for d in data["duplicate_rows"]] == [(6, ["РС-0001"]), (9, ["строка 4"])]
    assert state(demo_paths) == before


def test_import_then_again_finds_only_duplicates(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, files: tuple[Path, Path]
) -> None:
    book, mapping = files
    code, out, _ = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--include-duplicate", "9")
    assert code == 0
    assert "Строк со сведениями: 6; новых семей: 2; возможных дубликатов: 2; не прочитано: 2" in out
    assert "    строка 6: Петрова Анна Сергеевна (демо), 14.03.1986 — уже в реестре, семья РС-0001" in out
    assert "Загружено семей: 3 (РС-0005 – РС-0007); из них возможных дубликатов: 1." in out
    code, out, _ = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--json")
    data = json.loads(out)
    assert code == 0 and (data["new"], data["duplicates"], data["created"]) == (0, 4, [])


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["--include-duplicate", "7"], 2, "Ошибка: Строка 7 не отмечена как возможный дубликат"),
        (["--sheet", "Итоги"], 2, "Ошибка: В файле «семьи.xlsx» нет листа «Итоги»; листы: «Кандидаты»."),
        (["--header-row", "1"], 2, "Ошибка: В файле нет столбца «Муниципальное образование», выбранного для поля"),
    ],
)
def test_bad_parameters_are_one_line_and_code_2(
    capsys: pytest.CaptureFixture[str],
    demo_paths: DataPaths,
    files: tuple[Path, Path],
    argv: list[str],
    code: int,
    message: str,
) -> None:
    book, mapping = files
    before = state(demo_paths)
    got, out, err = run(capsys, demo_paths, str(book), "--mapping", str(mapping), *argv)
    assert got == code and out == "" and err.startswith(message) and len(err.strip().splitlines()) == 1
    assert state(demo_paths) == before


def test_wrong_files_are_one_line_each(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = write_family_list(tmp_path / "семьи.xlsx")
    broken_mapping = tmp_path / "m.json"
    broken_mapping.write_text('{"format": "opeka-family-import-mapping", "version": 1, "columns": {"fio": "ФИО"}}')
    code, out, err = run(capsys, demo_paths, str(book), "--mapping", str(broken_mapping))
    assert code == 2 and out == "" and err.startswith("Ошибка: Файл сопоставления «m.json» не подходит")
    good_mapping = tmp_path / "good.json"
    save_mapping(ColumnMapping(guess_mapping(HEADERS)), good_mapping)
    text_file = tmp_path / "семьи.txt"
    text_file.write_text("Иванова;01.01.1980")
    code, out, err = run(capsys, demo_paths, str(text_file), "--mapping", str(good_mapping))
    assert code == 1 and out == ""
    assert (
        err.strip() == "Ошибка: Файл «семьи.txt» не является книгой Excel (.xlsx): список семей загружается из .xlsx."
    )


def test_a_list_nobody_can_read_is_bad_data(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = write_family_list(
        tmp_path / "семьи.xlsx", [["Громова Ирина Львовна", "31.02.1985"]], ["ФИО", "Дата рождения"]
    )
    mapping = tmp_path / "m.json"
    save_mapping(ColumnMapping(guess_mapping(["ФИО", "Дата рождения"])), mapping)
    code, out, err = run(capsys, demo_paths, str(book), "--mapping", str(mapping))
    assert code == 2 and out == ""
    assert "строка 4: дата рождения «31.02.1985» — нет такой даты" in err


def test_a_districts_list_without_municipality_takes_the_installations_district(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = write_family_list(
        tmp_path / "семьи.xlsx", [["Орлова Нина Ильинична", "02.03.1977"]], ["ФИО", "Дата рождения"]
    )
    mapping = tmp_path / "m.json"
    save_mapping(ColumnMapping(guess_mapping(["ФИО", "Дата рождения"])), mapping)
    code, out, _ = run(capsys, demo_paths, str(book), "--mapping", str(mapping), "--json")
    assert code == 0 and json.loads(out)["created"] == ["РС-0005"]


def test_mapping_is_required(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, files: tuple[Path, Path]
) -> None:
    book, _mapping = files
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(demo_paths.root), "import-families", str(book)])
    assert exited.value.code == 2
    assert "--mapping" in capsys.readouterr().err
