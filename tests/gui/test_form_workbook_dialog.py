"""«Формы» → «Загрузить форму из Excel…»: the form from the workbook shown as it will look, each problem with its
cell, «Загрузить» only when there is none; the buttons are there only for who may author forms."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop_app.domain.roles import Role
from desktop_app.form_workbook import layout as lay
from desktop_app.formkit import load_catalogue
from desktop_app.gui.main_window import MainWindow
from desktop_app.gui.pages.forms_page import FormsPage
from tests.conftest import make_actor
from tests.gui.conftest import WindowFactory
from tests.gui.helpers import settle

FORM = "resource-families-monthly"


def _page(window: MainWindow, qtbot: QtBot) -> FormsPage:
    page = window.open_page("forms")
    assert isinstance(page, FormsPage)
    settle(page, qtbot)
    return page


def _set_text(book_path: Path, row: int, header: str, value: str) -> None:
    book = load_workbook(book_path)
    book[lay.QUESTIONS].cell(row, lay.QUESTION_HEADERS.index(header) + 1).value = value
    book.save(book_path)


def test_a_changed_form_is_previewed_and_loaded_as_the_next_version(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(window, qtbot)
    actions = page.form_workbooks
    assert actions.load_button.isVisibleTo(page) and actions.export_button.isVisibleTo(page)
    book = tmp_path / "форма.xlsx"
    actions.export(FORM, book)
    assert book.exists()
    _set_text(book, 3, lay.TEXT, "Переписанный вопрос")
    folder = page.context.paths.root / "forms"
    before = load_catalogue(received=folder).get(FORM).version

    dialog = actions.preview(book)
    assert dialog is not None and dialog.view is not None
    qtbot.addWidget(dialog)
    assert not dialog.problems.isVisibleTo(dialog)
    assert f"версия {before} → {before + 1}" in dialog.summary.text()
    assert dialog.load_button.isEnabled()
    dialog.load_button.click()
    assert load_catalogue(received=folder).get(FORM).version == before + 1
    assert "пакетом региона" in page.messages.text()
    # the page lists and opens the new version at once, without restarting the program
    settle(page, qtbot)
    page.show_form(FORM)
    settle(page, qtbot)
    assert page.state is not None and page.state.form.version == before + 1
    assert page.current_form() is not None and page.current_form().version == before + 1


def test_a_workbook_with_problems_lists_them_by_cell_and_cannot_be_loaded(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    page = _page(window, qtbot)
    book = tmp_path / "форма.xlsx"
    page.form_workbooks.export(FORM, book)
    _set_text(book, 3, lay.KIND, "анкета")
    dialog = page.form_workbooks.preview(book)
    assert dialog is not None
    qtbot.addWidget(dialog)
    kind = lay.column_letter(lay.QUESTION_HEADERS.index(lay.KIND) + 1)
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text().startswith(f"Вопросы!{kind}3: вид «анкета» неизвестен")
    assert dialog.view is None and not dialog.load_button.isEnabled()


def test_a_specialist_sees_no_form_authoring_buttons(make_window: WindowFactory, qtbot: QtBot) -> None:
    page = _page(make_window(make_actor(Role.SPECIALIST)), qtbot)
    assert not page.form_workbooks.load_button.isVisibleTo(page)
    assert not page.form_workbooks.export_button.isVisibleTo(page)
