"""`opeka forms`, `opeka template` and `opeka fill` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from tests.form_templates.support import fill


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_forms_json_lists_every_form_with_numbered_questions(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths
) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_paths.root), "forms", "--json")
    assert code == 0
    forms = {form["id"]: form for form in json.loads(out)["forms"]}
    assert set(forms) == {"early-help-monitoring", "halfyear-indicators", "resource-families-monthly"}
    monitoring = forms["early-help-monitoring"]
    assert monitoring["version"] == 1 and monitoring["title"].startswith("Комплексный межведомственный план")
    numbers = [q["number"] for q in monitoring["questions"]]
    assert numbers[:3] == ["1.1", "1.2", "1.3"] and "30.4" in numbers and "24.1" not in numbers
    kinds = {q["number"]: q["kind"] for q in monitoring["questions"]}
    assert (kinds["1.3"], kinds["1.4"], kinds["5.1.1"], kinds["7.1"]) == ("yes_no", "yes_no_grid", "year_pair", "table")


def test_template_then_fill_dry_run_then_fill(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    book = tmp_path / "мониторинг.xlsx"
    code, out, _ = run(
        capsys, *data, "template", "--form", "early-help-monitoring", "--period", "2023", "--out", str(book)
    )
    assert code == 0 and "Шаблон записан" in out and book.exists()
    fill(book, {("5.1", "_/0"): "4", ("1.3", ""): "Нет"})
    code, out, _ = run(capsys, *data, "fill", str(book), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["applied"] is False
    assert {(c["number"], c["new"]) for c in report["changes"]} == {("5.1", "4"), ("1.3", "Нет")}
    code, out, _ = run(capsys, *data, "fill", str(book), "--json")
    assert code == 0 and json.loads(out)["applied"] is True
    code, out, _ = run(capsys, *data, "fill", str(book))
    assert code == 0 and "Изменений нет" in out


def test_fill_with_wrong_cells_exits_2_and_names_the_cell(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    book = tmp_path / "мониторинг.xlsx"
    run(capsys, *data, "template", "--form", "early-help-monitoring", "--period", "2023", "--out", str(book))
    where = fill(book, {("5.1", "_/0"): "-2"})
    code, out, _ = run(capsys, *data, "fill", str(book))
    assert code == 2
    assert f"Ошибка в ячейке Анкета!{where[('5.1', '_/0')]}: Число не может быть отрицательным." in out
    assert "Шаблон не загружен" in out


def test_fill_refuses_another_period_and_a_non_template(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    book = tmp_path / "мониторинг.xlsx"
    run(capsys, *data, "template", "--form", "early-help-monitoring", "--period", "2023", "--out", str(book))
    code, _, err = run(capsys, *data, "fill", str(book), "--period", "2024")
    assert code == 1 and err.startswith("Ошибка: ") and "2024" in err and len(err.strip().splitlines()) == 1
    text = tmp_path / "не шаблон.xlsx"
    text.write_text("просто текст", encoding="utf-8")
    code, _, err = run(capsys, *data, "fill", str(text))
    assert code != 0 and err.startswith("Ошибка: ") and "Traceback" not in err


def test_template_for_a_period_of_another_kind_is_refused(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "--data-dir",
        str(demo_paths.root),
        "template",
        "--form",
        "early-help-monitoring",
        "--period",
        "2025-H1",
        "--out",
        str(tmp_path / "x.xlsx"),
    )
    assert code == 1 and "заполняется за период вида «год»" in err
