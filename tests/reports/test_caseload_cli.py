"""`opeka report cases` and `opeka info --json` over the case register of tests/cases/figures_world.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli.main import main
from tests.cases.figures_world import ADMIN_LOGIN, ADMIN_PASSWORD, IVANOVA, make_world


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    world = make_world(tmp_path / "data")
    world.db.close()
    monkeypatch.setenv("OPEKA_USER", ADMIN_LOGIN)
    monkeypatch.setenv("OPEKA_PASSWORD", ADMIN_PASSWORD)
    return world.paths.root


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(root), *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_the_caseload_report_is_written(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], file_format: str
) -> None:
    out = tmp_path / f"нагрузка.{file_format}"
    code, printed, err = run(
        capsys, root, "report", "cases", "--period", "2026-H1", "--format", file_format, "--out", str(out)
    )
    assert code == 0, err
    assert out.stat().st_size > 0 and str(out) in printed
    if file_format == "xlsx":
        names = [row[1] for sheet in load_workbook(out).worksheets for row in sheet.iter_rows(values_only=True)]
        assert IVANOVA in names


def test_a_wrong_period_or_an_unwritable_file_is_one_russian_sentence(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(capsys, root, "report", "cases", "--period", "2026-H3", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    _, err = capsys.readouterr()
    assert stopped.value.code != 0
    # argparse's usage, then its one line: «opeka report: ошибка: параметр --period: Номер периода 3 вне …»
    assert err.strip().splitlines()[-1].endswith("параметр --period: Номер периода 3 вне допустимых 1–2.")
    blocker = tmp_path / "не папка"
    blocker.write_text("файл на месте папки", encoding="utf-8")
    missing = blocker / "x.pdf"
    code, _, err = run(capsys, root, "report", "cases", "--period", "2026-H1", "--format", "pdf", "--out", str(missing))
    assert code != 0 and not missing.exists()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка: "), err


def test_info_counts_the_cases(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, err = run(capsys, root, "info", "--json")
    assert code == 0, err
    # six cases: F2, F3, F4 closed; F1, F5, F6 open
    assert json.loads(printed)["cases"] == {"open": 3, "closed": 3, "total": 6}
    code, printed, _ = run(capsys, root, "info")
    assert "Случаи сопровождения семей: 6 (открыто 3, снято с сопровождения 3)" in printed
