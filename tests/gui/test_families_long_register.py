"""A long register on the families screen: the scroll bar spans every family from the start, Ctrl+End shows the
last family without reading those before it, scrolling page by page meets every family once in order, and only
the pages seen lately stay in memory."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.storage.models import ResourceFamily
from tests.gui.helpers import settle
from tests.services.test_family_keyset import family_values

ADDED = 2_500
KEPT = 3


def long_register(window: MainWindow) -> list[tuple[str, str]]:
    """``ADDED`` families more than the demo's, written in bulk; every family's (code, id) in the list's order."""
    rng = random.Random(7)
    rows = [family_values(100_000 + number, f"Семья Тестовая {number}", rng) for number in range(ADDED)]
    with window.context.db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)
    with closing(sqlite3.connect(window.context.db.path)) as connection:
        return sorted(connection.execute("SELECT code, id FROM resource_family").fetchall())


def opened(window: MainWindow, qtbot: QtBot) -> FamiliesPage:
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: not page.busy and page.model.total > ADDED, timeout=20_000)
    page.model.kept_pages = KEPT
    return page


def shown_id(page: FamiliesPage, qtbot: QtBot, row: int) -> str:
    page.table.scrollTo(page.model.index(row, 0))
    qtbot.waitUntil(lambda: page.model.row_at(row) is not None and not page.busy, timeout=20_000)
    found = page.model.row_at(row)
    assert found is not None
    return found.id


def test_ctrl_end_shows_the_last_family_at_once(window: MainWindow, qtbot: QtBot) -> None:
    every = long_register(window)
    page = opened(window, qtbot)
    assert page.model.rowCount() == len(every)  # the scroll bar spans the whole register from the start
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = len(every) - 1
    qtbot.waitUntil(lambda: page.model.row_at(last) is not None and not page.busy, timeout=20_000)
    assert page.model.row_at(last).id == every[-1][1]  # type: ignore[union-attr]
    assert page.model.loaded_rows() <= 2 * 200  # the first page and the last: nothing between was read


def test_scrolling_down_meets_every_family_once_in_order_and_memory_stays_flat(
    window: MainWindow, qtbot: QtBot
) -> None:
    every = long_register(window)
    page = opened(window, qtbot)
    seen = [shown_id(page, qtbot, row) for row in range(0, len(every), 50)]
    assert seen == [family_id for _code, family_id in every[::50]]
    assert page.model.loaded_rows() <= KEPT * 200
    assert shown_id(page, qtbot, 0) == every[0][1]  # the first page, let go on the way down, is read again
    assert shown_id(page, qtbot, len(every) // 2 + 3) == every[len(every) // 2 + 3][1]  # a jump to the middle
