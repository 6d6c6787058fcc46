"""The resource-family screen driven as a specialist would: add, take through the steps, place, search."""

from __future__ import annotations

from datetime import date, timedelta

from pytestqt.qtbot import QtBot

from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.domain.periods import format_date
from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import choose, settle

TODAY = date.today()


def families_page(window: MainWindow, qtbot: QtBot) -> FamiliesPage:
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    return page


def test_a_new_family_goes_through_every_step_and_takes_a_child(window: MainWindow, qtbot: QtBot) -> None:
    page = families_page(window, qtbot)
    assert "не хватает 3" in page.targets.text(), "two ready demo families of the five wanted"

    dialog = page.new_family()
    dialog.form.set_member(0, "Кравцова Дарья Олеговна", "31.02.1990")
    dialog.save_button.click()
    assert "Строка 1: дата рождения" in dialog.form.members_error.text() and dialog.isVisible()
    dialog.form.set_member(0, "Кравцова Дарья Олеговна", "12.05.1990", "мать", "+7 900 555-00-11")
    dialog.form.capacity.setValue(1)
    dialog.form.shpr_certificate.setText("№ 17-ШПР")
    dialog.form.conclusion_number.setText("143")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.result_card is not None, timeout=10_000)
    settle(page, qtbot)
    card_panel = page.card
    qtbot.waitUntil(lambda: card_panel.card is not None and card_panel.card.code == "РС-0005", timeout=10_000)
    assert "РС-0005" in page.messages.text()

    steps = card_panel.steps
    card_panel.setCurrentWidget(steps)
    # a skip without a reason is refused beside the reason field
    steps.choose_stage(FamilyStage.DIAGNOSTICS)
    steps.record()
    assert steps.errors["reason"].isVisible() and "Пропущены этапы" in steps.errors["reason"].text()
    steps.choose_stage(FamilyStage.DOCUMENTS)
    for stage in (FamilyStage.DOCUMENTS, FamilyStage.TRAINING, FamilyStage.DIAGNOSTICS, FamilyStage.IN_REGISTER):
        assert steps.stage_combo.currentData() == stage.value, "the usual next step is offered first"
        steps.record()
        qtbot.waitUntil(lambda stage=stage: card_panel.card.stage is stage, timeout=10_000)
        settle(page, qtbot)
    assert steps.table.rowCount() == 5
    qtbot.waitUntil(lambda: "не хватает 2" in page.targets.text(), timeout=10_000)

    placements = card_panel.placements
    card_panel.setCurrentWidget(placements)
    placements.child_code.setText("Р-2026-15")
    placements.child_birth.setText(format_date(TODAY - timedelta(days=4 * 366)))
    choose(placements.child_sex, "f")
    placements.place()
    assert "4 года" in placements.place_errors["child_birth_date"].text()
    placements.child_birth.setText(format_date(TODAY - timedelta(days=400)))
    choose(placements.legal_form, "parental_request")
    placements.place()
    qtbot.waitUntil(lambda: card_panel.card.placed_now == 1, timeout=10_000)
    settle(page, qtbot)
    assert card_panel.card.stage is FamilyStage.ACTIVE
    assert placements.table.rowCount() == 1 and placements.table.item(0, 0).text() == "Р-2026-15"

    placements.child_code.setText("Р-2026-16")
    placements.child_birth.setText(format_date(TODAY - timedelta(days=200)))
    choose(placements.child_sex, "m")
    placements.place()
    assert placements.place_errors["family"].text().startswith("Семья заполнена")

    placements.table.selectRow(0)
    assert placements.end_box.isEnabled()
    choose(placements.outcome, "returned")
    placements.end_selected()
    qtbot.waitUntil(lambda: card_panel.card.placed_now == 0, timeout=10_000)
    settle(page, qtbot)
    assert placements.table.item(0, 6).text() == "возвращён в кровную семью"
    assert not placements.end_box.isEnabled()
    history = card_panel.history_model.rows()
    assert any(row.entity == "child_placement" for row in history)


