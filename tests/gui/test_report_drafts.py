"""Typed report text is never lost by moving to another measure, and closing asks before dropping it."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from tests.gui.helpers import choose, settle
from tests.gui.test_measures_screen import H1_2026, measures_page, select_measure


def test_text_typed_in_a_report_comes_back_after_visiting_another_measure(window: MainWindow, qtbot: QtBot) -> None:
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    settle(page, qtbot)
    select_measure(page, qtbot, "профессионального выгорания")
    editor = page.report_editor
    assert page.unsaved_changes() == ""
    editor.done_edit.setPlainText("Проведён семинар 12.03.2026, 14 участников")
    editor.quantity_edit.setText("14")

    select_measure(page, qtbot, "Информирование")
    assert editor.done_edit.toPlainText() != "Проведён семинар 12.03.2026, 14 участников"
    assert page.unsaved_changes() == "несохранённые отчёты об исполнении мероприятий: 1"

    select_measure(page, qtbot, "профессионального выгорания")
    assert editor.done_edit.toPlainText() == "Проведён семинар 12.03.2026, 14 участников"
    assert editor.quantity_edit.text() == "14"
    assert "несохранённый текст" in editor.messages.text()

    editor.save()
    settle(page, qtbot)
    assert "Отчёт сохранён" in editor.messages.text()
    assert page.unsaved_changes() == ""


def test_closing_with_an_unsaved_report_asks_first(window: MainWindow, qtbot: QtBot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    settle(page, qtbot)
    select_measure(page, qtbot, "профессионального выгорания")
    page.report_editor.done_edit.setPlainText("Черновик")
    asked: list[list[str]] = []

    def refuse(_self: MainWindow, unsaved: list[str]) -> bool:
        asked.append(unsaved)
        return False

    monkeypatch.setattr(MainWindow, "confirm_discard", refuse)
    event = QCloseEvent()
    window.closeEvent(event)
    assert asked == [["несохранённые отчёты об исполнении мероприятий: 1"]]
    assert not event.isAccepted() and window.isVisible()
    page.report_editor.done_edit.setPlainText(page.report_editor._report.done_text)  # type: ignore[union-attr]
    window.closeEvent(QCloseEvent())
    assert len(asked) == 1, "nothing unsaved: no question"
