"""A scripted day at the real window, run in a process of its own by test_long_session.py.

    python -m tests.gui.soak_session DATA_DIR LOGIN PASSWORD [MIN_QT_CALLS]

Round after round it visits every page, refreshes it, types into the searches and clears them, switches the
filters, selects rows, saves an execution report and opens and closes the dialogs of the «Файл» menu, until the
Python code has made at least MIN_QT_CALLS calls into Qt (counted with a profile hook: calls of built-in methods
of Qt objects) and at least two rounds are done. It then closes the window and prints one JSON line:
the rounds, the Qt calls counted, the change of None's reference count and the pages visited.

A fault that builds up over thousands of Qt calls (PySide6 6.12.0 on CPython 3.11 took a reference from None on
every call that returns nothing and aborted after about 5,400) kills this process: the test sees it die.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

DEADLINE_SECONDS = 240  # a hang is a failure too, not a CI run that never ends


class QtCallCounter:
    """Counts calls from Python into methods of Qt objects (the calls that cross into the binding)."""

    def __init__(self) -> None:
        self.calls = 0
        self._qt_object = shiboken6.Shiboken.Object

    def __call__(self, _frame: Any, event: str, argument: Any) -> None:
        if event == "c_call" and isinstance(getattr(argument, "__self__", None), self._qt_object):
            self.calls += 1


def settle(app: QApplication, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    """Run the event loop until ``condition`` holds (background work delivered)."""
    give_up = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > give_up:
            raise SystemExit("Окно не ответило за отведённое время")
        app.processEvents()
        time.sleep(0.002)
    app.processEvents()


def pump(app: QApplication, seconds: float) -> None:
    """Run the event loop for ``seconds``: timers such as a search box's pause in typing fire."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.005)


def main(argv: list[str]) -> int:
    data_dir, login, password = Path(argv[0]), argv[1], argv[2]
    wanted = int(argv[3]) if len(argv) > 3 else 20_000

    from desktop_app.core.paths import DataPaths
    from desktop_app.gui.context import AppContext
    from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
    from desktop_app.gui.tasks import TaskRunner
    from desktop_app.services.auth import AuthService
    from desktop_app.storage.database import open_database

    app = QApplication(["opeka-soak"])
    paths = DataPaths(data_dir)
    db = open_database(paths)
    actor = AuthService(db).login(login, password)
    runner = TaskRunner()
    window = MainWindow(AppContext.build(paths, db, actor, runner))
    window.resize(1280, 720)
    window.show()

    def idle() -> bool:
        return not runner.pending and not any(page.busy for page in window.pages.values())

    counter = QtCallCounter()
    none_before = sys.getrefcount(None)
    started = time.monotonic()
    rounds = 0
    visited: set[str] = set()
    saves = 0
    sys.setprofile(counter)
    try:
        while counter.calls < wanted or rounds < 2:
            if time.monotonic() - started > DEADLINE_SECONDS:
                raise SystemExit(f"Сеанс не уложился в {DEADLINE_SECONDS} с: {counter.calls} вызовов Qt")
            rounds += 1
            for spec in PAGE_SPECS:
                page = window.open_page(spec.key)
                settle(app, idle)
                page.refresh()
                settle(app, idle)
                visited.add(spec.key)
                exercise_fields(app, page, idle, rounds)
            saves += save_a_report(app, window, idle, rounds)
            for open_dialog in (window.open_backups, window.open_password_change, window.open_accounts):
                dialog = open_dialog()
                settle(app, idle)
                dialog.reject()
                settle(app, idle)
    finally:
        sys.setprofile(None)
    none_change = sys.getrefcount(None) - none_before
    window.close()
    settle(app, lambda: not window.isVisible())
    db.close()
    print(
        json.dumps(
            {
                "rounds": rounds,
                "qt_calls": counter.calls,
                "none_refcount_change": none_change,
                "pages": sorted(visited),
                "saves": saves,
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )
    return 0


def exercise_fields(app: QApplication, page: QWidget, idle: Callable[[], bool], round_number: int) -> None:
    """Type into the page's visible searches and clear them; step its visible filter lists forward and back."""
    for edit in page.findChildren(QLineEdit):
        if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and "Поиск" in edit.placeholderText():
            edit.setText("а" if round_number % 2 else "е")
            pump(app, 0.3)  # the search waits for a pause in typing
            settle(app, idle)
            edit.clear()
            pump(app, 0.3)
            settle(app, idle)
    for combo in page.findChildren(QComboBox)[:6]:
        if combo.isVisible() and combo.isEnabled() and combo.count() > 1:
            current = combo.currentIndex()
            combo.setCurrentIndex((current + 1) % combo.count())
            settle(app, idle)
            combo.setCurrentIndex(current)
            settle(app, idle)


def save_a_report(app: QApplication, window: Any, idle: Callable[[], bool], round_number: int) -> int:
    """Save «что сделано» of the first measure's report in the period shown; 1 when the program said it saved."""
    page = window.open_page("measures")
    settle(app, idle)
    if page.model.rowCount() == 0:
        return 0
    page.table.selectRow(0)
    settle(app, idle)
    editor = page.report_editor
    if not editor.save_button.isEnabled():
        return 0
    status = editor.status_combo.findData("in_progress")
    if status >= 0:
        editor.status_combo.setCurrentIndex(status)
    editor.done_edit.setPlainText(f"Проведено заседание рабочей группы (круг {round_number})")
    editor.save_button.click()
    settle(app, idle)
    return 1 if "сохранён" in editor.messages.text() else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
