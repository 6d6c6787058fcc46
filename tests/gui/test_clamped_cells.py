"""A long name in a table row is cut to the whole lines the row has room for, the last ending in «…»: never a
half-clipped fourth line under the third (seen on «Мероприятия» at 1280×720)."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.measures_page import MeasuresPage
from desktop_app.gui.widgets.row_table import LINE_BREAK, ClampedTextDelegate, clamp_text
from tests.gui.test_dashboard import open_dashboard
from tests.gui.test_fit_720 import _open

LONG = (
    "Изучение и анализ причин помещения детей по социальным показаниям в государственные учреждения (в т.ч. в "
    "приемные отделения), социально-реабилитационные центры, а также причин отказов от новорождённых детей и "
    "возвратов детей из замещающих семей с выработкой предложений по их устранению"
)


def test_a_long_name_is_cut_to_three_whole_lines_each_within_the_width_the_last_ending_in_an_ellipsis(
    qapp: QApplication,
) -> None:
    font = qapp.font()
    metrics = QFontMetrics(font)
    width = 20 * metrics.horizontalAdvance("ш")  # about a column of a 1280-pixel table
    cut = clamp_text(LONG, font, width, 3)
    lines = cut.split(LINE_BREAK)
    assert len(lines) == 3
    assert all(metrics.horizontalAdvance(line) <= width for line in lines), lines
    assert lines[-1].endswith("…")
    assert " ".join(" ".join(lines)[:-1].split()) in " ".join(LONG.split())  # the beginning, in order, nothing else


def test_a_name_that_fits_is_left_as_it_is(qapp: QApplication) -> None:
    font = qapp.font()
    assert clamp_text("Отдел опеки", font, 400, 3) == "Отдел опеки"
    assert clamp_text(LONG, font, 100_000, 1) == LONG


def test_measures_and_dashboard_tables_draw_their_cells_cut_to_whole_lines(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1280, 720)
    page = _open(window, qtbot, "measures")
    assert isinstance(page, MeasuresPage)
    assert isinstance(page.table.itemDelegate(), ClampedTextDelegate)
    dashboard = open_dashboard(window, qtbot)
    for table in (dashboard.indicators, dashboard.overdue, dashboard.targets, dashboard.forms):
        assert isinstance(table.itemDelegate(), ClampedTextDelegate), table.objectName()


def test_the_documents_title_column_keeps_its_whole_title_in_the_narrow_report_panel(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 720)
    page = _open(window, qtbot, "measures")
    assert isinstance(page, MeasuresPage)
    documents = page.report_editor.documents
    header = documents.horizontalHeader()
    title = header.fontMetrics().horizontalAdvance("Документ")
    assert header.sectionSize(0) >= title + 8, (header.sectionSize(0), title)
