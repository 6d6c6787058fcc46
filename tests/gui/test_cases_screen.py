"""«Сопровождение семей» driven as a specialist would: a new case, found by its name, taken through its stages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from desktop_app.domain.case_rules import AssessmentInput
from desktop_app.domain.case_terms import CaseStage, SupportLevel
from desktop_app.domain.periods import format_date
from desktop_app.gui.dialogs.case_actions import (
    AssessmentDialog,
    ClosureDialog,
    ReopenDialog,
    RequestDialog,
    StageDialog,
)
from desktop_app.gui.dialogs.case_card_dialog import CaseCardDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.models.cases_model import CasesTableModel
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.services.case_editing import CaseEditing
from desktop_app.services.case_register import CaseFilter, CaseRegister
from desktop_app.storage.database import Database
from tests.demo_without_cases import without_demo_cases
from tests.gui.cases_world import make_case
from tests.gui.helpers import choose, settle


@pytest.fixture
def demo_db(demo_db: Database) -> Database:
    """Written before the demo held cases: the demo without its own cases, map and meetings."""
    return without_demo_cases(demo_db)


TODAY = date.today()


def cases_page(window: MainWindow, qtbot: QtBot) -> CasesPage:
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    return page


def open_card(page: CasesPage, qtbot: QtBot) -> CaseCardDialog:
    dialog = page.open_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    return dialog


def act(dialog: CaseCardDialog, qtbot: QtBot, action: StageDialog | AssessmentDialog | RequestDialog) -> None:
    """Press the action's «Записать» and wait until the card shows the case as saved."""
    before = dialog.card.row_version if dialog.card else -1
    action.save_button.click()
    qtbot.waitUntil(lambda: not action.isVisible(), timeout=10_000)
    qtbot.waitUntil(lambda: dialog.card is not None and dialog.card.row_version != before, timeout=10_000)


def test_a_new_case_is_saved_and_found_by_its_name_written_with_e(window: MainWindow, qtbot: QtBot) -> None:
    page = cases_page(window, qtbot)
    dialog = page.new_case()
    assert dialog is not None
    assert "только по внутреннему коду" in dialog.form.codes_note.text()
    form = dialog.form
    form.display_name.setText("семья Ёлкиных")
    choose(form.category, "sop")
    choose(form.source, "education")
    form.adults.set_cells(0, full_name="Ёлкина Мария Петровна", birth_date="12.05.1990", relation="мать")
    form.children.set_cells(0, code="Р-2026-07", birth_date=format_date(TODAY - timedelta(days=500)), sex="f")
    dialog.grab().save("/tmp/cases_new_dialog.png")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result_card is not None, timeout=10_000)
    settle(page, qtbot)
    assert dialog.result_card is not None and "СС-0001" in page.messages.text()

    page.search.insert("елкина")  # QTest cannot type non-ASCII keys; insert() is what typing does
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    settle(page, qtbot)
    row = page.model.row_at(0)
    assert row is not None and row.family == "семья Ёлкиных" and row.code == "СС-0001"
    assert row.children == 1 and row.stage is CaseStage.IDENTIFIED
    page.search.clear()
    page.search.insert("ЕЛКИНЫХ")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    page.search.clear()
    page.search.insert("Сидоров")  # no such family
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and not page.busy, timeout=10_000)


def test_a_wrong_field_is_named_beside_it_and_nothing_is_saved(window: MainWindow, qtbot: QtBot) -> None:
    page = cases_page(window, qtbot)
    register, actor = CaseRegister(window.context.db), window.context.actor
    before = register.count(actor, CaseFilter())
    dialog = page.new_case()
    assert dialog is not None
    form = dialog.form
    choose(form.source, "education")
    form.adults.set_cells(0, full_name="Ёлкина Мария Петровна", birth_date="31.02.1990")
    form.children.set_cells(0, birth_date=format_date(TODAY - timedelta(days=500)), sex="f")
    dialog.save_button.click()
    assert form.errors["category"].isVisible() and "категорию" in form.errors["category"].text()
    assert "Строка 1, «Дата рождения»" in form.adults.error.text()
    assert "Строка 1, «Код ребёнка»" in form.children.error.text() and "код" in form.children.error.text()
    assert dialog.isVisible() and dialog.result_card is None
    dialog.grab().save("/tmp/cases_new_dialog_errors.png")
    settle(page, qtbot)
    assert register.count(actor, CaseFilter()) == before
    dialog.reject()


