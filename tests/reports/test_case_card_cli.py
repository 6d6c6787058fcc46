"""`opeka report case-card --case СС-0001 --out FILE` over the cases of tests/cases/figures_world.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.cli.main import main
from tests.cases.figures_world import ADMIN_LOGIN, ADMIN_PASSWORD, make_world


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


def test_the_card_is_printed_by_its_code_in_the_format_of_the_file(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "карточка.pdf"
    code, printed, err = run(capsys, root, "report", "case-card", "--case", "СС-0001", "--out", str(out))
    assert code == 0, err
    assert str(out) in printed
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    assert "СС-0001" in text and "Семья Смирновых" in text
    workbook = tmp_path / "карточка.xlsx"
    code, _, err = run(capsys, root, "report", "case-card", "--case", "сс-0002", "--out", str(workbook))
    assert code == 0, err
    assert workbook.stat().st_size > 0


def test_an_unknown_code_or_a_missing_case_is_one_russian_sentence(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "карточка.pdf"
    code, _, err = run(capsys, root, "report", "case-card", "--case", "СС-9999", "--out", str(out))
    assert code != 0 and not out.exists()
    assert err.strip() == "Ошибка: Случай «СС-9999» не найден: проверьте код в реестре случаев."
    code, _, err = run(capsys, root, "report", "case-card", "--out", str(out))
    assert code != 0 and err.strip().startswith("Ошибка: Укажите код случая")


def test_a_period_report_still_needs_its_period(root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, root, "report", "cases", "--format", "pdf", "--out", str(tmp_path / "x.pdf"))
    assert code != 0 and err.strip() == "Ошибка: Укажите отчётный период: --period, например 2026-H1."
