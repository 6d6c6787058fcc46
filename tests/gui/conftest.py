"""Fixtures for GUI tests: a main window over a fresh demo database."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.gui.context import AppContext
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.tasks import TaskRunner
from desktop_app.storage.database import Database

WindowFactory = Callable[[Actor], MainWindow]


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
