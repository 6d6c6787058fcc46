"""Moving an indicator in the catalogue editor: to another group through the form's «Группа:» (saved with its
other fields, the tree redrawn and the indicator still selected), a new indicator put in the group chosen there,
and up or down within its group with the selection kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.indicators import IndicatorKind
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.catalogue_dialog import CatalogueDialog
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.storage.models import Indicator
from tests.catalogue_world import COORDINATOR, Office, add_program, region_office
from tests.gui.helpers import choose


@pytest.fixture
def region(tmp_path: Path) -> Office:
    return region_office(tmp_path / "region")


@pytest.fixture
def groups(region: Office) -> dict[str, str]:
    """Two groups: «1.» with the indicators 1.1 and 1.2, «2.» with 2.1; returns ids by code and group number."""
    program_id, _ = add_program(region.db)
    catalogue = Catalogue(region.db)
    ids = {
        "1.": catalogue.add_group(COORDINATOR, program_id, GroupInput("1.", "Ключевые целевые показатели")),
        "2.": catalogue.add_group(COORDINATOR, program_id, GroupInput("2.", "Показатели мероприятий")),
        "program": program_id,
    }
    for group, code, name in (
        ("1.", "1.1", "Вероятность отказа от новорождённого"),
        ("1.", "1.2", "Удельный вес детей до 4 лет в организациях для детей-сирот"),
        ("2.", "2.1", "Число семей, прошедших обучение"),
    ):
        entry = IndicatorInput(code=code, name=name, kind=IndicatorKind.COUNT)
        ids[code] = catalogue.add_indicator(COORDINATOR, ids[group], entry)
    return ids


@pytest.fixture
def dialog(qtbot: QtBot, region: Office, groups: dict[str, str]) -> Iterator[CatalogueDialog]:
    runner = TaskRunner()
    context = AppContext.build(region.paths, region.db, COORDINATOR, runner)
    window = CatalogueDialog(context, None, groups["program"])
    qtbot.addWidget(window)
    window.show()
    wait(qtbot, window)
    yield window
    runner.shutdown()


def wait(qtbot: QtBot, window: CatalogueDialog) -> None:
    qtbot.waitUntil(lambda: not window.context.runner.pending, timeout=10_000)


def tree_codes(window: CatalogueDialog) -> dict[str, list[str]]:
    """Group label → the codes of its indicators, in the order the tree shows them."""
    shown: dict[str, list[str]] = {}
    for index in range(window.tree.topLevelItemCount()):
        group = window.tree.topLevelItem(index)
        assert group is not None
        shown[group.text(0)] = [group.child(row).text(0).split()[0] for row in range(group.childCount())]
    return shown


def select_indicator(window: CatalogueDialog, code: str) -> None:
    for index in range(window.tree.topLevelItemCount()):
        group = window.tree.topLevelItem(index)
        assert group is not None
        for row in range(group.childCount()):
            if group.child(row).text(0).split()[0] == code:
                window.tree.setCurrentItem(group.child(row))
                return
    raise AssertionError(code)


def stored_group(region: Office, indicator_id: str) -> str | None:
    with region.db.reading() as session:
        return session.scalars(select(Indicator.group_id).where(Indicator.id == indicator_id)).one()


def test_the_form_offers_the_programs_groups_with_the_indicators_own_chosen(
    dialog: CatalogueDialog, groups: dict[str, str]
) -> None:
    select_indicator(dialog, "1.2")
    combo = dialog.form.group_combo
    assert [combo.itemText(row) for row in range(combo.count())] == [
        "1. Ключевые целевые показатели",
        "2. Показатели мероприятий",
    ]
    assert combo.currentData() == groups["1."] and combo.isEnabled()


def test_moving_an_indicator_to_another_group_keeps_it_selected(
    qtbot: QtBot, dialog: CatalogueDialog, region: Office, groups: dict[str, str]
) -> None:
    select_indicator(dialog, "1.2")
    choose(dialog.form.group_combo, groups["2."])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)

    assert stored_group(region, groups["1.2"]) == groups["2."]
    assert tree_codes(dialog) == {
        "1. Ключевые целевые показатели": ["1.1"],
        "2. Показатели мероприятий": ["2.1", "1.2"],  # at the end of the group it joined
    }
    current = dialog.tree.currentItem()
    assert current is not None and current.text(0).startswith("1.2 ")
    assert dialog.selected == ("indicator", groups["1.2"])
    assert dialog.form.group_combo.currentData() == groups["2."]
    assert "перенесён в группу «2. Показатели мероприятий»" in dialog.messages.text()


def test_a_new_indicator_goes_to_the_group_chosen_in_the_form(
    qtbot: QtBot, dialog: CatalogueDialog, region: Office, groups: dict[str, str]
) -> None:
    select_indicator(dialog, "1.1")
    qtbot.mouseClick(dialog.add_indicator_button, Qt.MouseButton.LeftButton)
    assert dialog.form.group_combo.currentData() == groups["1."], "the group of the selection is offered first"
    dialog.form.code_edit.setText("2.2")
    dialog.form.name_edit.setPlainText("Число семей, получивших консультацию")
    choose(dialog.form.group_combo, groups["2."])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)

    with region.db.reading() as session:
        created = session.scalars(select(Indicator).where(Indicator.code == "2.2")).one()
        assert created.group_id == groups["2."]
    assert tree_codes(dialog)["2. Показатели мероприятий"] == ["2.1", "2.2"]


def test_up_and_down_reorder_within_the_group_and_keep_the_selection(
    qtbot: QtBot, dialog: CatalogueDialog, groups: dict[str, str]
) -> None:
    select_indicator(dialog, "1.2")
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert tree_codes(dialog)["1. Ключевые целевые показатели"] == ["1.2", "1.1"]
    assert dialog.selected == ("indicator", groups["1.2"])

    qtbot.mouseClick(dialog.down_button, Qt.MouseButton.LeftButton)
    wait(qtbot, dialog)
    assert tree_codes(dialog)["1. Ключевые целевые показатели"] == ["1.1", "1.2"]
    current = dialog.tree.currentItem()
    assert current is not None and current.text(0).startswith("1.2 ")
