"""Main tasks done with the keyboard only: menu shortcuts, Tab through the page, Ctrl+S saves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from tests.gui.helpers import settle

CTRL = Qt.KeyboardModifier.ControlModifier


def activate(window: MainWindow, qtbot: QtBot) -> None:
    """Give the window the keyboard, as a click on its title would (a background load may leave it inactive
    under the offscreen platform)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3_000)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def type_text(text: str) -> None:
    """Type into whatever has the focus, letter by letter (a table's cell editor opens on the first one); QTest's
    keyClicks knows Latin letters only."""
    for letter in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, letter))


def tab_to(target: QWidget, most: int) -> int:
    """Press Tab until ``target`` has the focus; how many presses it took (at most ``most``)."""
    for presses in range(1, most + 1):
        press(Qt.Key.Key_Tab)
        if focused() is target:
            return presses
    raise AssertionError(f"{target.objectName() or target} not reached with {most} Tab presses; at {focused()}")


def menu_texts(window: MainWindow) -> dict[str, str]:
    """Every menu entry's text (without &) and the shortcut shown beside it."""
    shown: dict[str, str] = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text():
                shown[action.text().replace("&", "")] = action.shortcut().toString()
    return shown


def test_menus_show_the_shortcuts_of_the_main_tasks(window: MainWindow) -> None:
    shown = menu_texts(window)
    save, print_, find = (QKeySequence(key).toString() for key in ("Ctrl+S", "Ctrl+P", "Ctrl+F"))
    assert shown["Сохранить"] == save
    assert shown["Печать…"] == print_
    assert shown["Найти…"] == find
    assert shown["Новая семья…"] == "Ctrl+N"
    assert shown["В Excel…"] == "Ctrl+E"
    assert shown["Обновить"] == QKeySequence(QKeySequence.StandardKey.Refresh).toString()
    assert shown["Мероприятия"] == "Ctrl+2"
    taken = [key for key in shown.values() if key]
    assert len(taken) == len(set(taken)), f"two entries share a key: {shown}"


def test_a_measure_report_is_found_typed_and_saved_without_a_mouse(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.current_page()
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 1 and not page.busy, timeout=10_000)
    settle(page, qtbot)
    activate(window, qtbot)

    press(Qt.Key.Key_F, CTRL)
    assert focused() is page.search
    type_text("выгорания")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    measure = page.model.rows()[0]
    assert "выгорания" in measure.name
    editor = page.report_editor
    qtbot.waitUntil(
        lambda: editor._report is not None and editor._report.measure_id == measure.id and editor.isEnabled(),
        timeout=10_000,
    )
    settle(page, qtbot)

    # the filters, then the table, which Tab leaves again (it used to walk its 8 columns × every row)
    tab_to(page.table, most=6)
    press(Qt.Key.Key_Down)
    tab_to(editor.status_combo, most=12)
    for _ in range(editor.status_combo.count()):
        if editor.status_combo.currentData() == "done":
            break
        press(Qt.Key.Key_Down)
    assert editor.status_combo.currentData() == "done"
    press(Qt.Key.Key_Tab)
    assert focused() is editor.done_edit
    type_text("Проведён семинар для специалистов")
    press(Qt.Key.Key_Tab)
    assert focused() is editor.quantity_edit
    type_text("12")
    period = editor.current_period()
    assert period is not None

    press(Qt.Key.Key_S, CTRL)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: "сохранён" in editor.messages.text(), timeout=10_000)
    stored = window.context.execution.report(window.context.actor, measure.id, period)
    assert stored.status.value == "done"
    assert stored.done_text == "Проведён семинар для специалистов"
    assert stored.quantity == 12


def test_ctrl_s_with_nothing_to_save_says_so(window: MainWindow, qtbot: QtBot) -> None:
    activate(window, qtbot)
    window.open_page("audit")
    window.save_current()
    assert "нечего сохранять" in window.statusBar().currentMessage()


