"""«Журнал» on screen: the table and the details read as people's words, never ids, JSON or English codes."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from desktop_app.domain.periods import Period
from desktop_app.domain.roles import Role
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.audit_page import AuditPage
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory

DISTRICT = "Плесецкий муниципальный округ"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
FORM_TITLE = "Комплексный межведомственный план по совершенствованию ранней помощи детям и их семьям"


def journal(window: MainWindow, qtbot: QtBot) -> AuditPage:
    page = window.open_page("audit")
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    return page


def shown_text(page: AuditPage, row: int) -> str:
    cells = [page.model.index(row, column).data() for column in range(page.model.columnCount())]
    page.table.selectRow(row)
    return " ".join([*cells, page.details.toPlainText()])


def test_a_saved_form_reads_as_its_title_year_and_russian_values(window: MainWindow, qtbot: QtBot) -> None:
    forms, actor = window.context.forms, window.context.actor
    state = forms.state(actor, "early-help-monitoring", Period.parse("2023"), DISTRICT)
    forms.save(actor, state, {"1.1": "Открыта служба ранней помощи"})
    page = journal(window, qtbot)
    row = next(i for i, entry in enumerate(page.model.rows()) if entry.entity == "form_answer")
    text = shown_text(page, row)
    assert f"Создано: Ответы на форму «{FORM_TITLE}», 2023 год" in text
    assert "черновик" in text and "Открыта служба ранней помощи" in text and "вопрос 1.1 " in text
    assert "early-help-monitoring" not in text and "draft" not in text and "{" not in text
    assert not UUID.search(text)


def test_the_coordinator_sees_families_by_code_and_nothing_internal(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = journal(make_window(make_actor(Role.COORDINATOR, "coordinator")), qtbot)
    texts = [shown_text(page, row) for row in range(min(page.model.rowCount(), 300))]
    family_rows = [text for text in texts if "Ресурсная семья РС-" in text]
    assert family_rows, "the demo's families are in the journal, named by their codes"
    assert not any("Иванова" in text or "Смирнова" in text for text in texts)
    assert not any(UUID.search(text) or "{" in text for text in texts)
