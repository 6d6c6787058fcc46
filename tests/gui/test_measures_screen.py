"""The measures screen driven as a user would: filter, edit a measure, report, attach, approve."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.domain import plural
from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle

H1_2026 = Period.parse("2026-H1")


def measures_page(window: MainWindow, qtbot: QtBot) -> MeasuresPage:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    return page


def select_measure(page: MeasuresPage, qtbot: QtBot, fragment: str) -> int:
    row = next(i for i, r in enumerate(page.model.rows()) if fragment in r.name)
    page.table.selectRow(row)
    measure_id = page.model.rows()[row].id
    qtbot.waitUntil(
        lambda: page.report_editor._report is not None and page.report_editor._report.measure_id == measure_id,
        timeout=10_000,
    )
    settle(page, qtbot)
    return row


def test_filters_by_executor_period_and_overdue(window: MainWindow, qtbot: QtBot) -> None:
    page = measures_page(window, qtbot)
    assert page.model.rowCount() == 31
    combo = page.filters.executor_combo
    cssu = next(i for i in range(combo.count()) if "ЦССУ" in combo.itemText(i))
    combo.setCurrentIndex(cssu)
    qtbot.waitUntil(lambda: not page.busy and 0 < page.model.rowCount() < 31, timeout=10_000)
    assert all(any("ЦССУ" in name for name in row.executors) for row in page.model.rows())
    combo.setCurrentIndex(0)
    choose(page.filters.period_combo, H1_2026.code)
    page.filters.overdue_check.setChecked(True)
    qtbot.waitUntil(lambda: not page.busy and 0 < page.model.rowCount() < 31, timeout=10_000)
    rows = page.model.rows()
    assert all(row.overdue_in_period for row in rows), "the demo has no reports for I полугодие 2026: due ones are late"
    report_column = page.model.index(0, page.model.COL_REPORT)
    assert "ПРОСРОЧЕН" in page.model.data(report_column)
    assert page.model.data(report_column, 8) is not None  # BackgroundRole: marked in colour


def test_specialist_reports_attaches_a_document_and_head_approves(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    specialist_window = make_window(make_actor(Role.SPECIALIST, "specialist"))
    page = measures_page(specialist_window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    settle(page, qtbot)
    select_measure(page, qtbot, "профессионального выгорания")
    editor = page.report_editor
    choose(editor.period_combo, H1_2026.code)
    settle(page, qtbot)
    assert not page.approve_period_button.isVisible()

    choose(editor.status_combo, "done")
    editor.save_button.click()
    assert "что сделано" in editor.errors["done_text"].text().lower(), "the error shows beside the field"
    assert not editor.errors["done_text"].isHidden()

    editor.done_edit.setPlainText("Проведено 2 заседания межведомственной комиссии")
    editor.quantity_edit.setText("1 234,5")
    editor.save_button.click()
    settle(page, qtbot)
    assert "сохранён" in editor.messages.text()
    assert editor.errors["done_text"].isHidden()
    qtbot.waitUntil(lambda: any(r.reported for r in page.model.rows() if r.period == H1_2026), timeout=10_000)

    scan = tmp_path / "Протокол заседания.pdf"
    scan.write_bytes(b"%PDF-1.4 protocol")
    editor.notes_edit.setPlainText("ещё не сохранено")
    editor.attach_file(scan, DocumentInput("Протокол заседания", "протокол", "5"))
    qtbot.waitUntil(lambda: editor.documents.rowCount() == 1, timeout=10_000)
    assert editor.notes_edit.toPlainText() == "ещё не сохранено", "attaching keeps what was typed"
    assert editor.documents.item(0, 0).text() == "Протокол заседания"
    assert editor.documents.item(0, 2).text() == "№ 5"
    settle(page, qtbot)

    head_window = make_window(make_actor(Role.HEAD, "head"))
    head_page = measures_page(head_window, qtbot)
    choose(head_page.filters.period_combo, H1_2026.code)
    settle(head_page, qtbot)
    select_measure(head_page, qtbot, "профессионального выгорания")
    choose(head_page.report_editor.period_combo, H1_2026.code)
    settle(head_page, qtbot)
    head_editor = head_page.report_editor
    assert head_editor.approve_button.isEnabled()
    assert head_editor.quantity_edit.text() == "1 234,5"
    head_editor.approve_button.click()
    settle(head_page, qtbot)
    assert "Утвердил" in head_editor.who_label.text()
    assert head_editor.withdraw_button.isEnabled()

    # The specialist, reloading, finds the report frozen.
    select_measure(page, qtbot, "Проведение")
    select_measure(page, qtbot, "профессионального выгорания")
    choose(editor.period_combo, "2025-H2")
    settle(page, qtbot)
    choose(editor.period_combo, H1_2026.code)
    settle(page, qtbot)
    assert editor.done_edit.isReadOnly() and not editor.save_button.isEnabled()
    assert "только руководитель" in editor.messages.text()


def test_editing_a_measure_updates_its_schedule_and_the_table(window: MainWindow, qtbot: QtBot) -> None:
    page = measures_page(window, qtbot)
    row = select_measure(page, qtbot, "профессионального выгорания")
    editor = page.measure_editor
    page.card.setCurrentIndex(1)
    assert "не менее 1" in editor.schedule.summary.text()
    editor.deadline_edit.setPlainText("Ежеквартально в течение 2026 года")
    assert "ежеквартально" in editor.schedule.summary.text(), "the schedule follows the text as it is typed"
    editor.name_edit.setPlainText("")
    editor.save_button.click()
    assert not editor.errors["name"].isHidden()
    editor.name_edit.setPlainText("Межведомственные мероприятия по профилактике профессионального выгорания")
    editor.save_button.click()
    qtbot.waitUntil(
        lambda: not page.busy and page.model.rows()[row].deadline_text == "Ежеквартально в течение 2026 года",
        timeout=10_000,
    )
    assert page.model.rows()[row].name.startswith("Межведомственные мероприятия")


def test_a_head_approves_all_reports_of_a_period_at_once(
    make_window: WindowFactory,
    qtbot: QtBot,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = make_window(make_actor(Role.HEAD, "head"))
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    settle(page, qtbot)
    select_measure(page, qtbot, "профессионального выгорания")
    editor = page.report_editor
    choose(editor.period_combo, H1_2026.code)
    settle(page, qtbot)
    editor.done_edit.setPlainText("Заседание проведено")
    choose(editor.status_combo, "done")
    editor.save_button.click()
    settle(page, qtbot)
    qtbot.waitUntil(lambda: any(r.reported for r in page.model.rows()), timeout=10_000)
    assert page.approve_period_button.isVisible()
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    waiting = sum(1 for r in page.model.rows() if r.reported and not r.approved)
    page.approve_period_button.click()
    settle(page, qtbot)
    assert f"Утвердить {plural.REPORT.count(waiting)} за" in asked[0] and "Ещё не сдано требуемых отчётов" in asked[0]
    assert f"Утверждено: {plural.REPORT.count(waiting)}." in page.messages.text()
    qtbot.waitUntil(lambda: any(r.approved for r in page.model.rows()), timeout=10_000)


def test_export_writes_the_measures_as_filtered_to_excel(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    page = measures_page(window, qtbot)
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(5))  # block VI: 10 measures
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() == 10, timeout=10_000)
    target = tmp_path / "реестр.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: "Реестр сохранён" in page.messages.text(), timeout=10_000)
    sheet = load_workbook(target).active
    numbers = [sheet.cell(row, 1).value for row in range(5, sheet.max_row + 1)]
    assert len(numbers) == 10 and all(number.startswith("VI.") for number in numbers)


def test_directory_dialog_marks_an_organisation_checked(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.gui.dialogs.directory_dialog import DirectoryDialog

    page = measures_page(window, qtbot)
    dialog = DirectoryDialog(page.context, page)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and not page.context.runner.pending, timeout=10_000)
    dialog.table.selectRow(0)
    row = dialog.rows[0]
    dialog.full_edit.setText("")
    dialog.short_edit.setText("")
    dialog.save_button.click()
    assert not dialog.errors["full_name"].isHidden(), "the error shows beside the field"
    dialog.full_edit.setText(row.full_name + " (уточнено)")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "сохранена" in dialog.messages.text(), timeout=10_000)
    assert any(r.full_name.endswith("(уточнено)") and r.is_confirmed for r in dialog.rows)
    assert dialog.changed


def test_document_dialog_checks_its_fields_and_fills_the_title_from_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.gui.dialogs.document_dialog import DocumentDialog

    dialog = DocumentDialog()
    qtbot.addWidget(dialog)
    dialog.accept()
    assert not dialog.errors["file"].isHidden() and dialog.result_path is None
    scan = tmp_path / "Акт проверки.pdf"
    scan.write_bytes(b"%PDF")
    dialog.set_file(scan)
    assert dialog.title_edit.text() == "Акт проверки"
    dialog.date_edit.setText("31.02.2026")
    dialog.accept()
    assert "дд.мм.гггг" in dialog.errors["doc_date"].text() and dialog.result_path is None
    dialog.date_edit.setText("27.02.2026")
    dialog.number_edit.setText("  15  ")
    dialog.accept()
    assert dialog.result_path == scan
    assert dialog.result_document is not None
    assert (dialog.result_document.number, dialog.result_document.doc_date.isoformat()) == ("15", "2026-02-27")