def test_ctrl_p_outside_the_reports_leads_to_the_report_of_the_page(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.gui.pages.reports_page import ReportsPage

    for key, kind in (("measures", "measures"), ("families", "families"), ("indicators", "indicators")):
        settle(window.open_page(key), qtbot)
        window.print_current()
        page = window.current_page()
        assert isinstance(page, ReportsPage)
        assert page.choice.kind.value == kind
        assert "Сформировать" in page.messages.text()
        settle(page, qtbot)


def test_a_new_family_is_registered_without_a_mouse(window: MainWindow, qtbot: QtBot) -> None:
    from desktop_app.gui.dialogs.new_family_dialog import NewFamilyDialog

    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_N, CTRL)
    page = window.current_page()
    assert isinstance(page, FamiliesPage)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), NewFamilyDialog), timeout=5_000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewFamilyDialog)
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=3_000)
    members = dialog.form.members
    assert focused() is members, "the dialog opens on its first field, the adults of the family"

    type_text("Кравцова Дарья Олеговна")
    press(Qt.Key.Key_Tab)  # inside the table Tab goes on to the next cell: the date of birth
    type_text("12.05.1990")
    press(Qt.Key.Key_Tab)
    type_text("мать")
    press(Qt.Key.Key_Return)  # the cell is done; now Tab leaves the table
    qtbot.waitUntil(lambda: focused() is members, timeout=3_000)
    tab_to(dialog.form.capacity, most=12)
    type_text("2")
    press(Qt.Key.Key_Return)  # «Сохранить», the dialog's default button

    qtbot.waitUntil(lambda: dialog.result_card is not None, timeout=10_000)
    card = dialog.result_card
    assert card is not None
    stored = window.context.family_editing.card(window.context.actor, card.id)
    assert [(m.full_name, m.relation) for m in stored.entry.members] == [("Кравцова Дарья Олеговна", "мать")]
    assert stored.entry.members[0].birth_date.strftime("%d.%m.%Y") == "12.05.1990"
    assert stored.entry.capacity == 2


def test_ctrl_s_saves_the_report_even_with_the_focus_in_the_measures_table(window: MainWindow, qtbot: QtBot) -> None:
    """The report editor's own Ctrl+S worked only inside the editor; Ctrl+S is the window's now."""
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    editor = page.report_editor
    measure = page.model.rows()[0]
    qtbot.waitUntil(
        lambda: editor._report is not None and editor._report.measure_id == measure.id and editor.isEnabled(),
        timeout=10_000,
    )
    settle(page, qtbot)
    editor.status_combo.setCurrentIndex(editor.status_combo.findData("in_progress"))
    editor.done_edit.setPlainText("Подготовлен проект соглашения")
    period = editor.current_period()
    assert period is not None
    activate(window, qtbot)
    page.table.setFocus()
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "сохранён" in editor.messages.text(), timeout=10_000)
    stored = window.context.execution.report(window.context.actor, measure.id, period)
    assert (stored.status.value, stored.done_text) == ("in_progress", "Подготовлен проект соглашения")


