"""«Отчёты» offers every program, not only those with indicators: a plan imported from a document (measures
only) can be chosen and its roadmap report formed; its indicators report says the program has none."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.domain.actor import SYSTEM_ACTOR, Actor
from desktop_app.domain.periods import Period
from desktop_app.plan_import import read_plan_file
from desktop_app.reports.builders.request import ReportKind
from desktop_app.services.plan_import import ImportOptions, apply_plan_import
from desktop_app.storage.database import Database
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle
from tests.gui.test_reports_screen import form, open_reports
from tests.plan_import.small_plan import TITLE, write_small_plan


def test_a_program_without_indicators_is_offered_and_its_roadmap_report_forms(
    make_window: WindowFactory, demo_actor: Actor, demo_db: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    plan = read_plan_file(write_small_plan(tmp_path / "план.docx"))
    options = ImportOptions(period_start=date(2025, 1, 1), period_end=date(2026, 12, 31))
    program_id = apply_plan_import(demo_db, SYSTEM_ACTOR, plan, options).program_id
    page = open_reports(make_window(demo_actor), qtbot)

    programs = page.choice.program_combo
    offered = {programs.itemData(index): programs.itemText(index) for index in range(programs.count())}
    assert offered[program_id] == TITLE and len(offered) == 2
    assert programs.isVisibleTo(page), "two programs: the user chooses"
    choose(programs, program_id)
    settle(page, qtbot)
    choose(page.choice.period_combo, Period.parse("2026-H1").code)

    form(page, qtbot, ReportKind.MEASURES)
    assert not page.messages.isVisible()
    assert page.formed is not None and TITLE in page.formed.report.title
    assert page.formed.request.program_id == program_id and page.preview.page_count > 0

    form(page, qtbot, ReportKind.INDICATORS)
    assert f"В программе «{TITLE}» нет показателей" in page.messages.text()
