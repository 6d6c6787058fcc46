"""Every shipped form goes out to a workbook and reads back to the very definition the loader makes of its JSON
file; the shipped workbooks in forms/workbooks are those of today's JSON (so the two cannot drift apart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.form_workbook.reader import read_form_workbook
from desktop_app.form_workbook.writer import named_lists, write_form_workbook
from desktop_app.formkit.loader import load_form_file, parse_form

FORMS = Path(__file__).resolve().parents[2] / "forms"
SHIPPED = sorted(FORMS.glob("*.json"))


def test_all_three_forms_are_shipped() -> None:
    assert {path.stem for path in SHIPPED} == {
        "early_help_monitoring",
        "halfyear_indicators",
        "resource_families_monthly",
    }


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_a_form_written_to_a_workbook_reads_back_identical(path: Path, tmp_path: Path) -> None:
    form = load_form_file(path)
    lists = named_lists(json.loads(path.read_text(encoding="utf-8")).get("lists"))
    book = write_form_workbook(form, tmp_path / "форма.xlsx", lists)
    reading = read_form_workbook(book)
    assert reading.problems == []
    assert reading.require() == form
    assert parse_form(reading.data) == form, "the JSON the workbook gives is a form file of the same form"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_the_shipped_workbook_is_that_of_the_json(path: Path) -> None:
    reading = read_form_workbook(FORMS / "workbooks" / f"{path.stem}.xlsx")
    assert reading.require() == load_form_file(path), "run python3 build/forms_workbooks.py"


def test_seed_003_re_created_from_its_workbook_is_todays_definition() -> None:
    today = load_form_file(FORMS / "early_help_monitoring.json")
    again = read_form_workbook(FORMS / "workbooks" / "early_help_monitoring.xlsx").require()
    assert again == today
    assert len(again.questions) == len(today.questions) and again.rules == today.rules
    assert [q.number for q in again.questions] == [q.number for q in today.questions]
    rows = {q.id: q.rows for q in today.questions if q.rows}
    assert rows and all(again.question(qid).rows == r for qid, r in rows.items())  # type: ignore[union-attr]
