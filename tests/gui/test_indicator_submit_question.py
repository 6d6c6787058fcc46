"""«Представить» with only some of the period's indicators filled asks first; with all filled it does not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.services.indicator_sheet import ValueStatus
from tests.gui.helpers import settle
from tests.gui.test_indicators_screen import open_grid, periods_never_lock_by_themselves, type_into

__all__ = ["periods_never_lock_by_themselves"]


def _fill_and_save(page: IndicatorsPage, qtbot: QtBot, codes: list[str]) -> None:
    for code in codes:
        row = next(row for row in page.model.rows() if row.code == code)
        plan = row.plan if row.plan is not None else 1.0
        type_into(page, code, IndicatorGridModel.COL_FACT, str(int(plan)))
    page.save_button.click()
    settle(page, qtbot)


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_submitting_three_of_all_asks_and_no_submits_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_grid(window, qtbot)
    total = page.model.rowCount()
    _fill_and_save(page, qtbot, ["1.1", "1.4", "2.1"])
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.submit_button.click()
    settle(page, qtbot)
    assert asked == [
        f"Представить руководителю 3 из {total} показателей? Ещё {total - 3} показателей останутся незаполненными."
    ]
    assert page.sheet is not None and page.sheet.count(ValueStatus.SUBMITTED) == 0


def test_submitting_three_of_all_with_yes_submits_them(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_grid(window, qtbot)
    _fill_and_save(page, qtbot, ["1.1", "1.4", "2.1"])
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    page.submit_button.click()
    settle(page, qtbot)
    assert len(asked) == 1
    assert page.sheet is not None and page.sheet.count(ValueStatus.SUBMITTED) == 3


def test_no_question_when_every_indicator_is_filled(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_grid(window, qtbot)
    for row in page.model.rows():
        if row.spec.kind.needs_ratio:  # 3 of 4 is 75 %, beside the demo's plans of 74–76 %
            type_into(page, row.code, IndicatorGridModel.COL_NUM, "3")
            type_into(page, row.code, IndicatorGridModel.COL_DEN, "4")
        else:
            # a running total may not fall below the last period's value
            value = max(row.plan if row.plan is not None else 1, row.context.previous or 0)
            type_into(page, row.code, IndicatorGridModel.COL_FACT, str(int(value)))
            type_into(page, row.code, IndicatorGridModel.COL_COMMENT, "Сверено с журналом учёта.")
    page.save_button.click()
    settle(page, qtbot)
    assert page.sheet is not None and page.sheet.filled == len(page.sheet.rows), [
        (problem.code, problem.message) for problem in page.model.problems()
    ]
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    page.submit_button.click()
    settle(page, qtbot)
    assert asked == []
    assert page.sheet.count(ValueStatus.SUBMITTED) == len(page.sheet.rows), page.messages.text()