def test_ctrl_s_saves_the_family_card(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    card_panel = page.card
    qtbot.waitUntil(lambda: card_panel.card is not None, timeout=10_000)
    settle(page, qtbot)
    card_panel.form.housing.setText("квартира 64 м²")
    activate(window, qtbot)
    page.table.setFocus()
    press(Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(
        lambda: card_panel.card is not None and card_panel.card.entry.housing == "квартира 64 м²", timeout=10_000
    )
    assert card_panel.card is not None
    stored = window.context.family_editing.card(window.context.actor, card_panel.card.id)
    assert stored.entry.housing == "квартира 64 м²"


def test_tab_gets_out_of_the_indicator_grid(window: MainWindow, qtbot: QtBot) -> None:
    """Tab walks the grid's cells as in a spreadsheet; from the last cell (or with Ctrl+Tab from any cell) it goes
    on to the buttons instead of wrapping round to the first cell."""
    page = window.open_page("indicators")
    settle(page, qtbot)
    grid = page.table  # type: ignore[attr-defined]
    model = grid.model()
    assert model.rowCount() > 1
    columns = [column for column in range(model.columnCount()) if not grid.isColumnHidden(column)]
    activate(window, qtbot)

    grid.setFocus()
    grid.setCurrentIndex(model.index(0, columns[0]))
    press(Qt.Key.Key_Tab)
    assert focused() is grid and grid.currentIndex().column() == columns[1], "inside, Tab goes to the next cell"

    grid.setCurrentIndex(model.index(model.rowCount() - 1, columns[-1]))
    press(Qt.Key.Key_Tab)
    assert focused() is not grid and not grid.isAncestorOf(focused())

    grid.setFocus()
    grid.setCurrentIndex(model.index(1, columns[1]))
    press(Qt.Key.Key_Tab, CTRL)
    assert focused() is not grid and not grid.isAncestorOf(focused())


def test_tab_goes_round_every_page_and_back_to_the_sections(window: MainWindow, qtbot: QtBot) -> None:
    """No page keeps Tab in one of its widgets: from the list of sections Tab visits the page and comes back."""
    from desktop_app.gui.main_window import PAGE_SPECS

    for spec in PAGE_SPECS:
        page = window.open_page(spec.key)
        settle(page, qtbot)
        activate(window, qtbot)
        window.navigation.setFocus()
        visited: list[QWidget] = []
        while focused() is not window.navigation or not visited:
            press(Qt.Key.Key_Tab)
            visited.append(focused())
            assert len(visited) < 400, f"«{spec.title}»: Tab stays in {focused()}"
        assert any(page.isAncestorOf(widget) for widget in visited), f"«{spec.title}»: Tab never reached the page"


def test_enter_or_down_in_a_search_goes_to_what_it_found(window: MainWindow, qtbot: QtBot) -> None:
    for key, number, arrow in (("measures", "2", Qt.Key.Key_Return), ("families", "3", Qt.Key.Key_Down)):
        activate(window, qtbot)
        QTest.keyClick(window, getattr(Qt.Key, f"Key_{number}"), CTRL)
        page = window.current_page()
        assert page.KEY == key
        settle(page, qtbot)
        activate(window, qtbot)
        press(Qt.Key.Key_F, CTRL)
        assert focused() is page.search  # type: ignore[attr-defined]
        press(arrow)
        assert focused() is page.table  # type: ignore[attr-defined]


def test_ctrl_e_exports_the_list_shown(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.gui import file_dialogs

    target = tmp_path / "реестр.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_args, **_kwargs: (str(target), ""))
    activate(window, qtbot)
    QTest.keyClick(window, Qt.Key.Key_2, CTRL)
    page = window.current_page()
    settle(page, qtbot)
    activate(window, qtbot)
    press(Qt.Key.Key_E, CTRL)
    settle(page, qtbot)
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert "Реестр сохранён" in page.messages.text()

    window.open_page("audit")
    window.export_current()
    assert "Выгрузка в Excel есть" in window.statusBar().currentMessage()


def test_ctrl_s_saves_typed_indicator_values(window: MainWindow, qtbot: QtBot) -> None:
    from sqlalchemy import select

    from desktop_app.gui.models.indicator_grid import IndicatorGridModel
    from desktop_app.gui.pages.indicators_page import IndicatorsPage
    from desktop_app.storage.models import Program

    with window.context.db.transaction() as session:  # the demo's periods must not lock by today's date
        for program in session.scalars(select(Program)):
            program.value_lock_days = 0
    page = window.open_page("indicators")
    assert isinstance(page, IndicatorsPage)
    settle(page, qtbot)
    page.select_period("2026-H2")
    settle(page, qtbot)
    row = next(number for number, shown in enumerate(page.model.rows()) if shown.code == "1.1")
    index = page.model.index(row, IndicatorGridModel.COL_FACT)
    page.table.setCurrentIndex(index)
    assert page.model.setData(index, "7")
    assert page.unsaved_changes()
    activate(window, qtbot)
    page.table.setFocus()
    press(Qt.Key.Key_S, CTRL)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: not page.unsaved_changes(), timeout=10_000)
    assert page.model.index(row, IndicatorGridModel.COL_FACT).data() == "7"
