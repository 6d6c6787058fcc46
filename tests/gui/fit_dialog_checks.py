"""Every main dialog fits a 1280×720 office monitor at 100 % and 125 %: it is no larger than the screen and each of
its buttons lies inside what the user sees. Run by test_fit_scaled.py on such a screen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.gui.dialogs.case_card_dialog import CaseCardDialog
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.cases_page import CasesPage
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import settle

SCALE = float(os.environ.get("QT_SCALE_FACTOR") or 1)
TITLE_BAR = 32  # px the window manager adds above a dialog
SCREENSHOTS = f"/tmp/fit_dialogs_{round(SCALE * 100)}"


def _families(window: MainWindow, qtbot: QtBot) -> FamiliesPage:
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    return page


def _reporting(window: MainWindow, _qtbot: QtBot, _tmp: Path) -> QDialog:
    from desktop_app.gui.dialogs.reporting_dialog import ReportingProcedureDialog

    context = window.context
    program = context.registry.program_tree(context.actor)[0]
    current = context.reporting.procedure(context.actor, program.id)
    return ReportingProcedureDialog(context, current, program.period_start, program.period_end, window)


def _directory(window: MainWindow, _qtbot: QtBot, _tmp: Path) -> QDialog:
    from desktop_app.gui.dialogs.directory_dialog import DirectoryDialog

    return DirectoryDialog(window.context, window)


def _plan_import(window: MainWindow, _qtbot: QtBot, tmp: Path) -> QDialog:
    from desktop_app.gui.dialogs.plan_import_dialog import PlanImportDialog
    from tests.plan_import.small_plan import write_small_plan

    return PlanImportDialog(window.context, write_small_plan(tmp / "план.docx"), window)


def _family_import(window: MainWindow, qtbot: QtBot, tmp: Path) -> QDialog:
    from tests.family_import.lists import write_family_list

    return _families(window, qtbot).import_list(write_family_list(tmp / "семьи.xlsx"))


def _document(window: MainWindow, _qtbot: QtBot, _tmp: Path) -> QDialog:
    from desktop_app.gui.dialogs.document_dialog import DocumentDialog

    return DocumentDialog(window)


def _catalogue(window: MainWindow, qtbot: QtBot, _tmp: Path) -> QDialog:
    from desktop_app.gui.pages.indicators_page import IndicatorsPage

    page = window.open_page("indicators")
    assert isinstance(page, IndicatorsPage)
    settle(page, qtbot)
    dialog = page.open_catalogue()
    assert isinstance(dialog, QDialog)
    return dialog


def _consolidation(window: MainWindow, _qtbot: QtBot, _tmp: Path) -> QDialog:
    from desktop_app.domain.periods import Period
    from desktop_app.gui.panels.form_consolidation_panel import FormConsolidationPanel

    return FormConsolidationPanel(window.context, "resource-families-monthly", Period.parse("2026-06"), parent=window)


def _route_dialog(name: str) -> Callable[[MainWindow, QtBot, Path], QDialog]:
    """A dialog of the case screens (gui/cases) over an empty choice of organisations, map and catalogue."""

    def build(window: MainWindow, _qtbot: QtBot, _tmp: Path) -> QDialog:
        from desktop_app.gui.cases import consilium_dialogs, resource_map_panel, route_dialogs, support_catalogue_dialog
        from desktop_app.services.case_route import CaseRouteService
        from desktop_app.services.consilium import ConsiliumService
        from desktop_app.services.resource_map import ResourceMapService
        from desktop_app.services.support_catalogue import SupportCatalogueService

        context, db = window.context, window.context.db
        choices = route_dialogs.RouteChoices((), (), ())
        route = CaseRouteService(db)
        if name == "service":
            return route_dialogs.ServiceDialog(context, route, "", choices, None, window)
        if name == "measure":
            return route_dialogs.MeasureDialog(context, route, "", choices, None, window)
        if name == "referral":
            return route_dialogs.ReferralDialog(context, route, "", choices, None, window)
        if name == "meeting":
            return consilium_dialogs.MeetingDialog(context, ConsiliumService(db), None, window)
        if name == "resource":
            return resource_map_panel.ResourceEntryDialog(context, ResourceMapService(db), (), None, window)
        if name == "measure_kind":
            return support_catalogue_dialog.MeasureKindDialog(context, SupportCatalogueService(db), None, window)
        return support_catalogue_dialog.SupportCatalogueDialog(context, window)

    return build


def _cases(window: MainWindow, qtbot: QtBot) -> CasesPage:
    page = window.open_page("cases")
    assert isinstance(page, CasesPage)
    settle(page, qtbot)
    return page


def _case_card(window: MainWindow, qtbot: QtBot, _tmp: Path) -> QDialog:
    from tests.gui.cases_world import make_case

    card = make_case(window.context.db, window.context.actor)
    dialog = _cases(window, qtbot).open_case(card.id)
    qtbot.waitUntil(lambda: dialog.card is not None, timeout=10_000)
    return dialog


def _case_action(name: str) -> Callable[[MainWindow, QtBot, Path], QDialog]:
    def make(window: MainWindow, qtbot: QtBot, tmp: Path) -> QDialog:
        from desktop_app.gui.dialogs import case_actions

        card = _case_card(window, qtbot, tmp)
        assert isinstance(card, CaseCardDialog) and card.card is not None
        return getattr(case_actions, name)(window.context, card.card, card)  # type: ignore[no-any-return]

    return make


DIALOGS: dict[str, Callable[[MainWindow, QtBot, Path], QDialog]] = {
    "new_case": lambda window, qtbot, _tmp: _cases(window, qtbot).new_case(),  # type: ignore[return-value]
    "case_card": _case_card,
    "case_stage": _case_action("StageDialog"),
    "case_assessment": _case_action("AssessmentDialog"),
    "case_closure": _case_action("ClosureDialog"),
    "catalogue": _catalogue,
    "consolidation": _consolidation,
    "backups": lambda window, _qtbot, _tmp: window.open_backups(),
    "accounts": lambda window, _qtbot, _tmp: window.open_accounts(),
    "password": lambda window, _qtbot, _tmp: window.open_password_change(),
    "new_family": lambda window, qtbot, _tmp: _families(window, qtbot).new_family(),
    "matching": lambda window, qtbot, _tmp: _families(window, qtbot).open_matching(),
    "placement_stats": lambda window, qtbot, _tmp: _families(window, qtbot).open_statistics(),
    "family_import": _family_import,
    "reporting": _reporting,
    "directory": _directory,
    "plan_import": _plan_import,
    "document": _document,
    **{f"case_{name}": _route_dialog(name) for name in ("service", "measure", "referral", "meeting", "resource")},
    "case_measure_kind": _route_dialog("measure_kind"),
    "case_support_catalogue": _route_dialog("catalogue"),
}


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _seen_area(widget: QWidget, dialog: QDialog) -> QRect:
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea):
            return _rect_in(parent.viewport(), dialog)
        parent = parent.parentWidget()
    return dialog.rect()


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_the_dialog_fits_the_office_monitor(name: str, window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = DIALOGS[name](window, qtbot, tmp_path)
    qtbot.addWidget(dialog)
    try:
        if not dialog.isVisible():
            dialog.open()
        for _ in range(20):
            QGuiApplication.processEvents()
            qtbot.wait(10)
        dialog.grab().save(f"{SCREENSHOTS}_{name}.png")
        available = dialog.screen().availableGeometry()
        width, height = available.width(), available.height() - TITLE_BAR
        assert dialog.width() <= width and dialog.height() <= height, (
            f"{dialog.windowTitle()}: {dialog.width()}×{dialog.height()} px on a {width}×{height} screen"
        )
        outside = [
            button.text()
            for button in dialog.findChildren(QAbstractButton)
            if button.isVisible()
            and button.text()
            and not _seen_area(button, dialog).contains(_rect_in(button, dialog))
        ]
        assert outside == [], f"{dialog.windowTitle()}: buttons outside the visible area"
    finally:
        dialog.reject()
        dialog.close()
