"""«Снять отметку…» on «Мероприятия»: a step marked by mistake is taken back after a question naming who marked it
and when, the journal keeps it, and a specialist cannot take back the head's approval."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop_app.domain.errors import PermissionDenied
from desktop_app.domain.periods import Period
from desktop_app.domain.reporting_chain import StepKind
from desktop_app.domain.roles import Role
from desktop_app.gui.dialogs.mark_step_dialog import MarkStepDialog
from desktop_app.services.audit_log import AuditLogService
from desktop_app.services.reporting_chain import ReportingChainService
from desktop_app.storage.models import Program, ReportingStepMark
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose
from tests.gui.test_measures_screen import measures_page

SPECIALIST = make_actor(Role.SPECIALIST, "specialist")
HEAD = make_actor(Role.HEAD, "head")
H1_2026 = Period.parse("2026-H1")


def test_a_mark_made_by_mistake_is_taken_back_and_the_journal_names_it(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(SPECIALIST)
    page = measures_page(window, qtbot)
    choose(page.filters.period_combo, H1_2026.code)
    qtbot.waitUntil(lambda: page.chain.state is not None and page.chain.state.period == H1_2026, timeout=10_000)
    assert page.chain.undo_button.isVisible() and not page.chain.undo_button.isEnabled()  # nothing marked yet
    page.chain.open_mark_dialog()
    dialog = page.chain.mark_dialog
    assert isinstance(dialog, MarkStepDialog)
    dialog.step_combo.setCurrentIndex(dialog.step_combo.findText("Сводный отчёт"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible() and page.chain.undo_button.isEnabled(), timeout=10_000)

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.Yes
    )
    marked_state = page.chain.state
    page.chain.undo_button.click()
    qtbot.waitUntil(lambda: page.chain.state is not marked_state, timeout=10_000)
    assert len(asked) == 1
    assert asked[0].startswith("Снять отметку «Сводный отчёт» за I полугодие 2026 г.?")
    assert f"Отметил(а): {SPECIALIST.full_name}, {date.today():%d.%m.%Y}" in asked[0]
    state = page.chain.state
    assert state is not None
    summary = next(step for step in state.steps if step.step.title == "Сводный отчёт")
    assert summary.mark is None
    assert "Сводный отчёт — выполнено" not in page.chain.steps.text()
    assert not page.chain.undo_button.isEnabled()
    with window.context.db.reading() as session:
        left = session.scalars(select(ReportingStepMark).where(ReportingStepMark.period == H1_2026.code)).all()
    assert left == []
    journal = AuditLogService(window.context.db).entries(HEAD, limit=20)
    taken_back = [row for row in journal if row.entity == "reporting_step_mark" and row.action == "delete"]
    assert len(taken_back) == 1
    assert "Сводный отчёт" in taken_back[0].summary and "I полугодие 2026 г." in taken_back[0].summary
    assert taken_back[0].user_login == SPECIALIST.login


def test_a_specialist_cannot_take_back_the_heads_approval(make_window: WindowFactory, qtbot: QtBot) -> None:
    window = make_window(SPECIALIST)
    db = window.context.db
    with db.reading() as session:
        program_id = session.scalars(select(Program.id)).one()
    service = ReportingChainService(db)
    approval = next(step for step in service.chain(HEAD, program_id).steps if step.kind is StepKind.APPROVAL)
    service.mark_done(HEAD, program_id, approval.key, H1_2026, "протокол согласования")
    page = measures_page(window, qtbot)
    page.chain.show_for(program_id, H1_2026)
    qtbot.waitUntil(
        lambda: (
            page.chain.state is not None
            and page.chain.state.period == H1_2026
            and any(step.step.key == approval.key and step.done for step in page.chain.state.steps)
        ),
        timeout=10_000,
    )
    assert page.chain.undoable() == [] and not page.chain.undo_button.isEnabled()
    with pytest.raises(PermissionDenied):
        service.undo_mark(SPECIALIST, program_id, approval.key, H1_2026)
    assert service.state(HEAD, program_id, H1_2026).steps[approval_position(service, program_id)].done


def approval_position(service: ReportingChainService, program_id: str) -> int:
    steps = service.chain(HEAD, program_id).steps
    return next(index for index, step in enumerate(steps) if step.kind is StepKind.APPROVAL)
