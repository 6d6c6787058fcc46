"""`opeka import-plan`: a dry run writes nothing, --json gives the counts, a bad file is one error line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import open_database
from tests.cli.journal import sign_ins
from tests.plan_import.db_state import state
from tests.plan_import.small_plan import write_small_plan


def run(capsys: pytest.CaptureFixture[str], paths: DataPaths, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(paths.root), "import-plan", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def database_state(paths: DataPaths) -> dict[str, int]:
    db = open_database(paths)
    try:
        counts = state(db)
        counts["audit_entry"] -= sign_ins(db)
        return counts
    finally:
        db.close()


def test_dry_run_json_has_the_counts_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_small_plan(tmp_path / "план.docx")
    before = database_state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(plan), "--dry-run", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["applied"] is False and data["program"]["new"] is True
    assert data["blocks"] == {"new": 2, "changed": 0, "unchanged": 0}
    assert data["measures"] == {"new": 4, "changed": 0, "unchanged": 0}
    assert {org["name"] for org in data["new_organisations"]} >= {"КДН и ЗП", "Центр «Семья, дети»"}
    assert [p["location"] for p in data["problems"]] == ["таблица 1, строка 6", "таблица 2"]
    assert database_state(demo_paths) == before


def test_import_then_import_again_finds_everything_unchanged(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_small_plan(tmp_path / "план.docx")
    code, out, _ = run(capsys, demo_paths, str(plan))
    assert code == 0
    assert "Мероприятия: новых 4, изменённых 0, без изменений 0" in out
    assert "Импорт выполнен: программа создана" in out
    code, out, _ = run(capsys, demo_paths, str(plan), "--json")
    data = json.loads(out)
    assert code == 0 and data["applied"] is True and data["program"]["new"] is False
    assert data["measures"] == {"new": 0, "changed": 0, "unchanged": 4}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "план.docx",
            b"PK\x03\x04 broken",
            "Ошибка: Файл «план.docx» не является документом Word (.docx) или повреждён.",
        ),
        ("план.xlsx", b"garbage", "Ошибка: Файл «план.xlsx» не является книгой Excel (.xlsx) или повреждён."),
        ("план.txt", b"text", "Ошибка: Файл «план.txt» не является документом Word (.docx) или книгой Excel (.xlsx)."),
    ],
)
def test_a_bad_file_is_one_error_line_and_a_failure(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)
    before = database_state(demo_paths)
    code, out, err = run(capsys, demo_paths, str(tmp_path / name), "--json")
    assert code != 0 and out == ""
    assert err.strip() == message
    assert database_state(demo_paths) == before


def test_a_plan_without_period_asks_for_start_and_end(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_small_plan(tmp_path / "план.docx", title="План мероприятий по профилактике сиротства")
    code, _, err = run(capsys, demo_paths, str(plan))
    assert code == 2 and "--start" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, demo_paths, str(plan), "--start", "2025-01-01", "--end", "2025-12-31", "--json")
    assert code == 0 and json.loads(out)["period"] == {"start": "2025-01-01", "end": "2025-12-31"}


def test_the_reporting_procedure_is_set_on_the_command_line_and_checked(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    plan = write_small_plan(tmp_path / "план.docx")
    code, _, err = run(capsys, demo_paths, str(plan), "--working-days", "0", "--year-end", "31.02")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "от 1 до 60" in err and "20.01" in err
    code, out, _ = run(
        capsys, demo_paths, str(plan), "--reporting", "quarter", "--working-days", "5", "--year-end", "25.01"
    )
    assert code == 0 and "Порядок отчётности: квартал; отчёт до 5-го рабочего дня (за год — до 25.01)" in out
    # a later import changes only what is named: the period stays quarterly, the date for the year goes
    code, out, _ = run(capsys, demo_paths, str(plan), "--year-end", "-", "--json")
    reporting = json.loads(out)["reporting"]
    assert code == 0 and reporting["changed"] is True
    assert (reporting["period"], reporting["working_days_after"], reporting["year_end_date"]) == ("quarter", 5, None)
