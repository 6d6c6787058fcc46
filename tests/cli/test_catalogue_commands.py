"""`opeka catalogue export` and `opeka catalogue import`: the catalogue and plans out to Excel, edited there by
hand and back, with a wrong cell refused by its address and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.storage.database import Database, open_database
from desktop_app.storage.models import Indicator, IndicatorPlan


@contextmanager
def reading(paths: DataPaths) -> Iterator[Session]:
    db: Database = open_database(paths)
    try:
        with db.reading() as session:
            yield session
    finally:
        db.close()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, _ = capsys.readouterr()
    return code, out


def _row_of(sheet, column: int, value: str) -> int:  # type: ignore[no-untyped-def]
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=column).value == value)


def _plan_row(sheet, code: str) -> int:  # type: ignore[no-untyped-def]
    """A plan row with a number: the blank «-» of I полугодие 2025 lies before the program's start."""
    return next(
        row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 2).value == code and sheet.cell(row, 5).value
    )


def _exported(capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, book: Path) -> list[str]:
    data = ["--data-dir", str(demo_paths.root)]
    code, out = run(capsys, *data, "catalogue", "export", "--out", str(book))
    assert code == 0 and "Каталог записан" in out
    return data


def test_round_trip_export_edit_in_excel_import(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = tmp_path / "каталог.xlsx"
    data = _exported(capsys, demo_paths, book)
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["Группы", "Показатели", "Плановые значения"]
    indicators, plans = workbook["Показатели"], workbook["Плановые значения"]
    assert indicators["C1"].value == "Код" and indicators["F1"].value == "Вид"
    with reading(demo_paths) as session:
        count = len(session.scalars(select(Indicator)).all())
    assert indicators.max_row - 1 == count

    # unchanged, the book changes nothing
    code, out = run(capsys, *data, "catalogue", "import", str(book), "--json")
    assert code == 0 and json.loads(out)["changes"] == []

    row = _row_of(indicators, 3, "1.3")
    indicators.cell(row=row, column=4, value="Количество семей в социально опасном положении (СОП)")
    indicators.cell(row=row, column=9, value="101")
    new_row = indicators.max_row + 1
    program_id, group = indicators.cell(row=row, column=1).value, indicators.cell(row=row, column=2).value
    for column, value in enumerate(
        [program_id, group, "1.99", "Сумма социальных контрактов", "тыс. руб.", "денежный (сумма)", "нет", "рост"], 1
    ):
        indicators.cell(row=new_row, column=column, value=value)
    plan_row = _plan_row(plans, "1.3")
    period, territory = plans.cell(row=plan_row, column=3).value, plans.cell(row=plan_row, column=4).value
    old_plan = plans.cell(row=plan_row, column=5).value
    plans.cell(row=plan_row, column=5, value="1 234,5")
    plans.append([program_id, "1.99", "II полугодие 2025 г.", territory, 2500])
    workbook.save(book)

    code, out = run(capsys, *data, "catalogue", "import", str(book), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["applied"] is False and report["errors"] == []
    actions = {(c["record"], c["action"]) for c in report["changes"]}
    assert ("показатель 1.3", "изменён") in actions and ("показатель 1.99", "новый") in actions
    edited = next(c for c in report["changes"] if c["record"] == "показатель 1.3")
    assert {f["field"] for f in edited["fields"]} == {"name", "base_value"}
    assert any(c["record"].startswith("план 1.3,") and c["fields"][0]["old"] == old_plan for c in report["changes"])
    assert len(report["changes"]) == 4

    code, out = run(capsys, *data, "catalogue", "import", str(book))
    assert code == 0 and "Каталог загружен: изменений — 4." in out
    with reading(demo_paths) as session:
        changed = session.scalars(select(Indicator).where(Indicator.code == "1.3")).one()
        added = session.scalars(select(Indicator).where(Indicator.code == "1.99")).one()
        plan = session.scalars(
            select(IndicatorPlan.value).where(
                IndicatorPlan.indicator_id == changed.id, IndicatorPlan.territory == territory
            )
        ).all()
        added_plans = session.execute(
            select(IndicatorPlan.period, IndicatorPlan.value).where(IndicatorPlan.indicator_id == added.id)
        ).all()
        assert changed.base_value == 101 and changed.name.endswith("(СОП)")
        assert (added.kind, added.unit, added.state) == ("money", "тыс. руб.", "active")
    assert 1234.5 in plan
    assert [tuple(item) for item in added_plans] == [("2025-H2", 2500)]
    assert period  # the plan's period was read back from its printed label


def test_wrong_cells_are_refused_by_their_address_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = tmp_path / "каталог.xlsx"
    data = _exported(capsys, demo_paths, book)
    workbook = load_workbook(book)
    indicators, plans = workbook["Показатели"], workbook["Плановые значения"]
    row = _row_of(indicators, 3, "1.2")
    indicators.cell(row=row, column=4, value="Удельный вес (исправлено)")
    indicators.cell(row=row, column=6, value="штуки")
    share_plan = _plan_row(plans, "1.2")
    plans.cell(row=share_plan, column=5, value=140)
    count_plan = _plan_row(plans, "1.1")
    plans.cell(row=count_plan, column=5, value="много")
    workbook.save(book)

    code, out = run(capsys, *data, "catalogue", "import", str(book))
    assert code == 2
    assert f"Показатели!F{row}: Значение «штуки» не подходит" in out
    assert f"Плановые значения!E{share_plan}: Доля в процентах — от 0 до 100." in out
    assert f"Плановые значения!E{count_plan}: «много» — не число" in out
    assert "Книга не загружена: ошибок — 3." in out
    with reading(demo_paths) as session:
        assert (
            session.scalars(select(Indicator.name).where(Indicator.code == "1.2")).one() != "Удельный вес (исправлено)"
        )


def test_a_draft_and_the_whole_programs_plan_show_in_info(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    book = tmp_path / "каталог.xlsx"
    data = _exported(capsys, demo_paths, book)
    workbook = load_workbook(book)
    indicators, plans = workbook["Показатели"], workbook["Плановые значения"]
    row = _row_of(indicators, 3, "1.1")
    program_id, group = indicators.cell(row=row, column=1).value, indicators.cell(row=row, column=2).value
    indicators.append([program_id, group, "1.98", "Показатель из плана", "единиц", "количество", "нет", "рост"])
    indicators.cell(row=indicators.max_row, column=13, value="черновик")
    plan_row = _plan_row(plans, "1.1")
    period, district_plan = plans.cell(row=plan_row, column=3).value, plans.cell(row=plan_row, column=5).value
    whole_plan = district_plan + 2  # the program as a whole, beside the district's own row
    plans.append([program_id, "1.1", period, "Программа в целом", whole_plan])
    workbook.save(book)
    code, _ = run(capsys, *data, "catalogue", "import", str(book))
    assert code == 0

    code, out = run(capsys, *data, "info", "--json")
    listed = {item["code"]: item for item in json.loads(out)["indicators"]}
    assert listed["1.98"]["state"] == "draft" and listed["1.1"]["state"] == "active"
    assert whole_plan in {plan["value"] for plan in listed["1.1"]["plan"].values()}


def test_a_file_that_is_not_the_catalogue_workbook_is_refused(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    broken = tmp_path / "каталог.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert main([*data, "catalogue", "import", str(broken)]) == 1
    other = tmp_path / "другая.xlsx"
    book = Workbook()
    book.active.append(["Что-то", "совсем", "другое"])
    book.save(other)
    assert main([*data, "catalogue", "import", str(other)]) == 1
    err = capsys.readouterr().err
    assert "нет листов каталога показателей" in err
