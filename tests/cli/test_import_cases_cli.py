"""`opeka import-cases` as a user runs it: a dry run, the import, duplicates skipped, one-line errors with codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import open_database
from tests.case_import.case_lists import CHILD_COLUMN, DATE_COLUMN, add_existing_case, register_state, write_case_list
from tests.cli.journal import sign_ins
from tests.demo_without_cases import without_demo_cases


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), "import-cases", *argv])
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
def book(demo_paths: DataPaths, tmp_path: Path) -> Path:
    db = open_database(demo_paths)
    try:
        without_demo_cases(db)  # the file's cases are numbered from «СС-0001» below
        add_existing_case(db)
    finally:
        db.close()
    return write_case_list(tmp_path / "случаи.xlsx")


def test_dry_run_lists_the_problems_by_row_and_column_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, book: Path
) -> None:
    before = state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(book), "--dry-run", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["rows"], data["new"], data["applied"], data["created"]) == (5, 2, False, [])
    assert [(p["row"], p["column"]) for p in data["problems"]] == [(5, DATE_COLUMN), (6, CHILD_COLUMN)]
    assert [(d["row"], d["of"]) for d in data["duplicates"]] == [(7, "СС-0001")]
    assert state(demo_paths) == before


def test_import_then_again_skips_everything(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, book: Path
) -> None:
    before = state(demo_paths)
    code, out, _ = run(capsys, demo_paths, str(book))
    assert code == 0
    assert "Строк со сведениями: 5; новых случаев: 2; уже в реестре (пропускаются): 1; не прочитано: 2" in out
    assert "    строка 7: Ёлкина М. П., выявлена 15.01.2026 — уже в реестре, СС-0001" in out
    assert "    строка 5, столбец «Дата выявления»: дата выявления «31.02.2026» — нет такой даты" in out
    assert "Загружено случаев: 2 (СС-0002 – СС-0003)." in out
    after = state(demo_paths)
    assert after["family_case"] - before["family_case"] == 2
    code, out, _ = run(capsys, demo_paths, str(book), "--json")
    data = json.loads(out)
    assert code == 0 and (data["new"], len(data["duplicates"]), data["created"]) == (0, 3, [])
    assert state(demo_paths)["family_case"] == after["family_case"]


def test_a_file_that_is_not_a_workbook_is_one_sentence_and_code_1(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    before = state(demo_paths)
    broken = tmp_path / "случаи.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run(capsys, demo_paths, str(broken))
    assert (code, out) == (1, "")
    assert err.strip() == "Ошибка: Файл «случаи.xlsx» не является книгой Excel (.xlsx) или повреждён."
    text = tmp_path / "случаи.txt"
    text.write_text("Семья;Дети", encoding="utf-8")
    code, out, err = run(capsys, demo_paths, str(text))
    assert (code, out) == (1, "")
    assert err.strip() == (
        "Ошибка: Файл «случаи.txt» не является книгой Excel (.xlsx): список случаев загружается из .xlsx."
    )
    assert state(demo_paths) == before


@pytest.mark.parametrize(
    ("headers", "rows", "message"),
    [
        (
            ("ФИО", "Дата выявления", "Дети"),
            [("Орлова Нина Ильинична", "01.02.2026", "Р-1 (01.01.2020, ж)")],
            "Ошибка: В сопоставлении столбцов не выбраны обязательные поля: «Категория",
        ),
        (
            ("ФИО", "Категория", "Дата выявления", "Дети"),
            [("Орлова Нина Ильинична", "СОП", "32.01.2026", "Р-1 (01.01.2020, ж)")],
            "Ошибка: Ни одна строка листа «Случаи» не прочитана; первая причина — строка 4, столбец «Дата выявления»",
        ),
    ],
)
def test_a_list_that_cannot_be_loaded_is_bad_data_code_2(
    capsys: pytest.CaptureFixture[str],
    demo_paths: DataPaths,
    tmp_path: Path,
    headers: tuple[str, ...],
    rows: list[tuple[str, ...]],
    message: str,
) -> None:
    book = write_case_list(tmp_path / "случаи.xlsx", rows, headers)
    before = state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(book))
    assert (code, out) == (2, "") and err.startswith(message) and len(err.strip().splitlines()) == 1
    assert state(demo_paths) == before


def test_the_wrong_sheet_is_named(capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, book: Path) -> None:
    code, out, err = run(capsys, demo_paths, str(book), "--sheet", "Итоги")
    assert (code, out) == (2, "")
    assert err.strip() == "Ошибка: В файле «случаи.xlsx» нет листа «Итоги»; листы: «Случаи»."
