"""The value grid shows the program's rules across indicators: a broken rule colours the cells of its left
side, its sentence is the cell's reason and a line of the period's problem list, and it follows the typing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.indicators import IndicatorKind
from desktop_app.domain.roles import Role
from desktop_app.domain.validation_rules import Importance
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.catalogue_dialog import CatalogueDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.indicator_grid import IndicatorGridModel
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.gui.tasks import TaskRunner
from desktop_app.services.catalogue import Catalogue
from desktop_app.services.catalogue_rules import GroupInput, IndicatorInput
from desktop_app.services.catalogue_validation import CatalogueValidationRules, RuleInput
from desktop_app.services.indicator_sheet import ValueStatus
from desktop_app.storage.database import Database
from desktop_app.storage.models import IndicatorRule
from tests.catalogue_world import COORDINATOR, add_program, region_office
from tests.conftest import make_actor
from tests.gui.helpers import settle
from tests.gui.test_indicators_screen import open_grid, periods_never_lock_by_themselves, row_of, type_into

__all__ = ["periods_never_lock_by_themselves"]

BACKGROUND = 8  # Qt.BackgroundRole
PINK, AMBER = "#fde2e1", "#fff4d6"


def _background(page: IndicatorsPage, code: str, column: int) -> str | None:
    brush = page.model.data(page.model.index(row_of(page, code), column), BACKGROUND)
    return brush.color().name() if brush is not None else None


def _listed(page: IndicatorsPage) -> list[str]:
    return [page.problems.problems.item(i).text() for i in range(page.problems.problems.count())]


def _demo_rule_name(demo_db: Database) -> str:
    with demo_db.reading() as session:
        return str(session.scalars(select(IndicatorRule.name)).one())


def test_the_demos_warning_rule_is_shown_on_its_left_cell_and_follows_the_typing(
    window: MainWindow, qtbot: QtBot, demo_db: Database
) -> None:
    name = _demo_rule_name(demo_db)  # «числитель 1.2 ≤ 1.1», a warning
    page = open_grid(window, qtbot)
    children, returned, of = 20, 22, 30
    type_into(page, "1.1", IndicatorGridModel.COL_FACT, str(children))
    type_into(page, "1.2", IndicatorGridModel.COL_NUM, str(returned))
    type_into(page, "1.2", IndicatorGridModel.COL_DEN, str(of))
    sentence = f"Предупреждение: Числитель 1.2 ({returned}) больше, чем 1.1 ({children}): правило «{name}»."
    assert _background(page, "1.2", IndicatorGridModel.COL_NUM) == AMBER
    assert _background(page, "1.1", IndicatorGridModel.COL_FACT) != AMBER, "the right side is not marked"
    page.table.setCurrentIndex(page.model.index(row_of(page, "1.2"), IndicatorGridModel.COL_NUM))
    assert page.cell_message.text() == sentence
    assert [text for text in _listed(page) if text.endswith(sentence)], _listed(page)

    type_into(page, "1.1", IndicatorGridModel.COL_FACT, str(returned + 3))  # the rule holds again
    assert _background(page, "1.2", IndicatorGridModel.COL_NUM) != AMBER
    assert not [text for text in _listed(page) if name in text]


def test_an_error_rule_across_indicators_is_red_and_names_both_sides(
    window: MainWindow, qtbot: QtBot, demo_db: Database
) -> None:
    with demo_db.reading() as session:
        program_id = str(session.scalars(select(IndicatorRule.program_id)).one())
    CatalogueValidationRules(demo_db).add(
        make_actor(Role.HEAD),
        program_id,
        RuleInput("Семей СОП не меньше, чем случаев восстановления", "#{1.4}", "≤", "#{1.3}", Importance.ERROR),
    )
    page = open_grid(window, qtbot)
    cases, families = 5, 3
    type_into(page, "1.3", IndicatorGridModel.COL_FACT, str(families))
    type_into(page, "1.4", IndicatorGridModel.COL_FACT, str(cases))
    assert _background(page, "1.4", IndicatorGridModel.COL_FACT) == PINK
    page.table.setCurrentIndex(page.model.index(row_of(page, "1.4"), IndicatorGridModel.COL_FACT))
    assert f"Ошибка: 1.4 ({cases}) больше, чем 1.3 ({families})" in page.cell_message.text()


def test_the_catalogue_window_adds_a_rule_checking_each_side_beside_its_field(qtbot: QtBot, tmp_path: Path) -> None:
    region = region_office(tmp_path / "region")
    program_id, _ = add_program(region.db)
    catalogue = Catalogue(region.db)
    group_id = catalogue.add_group(COORDINATOR, program_id, GroupInput("1.", "Целевые группы"))
    catalogue.add_indicator(COORDINATOR, group_id, IndicatorInput("1.1", "Детей в детских учреждениях"))
    share = IndicatorInput("1.2", "Удельный вес возвращённых в семью", "%", IndicatorKind.PERCENTAGE)
    catalogue.add_indicator(COORDINATOR, group_id, share)
    runner = TaskRunner()
    window = CatalogueDialog(AppContext.build(region.paths, region.db, COORDINATOR, runner), None, program_id)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: not runner.pending and bool(window.rules.known), timeout=10_000)
        editor = window.rules
        window.sections.setCurrentWidget(editor)
        editor.new_rule()
        editor.name_edit.setText("Вернувшихся не больше, чем в учреждениях")
        editor.left_edit.setText("#{1.2.числитель}")
        assert editor.left_note.text() == "= числитель 1.2"
        editor.right_edit.setText("#{1.7}")
        assert editor.right_note.text() == "В программе нет показателя с кодом 1.7."
        editor.right_edit.setText("#{1.1} + 2")
        assert editor.right_note.text() == "= 1.1 + 2"
        editor.importance_combo.setCurrentIndex(editor.importance_combo.findData(Importance.WARNING.value))
        editor.save()
        qtbot.waitUntil(lambda: not runner.pending and editor.rule_list.count() == 1, timeout=10_000)
        assert editor.rule_list.item(0).text() == "⚠ Вернувшихся не больше, чем в учреждениях: числитель 1.2 ≤ 1.1 + 2"
        [card] = CatalogueValidationRules(region.db).rules(COORDINATOR, program_id)
        assert (card.left, card.operator, card.right, card.importance) == (
            "#{1.2.числитель}",
            "≤",
            "#{1.1} + 2",
            Importance.WARNING,
        )
    finally:
        runner.shutdown()


def test_submitting_with_a_broken_error_rule_shows_its_sentence_and_submits_nothing(
    window: MainWindow, qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_db.reading() as session:
        program_id = str(session.scalars(select(IndicatorRule.program_id)).one())
    name = "Семей СОП не меньше, чем случаев восстановления"
    CatalogueValidationRules(demo_db).add(
        make_actor(Role.HEAD), program_id, RuleInput(name, "#{1.4}", "≤", "#{1.3}", Importance.ERROR)
    )
    page = open_grid(window, qtbot)
    cases, families = 5, 3
    type_into(page, "1.3", IndicatorGridModel.COL_FACT, str(families))
    type_into(page, "1.4", IndicatorGridModel.COL_FACT, str(cases))
    for code in ("1.3", "1.4"):  # far from plan: explained, so that only the rule stops the submission
        type_into(page, code, IndicatorGridModel.COL_COMMENT, "Уточнено по данным КДНиЗП")
    page.save_button.click()
    settle(page, qtbot)
    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)  # «not all filled»
    page.submit_button.click()
    settle(page, qtbot)
    assert page.messages.property("kind") == "error"
    assert f"1.4 ({cases}) больше, чем 1.3 ({families}): правило «{name}»." in page.messages.text()
    assert page.sheet is not None and page.sheet.count(ValueStatus.SUBMITTED) == 0
