"""Every dialog works from the keyboard: it opens on its first field, Tab follows the fields as they are read
(top to bottom, left to right), Enter confirms with valid data and Esc cancels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.gui.context import AppContext
from desktop_app.gui.dialogs.accounts_dialog import AccountsDialog
from desktop_app.gui.dialogs.directory_dialog import DirectoryDialog
from desktop_app.gui.dialogs.document_dialog import DocumentDialog
from desktop_app.gui.dialogs.matching_dialog import MatchingDialog
from desktop_app.gui.dialogs.new_family_dialog import NewFamilyDialog
from desktop_app.gui.dialogs.reporting_dialog import ReportingProcedureDialog
from desktop_app.gui.keyboard import FIELD_TYPES
from desktop_app.gui.tasks import TaskRunner
from desktop_app.storage.database import Database

ROW = 6  # px: widgets whose tops differ by less stand on one line


@pytest.fixture
def context(demo_paths: DataPaths, demo_db: Database, demo_actor: Actor) -> Iterator[AppContext]:
    runner = TaskRunner()
    yield AppContext.build(demo_paths, demo_db, demo_actor, runner)
    runner.shutdown()


def shown(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3_000)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_walk(dialog: QDialog) -> list[QWidget]:
    """The widgets Tab visits from the one focused on opening, once round."""
    start = focused()
    visited = [start]
    for _ in range(200):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        if focused() is start:
            return visited
        visited.append(focused())
    raise AssertionError(f"Tab never came back to {start}: stuck at {focused()}")


def where(widget: QWidget, dialog: QDialog) -> QPoint:
    """Where the widget stands in the dialog's layout; inside a scroll area, as if it were not scrolled (Tab has
    scrolled it to the last field visited)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            return widget.mapTo(parent.widget(), QPoint(0, 0)) + parent.viewport().mapTo(dialog, QPoint(0, 0))
        parent = parent.parentWidget()
    return widget.mapTo(dialog, QPoint(0, 0))


def assert_reading_order(dialog: QDialog, expected_first: QWidget) -> list[QWidget]:
    assert focused() is expected_first, f"opened on {focused()}, not on {expected_first}"
    fields = [widget for widget in tab_walk(dialog) if isinstance(widget, FIELD_TYPES)]
    for before, after in zip(fields, fields[1:], strict=False):
        a, b = where(before, dialog), where(after, dialog)
        back_up = b.y() < a.y() - ROW and b.x() <= a.x()  # up and not into a column to the right
        back_left = abs(b.y() - a.y()) < ROW and b.x() < a.x()
        assert not (back_up or back_left), f"Tab goes back from {before} at {a} to {after} at {b}"
    return fields


def esc_cancels(qtbot: QtBot, dialog: QDialog) -> None:
    QTest.keyClick(focused(), Qt.Key.Key_Escape)
    # QDialog.result(), not the import dialogs' own «result» attribute
    assert QDialog.result(dialog) == QDialog.DialogCode.Rejected and not dialog.isVisible()


def enter(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_document_dialog_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    scan = tmp_path / "Протокол.pdf"
    scan.write_bytes(b"%PDF-1.4")
    dialog = shown(qtbot, DocumentDialog(None, str(tmp_path)))
    assert_reading_order(dialog, dialog.file_edit)
    dialog.set_file(scan)
    enter(qtbot, dialog.number_edit)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.result_path == scan

    again = shown(qtbot, DocumentDialog(None, str(tmp_path)))
    esc_cancels(qtbot, again)


def test_new_family_dialog_by_keyboard(qtbot: QtBot, context: AppContext) -> None:
    dialog = shown(qtbot, NewFamilyDialog(context, ["Плесецкий муниципальный округ"]))
    fields = assert_reading_order(dialog, dialog.form.members)
    assert fields[-1] is dialog.reason, "the first step's fields come last, as on the screen"
    esc_cancels(qtbot, dialog)


def test_matching_dialog_by_keyboard(qtbot: QtBot, context: AppContext) -> None:
    dialog = shown(qtbot, MatchingDialog(context, ["Плесецкий муниципальный округ"]))
    assert_reading_order(dialog, dialog.birth)
    dialog.birth.setText("01.03.2025")
    enter(qtbot, dialog.on_date)  # Enter in the fields runs the search, the dialog's main action
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    assert dialog.isVisible()
    esc_cancels(qtbot, dialog)


def test_reporting_procedure_dialog_by_keyboard(qtbot: QtBot, context: AppContext) -> None:
    program = context.registry.program_tree(context.actor)[0]
    current = context.reporting.procedure(context.actor, program.id)
    dialog = shown(qtbot, ReportingProcedureDialog(context, current, program.period_start, program.period_end))
    fields = assert_reading_order(dialog, dialog.fields.period_combo)
    assert fields
    esc_cancels(qtbot, dialog)


def test_directory_dialog_by_keyboard(qtbot: QtBot, context: AppContext) -> None:
    dialog = shown(qtbot, DirectoryDialog(context))
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    assert_reading_order(dialog, dialog.table)
    esc_cancels(qtbot, dialog)


def test_accounts_dialog_by_keyboard(qtbot: QtBot, context: AppContext) -> None:
    dialog = shown(qtbot, AccountsDialog(context))
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0, timeout=10_000)
    assert_reading_order(dialog, dialog.table)
    esc_cancels(qtbot, dialog)


