"""`opeka import-plan` shows what the plan says besides measures: its approving act, its key indicators
(added to the catalogue as drafts) and the warnings about what may be misread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from tests.plan_import.seed_documents import regional_seed, write_docx


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), "import-plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_preview_lists_key_indicators_act_and_warnings(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_docx(regional_seed(), tmp_path / "комплексный план.docx")
    code, out, err = run(capsys, demo_paths, str(plan), "--dry-run", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [
        (i["code"], i["kind"], i["direction"], i["target"], i["change"], i["state"]) for i in data["key_indicators"]
    ] == [
        ("К1", "population_share", "decrease", "−25 %", "new", "draft"),
        ("К2", "rate_per_1000", "decrease", "−15 %", "new", "draft"),
    ]
    act = data["act"]
    assert (act["kind"], act["number"], act["date"]) == ("протокол", "7", "2023-07-25")
    early = [w for w in data["warnings"] if "раньше начала программы" in w["reason"]]
    assert len(early) == 3 and all(w["location"].startswith("таблица ") for w in early)


def test_text_preview_then_import_adds_the_drafts(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_docx(regional_seed(), tmp_path / "комплексный план.docx")
    code, out, _ = run(capsys, demo_paths, str(plan))
    assert code == 0
    assert "Утверждена: протокол от 25.07.2023 № 7 (комиссия по делам несовершеннолетних" in out
    assert "К1 Доля детей в возрасте до 4 лет" in out and "будет добавлен в каталог как черновик" in out
    assert "ключевых показателей-черновиков добавлено 2" in out
    code, out, _ = run(capsys, demo_paths, str(plan), "--dry-run", "--json")
    assert [i["change"] for i in json.loads(out)["key_indicators"]] == ["unchanged", "unchanged"]


def test_after_the_import_the_catalogue_export_lists_the_drafts(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    plan = write_docx(regional_seed(), tmp_path / "комплексный план.docx")
    assert run(capsys, demo_paths, str(plan))[0] == 0
    book = tmp_path / "каталог.xlsx"
    code = main(["--data-dir", str(demo_paths.root), "catalogue", "export", "--out", str(book)])
    capsys.readouterr()
    assert code == 0
    sheet = load_workbook(book)["Показатели"]
    header = [cell.value for cell in sheet[1]]
    code_column, state_column = header.index("Код"), header.index("Состояние")
    states = {row[code_column]: row[state_column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert states["К1"] == states["К2"] == "черновик"
