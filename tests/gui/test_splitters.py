"""Splitters stay where the user put them: moved once, they are in the same place at the next start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import Actor
from desktop_app.gui.main_window import MainWindow
from tests.gui.conftest import WindowFactory
from tests.gui.test_fit_720 import _open


def _splitters(window: MainWindow, key: str) -> list[QSplitter]:
    page = window.pages[key]
    if key == "measures":
        return [page.splitter, page.center]  # type: ignore[attr-defined]
    return [page.splitter]  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ["measures", "families", "audit"])
def test_a_moved_splitter_is_in_the_same_place_after_a_restart(
    key: str, make_window: WindowFactory, demo_actor: Actor, qtbot: QtBot
) -> None:
    first = make_window(demo_actor)
    first.resize(1280, 720)
    _open(first, qtbot, key)
    moved = []
    for splitter in _splitters(first, key):
        before = splitter.sizes()
        # the user drags the handle 60 pixels towards the first pane
        handle = splitter.handle(1).pos()
        across = handle.x() if splitter.orientation() == Qt.Orientation.Horizontal else handle.y()
        splitter.moveSplitter(across - 60, 1)
        assert splitter.sizes() != before
        moved.append(splitter.sizes())
    first.close()

    second = make_window(demo_actor)
    second.resize(1280, 720)
    _open(second, qtbot, key)
    assert [splitter.sizes() for splitter in _splitters(second, key)] == moved
