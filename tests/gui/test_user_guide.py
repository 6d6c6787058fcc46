"""The user guide inside the program: «Справка» menu, F1 at the current page's section, contents, links, search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop_app.core import guide
from desktop_app.core.paths import resource_path
from desktop_app.gui.help_window import HelpWindow
from desktop_app.gui.main_window import PAGE_SPECS, MainWindow
from tests.gui.helpers import settle

# Each main task of the list and the guide's section that must explain it (file, heading as written).
TASK_SECTIONS = {
    "enter a half-year execution report": ("measures.md", "Отчёт об исполнении за полугодие"),
    "register a family": ("families.md", "Новая ресурсная семья"),
    "place a child": ("families.md", "Разместить ребёнка"),
    "fill a monitoring form": ("forms.md", "Заполнить форму"),
    "print a report": ("reports.md", "Напечатать отчёт"),
    "export to the region": ("exchange.md", "Выгрузить пакет для региона"),
    "import at the region": ("exchange.md", "Загрузить пакеты у региона"),
    "restore a backup": ("backups.md", "Восстановить из копии"),
    "first start": ("first-start.md", "Первый запуск"),
    "sign in": ("first-start.md", "Вход"),
    "passwords": ("first-start.md", "Пользователи и пароли"),
    "recovery code": ("first-start.md", "Код восстановления"),
    "what the statuses mean": ("statuses.md", "Что означают состояния"),
}


def _help_actions(window: MainWindow) -> list[QAction]:
    (menu_action,) = [action for action in window.menuBar().actions() if action.text() == "&Справка"]
    menu = menu_action.menu()
    return [action for action in menu.actions() if not action.isSeparator()]  # type: ignore[union-attr]


def test_help_menu_offers_the_guide_on_f1_and_about(window: MainWindow) -> None:
    actions = _help_actions(window)
    assert [action.text().replace("&", "") for action in actions] == ["Руководство пользователя", "О программе"]
    assert actions[0].shortcut().toString() == "F1"


@pytest.mark.parametrize("key", [spec.key for spec in PAGE_SPECS])
def test_f1_on_each_page_opens_the_guide_at_that_pages_section(window: MainWindow, qtbot: QtBot, key: str) -> None:
    page = window.open_page(key)
    settle(page, qtbot)
    _help_actions(window)[0].trigger()
    help_window = window._help_window
    assert isinstance(help_window, HelpWindow)
    qtbot.waitExposed(help_window)

    file, _, anchor = guide.PAGE_SECTIONS[key].partition("#")
    titles = [h for h in guide.headings(resource_path("guide", file).read_text(encoding="utf-8"))]
    expected = next(h.text for h in titles if h.anchor == anchor) if anchor else titles[0].text
    assert help_window.current_file == file
    assert help_window.visible_heading() == expected
    assert help_window.contents.currentItem().text(0) == expected


def test_f1_again_on_another_page_reuses_the_window_and_moves_to_its_section(window: MainWindow) -> None:
    first = window.open_guide()
    window.open_page("families")
    second = window.open_guide()
    assert second is first
    assert second.current_file == "families.md"
    assert second.visible_heading() == "Новая ресурсная семья"


@pytest.mark.parametrize("task", sorted(TASK_SECTIONS))
def test_every_main_task_has_a_section_with_numbered_steps(task: str) -> None:
    file, title = TASK_SECTIONS[task]
    text = resource_path("guide", file).read_text(encoding="utf-8")
    assert title in [heading.text for heading in guide.headings(text)], (task, file)
    if task != "what the statuses mean":
        section = text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]
        assert "\n1. " in section, f"{task}: нет пошаговой инструкции"


def test_every_link_inside_the_guide_resolves() -> None:
    assert guide.broken_links() == []


def test_a_broken_link_is_reported(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "index.md").write_text("# А\n\n1. [Б](b.md#нет)\n2. [В](c.md)\n[здесь](#а)\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Б\n\n## Есть\n", encoding="utf-8")
    assert guide.broken_links(tmp_path) == ["index.md: b.md#нет — нет заголовка", "index.md: c.md — нет файла"]


def test_the_guide_is_found_through_the_programs_resources() -> None:
    folder = guide.guide_folder()
    assert folder == resource_path("guide")
    files = guide.guide_files()
    assert files[0] == guide.INDEX and len(files) >= 12
    assert all((folder / file).is_file() for file in files)
    for target in guide.PAGE_SECTIONS.values():
        file, _, anchor = target.partition("#")
        assert not anchor or anchor in {h.anchor for h in guide.headings((folder / file).read_text("utf-8"))}


def test_anchors_follow_githubs_rule_for_cyrillic_headings() -> None:
    assert guide.slug("Первый запуск, вход и пароли") == "первый-запуск-вход-и-пароли"
    assert guide.slug("Статистика и цель «не менее 5 семей»") == "статистика-и-цель-не-менее-5-семей"


def test_a_link_between_sections_opens_the_linked_heading_and_back_returns(qtbot: QtBot) -> None:
    viewer = HelpWindow()
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.open_at("index.md")
    assert viewer.visible_heading() == "Руководство пользователя"
    viewer._follow(viewer.browser.document().baseUrl().resolved("measures.md#утверждение-отчётов-руководителем"))
    assert viewer.current_file == "measures.md"
    assert viewer.visible_heading() == "Утверждение отчётов руководителем"
    viewer.go_back()
    assert viewer.current_file == "index.md"


def test_contents_list_every_file_and_open_a_section_on_click(qtbot: QtBot) -> None:
    viewer = HelpWindow()
    qtbot.addWidget(viewer)
    viewer.show()
    tops = [viewer.contents.topLevelItem(i) for i in range(viewer.contents.topLevelItemCount())]
    assert len(tops) == len(guide.guide_files())
    (families,) = [item for item in tops if item.text(0) == "Ресурсные семьи"]
    (place,) = [
        families.child(i) for i in range(families.childCount()) if families.child(i).text(0) == "Разместить ребёнка"
    ]
    viewer.contents.itemClicked.emit(place, 0)
    assert viewer.current_file == "families.md"
    assert viewer.visible_heading() == "Разместить ребёнка"


def test_search_keeps_only_sections_with_the_words_ignoring_case_and_yo(qtbot: QtBot) -> None:
    viewer = HelpWindow()
    qtbot.addWidget(viewer)
    viewer.show()
    viewer.search.setText("КОД ВОССТАНОВЛЕНИЯ")
    shown = [
        viewer.contents.topLevelItem(i).text(0)
        for i in range(viewer.contents.topLevelItemCount())
        if not viewer.contents.topLevelItem(i).isHidden()
    ]
    assert "Первый запуск, вход и пароли" in shown and "Отчёты" not in shown
    viewer.search.setText("размещение ребенка")  # «е» finds «ребёнка»
    (families,) = [
        viewer.contents.topLevelItem(i)
        for i in range(viewer.contents.topLevelItemCount())
        if viewer.contents.topLevelItem(i).text(0) == "Ресурсные семьи"
    ]
    assert not families.isHidden()
    viewer.search.setText("абракадабра")
    assert viewer.not_found.isVisibleTo(viewer)
    viewer.search.clear()
    assert not viewer.not_found.isVisibleTo(viewer)


def test_escape_closes_the_guide(qtbot: QtBot) -> None:
    viewer = HelpWindow()
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    qtbot.keyClick(viewer.browser, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