def test_an_overdue_review_is_red_in_the_list_and_in_the_card(window: MainWindow, qtbot: QtBot) -> None:
    db, actor = window.context.db, window.context.actor
    card = make_case(db, actor, identified_on=TODAY - timedelta(days=200))
    late = TODAY - timedelta(days=10)
    CaseEditing(db).set_assessment(
        actor, card.id, AssessmentInput(SupportLevel.INTENSIVE, TODAY - timedelta(days=190), late)
    )
    make_case(db, actor, adult="Смирнова Ольга Ивановна", child_code="Р-2026-08")
    page = cases_page(window, qtbot)
    page.refresh()
    settle(page, qtbot)
    assert page.model.rowCount() == 2
    column = CasesTableModel.COL_REVIEW
    late_index = page.model.index(0, column)
    assert page.model.data(late_index) == f"{format_date(late)} — просрочен"
    colour = page.model.data(late_index, Qt.ItemDataRole.ForegroundRole)
    assert colour.color() == QColor("#b00020")
    assert page.model.data(page.model.index(1, column), Qt.ItemDataRole.ForegroundRole) is None
    window.grab().save("/tmp/cases_page.png")

    page.filters.overdue_check.setChecked(True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.busy, timeout=10_000)
    page.table.selectRow(0)
    dialog = open_card(page, qtbot)
    assert "просрочен" in dialog.header.text() and "#b00020" in dialog.header.text()
    dialog.reject()


def test_the_card_moves_the_case_through_its_stages_and_the_list_follows(window: MainWindow, qtbot: QtBot) -> None:
    db, actor = window.context.db, window.context.actor
    make_case(db, actor, identified_on=TODAY - timedelta(days=40))
    page = cases_page(window, qtbot)
    page.refresh()
    settle(page, qtbot)
    page.table.selectRow(0)
    dialog = open_card(page, qtbot)
    progress = dialog.progress
    dialog.tabs.setCurrentWidget(progress)
    dialog.grab().save("/tmp/cases_card_family.png")

    step = progress.open_action(StageDialog)
    assert isinstance(step, StageDialog)
    assert step.chosen() is CaseStage.ASSESSMENT, "the usual next stage is offered first"
    step.on_date.setText(format_date(TODAY - timedelta(days=35)))
    act(dialog, qtbot, step)
    assert dialog.card.stage is CaseStage.ASSESSMENT
    qtbot.waitUntil(lambda: page.model.row_at(0).stage is CaseStage.ASSESSMENT, timeout=10_000)

    assessment = progress.open_action(AssessmentDialog)
    assert isinstance(assessment, AssessmentDialog)
    assessed = TODAY - timedelta(days=30)
    assessment.assessed_on.setText(format_date(assessed))
    choose(assessment.level, SupportLevel.INTENSIVE.value)
    month = assessed.month + 3  # intensive: three months later
    year = assessed.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    expected = date(year, month, min(assessed.day, last_day))
    assert assessment.next_review.text() == format_date(expected)
    assessment.grab().save("/tmp/cases_assessment.png")
    act(dialog, qtbot, assessment)
    assert dialog.card.support_level is SupportLevel.INTENSIVE and dialog.card.next_review_on == expected

    request = progress.open_action(RequestDialog)
    assert isinstance(request, RequestDialog)
    request.text.setPlainText("Помочь с трудоустройством матери и устройством ребёнка в детский сад")
    request.consent_on.setText(format_date(TODAY - timedelta(days=25)))
    act(dialog, qtbot, request)
    assert dialog.card.stage is CaseStage.REQUEST
    qtbot.waitUntil(lambda: page.model.row_at(0).stage is CaseStage.REQUEST, timeout=10_000)

    skip = progress.open_action(StageDialog)
    assert isinstance(skip, StageDialog)
    skip.choose(CaseStage.ROUTE)
    skip.save_button.click()
    qtbot.waitUntil(lambda: skip.errors["reason"].isVisible(), timeout=10_000)
    assert "Пропущен этап «команда сопровождения»" in skip.errors["reason"].text()
    skip.grab().save("/tmp/cases_stage_error.png")
    skip.reject()
    assert dialog.card.stage is CaseStage.REQUEST

    closing = progress.open_action(ClosureDialog)
    assert isinstance(closing, ClosureDialog)
    choose(closing.outcome, "moved")
    closing.save_button.click()
    qtbot.waitUntil(lambda: closing.errors["reason"].isVisible(), timeout=10_000)
    assert "до мониторинга" in closing.errors["reason"].text()
    closing.reason.setPlainText("Семья переехала в другой регион")
    act(dialog, qtbot, closing)  # type: ignore[arg-type]
    assert dialog.card.is_closed
    qtbot.waitUntil(lambda: page.model.row_at(0).stage is CaseStage.CLOSED, timeout=10_000)
    assert not progress.stage_button.isEnabled() and progress.reopen_button.isEnabled()
    assert dialog.form.display_name.isReadOnly() and not dialog.save_button.isEnabled()
    assert not dialog.team.add_button.isEnabled()
    assert progress.table.rowCount() == 4  # identified, assessment, request, closed
    dialog.grab().save("/tmp/cases_card_closed.png")

    reopening = progress.open_action(ReopenDialog)
    assert isinstance(reopening, ReopenDialog)
    reopening.reason.setPlainText("Семья вернулась")
    act(dialog, qtbot, reopening)  # type: ignore[arg-type]
    assert dialog.card.stage is CaseStage.ASSESSMENT and progress.stage_button.isEnabled()
    assert not dialog.form.display_name.isReadOnly()
    dialog.reject()
