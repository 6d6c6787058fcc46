"""`opeka form-definition export` and `import`: a form out to Excel, a question reworded there, and back as the
next version of the form in the data folder's forms/ (what the region package carries); the same book again
changes nothing; a wrong cell is refused by its address with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.form_workbook import layout as lay
from desktop_app.formkit import load_catalogue

FORM = "resource-families-monthly"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _question_row(book_path: Path, number: str) -> tuple[int, int]:
    sheet = load_workbook(book_path)[lay.QUESTIONS]
    headers = [cell.value for cell in sheet[1]]
    number_column = headers.index(lay.NUMBER) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, number_column).value == number)
    return row, headers.index(lay.TEXT) + 1


def _edit(book_path: Path, sheet_name: str, row: int, column: int, value: object) -> None:
    book = load_workbook(book_path)
    book[sheet_name].cell(row, column).value = value
    book.save(book_path)


def test_a_reworded_question_becomes_the_next_version_and_the_same_book_changes_nothing(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    before = load_catalogue(received=demo_paths.root / "forms").get(FORM)
    book = tmp_path / "форма.xlsx"
    code, out, err = run(capsys, *data, "form-definition", "export", FORM, "--out", str(book))
    assert code == 0, err
    first = before.questions[0]
    row, text_column = _question_row(book, first.number)
    _edit(book, lay.QUESTIONS, row, text_column, "Новая формулировка вопроса")

    code, out, err = run(capsys, *data, "form-definition", "import", str(book), "--dry-run", "--json")
    assert code == 0, err
    assert json.loads(out)["written"] is None
    assert load_catalogue(received=demo_paths.root / "forms").get(FORM).version == before.version

    code, out, err = run(capsys, *data, "form-definition", "import", str(book), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert (report["outcome"], report["version"]) == ("new_version", before.version + 1)
    after = load_catalogue(received=demo_paths.root / "forms").get(FORM)
    assert after.version == before.version + 1
    assert after.question(first.id) is not None and after.question(first.id).text == "Новая формулировка вопроса"  # type: ignore[union-attr]
    written = sorted((demo_paths.root / "forms").glob("*.json"))
    assert [path.name for path in written] == [f"{FORM}.json"]

    code, out, err = run(capsys, *data, "form-definition", "import", str(book))
    assert code == 0, err
    assert "ничего не изменено" in out
    assert load_catalogue(received=demo_paths.root / "forms").get(FORM).version == before.version + 1


def test_a_wrong_cell_is_refused_by_its_address_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    book = tmp_path / "форма.xlsx"
    assert run(capsys, *data, "form-definition", "export", FORM, "--out", str(book))[0] == 0
    sheet = load_workbook(book)[lay.QUESTIONS]
    kind_column = [cell.value for cell in sheet[1]].index(lay.KIND) + 1
    _edit(book, lay.QUESTIONS, 3, kind_column, "анкета")
    code, out, _ = run(capsys, *data, "form-definition", "import", str(book))
    assert code == 2
    assert f"{lay.QUESTIONS}!{lay.column_letter(kind_column)}3: вид «анкета» неизвестен" in out
    assert not (demo_paths.root / "forms").exists() or not list((demo_paths.root / "forms").glob("*.json"))
