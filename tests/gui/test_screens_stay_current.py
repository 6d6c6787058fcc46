"""What one page shows follows what was written anywhere else: «Обзор» and the other pages never show stale figures,
a jump lands on its target, and a report's card says what is wrong where the eye is (issue 20, defects 1–3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.domain.documents import DocumentInput
from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import Period
from desktop_app.formkit.definition import QuestionKind
from desktop_app.gui.formview.simple import YesNoWidget
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.dashboard_page import DashboardPage
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.services.measure_list import MeasureRow
from tests.gui.helpers import choose, settle


def dashboard(window: MainWindow, qtbot: QtBot) -> DashboardPage:
    page = window.open_page("dashboard")
    assert isinstance(page, DashboardPage)
    settle(page, qtbot)
    assert page.data is not None
    return page


def measures(window: MainWindow, qtbot: QtBot) -> MeasuresPage:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    settle(page, qtbot)
    return page


def overdue_rows(page: DashboardPage) -> list[MeasureRow]:
    return [page.overdue.item(row, 0).data(0x0100) for row in range(page.overdue.rowCount())]


def ready_in(page: DashboardPage, municipality: str) -> int:
    for row in range(page.targets.rowCount()):
        if page.targets.item(row, 0).text() == municipality:
            return int(page.targets.item(row, 1).text())
    return 0


def test_overview_counts_a_report_saved_on_the_measures_page(window: MainWindow, qtbot: QtBot) -> None:
    overview = dashboard(window, qtbot)
    overdue_before = overview.data.overdue_total if overview.data else 0
    once = [row for row in overdue_rows(overview) if len(row.overdue_periods) == 1]
    assert once, "the demo has a measure overdue in one period only"
    target = once[0]
    (late_period,) = target.overdue_periods

    page = measures(window, qtbot)
    page.go_to_measure(target.id, target.program_id, late_period)
    editor = page.report_editor
    qtbot.waitUntil(lambda: editor._report is not None and editor._report.measure_id == target.id, timeout=10_000)
    settle(page, qtbot)
    assert editor.current_period() == late_period
    choose(editor.status_combo, "done")
    editor.done_edit.setPlainText("Проведено, отчёт сдан с опозданием")
    editor.save_button.click()
    settle(page, qtbot)
    assert "сохранён" in editor.messages.text()

    overview = dashboard(window, qtbot)
    assert overview.data is not None
    assert overview.data.overdue_total == overdue_before - 1, "the report saved elsewhere is counted on «Обзор»"
    assert target.id not in {row.id for row in overdue_rows(overview)}
    assert overview.overdue_summary.text().endswith(str(overdue_before - 1)) or overdue_before == 1


def family(name: str, municipality: str) -> FamilyInput:
    return FamilyInput(
        municipality=municipality,
        members=(MemberInput(name, date(1985, 6, 1), "мать", "+7 900 000-00-00"),),
        address="п. Плесецк, ул. Новая, 1",
        capacity=1,
        shpr_certificate="№ 17-ШПР",
        conclusion_number="143",
    )


def make_ready(window: MainWindow, name: str, municipality: str) -> None:
    """A specialist records a family through every stage up to the register (as the families page would)."""
    editing, actor = window.context.family_editing, window.context.actor
    card = editing.create(actor, family(name, municipality), StepInput(FamilyStage.CANDIDATE, date(2026, 1, 12), "С"))
    for stage, on in (
        (FamilyStage.DOCUMENTS, date(2026, 2, 2)),
        (FamilyStage.TRAINING, date(2026, 3, 2)),
        (FamilyStage.DIAGNOSTICS, date(2026, 5, 4)),
        (FamilyStage.IN_REGISTER, date(2026, 5, 20)),
    ):
        card = editing.record_step(actor, card.id, StepInput(stage, on, "С"))


def test_overview_counts_ready_families_made_ready_while_it_is_shown_and_while_it_is_not(
    window: MainWindow, qtbot: QtBot
) -> None:
    overview = dashboard(window, qtbot)
    municipality = window.context.info.district_name
    before = ready_in(overview, municipality)

    make_ready(window, "Крылова Анна Сергеевна", municipality)  # «Обзор» is on screen: it refreshes at once
    qtbot.waitUntil(lambda: ready_in(overview, municipality) == before + 1, timeout=10_000)

    families = window.open_page("families")
    assert isinstance(families, FamiliesPage)
    settle(families, qtbot)
    make_ready(window, "Зуева Ольга Ивановна", municipality)
    overview = dashboard(window, qtbot)
    qtbot.waitUntil(lambda: ready_in(overview, municipality) == before + 2, timeout=10_000)


def test_overview_shows_a_saved_form_as_filled(window: MainWindow, qtbot: QtBot) -> None:
    overview = dashboard(window, qtbot)
    unfilled = [row for row in range(overview.forms.rowCount()) if overview.forms.item(row, 2).text() == "не заполнена"]
    assert unfilled, "the demo has a form not filled yet"
    form_id, period_code = overview.forms.item(unfilled[0], 0).data(0x0100)
    context = window.context
    window.open_page("forms")
    state = context.forms.state(context.actor, form_id, Period.parse(period_code), context.territory)
    question = next(q for q in state.form.questions if q.kind is QuestionKind.TEXT)
    context.forms.save(context.actor, state, {**state.answers, question.id: "Ответ специалиста"})

    overview = dashboard(window, qtbot)
    states = {
        overview.forms.item(row, 0).data(0x0100): overview.forms.item(row, 2).text()
        for row in range(overview.forms.rowCount())
    }
    assert (
        states[(form_id, period_code)].startswith("черновик: отвечено 1 из")
        or "отвечено" in states[(form_id, period_code)]
    )
    assert states[(form_id, period_code)] != "не заполнена"


def test_a_success_message_goes_when_the_figures_it_spoke_of_change(window: MainWindow, qtbot: QtBot) -> None:
    families = window.open_page("families")
    assert isinstance(families, FamiliesPage)
    settle(families, qtbot)
    families.messages.show_info("Реестр семей сохранён: реестр.xlsx")
    window.open_page("dashboard")
    make_ready(window, "Лаптева Нина Петровна", window.context.info.district_name)
    window.open_page("families")
    settle(families, qtbot)
    assert families.messages.isHidden(), "the message about the earlier register does not outlive it"


def test_a_jump_from_the_overview_clears_the_search_that_would_hide_the_measure(
    window: MainWindow, qtbot: QtBot
) -> None:
    page = measures(window, qtbot)
    page.search.setText("выгорания")  # an earlier search, left in the box
    page.search.search_changed.emit("выгорания")
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() < 31, timeout=10_000)
    overview = dashboard(window, qtbot)
    target = next(row for row in overdue_rows(overview) if "выгорания" not in row.name)

    overview.overdue.itemDoubleClicked.emit(overview.overdue.item(overview.data.overdue.index(target), 1))
    assert window.current_page() is page
    qtbot.waitUntil(lambda: not page.busy and page.model.rowCount() > 0, timeout=10_000)
    settle(page, qtbot)
    assert page.search.text() == ""
    selected = page.table.selectionModel().selectedRows()
    assert len(selected) == 1 and page.model.rows()[selected[0].row()].id == target.id
    assert page.filters.period() == max(target.overdue_periods)


def type_into(edit: QLineEdit, text: str) -> None:
    """What typing does to the field (QTest cannot type Cyrillic offscreen): the text, and «edited by the user»."""
    edit.setText(text)
    edit.textEdited.emit(text)


def test_a_document_waits_for_a_saved_report_and_a_quantity_error_goes_when_corrected(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = measures(window, qtbot)
    editor = page.report_editor
    unsaved = next(row for row in page.model.rows() if row.period is not None and not row.reported)
    page.go_to_measure(unsaved.id, unsaved.program_id, unsaved.period)
    qtbot.waitUntil(lambda: editor._report is not None and editor._report.measure_id == unsaved.id, timeout=10_000)
    settle(page, qtbot)
    assert editor._report is not None and editor._report.reported_at is None
    assert not editor.attach_button.isEnabled(), "nothing to confirm before the report is saved"
    assert "Сначала сохраните отчёт" in editor.attach_button.toolTip()

    choose(editor.status_combo, "done")
    editor.done_edit.setPlainText("Проведено 12 консультаций")
    type_into(editor.quantity_edit, "12 случаев")
    error = editor.errors["quantity"]
    assert not error.isHidden() and "только число (12)" in error.text() and "«случаев»" in error.text()
    editor.save_button.click()
    assert "только число" in error.text()
    type_into(editor.quantity_edit, "12")
    assert error.isHidden(), "the error goes as soon as the value is right"
    editor.save_button.click()
    settle(page, qtbot)
    assert "сохранён" in editor.messages.text()
    assert editor.attach_button.isEnabled()
    scan = tmp_path / "акт.pdf"
    scan.write_bytes(b"%PDF-1.4 act")
    editor.attach_file(scan, DocumentInput("Акт", "акт", "1"))
    qtbot.waitUntil(lambda: editor.documents.rowCount() == 1, timeout=10_000)


def test_answers_typed_but_not_saved_are_not_reloaded_away_by_a_change_elsewhere(
    window: MainWindow, qtbot: QtBot
) -> None:
    forms = window.open_page("forms")
    assert isinstance(forms, FormsPage)
    settle(forms, qtbot)
    choose(forms.form_combo, "early-help-monitoring")
    settle(forms, qtbot)
    order = forms.question_widget("1.3")
    assert isinstance(order, YesNoWidget)
    order.yes.click()
    typed = forms.unsaved_changes()
    assert typed

    window.open_page("dashboard")
    state = forms.state
    assert state is not None
    context = window.context
    context.forms.save(context.actor, state, {**state.answers, "1.1": "Ответ, сохранённый с другого экрана"})
    window.open_page("forms")
    settle(forms, qtbot)
    assert forms.unsaved_changes() == typed, "the typed answer is still there"
    assert "изменены в другом месте" in forms.messages.text()
