"""`opeka report` asks no password, so nobody is signed in: the signature block leaves the executor's name blank
to be written by hand, rather than printing the program's own name («Опека-Офлайн») as if it had signed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import SYSTEM_ACTOR


def report(paths: DataPaths, kind: str, out: Path) -> int:
    file_format = out.suffix.removeprefix(".")
    argv = ["--data-dir", str(paths.root), "report", kind, "--period", "2026-H1", "--format", file_format]
    return main([*argv, "--out", str(out)])


def pdf_text(path: Path) -> str:
    pages = PdfReader(path).pages
    return " ".join(" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in pages)


@pytest.mark.parametrize("kind", ["measures", "indicators"])
def test_a_report_from_the_command_line_leaves_the_executors_name_blank(
    demo_paths: DataPaths, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert report(demo_paths, kind, out) == 0, capsys.readouterr().err
    text = pdf_text(out)
    assert f"Исполнитель {SYSTEM_ACTOR.full_name}" not in text  # the footer names the program, the signature not
    # the executor's line: position, then straight away the captions under the blank lines
    assert "Исполнитель (подпись) (расшифровка подписи) (дата)" in text


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
    assert "Исполнитель" in cells
