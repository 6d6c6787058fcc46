"""A program's reporting procedure on the measures screen: the head edits it, the periods follow it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.domain.deadlines import ReportingProcedure
from desktop_app.domain.periods import Period, PeriodKind
from desktop_app.domain.roles import Role
from desktop_app.gui.dialogs.reporting_dialog import ReportingProcedureDialog
from desktop_app.plan_import import read_plan_file
from desktop_app.services.plan_import import ImportOptions, apply_plan_import, preview_plan_import
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle
from tests.gui.test_measures_screen import measures_page, select_measure
from tests.plan_import.small_plan import write_small_plan


def period_codes(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]


def test_the_head_sets_a_quarterly_procedure_and_the_screen_follows(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(make_actor(Role.HEAD, "head"))
    page = measures_page(window, qtbot)
    assert period_codes(page.filters.period_combo)[:2] == ["2025-H2", "2026-H1"]
    assert page.procedure_button.isVisible() and page.procedure_button.isEnabled()

    page.edit_reporting_procedure()
    qtbot.waitUntil(lambda: page.procedure_dialog is not None and page.procedure_dialog.isVisible(), timeout=10_000)
    dialog = page.procedure_dialog
    assert isinstance(dialog, ReportingProcedureDialog)
    fields = dialog.fields
    assert fields.typed() == ReportingProcedure(PeriodKind.HALF_YEAR, 3, (1, 20))
    assert "до 20.01.2027" in dialog.deadlines.text(), "the upcoming deadlines are shown"

    fields.year_end_edit.setText("32.01")
    dialog.save_button.click()
    assert fields.errors["year_end_date"].isVisible() and "20.01" in fields.errors["year_end_date"].text()
    assert dialog.isVisible(), "nothing is saved while a field is wrong"

    choose(fields.period_combo, "quarter")
    fields.days_spin.setValue(5)
    fields.year_end_edit.setText("")
    assert "квартал" in dialog.deadlines.text() and "полугодие" not in dialog.deadlines.text()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: "квартал" in page.heading.text(), timeout=10_000)
    assert "Порядок отчётности сохранён" in page.messages.text()
    codes = period_codes(page.filters.period_combo)
    assert codes[:3] == ["2025-Q3", "2025-Q4", "2026-Q1"] and not any("H" in code for code in codes)


def test_a_specialist_sees_the_procedure_but_has_no_button_to_change_it(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    page = measures_page(make_window(make_actor(Role.SPECIALIST, "specialist")), qtbot)
    assert not page.procedure_button.isVisible()
    assert "полугодие; отчёт до 3-го рабочего дня" in page.heading.text()


def test_the_period_filter_lists_the_selected_programs_periods_and_the_card_follows_it(
    make_window: WindowFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(make_actor(Role.SPECIALIST, "specialist"))
    db = window.context.db
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    options = ImportOptions(reporting=ReportingProcedure(PeriodKind.MONTH, 5))
    apply_plan_import(db, window.context.actor, plan, preview_plan_import(db, window.context.actor, plan, options))
    page = measures_page(window, qtbot)
    page.refresh()  # the window had read the registry before the second program arrived
    settle(page, qtbot)
    assert page.tree.topLevelItemCount() == 2

    items = [page.tree.topLevelItem(i) for i in range(2)]
    demo_item, monthly_item = sorted(items, key=lambda item: "Тестовом" in item.toolTip(0))
    page.tree.setCurrentItem(monthly_item)
    settle(page, qtbot)
    monthly = period_codes(page.filters.period_combo)
    assert monthly[:2] == ["2025-01", "2025-02"] and len(monthly) == 24

    page.tree.setCurrentItem(demo_item)
    settle(page, qtbot)
    demo_periods = period_codes(page.filters.period_combo)
    assert demo_periods[0] == "2025-H2" and all("H" in code for code in demo_periods)
    choose(page.filters.period_combo, "2025-H2")
    settle(page, qtbot)
    select_measure(page, qtbot, "профессионального выгорания")
    assert page.report_editor.current_period() == Period.parse("2025-H2")
    choose(page.filters.period_combo, "2026-H1")
    settle(page, qtbot)
    assert page.report_editor.current_period() == Period.parse("2026-H1")
    assert page.report_editor._report is not None and page.report_editor._report.period == Period.parse("2026-H1")


def test_upcoming_deadlines_name_the_next_periods_of_the_program() -> None:
    from datetime import date

    from desktop_app.gui.dialogs.reporting_dialog import upcoming_deadlines

    quarterly = ReportingProcedure(PeriodKind.QUARTER, 5)
    text = upcoming_deadlines(quarterly, date(2025, 7, 1), date(2026, 12, 31), today=date(2026, 8, 1))
    assert text.startswith("III квартал 2026 г. — до 07.10.2026; IV квартал 2026 г. — до ")
    finished = upcoming_deadlines(quarterly, date(2025, 7, 1), date(2025, 12, 31), today=date(2026, 8, 1))
    assert finished.startswith("III квартал 2025 г.") and finished.count("квартал") == 2
