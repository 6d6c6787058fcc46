"""Small fixtures of the route's, consilium's and map's widget tests: a window context over the demo database
without a main window, cases made through the case services, and waiting for a widget's background work."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.case_record import CaseInput
from desktop_app.domain.roles import Role
from desktop_app.gui.cases.common import LiveSection
from desktop_app.gui.context import AppContext
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.case_editing import CaseEditing
from desktop_app.storage.database import Database
from tests.cases.case_world import family
from tests.conftest import make_actor

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
COORDINATOR = make_actor(Role.COORDINATOR, "coordinator")  # edits data, sees no personal data


_HOSTS: list[QWidget] = []


@pytest.fixture
def make_context(demo_paths: DataPaths, demo_db: Database) -> Iterator[object]:
    runners: list[TaskRunner] = []

    def build(actor: Actor = SPECIALIST) -> AppContext:
        runner = TaskRunner()
        runners.append(runner)
        return AppContext.build(demo_paths, demo_db, actor, runner)

    yield build
    for runner in runners:
        runner.shutdown()
    _HOSTS.clear()


def new_case(db: Database, entry: CaseInput | None = None) -> str:
    """A case of the district made through the case service, as the specialist would."""
    return CaseEditing(db).create(SPECIALIST, entry or family(), today=date.today()).id


def settle(widget: LiveSection, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: widget.loaded_once and not widget.busy, timeout=10_000)


def shown_at_office_size(widget: QWidget, qtbot: QtBot) -> QWidget:
    """``widget`` inside a 1280×720 parent, shown, as the lead will put it into a page."""
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1280, 720)
    widget.setParent(host)
    widget.setGeometry(0, 0, 1280, 720)
    host.show()
    widget.setProperty("testHost", True)
    _HOSTS.append(host)  # a parentless widget lives as long as its Python reference
    return host
