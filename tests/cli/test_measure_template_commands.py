"""`opeka measures template` and `opeka measures load` as an office runs them for its co-executors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.storage.database import open_database
from tests.conftest import make_actor
from tests.measure_templates.support import cell_map, fill, set_header

H1_2026 = Period.parse("2026-H1")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report_of(paths: DataPaths, measure_id: str) -> tuple[str, str, float | None]:
    db = open_database(paths)
    try:
        report = ExecutionService(db, AttachmentStore(paths.attachments)).report(
            make_actor(Role.SPECIALIST), measure_id, H1_2026
        )
        return report.status.value, report.done_text, report.quantity
    finally:
        db.close()


def test_template_for_one_executor_then_load_dry_run_then_load(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    code, out, err = run(
        capsys, *data, "measures", "template", "--period", "2026-H1", "--out", str(tmp_path), "--executor",
        "ОМВД России «Плесецкий»", "--json",
    )  # fmt: skip
    assert code == 0, err
    [name] = json.loads(out)["files"]
    path = Path(name)
    assert path.parent == tmp_path and "ОМВД" in path.name
    [measure] = {m for _, _, m, _, _ in cell_map(path)}
    fill(
        path, {(measure, "status"): "выполнено", (measure, "done_text"): "Проведено 4 рейда", (measure, "quantity"): 4}
    )

    code, out, _ = run(capsys, *data, "measures", "load", str(path), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] and not report["applied"]
    [change] = report["changes"]
    assert change["measure"] == measure and {f["field"]: f["new"] for f in change["fields"]}["Количество"] == "4"
    assert report_of(demo_paths, measure)[1] != "Проведено 4 рейда"

    code, out, _ = run(capsys, *data, "measures", "load", str(path))
    assert code == 0 and "Сохранено отчётов: 1." in out
    assert report_of(demo_paths, measure) == ("done", "Проведено 4 рейда", 4)


def test_load_with_wrong_cells_exits_2_and_names_the_cell(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    code, out, _ = run(
        capsys, *data, "measures", "template", "--period", "2026-H1", "--out", str(tmp_path), "--one-file"
    )
    assert code == 0
    [line] = out.splitlines()
    path = Path(line.removeprefix("Шаблон записан: "))
    sheet, address, measure, _, _ = next(item for item in cell_map(path) if item[3] == "quantity")
    fill(path, {(measure, "quantity"): "много"})
    code, out, _ = run(capsys, *data, "measures", "load", str(path))
    assert code == 2
    assert f"Ошибка в ячейке {sheet}!{address}: Введите число" in out and "Шаблон не загружен" in out


def test_load_of_another_district_or_period_is_refused_with_one_sentence(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    data = ["--data-dir", str(demo_paths.root)]
    run(capsys, *data, "measures", "template", "--period", "2026-H1", "--out", str(tmp_path), "--executor", "МКДНиЗП")
    [path] = tmp_path.glob("*.xlsx")
    code, _, err = run(capsys, *data, "measures", "load", str(path), "--period", "2025-H2")
    assert code == 1 and "Шаблон сделан за I полугодие 2026 г., а выбран период II полугодие 2025 г." in err
    set_header(path, "district", "Вельский муниципальный район")
    code, _, err = run(capsys, *data, "measures", "load", str(path))
    assert code == 1 and "для района «Вельский муниципальный район»" in err


def test_template_of_an_unknown_executor_lists_those_with_measures(
    capsys: pytest.CaptureFixture[str], demo_paths: DataPaths, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "--data-dir", str(demo_paths.root), "measures", "template", "--period", "2026-H1",
        "--out", str(tmp_path), "--executor", "Пожарная часть",
    )  # fmt: skip
    assert code == 1 and "У исполнителя «Пожарная часть» нет мероприятий за I полугодие 2026 г." in err
    assert "«МКДНиЗП»" in err and not list(tmp_path.glob("*.xlsx"))
