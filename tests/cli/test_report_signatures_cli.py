"""`opeka report` is made by the user who signed in (here the demo's administrator, by OPEKA_USER): the signature
block names that user as the executor, as the window does, and never the program («Опека-Офлайн») as if it had
signed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR

SIGNED_IN = "Демонстрационный пользователь"  # the demo's administrator, whom tests/cli/conftest.py signs in


def report(paths: DataPaths, kind: str, out: Path) -> int:
    file_format = out.suffix.removeprefix(".")
    argv = ["--data-dir", str(paths.root), "report", kind, "--period", "2026-H1", "--format", file_format]
    return main([*argv, "--out", str(out)])


def pdf_text(path: Path) -> str:
    pages = PdfReader(path).pages
    return " ".join(" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in pages)


@pytest.mark.parametrize("kind", ["measures", "indicators"])
def test_a_report_from_the_command_line_is_signed_by_the_signed_in_user(
    demo_paths: DataPaths, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert report(demo_paths, kind, out) == 0, capsys.readouterr().err
    text = pdf_text(out)
    assert f"Исполнитель {SYSTEM_ACTOR.full_name}" not in text  # the footer names the program, the signature not
    assert "Главный специалист отдела опеки и попечительства" in text and SIGNED_IN in text


def test_the_workbook_from_the_command_line_has_no_fake_signer(demo_paths: DataPaths, tmp_path: Path) -> None:
    out = tmp_path / "measures.xlsx"
    assert report(demo_paths, "measures", out) == 0
    cells = [
        str(cell)
        for sheet in load_workbook(out).worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
    ]
    assert not any(SYSTEM_ACTOR.full_name in cell for cell in cells)
    assert any(SIGNED_IN in cell for cell in cells)
