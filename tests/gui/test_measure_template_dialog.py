"""«Мероприятия»: templates for co-executors written from the page, a filled one previewed and saved, and a
template of another period refused in the page's message bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.gui.dialogs.measure_template_dialog import MeasureLoadDialog, TemplateExportDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.services.measure_templates import MeasureLoadPreview
from tests.gui.helpers import choose, settle
from tests.measure_templates.support import cell_map, fill

H1_2026 = Period.parse("2026-H1")


def measures_page(window: MainWindow, qtbot: QtBot, period: Period) -> MeasuresPage:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    choose(page.filters.period_combo, period.code)
    settle(page, qtbot)
    return page


def police_template(page: MeasuresPage, qtbot: QtBot, folder: Path) -> Path:
    program_id = page.current_filter().program_id
    assert program_id is not None
    choices = page.templates.templates.executors(page.context.actor, program_id, H1_2026)
    police = next(choice.id for choice in choices if "ОМВД" in choice.name)
    page.templates.write_templates(folder, [police])
    settle(page, qtbot)
    assert "Записано: 1 файл" in page.messages.text()
    [path] = folder.glob("*.xlsx")
    return path


def test_a_filled_template_is_previewed_then_saved_as_the_measures_report(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = measures_page(window, qtbot, H1_2026)
    assert page.templates.button.isVisibleTo(page) and page.templates.load_action.isEnabled()
    assert [action.text() for action in page.templates.button.menu().actions()] == [
        "Шаблон для соисполнителей…",
        "Загрузить отчёты из Excel…",
    ]
    path = police_template(page, qtbot, tmp_path)
    [measure] = {m for _, _, m, _, _ in cell_map(path)}
    fill(
        path, {(measure, "status"): "выполнено", (measure, "done_text"): "Проведено 4 рейда", (measure, "quantity"): 4}
    )
    shown: list[MeasureLoadPreview] = []
    monkeypatch.setattr(page.templates, "confirm", lambda preview: shown.append(preview) or True)

    page.templates.load_filled(path)
    settle(page, qtbot)

    [preview] = shown
    dialog = MeasureLoadDialog(preview, page)
    qtbot.addWidget(dialog)
    assert dialog.apply_button.isEnabled() and not dialog.issues.isVisibleTo(dialog)
    cells = [dialog.changes.item(row, 4).text() for row in range(dialog.changes.rowCount())]
    assert "Проведено 4 рейда" in cells and "4" in cells
    assert "новых отчётов — 1" in dialog.summary.text().lower()
    qtbot.waitUntil(lambda: "сохранено: 1 отчёт" in page.messages.text(), timeout=10_000)
    report = page.context.execution.report(page.context.actor, measure, H1_2026)
    assert (report.done_text, report.quantity) == ("Проведено 4 рейда", 4)


def test_wrong_cells_leave_the_save_button_off_and_list_the_cells(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = measures_page(window, qtbot, H1_2026)
    path = police_template(page, qtbot, tmp_path)
    [(sheet, address, measure, _, _)] = [item for item in cell_map(path) if item[3] == "quantity"]
    fill(path, {(measure, "status"): "в работе", (measure, "quantity"): "12 рейдов"})
    program_id = page.current_filter().program_id
    preview = page.templates.templates.preview(page.context.actor, path, program_id, H1_2026)
    dialog = MeasureLoadDialog(preview, page)
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled() and dialog.issues.isVisibleTo(dialog)
    assert dialog.issues.item(0, 0).text() == f"{sheet}!{address}"
    assert "«рейдов» напишите в поле «Что сделано»" in dialog.issues.item(0, 1).text()


def test_a_template_of_another_period_is_refused_in_the_message_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = measures_page(window, qtbot, H1_2026)
    path = police_template(page, qtbot, tmp_path)
    choose(page.filters.period_combo, "2025-H2")
    settle(page, qtbot)
    monkeypatch.setattr(page.templates, "confirm", lambda preview: pytest.fail("no preview for another period"))
    page.templates.load_filled(path)
    settle(page, qtbot)
    assert "Шаблон сделан за I полугодие 2026 г., а выбран период II полугодие 2025 г." in page.messages.text()


def test_the_export_dialog_lists_executors_checked_with_their_measure_counts(qtbot: QtBot) -> None:
    from desktop_app.services.measure_templates import ExecutorChoice

    choices = [ExecutorChoice("a", "ОМВД России «Плесецкий»", 1), ExecutorChoice("b", "МКДНиЗП", 2)]
    dialog = TemplateExportDialog(choices, H1_2026, "/tmp")
    qtbot.addWidget(dialog)
    assert dialog.executors.item(0).text() == "ОМВД России «Плесецкий» — 1 мероприятие"
    assert dialog.executors.item(1).text() == "МКДНиЗП — 2 мероприятия"
    dialog.executors.item(0).setCheckState(dialog.executors.item(0).checkState().Unchecked)
    assert dialog.chosen_ids() == ["b"]
