"""The main window builds only the page it opens on; every other page is built the first time it is switched to,
appears in the window and loads its data then (issue 26 §4: the main window after «Войти» pays for one page)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
from desktop_app.gui.pages.base import Page


def test_each_page_is_built_when_first_switched_to_and_shown(window: MainWindow, qtbot: QtBot) -> None:
    start = window.context.settings.last_page
    assert list(window.pages) == [start]  # nothing else was built with the window
    for row, spec in enumerate(PAGE_SPECS):
        was_built = spec.key in window.pages
        window.navigation.setCurrentRow(row)
        page = window.pages[spec.key]
        assert isinstance(page, Page) and type(page).__module__ == spec.module
        assert window.stack.currentWidget() is page and page.isVisible()
        if not was_built:
            qtbot.waitUntil(lambda page=page: page.loaded_once and not page.busy, timeout=20_000)
    assert set(window.pages) == {spec.key for spec in PAGE_SPECS}


def test_a_page_is_built_once_however_often_it_is_shown(window: MainWindow) -> None:
    first = window.open_page("measures")
    window.open_page("dashboard")
    assert window.open_page("measures") is first
    assert window.stack.indexOf(first) >= 0 and window.stack.count() == len(window.pages)