def test_reporting_procedure_is_saved_with_enter(qtbot: QtBot, context: AppContext) -> None:
    program = context.registry.program_tree(context.actor)[0]
    current = context.reporting.procedure(context.actor, program.id)
    dialog = shown(qtbot, ReportingProcedureDialog(context, current, program.period_start, program.period_end))
    days = dialog.fields.days_spin
    days.setValue(days.value() + 1)
    enter(qtbot, days)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    saved = context.reporting.procedure(context.actor, program.id)
    assert saved.procedure.working_days_after == current.procedure.working_days_after + 1


def test_a_new_account_is_created_with_enter(qtbot: QtBot, context: AppContext) -> None:
    accounts = shown(qtbot, AccountsDialog(context))
    qtbot.waitUntil(lambda: accounts.table.rowCount() > 0, timeout=10_000)
    accounts.add_button.click()
    form = accounts.form
    qtbot.waitUntil(form.isActiveWindow, timeout=3_000)
    assert_reading_order(form, form.login)
    form.login.setText("sidorova")
    form.full_name.setText("Сидорова Ольга Петровна")
    form.passwords.password.setText("надёжный-пароль-7")
    form.passwords.repeat.setText("надёжный-пароль-7")
    enter(qtbot, form.passwords.repeat)
    qtbot.waitUntil(lambda: form.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert "sidorova" in [row.login for row in context.auth.users(context.actor)]


def test_plan_import_dialog_by_keyboard(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    from desktop_app.gui.dialogs.plan_import_dialog import PlanImportDialog
    from tests.plan_import.small_plan import write_small_plan

    dialog = shown(qtbot, PlanImportDialog(context, write_small_plan(tmp_path / "план.docx")))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    first = dialog.start_edit if dialog.start_edit.isVisibleTo(dialog) else dialog.reporting_fields.period_combo
    qtbot.waitUntil(lambda: focused() is first, timeout=3_000)
    assert_reading_order(dialog, first)
    assert dialog.apply_button.isDefault(), "Enter loads the plan"
    esc_cancels(qtbot, dialog)


def test_family_import_dialog_by_keyboard(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    from desktop_app.gui.dialogs.family_import_dialog import FamilyImportDialog
    from tests.family_import.lists import write_family_list

    dialog = shown(qtbot, FamilyImportDialog(context, write_family_list(tmp_path / "семьи.xlsx")))
    qtbot.waitUntil(lambda: not dialog._busy, timeout=10_000)
    assert_reading_order(dialog, dialog.sheet_combo)
    enter(qtbot, dialog.default_municipality)  # before a check Enter checks; nothing is written
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy, timeout=10_000)
    assert dialog.isVisible()
    esc_cancels(qtbot, dialog)


def test_setup_wizard_opens_on_its_first_choice(qtbot: QtBot) -> None:
    from desktop_app.core.resources import territory_directory
    from desktop_app.gui.dialogs.setup_wizard import SetupWizard

    wizard = shown(qtbot, SetupWizard(territory_directory()))
    assert isinstance(focused(), FIELD_TYPES) or wizard.isAncestorOf(focused())
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.territory_page, "Enter goes on to the next page"
    esc_cancels(qtbot, wizard)
