"""The family card's «История» tab speaks as the «Журнал» page does: no ids, no JSON, no English status words."""

from __future__ import annotations

import re
from datetime import date

from pytestqt.qtbot import QtBot

from desktop_app.domain.family_pipeline import FamilyStage, StepInput
from desktop_app.domain.family_record import FamilyInput, MemberInput
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from tests.gui.helpers import settle

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ENGLISH_CODES = re.compile(r"\b(candidate|documents|training|diagnostics|in_register|active|paused|None|True|False)\b")


def test_the_history_tab_shows_field_names_and_values_in_russian(window: MainWindow, qtbot: QtBot) -> None:
    context = window.context
    entry = FamilyInput(
        municipality=context.info.district_name or "Плесецкий муниципальный округ",
        members=(MemberInput("Лесная Ольга Игоревна", date(1987, 3, 9), "мать"),),
        shpr_certificate="№ 17-ШПР",
        conclusion_number="143",
    )
    editing, actor = context.family_editing, context.actor
    today = date.today()
    card = editing.create(actor, entry, StepInput(FamilyStage.CANDIDATE, today, "Соколова Е. В."))
    card = editing.record_step(
        actor, card.id, StepInput(FamilyStage.TRAINING, today, "Соколова Е. В.", "документы собраны заранее")
    )
    page = window.open_page("families")
    assert isinstance(page, FamiliesPage)
    settle(page, qtbot)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    settle(page, qtbot)
    panel = page.card
    panel.show_family(card.id)
    model = panel.history_model

    def shows_this_family() -> bool:
        summaries = [model.data(model.index(row, model.COL_SUMMARY)) or "" for row in range(model.rowCount())]
        return panel.card is not None and panel.card.id == card.id and all(card.code in text for text in summaries)

    qtbot.waitUntil(lambda: shows_this_family() and model.rowCount() >= 3, timeout=10_000)
    shown = [
        model.data(model.index(row, column)) or ""
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    details: list[str] = []
    for row in range(model.rowCount()):
        panel.history.selectRow(row)
        details.append(panel.history_details.toPlainText())
    everything = "\n".join(shown + details)
    assert not UUID.search(everything), "no record ids"
    assert "{" not in everything and '":' not in everything, "no JSON"
    assert not ENGLISH_CODES.search(everything), ENGLISH_CODES.search(everything)
    assert "resource_family" not in everything and "family_step" not in everything

    step_text = next(text for text in details if "Этап семьи" in text and "документы собраны заранее" in text)
    assert "этап" in step_text and FamilyStage.TRAINING.label in step_text, "the step by its Russian name"
    assert "причина" in step_text and "кто провёл" in step_text
    assert any("семья РС-" in text for text in shown), "the entry names the family by its code"
    family_text = next(text for text in details if "№ 17-ШПР" in text)
    assert "свидетельство об окончании ШПР" in family_text
