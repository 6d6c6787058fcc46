"""Forming a report and saving it as PDF with the keyboard only: choose the report, Enter forms it, Tab to
«В PDF…» and Space saves it where the file dialog says."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop_app.gui import file_dialogs
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.reports_page import ReportsPage
from tests.gui.helpers import settle
from tests.gui.test_keyboard import CTRL, activate, focused, press, tab_to


def test_the_families_register_is_formed_and_saved_as_pdf_without_a_mouse(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "реестр.pdf"
    asked: list[str] = []

    def answer(_parent: object, title: str, _suggested: str, _filters: str) -> tuple[str, str]:
        asked.append(title)
        return str(target), ""

    monkeypatch.setattr(file_dialogs, "save_file_name", answer)
    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_8, CTRL)
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    settle(page, qtbot)
    activate(window, qtbot)

    kinds = page.choice.kind_combo
    tab_to(kinds, most=10)
    for _ in range(kinds.count()):
        if page.choice.kind.value == "families":
            break
        press(Qt.Key.Key_Down)
    assert page.choice.kind.value == "families"
    settle(page, qtbot)
    press(Qt.Key.Key_Return)  # «Сформировать» is the page's default button
    qtbot.waitUntil(lambda: page.formed is not None and not page.running, timeout=30_000)

    tab_to(page.pdf_button, most=12)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: target.is_file() and not page.running, timeout=30_000)
    assert asked == ["Сохранить отчёт в PDF"]
    assert target.read_bytes().startswith(b"%PDF")
    assert focused() is not None


def test_ctrl_p_on_the_indicators_opens_their_report_for_the_same_program_and_period(
    window: MainWindow, qtbot: QtBot
) -> None:
    from desktop_app.gui.pages.indicators_page import IndicatorsPage

    indicators = window.open_page("indicators")
    assert isinstance(indicators, IndicatorsPage)
    settle(indicators, qtbot)
    assert indicators.period_combo.count() > 1
    indicators.period_combo.setCurrentIndex(indicators.period_combo.count() - 1)  # not the period due now
    settle(indicators, qtbot)
    program_id, period = indicators.program_combo.currentData(), indicators.period
    assert period is not None

    window.print_current()
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    qtbot.waitUntil(lambda: page.choice.period == period and not page.busy, timeout=10_000)
    assert page.choice.kind.value == "indicators"
    assert page.choice.program_id == program_id
    assert page.choice.period == period


def test_ctrl_p_on_a_form_opens_that_form_for_its_period(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.gui.pages.forms_page import FormsPage
    from tests.gui.helpers import choose

    forms = window.open_page("forms")
    assert isinstance(forms, FormsPage)
    settle(forms, qtbot)
    choose(forms.form_combo, "resource-families-monthly")
    settle(forms, qtbot)
    forms.period_combo.setCurrentIndex(2)
    settle(forms, qtbot)
    period = forms.current_period()
    assert period is not None

    window.print_current()
    page = window.current_page()
    assert isinstance(page, ReportsPage)
    settle(page, qtbot)
    assert page.choice.kind.value == "form"
    assert page.choice.form_combo.currentData() == "resource-families-monthly"
    assert page.choice.period == period
