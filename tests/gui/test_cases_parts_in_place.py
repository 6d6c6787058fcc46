"""The parts of the work with a family are where a specialist looks for them: the consilium and the resource map
beside the register, the route and the consilium's decisions in the case's card, the printed card for the file
(journaled like any opening), the list import on the page, the region's catalogue of support measures in «Файл»."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import Role
from desktop_app.gui.cases.consilium_panel import ConsiliumPanel
from desktop_app.gui.cases.resource_map_panel import ResourceMapPanel
from desktop_app.gui.cases.reviews_tab import CaseReviewsTab
from desktop_app.gui.cases.route_tab import CaseRouteTab
from desktop_app.gui.cases.support_catalogue_dialog import SupportCatalogueDialog
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.services.case_card import CaseCards
from tests.conftest import make_actor
from tests.gui.cases_world import make_case
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle


def tab_titles(tabs) -> list[str]:  # type: ignore[no-untyped-def]
    return [tabs.tabText(index) for index in range(tabs.count())]


def test_the_page_and_the_card_hold_every_part_of_the_work(
    make_window: WindowFactory, demo_actor: Actor, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(demo_actor)
    card = make_case(window.context.db, demo_actor, adult="Ёжикова Анна Ивановна", child_code="Р-2026-41")
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    assert tab_titles(page.tabs) == ["Случаи", "Консилиумы", "Ресурсная карта"]
    assert isinstance(page.tabs.widget(1), ConsiliumPanel) and isinstance(page.tabs.widget(2), ResourceMapPanel)
    assert page.import_button.isVisibleTo(page) and page.new_button.isVisibleTo(page)

    dialog = page.open_case(card.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    titles = tab_titles(dialog.tabs)
    assert titles[:2] == ["Семья", "Ход работы"] and titles[3:] == ["Маршрут", "Консилиумы"]
    assert isinstance(dialog.route, CaseRouteTab) and isinstance(dialog.reviews, CaseReviewsTab)

    cards = CaseCards(window.context.db)
    views_before = len(cards.views(demo_actor, card.id))
    printed = tmp_path / "Карточка.pdf"
    dialog.print_to(printed)
    qtbot.waitUntil(lambda: dialog.print_button.isEnabled() and printed.exists(), timeout=20_000)
    text = "".join(page_.extract_text() for page_ in PdfReader(printed).pages)
    assert card.code in text and "Ёжикова" in text and "Р-2026-41" in text
    assert len(cards.views(demo_actor, card.id)) == views_before + 1  # the print is journaled as a view
    dialog.reject()

    catalogue = window.open_support_catalogue()
    qtbot.addWidget(catalogue)
    assert isinstance(catalogue, SupportCatalogueDialog)
    catalogue.reject()


def test_the_coordinator_gets_neither_the_import_nor_the_printed_card(
    make_window: WindowFactory, demo_actor: Actor, qtbot: QtBot
) -> None:
    window = make_window(make_actor(Role.COORDINATOR, "coordinator"))
    card = make_case(window.context.db, demo_actor)
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    assert page.import_button.isHidden()
    dialog = page.open_case(card.id)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    assert dialog.print_button.isHidden()
    dialog.reject()
