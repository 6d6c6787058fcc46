"""The reporting chain on the screens: «Мероприятия» shows the period's steps and marks one done, the settings
dialog edits the steps, «Обзор» shows the chain and the reminders, and the sign-in shows what is due once, not
modal, until «Больше не показывать сегодня»."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.dialogs.mark_step_dialog import MarkStepDialog
from desktop_app.gui.dialogs.reporting_dialog import ReportingProcedureDialog
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.panels.reminders_panel import RemindersWindow, show_reminders_after_sign_in
from desktop_app.storage.models import ReportingStep, ReportingStepMark
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle
from tests.gui.test_measures_screen import measures_page

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")


def test_the_measures_screen_shows_the_chain_and_a_step_is_marked_done(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(SPECIALIST)
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, "2026-H1")
    qtbot.waitUntil(lambda: page.chain.state is not None and page.chain.state.period.code == "2026-H1", timeout=10_000)
    # the whole chain is in the line's tooltip (and in the list under «▸ Шаги»); the line itself is one line
    text = page.chain.text.toolTip()
    # I half-year 2026 (30.06.2026 a Tuesday): summary by the 6th working day 08.07, the ministry by the 10th 14.07
    assert "Порядок отчётности за I полугодие 2026 г." in text
    assert "Сводный отчёт — до 08.07.2026" in text or "Сводный отчёт — просрочено, срок был 08.07.2026" in text
    assert page.chain.isVisible() and page.chain.mark_button.isEnabled()
    # a specialist marks the summary; the approval is not among the steps offered to them
    page.chain.open_mark_dialog()
    dialog = page.chain.mark_dialog
    assert isinstance(dialog, MarkStepDialog)
    offered = [dialog.step_combo.itemText(i) for i in range(dialog.step_combo.count())]
    assert offered == ["Сводный отчёт", "Направление в министерство"]
    dialog.note_edit.setText("письмо ЦССУ № 12")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert f"Сводный отчёт — выполнено {date.today():%d.%m.%Y} ({SPECIALIST.full_name})" in page.chain.steps.text()
    with window.context.db.reading() as session:
        marks = [
            (m.period, m.note)
            for m in session.scalars(select(ReportingStepMark).where(ReportingStepMark.period == "2026-H1"))
        ]
    assert marks == [("2026-H1", "письмо ЦССУ № 12")]


def test_the_head_adds_a_step_in_the_reporting_settings(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(HEAD)
    page = measures_page(window, qtbot)
    page.edit_reporting_procedure()
    qtbot.waitUntil(lambda: page.procedure_dialog is not None and page.procedure_dialog.isVisible(), timeout=10_000)
    dialog = page.procedure_dialog
    assert isinstance(dialog, ReportingProcedureDialog)
    qtbot.waitUntil(lambda: dialog.chain.table.rowCount() == 4, timeout=10_000)
    table = dialog.chain.table
    assert [table.item(row, 0).text() for row in range(4)][1] == "Сводный отчёт"
    assert table.item(1, 2).text() == "6" and table.item(1, 3).text() == "01.02"
    # the executors' day follows the procedure's field and cannot be typed in the table
    dialog.fields.days_spin.setValue(4)
    assert table.item(0, 2).text() == "4"
    dialog.chain.table.item(1, 2).setText("шесть")
    dialog.save_button.click()
    assert "рабочий день — число" in dialog.messages.text() and dialog.isVisible()
    dialog.chain.table.item(1, 2).setText("6")
    from desktop_app.domain.reporting_chain import ChainStep

    dialog.chain.add_step(ChainStep("Публичный отчёт на сайте", "Администрация округа", 12, (2, 20)))
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    settle(page, qtbot)
    with window.context.db.reading() as session:
        steps = [
            (s.title, s.working_days_after, s.year_end)
            for s in session.scalars(select(ReportingStep).order_by(ReportingStep.position))
        ]
    assert steps[0][1] == 4 and steps[-1] == ("Публичный отчёт на сайте", 12, "02-20")
    assert len(steps) == 5


def test_the_dashboard_shows_the_chain_and_the_reminders(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(HEAD)
    page = window.open_page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: page.reminders_data is not None and page.chain.state is not None, timeout=15_000)
    assert page.reminders_box.title() == "Сроки и напоминания"
    assert page.chain.text.toolTip().startswith("<b>Порядок отчётности за ")
    data = page.reminders_data
    assert data is not None
    assert page.reminders.rowCount() == len(data.overdue) + len(data.due_soon)
    assert "пять рабочих дней" in page.reminders_summary.text()


def test_after_sign_in_the_reminders_show_once_and_not_again_today_when_asked(
    make_window: WindowFactory, qtbot: QtBot
) -> None:
    window = make_window(HEAD)
    context = window.context
    # 08.07.2026: the I half-year 2026's executors' reports are overdue, the summary is due today
    show_reminders_after_sign_in(context, window, date(2026, 7, 8))
    qtbot.waitUntil(lambda: window.findChild(RemindersWindow) is not None, timeout=15_000)
    reminders = window.findChild(RemindersWindow)
    assert reminders is not None and not reminders.isModal() and reminders.isVisible()
    titles = [reminders.table.item(row, 1).text() for row in range(reminders.table.rowCount())]
    assert "Сводный отчёт за I полугодие 2026 г. (ЦССУ)" in titles
    reminders.hide_today.setChecked(True)
    reminders.close()
    assert context.settings.reminders_hidden_on == date.today().isoformat()
    qtbot.waitUntil(lambda: window.findChild(RemindersWindow) is None, timeout=5_000)
    show_reminders_after_sign_in(context, window, date.today())
    settle(window.open_page("dashboard"), qtbot)
    assert window.findChild(RemindersWindow) is None


def test_the_roadmap_report_carries_the_chains_marks(make_window: WindowFactory, qtbot: QtBot) -> None:
    from desktop_app.reports.builders.measures import measures_report
    from desktop_app.reports.builders.request import ReportKind, ReportRequest
    from desktop_app.reports.builders.sources import ReportSources
    from tests.reports.test_builders import pdf_text

    window = make_window(HEAD)
    context = window.context
    sources = ReportSources.open(context.db, context.paths, date(2026, 7, 9))
    report = measures_report(sources, context.actor, ReportRequest(ReportKind.MEASURES, Period.parse("2025-H2")))
    notes = report.sections[0].notes
    assert "Порядок отчётности за II полугодие 2025 г.: шаг — срок — выполнено (кто, когда)." in notes
    # the demo marked the summary the day before it was due: 02.02.2026 (1 February was a Sunday) − 1 day
    summary = next(note for note in notes if note.startswith("2. Сводный отчёт"))
    assert summary.startswith("2. Сводный отчёт — до 02.02.2026 — выполнено (") and summary.endswith(", 01.02.2026).")
    assert "Порядок отчётности за II полугодие 2025 г." in pdf_text(report)
    current = measures_report(sources, context.actor, ReportRequest(ReportKind.MEASURES, Period.parse("2026-H1")))
    lines = current.sections[0].notes
    # on 09.07.2026 the summary (08.07.2026) is late and the ministry's step (14.07.2026) is not yet
    assert "2. Сводный отчёт — до 08.07.2026 — не выполнено, срок прошёл; не выполнили: ЦССУ." in lines
    assert "4. Направление в министерство — до 14.07.2026 — не выполнено." in lines
