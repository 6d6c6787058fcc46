"""`opeka report form --form ID --district '*'` at the region writes the form consolidated over its districts;
before, it refused with «печатается для одного МО»."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli.main import main
from tests.exchange.test_end_to_end import REGION, Installation
from tests.services.test_form_consolidation import JULY, MONTHLY, MONTHLY_ANSWERS, SILENT, store_answers


def test_the_region_prints_a_form_consolidated_over_all_districts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    region = Installation(tmp_path / "region", REGION)
    store_answers(region, MONTHLY, JULY, MONTHLY_ANSWERS)
    region.db.close()
    monkeypatch.setenv("OPEKA_USER", REGION.admin_login)
    monkeypatch.setenv("OPEKA_PASSWORD", REGION.admin_password)
    out = tmp_path / "свод.xlsx"
    base = ["--data-dir", str(region.paths.root), "report", "form", "--form", MONTHLY, "--period", JULY.code]
    code = main([*base, "--district", "*", "--format", "xlsx", "--out", str(out), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert json.loads(captured.out)["path"] == str(out)
    book = load_workbook(out)
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 4 + 7 + 1 in values and "да — 2 МО из 3" in values
    assert SILENT in values, "the district that sent nothing is in the completeness table"
