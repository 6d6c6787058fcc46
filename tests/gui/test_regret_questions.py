"""Questions before what a head would regret: the real count in good Russian, never «Утвердить 0 отчётов»,
and a family entering the register without its papers only with a reason."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.domain.execution import ReportInput
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.exchange.export_panel import export_phrase, export_refusal
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.panels.report_editor import approve_tooltip
from desktop_app.sync.exporter import ExportPlan
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle

H1_2026 = Period.parse("2026-H1")


def test_approve_for_the_period_is_offered_only_with_reports_and_names_their_count(
    make_window: WindowFactory, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = make_actor(Role.HEAD, "head")
    window = make_window(head)
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    choose(page.filters.period_combo, H1_2026.code)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: not page.busy and all(r.period == H1_2026 for r in page.model.rows()), timeout=10_000)
    button = page.approve_period_button
    execution = window.context.execution
    program = page.tree.current_program()
    assert program is not None
    # the demo's reports of the half-year approved already: nothing waits
    execution.approve_period(head, program.id, H1_2026, [row.id for row in page.model.rows()])
    page.refresh()
    qtbot.waitUntil(lambda: not any(r.reported and not r.approved for r in page.model.rows()), timeout=10_000)
    settle(page, qtbot)
    assert not button.isEnabled(), "nothing to approve"
    assert button.toolTip().startswith("Утверждать нечего")

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.No
    )
    due = [row for row in page.model.rows() if row.due and not row.reported]
    assert len(due) >= 5
    reported = 0
    for count, words in ((1, "1 отчёт"), (2, "2 отчёта"), (5, "5 отчётов")):
        for row in due[reported:count]:
            execution.save_report(head, row.id, H1_2026, ReportInput("done", "Проведено"), 0)
        reported = count
        page.refresh()
        qtbot.waitUntil(
            lambda count=count: sum(r.reported and not r.approved for r in page.model.rows()) == count, timeout=10_000
        )
        settle(page, qtbot)
        assert button.isEnabled()
        assert words in button.toolTip()
        button.click()
        assert asked[-1].startswith(f"Утвердить {words} за {H1_2026.label}"), asked[-1]
    assert sum(r.reported and not r.approved for r in page.model.rows()) == 5, "«Нет» approves nothing"


def plan(counts: dict[str, int], attachments: int = 0, problem: str = "") -> ExportPlan:
    return ExportPlan("district", counts, {}, (), attachments, "регион", problem)


def test_export_is_not_offered_with_nothing_to_send_and_names_the_records() -> None:
    assert export_refusal(plan({"measure": 0, "indicator_value": 0}), True).startswith("Выгружать нечего")
    assert export_refusal(plan({"measure": 1}), False) == "Утверждает и выгружает руководитель."
    assert export_refusal(plan({"measure": 3}, problem="Нет ключа региона."), True) == "Нет ключа региона."
    assert export_refusal(plan({"measure": 1}), True) == ""
    assert export_phrase(plan({"measure": 1}), H1_2026) == f"1 запись за {H1_2026.label}"
    assert export_phrase(plan({"measure": 1, "value": 1}), None) == "2 записи за все периоды"
    assert export_phrase(plan({"measure": 3, "value": 2}, attachments=2), H1_2026) == (
        f"5 записей и 2 файла документов за {H1_2026.label}"
    )


def test_a_single_report_says_why_it_cannot_be_approved() -> None:
    assert approve_tooltip(saved=False, approved=False).startswith("Утверждать нечего")
    assert approve_tooltip(saved=True, approved=True).startswith("Отчёт уже утверждён")
    assert approve_tooltip(saved=True, approved=False) == "Утвердить этот отчёт за выбранный период."


def answer_reason_dialog(reason: str, seen: list[str]) -> None:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QInputDialog):
        QTimer.singleShot(50, lambda: answer_reason_dialog(reason, seen))
        return
    seen.append(dialog.labelText())
    dialog.setTextValue(reason)
    dialog.accept()


def test_entering_the_register_without_the_conclusion_asks_for_a_reason_and_records_it(
    window: object, qtbot: QtBot
) -> None:
    from desktop_app.gui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    context = window.context
    entry = FamilyInput(
        municipality=context.info.district_name or "Плесецкий муниципальный округ",
        members=(MemberInput("Лесная Ольга Игоревна", date(1987, 3, 9), "мать"),),
        shpr_certificate="№ 17-ШПР",
    )
    card = context.family_editing.create(context.actor, entry, StepInput(FamilyStage.CANDIDATE, date.today(), "С"))
    for stage in (FamilyStage.DOCUMENTS, FamilyStage.TRAINING, FamilyStage.DIAGNOSTICS):
        card = context.family_editing.record_step(context.actor, card.id, StepInput(stage, date.today(), "С"))
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    panel = page.card
    panel.show_family(card.id)
    qtbot.waitUntil(lambda: panel.card is not None and panel.card.id == card.id, timeout=10_000)
    steps = panel.steps
    panel.setCurrentWidget(steps)
    assert steps.stage_combo.currentData() == FamilyStage.IN_REGISTER.value
    assert "Нет заключения органа опеки" in steps.hint.text() and "ШПР" not in steps.hint.text()

    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_reason_dialog("", seen))  # an empty reason is no reason: nothing recorded
    steps.record()
    assert seen and "Нет заключения органа опеки" in seen[0]
    assert "причина не указана" in steps.messages.text()
    assert panel.card.stage is FamilyStage.DIAGNOSTICS

    reason = "заключение подписано 19.05, номер присвоит канцелярия"
    QTimer.singleShot(0, lambda: answer_reason_dialog(reason, seen))
    steps.record()
    qtbot.waitUntil(lambda: panel.card.stage is FamilyStage.IN_REGISTER, timeout=10_000)
    assert panel.card.steps[-1].reason == reason
    assert any(reason in steps.table.item(row, 3).text() for row in range(steps.table.rowCount()))


def test_submitting_a_half_filled_form_asks_with_the_count_and_no_submits_nothing(
    window: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.services.indicator_sheet import ValueStatus
    from tests.gui.test_form_screen import EARLY_HELP, open_form

    assert isinstance(window, MainWindow)
    page = open_form(window, qtbot, EARLY_HELP, "2023")
    assert page.approve_button.toolTip().startswith("Утверждать нечего"), "a draft has nothing to approve"
    page.question_widget("1.3").yes.click()  # type: ignore[attr-defined]
    page.question_widget("1.3").detail.setText("Приказ № 1")  # type: ignore[attr-defined]
    page.save_button.click()
    settle(page, qtbot)
    assert page.state is not None
    answered, total = page.state.completion
    assert 0 < answered < total
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda _parent, _title, text: asked.append(text) or QMessageBox.StandardButton.No
    )
    page.submit_button.click()
    settle(page, qtbot)
    assert asked and f"заполнено {answered} из {total}?" in asked[0]
    assert page.state.status is ValueStatus.DRAFT, "«Нет» submits nothing"
