"""The families screen writes its figures as every other screen does (``1 234``): the count of families found and
the ready families of each municipality in the line of targets, at a region's size."""

from __future__ import annotations

import random
from collections import Counter

from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.storage.models import ResourceFamily
from tests.gui.helpers import settle
from tests.services.test_family_keyset import family_values

ADDED = 2_400
TOWN = "Округ 0"  # family_values draws the municipality from «Округ 0» … «Округ 4»


def grouped(number: int) -> str:
    """The test's own grouping: thousands apart with a space (any kind the program uses)."""
    return f"{number:,}".replace(",", " ")


def test_the_count_and_the_targets_group_their_thousands(window: MainWindow, qtbot: QtBot) -> None:
    rng = random.Random(12)
    rows = [family_values(200_000 + number, f"Семья {number}", rng) for number in range(ADDED)]
    for row in rows[:1_500]:
        row["municipality"], row["status"] = TOWN, "in_register"
    with window.context.db.transaction() as session:
        session.execute(insert(ResourceFamily), rows)
    ready_in_town = Counter(row["municipality"] for row in rows if row["status"] in ("in_register", "active"))[TOWN]
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    page.refresh()
    qtbot.waitUntil(lambda: not page.busy and page.model.total > ADDED, timeout=20_000)
    total = page.model.total
    normalised = page.count_label.text().replace("\u00a0", " ").replace("\u202f", " ")
    assert normalised == f"Найдено семей: {grouped(total)}"
    targets = page.targets.text().replace("\u00a0", " ").replace("\u202f", " ")
    assert f"{TOWN}: готовы {grouped(ready_in_town)}," in targets
