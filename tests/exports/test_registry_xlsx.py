"""The registry export opens in Excel with one row per measure, its latest report and print setup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop_app.core.paths import DataPaths
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.errors import UserError
from desktop_app.domain.execution import ReportInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.exports.registry_xlsx import FIRST_DATA_ROW, write_registry_xlsx
from desktop_app.services.attachments import AttachmentStore
from desktop_app.services.execution import ExecutionService
from desktop_app.services.measure_list import MeasureFilter
from desktop_app.services.registry import RegistryService
from desktop_app.services.registry_export import registry_export
from desktop_app.storage.database import Database
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST)


def test_one_row_per_measure_with_its_latest_report(demo_db: Database, demo_paths: DataPaths, tmp_path: Path) -> None:
    rows = RegistryService(demo_db).measures(SPECIALIST, filters=MeasureFilter(search="профессионального выгорания"))
    measure = rows[0].id
    execution = ExecutionService(demo_db, AttachmentStore(demo_paths.attachments))
    execution.save_report(
        SPECIALIST,
        measure,
        Period.parse("2026-H1"),
        ReportInput("partially_done", "=1+1\x0bвторая строка из Word", 2.5),
        0,
    )
    scan = tmp_path / "protocol.pdf"
    scan.write_bytes(b"pdf")
    execution.attach_document(
        SPECIALIST, measure, Period.parse("2026-H1"), scan, DocumentInput("Протокол", "протокол", "7", date(2026, 4, 2))
    )

    target = tmp_path / "выгрузка" / "реестр.xlsx"
    export = registry_export(demo_db, SPECIALIST, MeasureFilter(), today=date(2026, 11, 23))
    write_registry_xlsx(export, target)

    sheet = load_workbook(target).active
    assert sheet.max_row == FIRST_DATA_ROW - 1 + 31
    assert sheet.cell(FIRST_DATA_ROW - 2, 1).value == "Мероприятие"
    assert sheet.cell(FIRST_DATA_ROW - 1, 2).value == "Наименование мероприятия"
    by_name = {sheet.cell(r, 2).value: r for r in range(FIRST_DATA_ROW, sheet.max_row + 1)}
    row = next(r for name, r in by_name.items() if "профессионального выгорания" in name)
    values = [sheet.cell(row, c).value for c in range(1, 16)]
    assert values[0] == "IV.3."
    assert values[7] == "I полугодие 2026 г." and values[8] == "выполнено частично"
    assert values[9] == "=1+1 вторая строка из Word", "formula-like text stays text; Word's control characters go"
    assert sheet.cell(row, 10).data_type == "s"
    assert values[10] == 2.5
    assert values[11] == "Протокол № 7 от 02.04.2026"
    assert "нет отчёта" in [sheet.cell(r, 9).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    assert sheet.freeze_panes == f"C{FIRST_DATA_ROW}"
    assert sheet.print_title_rows == f"${FIRST_DATA_ROW - 2}:${FIRST_DATA_ROW - 1}"
    assert sheet.page_setup.orientation == "landscape"
    assert f"A{FIRST_DATA_ROW - 2}:G{FIRST_DATA_ROW - 2}" in {str(r) for r in sheet.merged_cells.ranges}


def test_a_folder_that_cannot_be_written_gives_one_message_and_no_file(demo_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    export = registry_export(demo_db, SPECIALIST, MeasureFilter())
    with pytest.raises(UserError, match="Не удалось сохранить файл"):
        write_registry_xlsx(export, blocker / "реестр.xlsx")
