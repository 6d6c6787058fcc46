"""The main window as a user meets it: navigation, status bar, the measures list and the journal."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from pytestqt.qtbot import QtBot

from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
from desktop_app.gui.pages.audit_page import AuditPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.pages.reports_page import ReportsPage
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory


def _measures(window: MainWindow, qtbot: QtBot) -> MeasuresPage:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    return page


def test_navigation_offers_every_section_in_russian(window: MainWindow) -> None:
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == [
        "Обзор",
        "Мероприятия",
        "Ресурсные семьи",
        "Сопровождение",
        "Показатели",
        "Формы",
        "Обмен",
        "Отчёты",
        "Журнал",
    ]
    assert len(PAGE_SPECS) == 9


def test_status_bar_names_installation_user_and_period(window: MainWindow) -> None:
    assert "Плесецкий муниципальный округ" in window.installation_label.text()
    assert "Демонстрационный пользователь" in window.user_label.text()
    assert "Администратор" in window.user_label.text()
    assert "полугодие" in window.period_label.text()
    assert "ДЕМОНСТРАЦИОННЫЕ ДАННЫЕ" in window.windowTitle()


def test_measures_screen_lists_the_whole_demo_program(window: MainWindow, qtbot: QtBot) -> None:
    page = _measures(window, qtbot)
    assert page.model.rowCount() == 31
    numbers = [row.full_number for row in page.model.rows()]
    assert numbers[0] == "I.1." and numbers[-1] == "VII.4."
    assert page.tree.topLevelItem(0).childCount() == 7
    assert "31" in page.count_label.text()


def test_choosing_a_block_shows_only_its_measures(window: MainWindow, qtbot: QtBot) -> None:
    page = _measures(window, qtbot)
    block_vi = page.tree.topLevelItem(0).child(5)
    page.tree.setCurrentItem(block_vi)
    qtbot.waitUntil(lambda: page.model.rowCount() == 10 and not page.busy, timeout=10_000)
    assert {row.block_number for row in page.model.rows()} == {"VI."}


def test_search_ignores_case_of_cyrillic_text(window: MainWindow, qtbot: QtBot) -> None:
    page = _measures(window, qtbot)
    page.search.insert("ДЕТИ В СЕМЬЕ")  # QTest cannot type non-ASCII keys; insert() is what typing does
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() < 31, timeout=10_000)
    names = [row.full_number for row in page.model.rows()]
    assert "III.1." in names
    assert all("дети в семье" in row.name.lower() for row in page.model.rows())


def test_every_section_is_built(window: MainWindow) -> None:
    page = window.open_page("reports")
    assert isinstance(page, ReportsPage)


def test_journal_shows_changes_with_russian_field_names(window: MainWindow, qtbot: QtBot) -> None:
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    assert page.model.rows()[0].action == "login"
    # the journal comes a page at a time, newest first: scroll down until the demo's first measures appear
    while not any(row.summary.startswith("Создано: Мероприятие") for row in page.model.rows()):
        assert page.model.canFetchMore()
        page.table.scrollToBottom()
        page.model.fetchMore()
        qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    created = next(i for i, row in enumerate(page.model.rows()) if row.summary.startswith("Создано: Мероприятие"))
    page.table.selectRow(created)
    details = page.details.toPlainText()
    assert "наименование" in details and "срок реализации" in details
    assert "deadline_text" not in details


def test_the_journal_checks_its_own_chain_and_names_an_entry_changed_behind_the_programs_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: not page.busy, timeout=10_000)
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=10_000)
    assert page.messages.text().startswith("Журнал цел: проверено записей — ")
    with closing(sqlite3.connect(window.context.db.path)) as connection:
        connection.execute("DROP TRIGGER audit_entry_no_update")
        connection.execute("UPDATE audit_entry SET summary = 'подмена' WHERE seq = 2")
        connection.commit()
    page.verify_button.click()
    qtbot.waitUntil(lambda: page.verify_button.isEnabled(), timeout=10_000)
    assert "запись № 2" in page.messages.text() and "изменена вне программы" in page.messages.text()
    assert "снята защита" in page.messages.text()


def test_specialist_does_not_see_the_journal(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(make_actor(Role.SPECIALIST))
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    assert page.model.rowCount() == 0
    assert "доступен руководителю" in page.messages.text()
    assert not page.search.isEnabled() and not page.verify_button.isEnabled()


def test_keyboard_shortcut_opens_a_section(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(window, "9", modifier=qtbot_modifier())
    assert window.current_page().KEY == "audit"


def qtbot_modifier():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.KeyboardModifier.ControlModifier
