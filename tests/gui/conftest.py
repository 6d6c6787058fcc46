"""Fixtures for GUI tests: a main window over a fresh demo database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.tasks import TaskRunner
from desktop_app.storage.database import Database

WindowFactory = Callable[[Actor], MainWindow]
MODAL_PATIENCE_MS = 20_000  # a test answers its own questions within milliseconds; one left open would hang CI


@pytest.fixture(autouse=True)
def no_modal_left_unanswered(qapp: QApplication) -> Iterator[None]:
    """A question or file dialog that a test does not answer (a new «Вы уверены?», a file dialog the test
    patched the wrong way) is closed after a while and fails the test, instead of hanging the run for ever."""
    left_open: list[str] = []
    seen: dict[int, QWidget] = {}

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            seen.clear()
            return
        if seen.get(id(modal)) is modal:
            left_open.append(f"{type(modal).__name__} «{modal.windowTitle()}»")
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            seen.clear()
            return
        seen.clear()
        seen[id(modal)] = modal

    watchdog = QTimer()
    watchdog.setInterval(MODAL_PATIENCE_MS)
    watchdog.timeout.connect(look)
    watchdog.start()
    yield
    watchdog.stop()
    assert not left_open, f"a modal window was left unanswered and closed by the watchdog: {left_open}"


@pytest.fixture
def make_window(
    qtbot: QtBot, demo_paths: DataPaths, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[WindowFactory]:
    runners: list[TaskRunner] = []
    # closing at teardown must not wait on a modal question; tests of the question replace this again
    monkeypatch.setattr(MainWindow, "confirm_discard", lambda _self, _unsaved, _question="": True)

    def build(actor: Actor) -> MainWindow:
        runner = TaskRunner()
        runners.append(runner)
        window = MainWindow(AppContext.build(demo_paths, demo_db, actor, runner))
        qtbot.addWidget(window)
        window.show()
        return window

    yield build
    for runner in runners:
        runner.shutdown()


@pytest.fixture
def window(make_window: WindowFactory, demo_actor: Actor) -> MainWindow:
    return make_window(demo_actor)


@pytest.fixture(scope="package", autouse=True)
def automatic_collection_after_gui_tests() -> Iterator[None]:
    """The window switches Python's cycle collector to the GUI thread (gc_guard.py); the tests that follow
    run no event loop, so give them the automatic collector back."""
    yield
    import gc

    gc.enable()
