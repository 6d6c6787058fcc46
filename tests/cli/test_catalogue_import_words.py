"""`opeka catalogue import` words a change as the window does: kind, direction, state and group in Russian, not as
stored codes and ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def test_a_changed_kind_direction_state_and_group_are_worded(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    book = tmp_path / "каталог.xlsx"
    assert run(capsys, *data, "catalogue", "export", "--out", str(book))[0] == 0
    workbook = load_workbook(book)
    sheet = workbook["Показатели"]
    header = [str(cell.value) for cell in sheet[1]]

    def column(starts: str) -> int:
        return next(number for number, title in enumerate(header, 1) if title.startswith(starts))

    code, group, kind = column("Код"), column("№ или наименование группы"), column("Вид")
    direction, state = column("Желаемое направление"), column("Состояние")
    rows = {sheet.cell(row, code).value: row for row in range(2, sheet.max_row + 1)}
    row, other_group = rows["1.3"], sheet.cell(rows["2.1"], group).value
    old_group = sheet.cell(row, group).value
    assert other_group != old_group
    sheet.cell(row, kind, "на 1000 (числитель / знаменатель)")
    was = sheet.cell(row, direction).value
    flipped = "рост" if was == "снижение" else "снижение"
    sheet.cell(row, direction, flipped)
    sheet.cell(row, state, "черновик")
    sheet.cell(row, group, other_group)
    workbook.save(book)

    exit_code, out = run(capsys, *data, "catalogue", "import", str(book), "--dry-run", "--json")
    assert exit_code == 0, out
    (change,) = [c for c in json.loads(out)["changes"] if c["record"] == "показатель 1.3"]
    words = {field["field"]: (field["label"], field["old_text"], field["new_text"]) for field in change["fields"]}
    assert words["kind"] == ("вид", "количество", "на 1000 (числитель / знаменатель)")
    assert words["direction"] == ("желаемое направление", was, flipped)
    assert words["state"] == ("состояние", "действует", "черновик")
    label, old, new = words["group_id"]
    assert label == "группа показателей" and old.startswith(str(old_group)) and new.startswith(str(other_group))

    exit_code, out = run(capsys, *data, "catalogue", "import", str(book), "--dry-run")
    assert "вид: количество → на 1000 (числитель / знаменатель)" in out
    assert "rate_per_1000" not in out and "decrease" not in out and "increase" not in out