def test_search_finds_the_name_in_any_case(window: MainWindow, qtbot: QtBot) -> None:
    editing, actor = window.context.family_editing, window.context.actor
    for name in ("ИВАНОВА Светлана Юрьевна", "Иванова Алёна Петровна", "Петрова Иванна Олеговна"):
        editing.create(
            actor,
            FamilyInput("Плесецкий муниципальный округ", (MemberInput(name, date(1985, 1, 1)),)),
            StepInput(FamilyStage.CANDIDATE, TODAY, "Соколова Е. В."),
        )
    page = families_page(window, qtbot)
    page.refresh()
    settle(page, qtbot)
    page.search.insert("иванова")  # QTest cannot type non-ASCII keys; insert() is what typing does
    qtbot.waitUntil(lambda: not page.busy and 2 <= page.model.total < 5, timeout=10_000)
    names = {row.name for row in page.model.rows()}
    assert {"ИВАНОВА С. Ю.", "Иванова А. П."} <= names, "the demo's own Иванова may be found too"
    assert not any(name.startswith("Петрова") for name in names)
    page.search.clear()
    page.search.insert("алена")
    qtbot.waitUntil(lambda: not page.busy and page.model.total == 1, timeout=10_000)
    assert "найдено семей: 1" in page.count_label.text().lower()


def test_a_coordinator_sees_codes_and_cannot_add(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = families_page(make_window(make_actor(Role.COORDINATOR, "coordinator")), qtbot)
    assert all(row.name == row.code for row in page.model.rows())
    assert not page.new_button.isEnabled()
    qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    assert page.card.card.entry.members == () and page.card.form.members.isHidden()


def test_matching_lists_ready_families_with_reasons(window: MainWindow, qtbot: QtBot) -> None:
    page = families_page(window, qtbot)
    dialog = page.open_matching()
    dialog.run()
    assert dialog.errors["birth"].isVisible()
    dialog.birth.setText(format_date(TODAY - timedelta(days=800)))
    dialog.run()
    settle(page, qtbot)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
    first = dialog.matches[0]
    assert first.fits and "свободных мест" in dialog.table.item(0, 3).text()
    dialog.table.selectRow(0)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: page.card.card is not None and page.card.card.id == first.family.id, timeout=10_000)


def test_placement_statistics_by_half_year_and_month(window: MainWindow, qtbot: QtBot) -> None:
    page = families_page(window, qtbot)
    dialog = page.open_statistics()
    dialog.year.setValue(2025)
    choose(dialog.kind, "half_year")
    settle(page, qtbot)
    qtbot.waitUntil(lambda: len(dialog.counts) == 2 and dialog.counts[0].period.code == "2025-H1", timeout=10_000)
    second_half = [dialog.table.item(1, column).text() for column in range(dialog.table.columnCount())]
    # the demo: one child placed in July on parents' request and returned in August, one in September
    assert second_half == ["II полугодие 2025 г.", "2", "1", "1", "0", "1", "1", "0", "0", "1"]
    choose(dialog.kind, "month")
    settle(page, qtbot)
    qtbot.waitUntil(lambda: len(dialog.counts) == 12, timeout=10_000)
    assert dialog.table.item(12, 0).text() == "Итого за год" and dialog.table.item(12, 1).text() == "2"


def test_typed_family_changes_survive_a_step_and_a_visit_to_another_family(window: MainWindow, qtbot: QtBot) -> None:
    page = families_page(window, qtbot)
    card_panel = page.card
    qtbot.waitUntil(lambda: card_panel.card is not None, timeout=10_000)
    first = card_panel.card.id
    card_panel.form.housing.setText("дом 120 м² после ремонта")
    assert page.unsaved_changes() == "несохранённые изменения в карточках семей: 1"

    page.table.selectRow(1)
    qtbot.waitUntil(lambda: card_panel.card.id != first, timeout=10_000)
    settle(page, qtbot)
    assert card_panel.form.housing.text() != "дом 120 м² после ремонта"
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: card_panel.card.id == first, timeout=10_000)
    settle(page, qtbot)
    assert card_panel.form.housing.text() == "дом 120 м² после ремонта"
    assert "несохранённые изменения" in card_panel.messages.text()

    card_panel.save()
    settle(page, qtbot)
    qtbot.waitUntil(lambda: card_panel.card.entry.housing == "дом 120 м² после ремонта", timeout=10_000)
    assert page.unsaved_changes() == ""


def test_the_register_is_exported_as_filtered_and_a_list_is_imported_from_the_page(
    window: MainWindow, qtbot: QtBot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    page = families_page(window, qtbot)
    choose(page.filters.status_combo, "ready")
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.total == 2, timeout=10_000)
    target = tmp_path / "реестр.xlsx"
    page.export_to(target)
    settle(page, qtbot)
    assert "Реестр семей сохранён" in page.messages.text()
    sheet = load_workbook(target).worksheets[0]
    codes = {cell.value for cell in sheet["A"] if isinstance(cell.value, str) and cell.value.startswith("РС-")}
    assert codes == {"РС-0001", "РС-0002"}
    assert page.import_button.isEnabled()
