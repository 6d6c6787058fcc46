"""The plan import dialog shows the approving act, the key indicators it will add as drafts and the
warnings about what the reader is unsure of."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from tests.plan_import.seed_documents import regional_seed, write_docx


def test_preview_shows_act_key_indicators_and_warnings(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    page = window.open_page("measures")
    assert isinstance(page, MeasuresPage)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and not page.busy, timeout=10_000)
    dialog = page.import_plan(write_docx(regional_seed(), tmp_path / "комплексный план.docx"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=15_000)
    assert "Утверждена: протокол от 25.07.2023 № 7 (комиссия по делам несовершеннолетних" in dialog.summary.text()
    assert "от 25.07.2023 № 7" in dialog.summary.text()
    assert "черновиками: 2" in dialog.summary.text()
    lines = [dialog.key_indicators.item(row).text() for row in range(dialog.key_indicators.count())]
    assert len(lines) == 2
    assert lines[0].startswith("К1 Доля детей в возрасте до 4 лет")
    assert "доля населения, %, снижение, цель −25 %" in lines[0]
    assert "на 1000 (числитель / знаменатель), на 1000 детей, снижение, цель −15 %" in lines[1]
    assert dialog.tabs.tabText(4) == "Ключевые показатели (2)"
    warnings = [dialog.warnings.item(row).text() for row in range(dialog.warnings.count())]
    assert dialog.tabs.tabText(5) == f"Проверьте ({len(warnings)})"
    assert any("«Июнь 2023 года» раньше начала программы (01.07.2023)" in text for text in warnings)
    dialog.reject()
