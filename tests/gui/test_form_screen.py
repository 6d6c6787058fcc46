"""The form screen driven as a specialist would: answer, be told what is wrong beside the cell, save, carry over."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.formkit.definition import Column, GridRow, Question, QuestionKind, ValueType
from desktop_app.formkit.display import cell_text
from desktop_app.gui.dialogs.form_fill_dialog import FormFillDialog
from desktop_app.gui.formview.cells import CARRIED_TIP
from desktop_app.gui.formview.grids import YearPairWidget, YesNoGridWidget
from desktop_app.gui.formview.indicator import IndicatorWidget
from desktop_app.gui.formview.simple import ChoiceWidget, LineWidget, TextWidget, YesNoWidget
from desktop_app.gui.formview.status import recent_periods
from desktop_app.gui.formview.table import TableQuestionWidget
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.services.form_fill import FillPreview
from desktop_app.services.indicator_sheet import ValueStatus
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle

EARLY_HELP = "early-help-monitoring"
SCREENSHOT = os.environ.get("OPEKA_FORMS_SCREENSHOT")  # e.g. /tmp/forms_page.png: the page as the user sees it


def open_form(window: MainWindow, qtbot: QtBot, form_id: str, period: str) -> FormsPage:
    """The «Формы» page of the window, as the user opens it from the navigation."""
    page = window.open_page("forms")
    assert isinstance(page, FormsPage)
    settle(page, qtbot)
    choose(page.form_combo, form_id)
    settle(page, qtbot)
    choose(page.period_combo, period)
    settle(page, qtbot)
    assert page.state is not None and page.state.form.id == form_id and page.state.period.code == period
    return page


def stored_answers(page: FormsPage, form_id: str, period: str) -> dict[str, object]:
    context = page.context
    return context.forms.state(context.actor, form_id, Period.parse(period), context.territory).answers


def test_wrong_cells_are_named_beside_them_and_right_answers_are_stored(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    assert "Черновик · отвечено 0 из 95 · ещё не сохранено" in page.status_label.text()
    order = page.question_widget("1.3")
    assert isinstance(order, YesNoWidget) and order.detail is not None
    assert not order.detail.isEnabled(), "the detail opens only on «Да»"
    order.yes.click()
    assert order.detail.isEnabled()
    assert page.unsaved_changes() == "изменённые ответы в форме «" + page.state.form.title + "» за 2023 год"

    page.save_button.click()
    settle(page, qtbot)
    assert order.error_text("detail") == "При ответе «Да» укажите название, номер и дату приказа."
    assert order.detail.toolTip() == order.error_text("detail")
    assert "не сохранены" in page.messages.text()
    assert stored_answers(page, EARLY_HELP, "2023") == {}, "nothing is stored while a cell is wrong"

    order.detail.setText("Приказ № 12 от 01.02.2023")
    pair = page.question_widget("5.1")
    assert isinstance(pair, YearPairWidget)
    assert [pair.headers[offset].text() for offset in (0, -1)] == ["2023 г.", "2022 г."]
    pair.cell("_", 0).setText("4")
    pair.cell("_", -1).setText("3")
    table = page.question_widget("7.1-7.3")
    assert isinstance(table, TableQuestionWidget)
    table.set_cell(0, "equipment", "Сенсорная комната")
    table.set_cell(0, "funding_source", "областной бюджет")
    table.set_cell(0, "amount", "350,5")
    page.save_button.click()
    settle(page, qtbot)

    assert page.messages.text() == "Ответы сохранены."
    assert order.error_text("detail") == ""
    assert stored_answers(page, EARLY_HELP, "2023") == {
        "1.3": {"value": True, "detail": "Приказ № 12 от 01.02.2023"},
        "5.1": {"_": {"0": 4, "-1": 3}},
        "7.1-7.3": [{"equipment": "Сенсорная комната", "funding_source": "областной бюджет", "amount": 350.5}],
    }
    assert "отвечено 3 из 95 · сохранено с версией формы 1" in page.status_label.text()
    assert page.unsaved_changes() == ""
    assert table.table.item(0, 2).text() == "350,50", "money reads with kopecks, as value_format spells it"


def test_a_letter_in_a_number_cell_is_named_beside_the_cell(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    pair = page.question_widget("5.1")
    assert isinstance(pair, YearPairWidget)
    cell = pair.cell("_", 0)
    cell.setText("4а")
    cell.editingFinished.emit()  # the cell loses focus
    assert pair.error_text("_/0") == "2023 г.: «4а» — не число; пример: 1 234,5."
    cell.setText("1234")
    cell.editingFinished.emit()
    assert pair.error_text("_/0") == "" and cell.text() == "1 234"

    table = page.question_widget("7.1-7.3")
    assert isinstance(table, TableQuestionWidget)
    table.set_cell(0, "equipment", "Ноутбук")
    table.set_cell(0, "amount", "сто")
    assert "— не число" in table.cell_problem(0, "amount")
    assert "Строка 1, «Объем финансирования»: «сто» — не число" in table.cell_errors.text()

    cell.setText("5 шт")  # and the save names the same cells, the way the service does
    page.save_button.click()
    settle(page, qtbot)
    assert "— не число" in pair.error_text("_/0")
    assert "— не число" in table.error_text("1/amount")
    assert stored_answers(page, EARLY_HELP, "2023") == {}


def test_next_year_shows_last_years_number_carried_and_marked(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    pair = page.question_widget("5.1")
    assert isinstance(pair, YearPairWidget)
    pair.cell("_", 0).setText("4")
    page.save_button.click()
    settle(page, qtbot)
    assert page.messages.text() == "Ответы сохранены."

    choose(page.period_combo, "2024")
    settle(page, qtbot)
    assert page.question_widget("5.1") is pair, "the view is built once per form, not per period"
    assert pair.headers[0].text() == "2024 г."
    previous = pair.cell("_", -1)
    assert previous.text() == "4" and pair.cell("_", 0).text() == ""
    assert previous.carried and previous.toolTip() == CARRIED_TIP
    assert "font-style: italic" in previous.styleSheet()
    assert "перенесённые из ответов за 2023 год" in page.notice_label.text()
    assert page.unsaved_changes() == "", "a carried cell is not a change the user made"
    previous.setText("5")
    previous.textEdited.emit("5")
    assert not previous.carried


def test_an_indicator_with_numerator_and_denominator_saves_its_percentage(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, "halfyear-indicators", "2025-H2")
    share = page.question_widget("1.2")
    assert isinstance(share, IndicatorWidget) and share.needs_ratio
    assert not share.numerator.isHidden() and share.fact.isHidden(), "a ratio's value is computed, not typed"
    count = page.question_widget("1.1")
    assert isinstance(count, IndicatorWidget) and not count.needs_ratio and count.numerator.isHidden()
    assert "план: <b>35</b>" in count.about.text()
    share.numerator.clear()
    share.denominator.clear()
    qtbot.keyClicks(share.numerator, "3")
    qtbot.keyClicks(share.denominator, "4")
    assert share.computed.text().startswith("= 75")
    page.save_button.click()
    settle(page, qtbot)
    # the half-year (reported in January 2026) locked by itself a month after its deadline:
    # the head may change it, giving a reason
    assert "укажите причину изменения" in page.messages.text()
    assert page.reason_error.text() == "Укажите причину изменения." and not page.reason_edit.isHidden()
    page.reason_edit.setText("Уточнены данные о возвращённых детях")
    page.save_button.click()
    settle(page, qtbot)
    assert page.messages.text() == "Ответы сохранены."
    assert share.computed.text().startswith("= 75") and share.numerator.text() == "3"
    assert stored_answers(page, "halfyear-indicators", "2025-H2")["1.2"]["value"] == 75.0
    assert page.unsaved_changes() == ""


def test_the_monthly_form_offers_the_registers_number(window: MainWindow, qtbot: QtBot) -> None:
    page = open_form(window, qtbot, "resource-families-monthly", "2025-10")
    ready = page.question_widget("1.5")
    assert isinstance(ready, LineWidget) and ready.offer_button is not None and ready.offer_note is not None
    offer = page.state.offers["1.5"]
    assert ready.offer_button.text() == f"Из реестра: {cell_text(offer.value)}"
    assert ready.offer_button.toolTip().startswith("Семьи в реестре, готовые принять ребёнка")
    assert ready.edit.text() == ""
    ready.offer_button.click()
    assert ready.edit.text() == cell_text(offer.value)
    assert ready.offer_note.text() == f"взято из реестра: {offer.note}"
    assert page.unsaved_changes()
    other = page.question_widget("1.2")
    assert isinstance(other, LineWidget) and other.offer_button is None, "no register counts this one"


def test_a_specialist_submits_but_cannot_approve_and_sees_approved_answers_read_only(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)  # «заполнено 1 из …?»
    specialist = make_window(make_actor(Role.SPECIALIST))
    page = open_form(specialist, qtbot, EARLY_HELP, "2023")
    assert not page.approve_button.isEnabled()
    assert not page.submit_button.isEnabled(), "nothing saved yet"
    text = page.question_widget("1.1")
    assert isinstance(text, TextWidget)
    text.edit.setPlainText("Проведены совещания")
    page.save_button.click()
    settle(page, qtbot)
    text.edit.setPlainText("Проведены совещания и семинар")
    page.submit_button.click()
    assert "Сначала сохраните" in page.messages.text()
    page.save_button.click()
    settle(page, qtbot)
    page.submit_button.click()
    settle(page, qtbot)
    assert page.state.status is ValueStatus.SUBMITTED and "Представлено" in page.status_label.text()
    assert not page.approve_button.isEnabled()

    forms, head = page.context.forms, make_actor(Role.HEAD, "head")
    forms.approve(head, EARLY_HELP, Period.parse("2023"), page.context.territory)
    choose(page.period_combo, "2024")
    settle(page, qtbot)
    choose(page.period_combo, "2023")
    settle(page, qtbot)
    assert page.state.status is ValueStatus.APPROVED
    assert "изменить их может только руководитель" in page.notice_label.text()
    assert text.edit.isReadOnly() and not page.save_button.isEnabled()
    assert page.unsaved_changes() == ""


def test_the_head_approves_a_submitted_form(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)  # «заполнено 1 из …?»
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    page.question_widget("1.3").yes.click()  # type: ignore[attr-defined]
    page.question_widget("1.3").detail.setText("Приказ № 1")  # type: ignore[attr-defined]
    page.save_button.click()
    settle(page, qtbot)
    page.submit_button.click()
    settle(page, qtbot)
    assert page.approve_button.isEnabled()
    page.approve_button.click()
    settle(page, qtbot)
    assert page.state.status is ValueStatus.APPROVED and page.messages.text() == "Ответы утверждены."
    assert "утвердил(а):" in page.status_label.text()


def test_switching_with_typed_answers_asks_first(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    asked: list[list[str]] = []
    monkeypatch.setattr(
        MainWindow, "confirm_discard", lambda _self, unsaved, _question="": asked.append(unsaved) or False
    )
    text = page.question_widget("1.1")
    assert isinstance(text, TextWidget)
    text.edit.setPlainText("Набрано, но не сохранено")
    assert page.unsaved_changes().startswith("изменённые ответы в форме «")
    assert "есть несохранённые изменения" in page.status_label.text()

    choose(page.period_combo, "2024")
    assert asked and "изменённые ответы" in asked[0][0]
    assert page.period_combo.currentData() == "2023" and text.edit.toPlainText() == "Набрано, но не сохранено"
    choose(page.form_combo, "halfyear-indicators")
    assert page.form_combo.currentData() == EARLY_HELP

    page.reset_button.click()
    assert text.edit.toPlainText() == "" and page.unsaved_changes() == ""
    if SCREENSHOT:
        window.resize(1280, 800)
        page.grab().save(SCREENSHOT)


def test_periods_offered_are_the_recent_ones_newest_first() -> None:
    from datetime import date

    from desktop_app.domain.periods import PeriodKind

    years = recent_periods(PeriodKind.YEAR, date(2026, 11, 23))
    assert [p.code for p in years] == [str(year) for year in range(2026, 2018, -1)]
    months = recent_periods(PeriodKind.MONTH, date(2026, 11, 23))
    assert months[0].code == "2026-11" and months[-1].code == "2023-01"


def test_every_kind_gives_back_the_stored_shape_it_was_given(qtbot: QtBot) -> None:
    """Kinds the shipped forms do not use yet (date, choice, typed table columns) round-trip too."""
    on_date = LineWidget(Question("d", "1", QuestionKind.DATE, "Дата приказа"))
    qtbot.addWidget(on_date)
    on_date.set_value("2023-07-25")
    assert on_date.edit.text() == "25.07.2023" and on_date.value() == "2023-07-25"
    on_date.edit.setText("31.02.2023")
    on_date.edit.editingFinished.emit()
    assert on_date.value() == "31.02.2023", "kept as typed, so that the save names it"
    assert on_date.error_text().startswith("Дата «31.02.2023» не распознана")
    on_date.edit.setText("")
    assert on_date.value() is None

    choice = ChoiceWidget(Question("c", "2", QuestionKind.CHOICE, "Вид", options=("очно", "заочно")))
    qtbot.addWidget(choice)
    assert choice.combo.itemText(0) == "" and choice.value() is None
    choice.set_value("заочно")
    assert choice.value() == "заочно"

    grid = YesNoGridWidget(
        Question("g", "3", QuestionKind.YES_NO_GRID, "Ведомства", rows=(GridRow("x", "Икс"), GridRow("y", "Игрек")))
    )
    qtbot.addWidget(grid)
    grid.set_value({"x": True, "y": False})
    assert grid.value() == {"x": True, "y": False}
    grid.rows["y"].clear.click()
    assert grid.value() == {"x": True}

    ahead = YearPairWidget(Question("p", "4", QuestionKind.YEAR_PAIR, "Потребность", year_offsets=(0, 1)))
    qtbot.addWidget(ahead)
    ahead.set_period(Period.parse("2023"))
    assert [ahead.headers[offset].text() for offset in (0, 1)] == ["2023 г.", "2024 г."]
    ahead.set_value({"_": {"1": 7}})
    assert ahead.cell("_", 1).text() == "7" and ahead.value() == {"_": {"1": 7}}

    columns = (
        Column("on", "Дата", ValueType.DATE),
        Column("done", "Проведено", ValueType.YES_NO),
        Column("kind", "Форма", ValueType.CHOICE, options=("очно", "заочно")),
        Column("hours", "Часы", ValueType.HOURS),
    )
    table = TableQuestionWidget(Question("t", "5", QuestionKind.TABLE, "Занятия", columns=columns))
    qtbot.addWidget(table)
    rows = [{"on": "2025-10-03", "done": True, "kind": "очно", "hours": 1.5}]
    table.set_value(rows)
    assert [table.table.item(0, column).text() for column in range(4)] == ["03.10.2025", "Да", "очно", "1,5"]
    assert table.value() == rows
    table.set_cell(0, "hours", "1,25")
    assert table.cell_problem(0, "hours") == "Не больше 1 знаков после запятой."


def test_excel_template_round_trip_from_the_screen(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.form_templates.support import fill

    page = open_form(window, qtbot, EARLY_HELP, "2023")
    book = tmp_path / "анкета.xlsx"
    page.excel.export_template(book)
    settle(page, qtbot)
    assert book.exists() and "Шаблон записан" in page.messages.text()
    where = fill(book, {("5.1", "_/0"): "много", ("1.1", ""): "Совещания"})
    shown: list[FillPreview] = []
    monkeypatch.setattr(page.excel, "confirm", lambda preview: shown.append(preview) or "")
    page.excel.load_filled(book)
    settle(page, qtbot)
    assert shown and shown[0].issues[0].address == f"Анкета!{where[('5.1', '_/0')]}"
    dialog = FormFillDialog(shown[0])
    qtbot.addWidget(dialog)
    assert not dialog.apply_button.isEnabled() and dialog.issues.rowCount() == 1
    assert stored_answers(page, EARLY_HELP, "2023") == {}, "a template with errors is not taken"

    fill(book, {("5.1", "_/0"): "4"})
    shown.clear()
    page.excel.load_filled(book)
    settle(page, qtbot)
    assert shown and shown[0].can_apply
    settle(page, qtbot)
    assert stored_answers(page, EARLY_HELP, "2023") == {"1.1": "Совещания", "5.1": {"_": {"0": 4}}}
    assert "Загружены ответы" in page.messages.text()
    pair = page.question_widget("5.1")
    assert isinstance(pair, YearPairWidget) and pair.cell("_", 0).text() == "4"


def test_template_of_another_period_is_refused_on_the_screen(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    book = tmp_path / "анкета.xlsx"
    page.excel.export_template(book)
    settle(page, qtbot)
    choose(page.period_combo, "2024")
    settle(page, qtbot)
    page.excel.load_filled(book)
    settle(page, qtbot)
    assert "2023" in page.messages.text() and "2024" in page.messages.text()


def test_a_locked_half_year_is_read_only_for_a_specialist_and_says_why(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    page = open_form(make_window(make_actor(Role.SPECIALIST)), qtbot, "halfyear-indicators", "2025-H2")
    assert page.state is not None and page.state.lock_text.startswith("Период заблокирован по сроку")
    assert "изменить значения может только руководитель" in page.notice_label.text()
    assert not page.save_button.isEnabled()
