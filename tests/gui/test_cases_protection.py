"""Who sees what of a case on screen: the coordinator only codes, and every opening of a card is journaled."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import Role
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.services.case_card import CaseCards
from desktop_app.storage.database import Database
from tests.conftest import make_actor
from tests.demo_without_cases import without_demo_cases
from tests.gui.cases_world import make_case
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


def test_the_coordinator_sees_codes_only_and_cannot_add_a_case(
    make_window: WindowFactory, demo_actor: Actor, qtbot: QtBot
) -> None:
    coordinator_window = make_window(make_actor(Role.COORDINATOR, "coordinator"))
    card = make_case(coordinator_window.context.db, demo_actor)
    page = coordinator_window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    row = page.model.row_at(0)
    assert row is not None and row.family == card.code and "Ёлкина" not in row.family
    assert page.new_button.isHidden() and page.new_case() is None
    assert "по коду" in page.search.placeholderText() and "фамилии" not in page.search.placeholderText()
    assert "Новый случай…" not in [
        action.text().replace("&", "") for action in coordinator_window.edit_actions.values()
    ]

    page.table.selectRow(0)
    dialog = page.open_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    assert card.code in dialog.header.text() and "Ёлкина" not in dialog.header.text()
    assert dialog.form.address.text() == "" and dialog.save_button.isHidden()
    assert dialog.form.adults.value(0, "full_name") == ""
    assert dialog.progress.stage_button.isHidden() and dialog.progress.reopen_button.isHidden()
    dialog.grab().save("/tmp/cases_card_coordinator.png")
    dialog.reject()


def test_opening_a_card_writes_a_view_to_the_journal(
    make_window: WindowFactory, demo_actor: Actor, qtbot: QtBot
) -> None:
    window = make_window(demo_actor)
    card = make_case(window.context.db, demo_actor)
    cards = CaseCards(window.context.db)
    before = len(cards.views(demo_actor, card.id))
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    dialog = page.open_case(card.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    views = cards.views(demo_actor, card.id)
    assert len(views) == before + 1 and views[0].user_login == demo_actor.login
    dialog.reject()
