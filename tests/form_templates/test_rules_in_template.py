"""Rules in the Excel template: a range is Excel's own data validation; a rule across questions Excel cannot
express is checked when the template is read back, naming the cell."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from desktop_app.domain.periods import Period
from desktop_app.form_templates import TemplateIssue, read_template, write_template
from desktop_app.formkit import FormCatalogue
from desktop_app.formkit.loader import load_form_file, parse_form
from tests.form_templates.support import DISTRICT, INDICATORS, PERIOD, SHEET, fill, form_data

EARLY_HELP = Path(__file__).resolve().parents[2] / "forms" / "early_help_monitoring.json"


def test_a_range_is_excel_data_validation_on_its_cell(tmp_path: Path) -> None:
    data = form_data()
    question = data["sections"][0]["questions"][2]
    assert question["number"] == "3"
    question.update({"min": 1, "max": 100})
    form = parse_form(data, "test.json")
    path = tmp_path / "шаблон.xlsx"
    write_template(path, form, PERIOD, DISTRICT, indicators=INDICATORS)
    where = fill(path, {})
    sheet = load_workbook(path)[SHEET]
    found = [dv for dv in sheet.data_validations.dataValidation if where[("3", "")] in str(dv.sqref).split()]
    assert len(found) == 1
    assert (found[0].type, found[0].operator, found[0].formula1, found[0].formula2) == ("whole", "between", "1", "100")
    assert found[0].error == "Введите целое число от 1 до 100."


def test_a_cross_rule_broken_in_the_workbook_is_refused_on_load_naming_the_cell(tmp_path: Path) -> None:
    form = load_form_file(EARLY_HELP)
    period = Period.parse("2023")
    path = tmp_path / "мониторинг.xlsx"
    write_template(path, form, period, DISTRICT)
    # 7 + 5 = 12 units by department against 10 in total for 2023; 2022 adds up: 3 = 3
    where = fill(
        path,
        {
            ("5.1", "_/0"): 10,
            ("5.1", "_/-1"): 3,
            ("5.1.1", "health/0"): 7,
            ("5.1.1", "education/0"): 5,
            ("5.1.1", "health/-1"): 1,
            ("5.1.1", "social/-1"): 1,
            ("5.1.1", "education/-1"): 1,
            ("5.1.1", "nonprofit/-1"): 0,
        },
    )
    filled = read_template(path, FormCatalogue((form,)))
    assert filled.issues == [
        TemplateIssue(
            "5.1.1",
            "health/0",
            f"{SHEET}!{where[('5.1.1', 'health/0')]}",
            "5.1.1 (12) больше, чем 5.1 (10) за 2023 г.: часть не может превышать целое.",
        )
    ]
