"""A 1024-pixel window (a 1280×720 monitor at 125 %): the navigation, the status bar, the form sheet and the
indicator grid give their room to what the user reads, and what is shortened is one hover away."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.gui.formview.grids import YearPairWidget
from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
from desktop_app.gui.pages.families_page import FamiliesPage
from desktop_app.gui.pages.forms_page import FormsPage
from desktop_app.gui.pages.indicators_page import IndicatorsPage
from desktop_app.gui.widgets.name_column import SMALLEST_CAP, capped_widths
from tests.gui.helpers import settle
from tests.gui.test_fit_720 import _open

SMALL = (1024, 576)
OLD_NAVIGATION_WIDTH = 190


def _small(window: MainWindow) -> None:
    window.resize(*SMALL)
    QGuiApplication.processEvents()


def test_other_columns_keep_their_widths_while_the_name_has_room() -> None:
    preferred = {0: 50, 2: 60, 3: 120}
    assert capped_widths(preferred, room=1000, name_least=200) == preferred  # the name gets 1000 - 230 = 770


def test_other_columns_give_way_to_a_readable_name_but_keep_their_header_words() -> None:
    preferred = {0: 50, 2: 60, 3: 120, 4: 120}
    floors = {0: 30, 2: 40, 3: 90, 4: 70}
    widths = capped_widths(preferred, room=420, floors=floors, name_least=150)
    # one cap for all: column 3 keeps its header word (90), so the name gets 420 - (50 + 60 + 90 + cap), which
    # is 150 at cap = 70
    assert widths == {0: 50, 2: 60, 3: 90, 4: 70}
    assert 420 - sum(widths.values()) == 150


def test_on_a_very_narrow_table_the_name_is_still_the_widest_column() -> None:
    preferred = {0: 50, 2: 60, 3: 120}
    floors = {0: 50, 2: 60, 3: 120}
    # the header words alone (230) do not fit in 200; below them, three columns of cap c leave 200 - 3c >= c
    # for the name at c = 50
    assert capped_widths(preferred, room=200, floors=floors, name_least=150) == {0: 50, 2: 50, 3: 50}
    assert capped_widths(preferred, room=100, floors=floors) == {0: SMALLEST_CAP, 2: SMALLEST_CAP, 3: SMALLEST_CAP}


def test_navigation_is_only_as_wide_as_its_longest_title(window: MainWindow) -> None:
    _small(window)
    navigation = window.navigation
    assert navigation.width() < OLD_NAVIGATION_WIDTH
    metrics = navigation.fontMetrics()
    for row in range(navigation.count()):
        item = navigation.item(row)
        room = navigation.visualItemRect(item).width() - navigation.iconSize().width()
        assert metrics.horizontalAdvance(item.text()) < room, item.text()
        assert item.toolTip() == f"{item.text()} (Ctrl+{row + 1})"


def test_status_bar_ends_a_long_name_with_an_ellipsis_and_tells_it_whole_on_hover(window: MainWindow) -> None:
    _small(window)
    label = window.installation_label
    info = window.context.info
    whole = f"{info.kind.label}: {info.title}"
    assert label.toolTip() == whole
    shown = label.shown_text()  # type: ignore[attr-defined]
    assert shown.endswith("…") and whole.startswith(shown[:-1])
    for widget in window.statusBar().findChildren(QLabel):
        if widget.isVisible():
            assert widget.geometry().right() <= window.statusBar().width(), widget.text()


def test_form_sheet_fits_its_page_at_1024_pixels(window: MainWindow, qtbot: QtBot) -> None:
    _small(window)
    page = window.open_page("forms")
    settle(page, qtbot)
    assert isinstance(page, FormsPage) and page.view is not None
    qtbot.wait(20)
    sheet = page.view.widget()
    # the sheet never scrolls sideways: a wider sheet would cut the right side of every field and grid
    assert sheet.minimumSizeHint().width() <= page.view.viewport().width()
    assert window.width() == SMALL[0]


def test_form_chooser_shows_the_whole_title_on_hover_and_in_its_list(window: MainWindow, qtbot: QtBot) -> None:
    _small(window)
    page = window.open_page("forms")
    settle(page, qtbot)
    assert isinstance(page, FormsPage)
    combo = page.form_combo
    assert combo.toolTip() == combo.currentText()
    longest = max(combo.view().fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.view().minimumWidth() >= longest


def test_indicator_names_stay_readable_at_1024_pixels(window: MainWindow, qtbot: QtBot) -> None:
    _small(window)
    page = window.open_page("indicators")
    settle(page, qtbot)
    assert isinstance(page, IndicatorsPage)
    qtbot.wait(20)
    table = page.table
    name = table.columnWidth(page.model.COL_NAME)
    others = [
        table.columnWidth(column)
        for column in range(page.model.columnCount())
        if column != page.model.COL_NAME and not table.isColumnHidden(column)
    ]
    assert name >= max(others)
    assert name >= table.fontMetrics().averageCharWidth() * 20  # two or three words a line, not one
    assert window.width() == SMALL[0]


def test_family_card_fields_show_a_whole_municipality_and_address_at_1024_pixels(
    window: MainWindow, qtbot: QtBot
) -> None:
    _small(window)
    page = window.open_page("families")
    settle(page, qtbot)
    assert isinstance(page, FamiliesPage)
    qtbot.waitUntil(lambda: page.card.card is not None, timeout=10_000)
    qtbot.wait(20)
    form = page.card.form
    for field, text in ((form.municipality, form.municipality.currentText()), (form.address, form.address.text())):
        assert text
        assert field.width() > field.fontMetrics().horizontalAdvance(text), text
    area = next(parent for parent in _ancestors(form) if isinstance(parent, QScrollArea))
    assert not area.horizontalScrollBar().isVisible()  # the card scrolls down only
    assert window.width() == SMALL[0]


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def test_journal_rows_end_a_long_description_in_an_ellipsis_instead_of_half_a_second_line(
    window: MainWindow, qtbot: QtBot
) -> None:
    _small(window)
    page = window.open_page("audit")
    settle(page, qtbot)
    table = page.table  # type: ignore[attr-defined]  # AuditPage
    line = table.fontMetrics().lineSpacing()
    assert table.verticalHeader().defaultSectionSize() < 2 * line  # one line a row
    assert not table.wordWrap() and table.textElideMode() == Qt.TextElideMode.ElideRight


def test_report_card_puts_documents_under_the_fields_rather_than_scroll_sideways(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 720)
    page = window.open_page("measures")
    settle(page, qtbot)
    page.table.selectRow(0)  # type: ignore[attr-defined]  # MeasuresPage
    editor = page.report_editor  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: editor._report is not None, timeout=10_000)
    qtbot.wait(20)
    assert editor.columns.side_by_side()
    _small(window)
    qtbot.wait(20)
    area = next(parent for parent in _ancestors(editor.columns) if isinstance(parent, QScrollArea))
    assert not editor.columns.side_by_side()
    assert editor.columns.width() <= area.viewport().width()
    assert not area.horizontalScrollBar().isVisible()


def test_indicator_rows_take_the_height_of_their_names_after_the_window_is_resized(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 720)
    page = window.open_page("indicators")
    settle(page, qtbot)
    assert isinstance(page, IndicatorsPage)
    table = page.table
    tallest = table.verticalHeader().maximumSectionSize()

    def stale_rows() -> list[int]:
        return [
            row
            for row in range(page.model.rowCount())
            if table.rowHeight(row) != min(table.sizeHintForRow(row), tallest)
        ]

    qtbot.waitUntil(lambda: not stale_rows(), timeout=5_000)
    _small(window)
    qtbot.waitUntil(lambda: not stale_rows(), timeout=5_000)
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: not stale_rows(), timeout=5_000)


def test_no_panel_of_any_page_or_tab_scrolls_sideways_at_1024_pixels(window: MainWindow, qtbot: QtBot) -> None:
    """Tables may scroll sideways; a panel of fields never: it would hide the right half of every field."""
    sideways = []

    def look(where: str) -> None:
        for area in window.findChildren(QScrollArea):
            content = area.widget()
            if content is None or not area.isVisible():
                continue
            if area.horizontalScrollBar().isVisible() or content.width() > area.viewport().width():
                sideways.append(f"{where}: {content.width()} px in {area.viewport().width()} px")

    for spec in PAGE_SPECS:
        _small(window)
        page = _open(window, qtbot, spec.key)
        look(spec.title)
        for tabs in (tabs for tabs in page.findChildren(QTabWidget) if tabs.isVisible()):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                qtbot.wait(20)
                look(f"{spec.title} / {tabs.tabText(index)}")
            tabs.setCurrentIndex(0)
    assert sideways == []


def test_year_cells_stay_beside_their_labels_on_a_wide_screen(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1920, 1080)
    page = window.open_page("forms")
    settle(page, qtbot)
    assert isinstance(page, FormsPage) and page.view is not None
    qtbot.wait(20)
    grids = [widget for widget in page.view.widgets.values() if isinstance(widget, YearPairWidget)]
    single = next(widget for widget in grids if widget.single)
    first = next(iter(single.cells.values()))
    assert first.mapTo(single, QPoint(0, 0)).x() < 40  # no label: the cells start at the left
    rows = next(widget for widget in grids if not widget.single)
    label_width = max(label.width() for label in rows.findChildren(QLabel) if label.wordWrap())
    first = next(iter(rows.cells.values()))
    assert first.mapTo(rows, QPoint(0, 0)).x() <= label_width + 40  # the cells right after the row labels


def test_a_wide_page_once_shown_does_not_keep_the_other_pages_wide(window: MainWindow, qtbot: QtBot) -> None:
    _small(window)
    forms = window.open_page("forms")
    settle(forms, qtbot)
    qtbot.wait(20)
    forms_needs = forms.minimumSizeHint().width()
    dashboard = window.open_page("dashboard")
    settle(dashboard, qtbot)
    assert dashboard.minimumSizeHint().width() < forms_needs - 200  # the test needs a narrow page and a wide one
    narrow = window.navigation.width() + forms_needs - 100
    window.resize(narrow, SMALL[1])
    QGuiApplication.processEvents()
    assert window.width() == narrow


def test_a_status_message_is_not_hidden_behind_the_long_labels(window: MainWindow, qtbot: QtBot) -> None:
    _small(window)
    bar = window.statusBar()
    labels = (window.installation_label, window.user_label, window.period_label)
    message = "В этом разделе сейчас нечего сохранять."
    bar.showMessage(message, 5000)
    qtbot.wait(20)
    first_label = min(label.geometry().x() for label in labels)
    assert first_label >= bar.fontMetrics().horizontalAdvance(message)
    assert window.period_label.width() >= window.period_label.sizeHint().width()  # the period stays whole
    bar.clearMessage()
    qtbot.wait(20)
    assert window.installation_label.width() > window.installation_label.minimumSizeHint().width()
