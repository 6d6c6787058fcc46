"""Loading a plan from the measures screen: preview first, nothing written on cancel, no duplicates."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import PeriodKind
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.services.reporting_procedure import ReportingSettings
from tests.plan_import.small_plan import write_small_plan


def measures_page(window: MainWindow, qtbot: QtBot) -> MeasuresPage:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    return page


def test_preview_then_apply_then_a_second_import_finds_nothing_new(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = measures_page(window, qtbot)
    plan = write_small_plan(tmp_path / "план.docx")
    revision = page.context.db.revision()

    cancelled = page.import_plan(plan)
    qtbot.waitUntil(lambda: cancelled.preview is not None, timeout=10_000)
    assert "новая программа" in cancelled.summary.text()
    assert cancelled.apply_button.isEnabled()
    assert cancelled.problems.count() >= 1, "the row without a name is reported, not dropped"
    assert cancelled.period_box.isVisible() == cancelled.preview.needs_period
    cancelled.reject()
    assert page.context.db.revision() == revision

    dialog = page.import_plan(plan)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    if dialog.preview.needs_period:
        dialog.start_edit.setText("01.01.2025")
        dialog.end_edit.setText("31.12.2026")
    fields = dialog.reporting_fields
    assert dialog.reporting_box.isVisible() and fields.typed() == ReportingProcedure()
    fields.period_combo.setCurrentIndex(fields.period_combo.findData("quarter"))
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert dialog.result.created_program and dialog.result.measures.new == 4
    qtbot.waitUntil(lambda: not page.busy and page.tree.topLevelItemCount() == 2, timeout=10_000)
    assert "Программа создана" in page.messages.text()
    settings = ReportingSettings(page.context.db)
    created = settings.procedure(page.context.actor, dialog.result.program_id)
    assert created.procedure == ReportingProcedure(PeriodKind.QUARTER, 3)

    again = page.import_plan(plan)
    qtbot.waitUntil(lambda: again.preview is not None, timeout=10_000)
    assert not again.apply_button.isEnabled()
    assert "изменений нет" in again.messages.text()
    assert again.reporting_fields.typed() == created.procedure, "the program's own procedure is shown"
    # only the reporting procedure changes: the import may still be applied for it
    again.reporting_fields.year_end_edit.setText("31.02")
    assert not again.apply_button.isEnabled()
    again.reporting_fields.days_spin.setValue(6)
    again.reporting_fields.year_end_edit.setText("25.01")
    assert again.apply_button.isEnabled()
    again.apply_button.click()
    qtbot.waitUntil(lambda: again.result is not None, timeout=10_000)
    updated = settings.procedure(page.context.actor, dialog.result.program_id).procedure
    assert updated == ReportingProcedure(PeriodKind.QUARTER, 6, (1, 25))


def test_a_file_that_is_not_a_plan_gives_one_message_and_cannot_be_applied(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = measures_page(window, qtbot)
    broken = tmp_path / "план.docx"
    broken.write_bytes(b"this is not a zip file at all")
    dialog = page.import_plan(broken)
    qtbot.waitUntil(lambda: bool(dialog.messages.text()), timeout=10_000)
    assert "план.docx" in dialog.messages.text() or "Word" in dialog.messages.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()
