"""«Справка → Руководство пользователя» (F1): the Markdown guide from resources/guide, read offline.

Contents on the left (files and their sections), a search box over the whole guide, links between sections, and
opening at a section: F1 on a page opens that page's section (``guide.PAGE_SECTIONS``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core import guide

_TARGET = Qt.ItemDataRole.UserRole


def _normalised(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (item.child(row) for row in range(item.childCount()))
    return [child for child in children if child is not None]


class HelpWindow(QWidget):
    """The guide's viewer; ``open_at("families.md#разместить-ребёнка")`` shows a section."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Руководство пользователя — Опека-Офлайн")
        self.folder = folder or guide.guide_folder()
        self.current_file = ""
        self.current_anchor = ""
        self._history: list[str] = []
        self._texts: dict[str, str] = {}

        self.search = QLineEdit()
        self.search.setPlaceholderText("Найти в руководстве")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Слова для поиска; Enter — к следующему месту в открытом разделе")
        self.search.textChanged.connect(self._filter_contents)
        self.search.returnPressed.connect(self._find_next)
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.itemActivated.connect(self._open_item)
        self.contents.itemClicked.connect(self._open_item)
        self.not_found = QLabel("Ничего не найдено.")
        self.not_found.hide()
        self.back_button = QToolButton()
        self.back_button.setText("← Назад")
        self.back_button.setToolTip("К предыдущему разделу (Alt+←)")
        self.back_button.setShortcut(QKeySequence.StandardKey.Back)
        self.back_button.clicked.connect(self.go_back)
        self.back_button.setEnabled(False)
        contents_button = QToolButton()
        contents_button.setText("Содержание")
        contents_button.clicked.connect(lambda: self.open_at(guide.INDEX))
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(contents_button)
        buttons.addStretch(1)
        left_column.addLayout(buttons)
        left_column.addWidget(self.search)
        left_column.addWidget(self.not_found)
        left_column.addWidget(self.contents, 1)

        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # links between the guide's files are followed here, with anchors
        self.browser.anchorClicked.connect(self._follow)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

        self._build_contents()
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.resize(min(1000, int(area.width() * 0.8)), min(760, int(area.height() * 0.85)))

    def _text(self, file: str) -> str:
        if file not in self._texts:
            try:
                self._texts[file] = (self.folder / file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._texts[file] = ""
        return self._texts[file]

    def _build_contents(self) -> None:
        try:
            files = guide.guide_files(self.folder)
        except OSError:
            files = []
        for file in files:
            sections = guide.headings(self._text(file))
            if not sections:
                continue
            top = QTreeWidgetItem([sections[0].text])
            top.setData(0, _TARGET, file)
            self.contents.addTopLevelItem(top)
            for heading in sections[1:]:
                if heading.level == 2:
                    child = QTreeWidgetItem([heading.text])
                    child.setData(0, _TARGET, f"{file}#{heading.anchor}")
                    top.addChild(child)

    def open_at(self, target: str, remember: bool = True) -> None:
        """Show ``target`` («file.md» or «file.md#anchor»), scrolled so that its heading is at the top."""
        file, anchor = guide.split_target(target, self.current_file or guide.INDEX)
        if remember and self.current_file:
            self._history.append(f"{self.current_file}#{self.current_anchor}")
            self.back_button.setEnabled(True)
        if file != self.current_file:
            self._load(file)
        self.current_anchor = anchor
        self._room_below()
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        self._select_in_contents(f"{file}#{anchor}" if anchor else file)

    def go_back(self) -> None:
        if self._history:
            self.open_at(self._history.pop(), remember=False)
        self.back_button.setEnabled(bool(self._history))

    def _load(self, file: str) -> None:
        self.current_file = file
        text = self._text(file)
        if not text:
            self.browser.setPlainText(
                f"Раздел руководства «{file}» не найден в папке {self.folder}. Переустановите программу."
            )
            return
        self.browser.setMarkdown(text)
        self._name_headings()

    def _room_below(self) -> None:
        """Room below the end of the text, so that the last short section too can be scrolled to the top."""
        frame = self.browser.document().rootFrame()
        spaced = frame.frameFormat()
        spaced.setBottomMargin(max(self.browser.viewport().height() - 40, 0))
        frame.setFrameFormat(spaced)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # a viewer, nothing to lose: Esc closes it like a dialog
            self.close()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._room_below()

    def _name_headings(self) -> None:
        """Qt's Markdown reader makes no anchors: give each heading the one GitHub gives it, for links and F1."""
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                cursor = QTextCursor(block)
                cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
                named = QTextCharFormat()
                named.setAnchor(True)
                named.setAnchorNames([guide.slug(block.text())])
                cursor.mergeCharFormat(named)
            block = block.next()

    def visible_heading(self) -> str:
        """The text of the heading at the top of the view (the last one above it): what the reader sees first."""
        document = self.browser.document()
        layout = document.documentLayout()
        top = self.browser.verticalScrollBar().value()
        seen = ""
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                if layout.blockBoundingRect(block).top() > top + document.documentMargin() + 2:
                    break
                seen = block.text()
            block = block.next()
        return seen

    def _select_in_contents(self, target: str) -> None:
        for top in self._files():
            for item in [top, *_children(top)]:
                if item.data(0, _TARGET) == target:
                    self.contents.setCurrentItem(item)
                    return

    def _files(self) -> list[QTreeWidgetItem]:
        items = (self.contents.topLevelItem(index) for index in range(self.contents.topLevelItemCount()))
        return [item for item in items if item is not None]

    def _open_item(self, item: QTreeWidgetItem) -> None:
        target = item.data(0, _TARGET)
        if target:
            self.open_at(str(target))

    def _follow(self, url: QUrl) -> None:
        target = url.toString()
        if guide.is_external(target):
            QDesktopServices.openUrl(url)
        else:
            self.open_at(target)

    def _filter_contents(self, query: str) -> None:
        """Keep in the contents only the sections whose text holds every word typed (case and е/ё ignored)."""
        words = _normalised(query).split()
        shown_any = False
        for top in self._files():
            file = str(top.data(0, _TARGET))
            sections = self._sections(file)
            top_matches = all(word in _normalised(self._text(file)) for word in words)
            for child in _children(top):
                body = sections.get(str(child.data(0, _TARGET)).partition("#")[2], "")
                child.setHidden(bool(words) and not all(word in body for word in words))
            top.setHidden(not top_matches)
            top.setExpanded(bool(words) and top_matches)
            shown_any = shown_any or top_matches
        self.not_found.setVisible(not shown_any)

    def _sections(self, file: str) -> dict[str, str]:
        """Each second-level section's normalised text (heading and body up to the next such heading), by anchor."""
        sections: dict[str, str] = {}
        anchor = ""
        for line in self._text(file).splitlines():
            heading = guide.headings(line)
            if heading and heading[0].level <= 2:
                anchor = heading[0].anchor
            sections[anchor] = sections.get(anchor, "") + _normalised(line) + "\n"
        return sections

    def _find_next(self) -> None:
        """Enter in the search box: the next place in the open section, else the first section that has the words."""
        query = self.search.text().strip()
        if not query:
            return
        if self.browser.find(query) or self._find_from_top(query):
            return
        for top in self._files():
            if not top.isHidden() and top.data(0, _TARGET) != self.current_file:
                self.open_at(str(top.data(0, _TARGET)))
                self._find_from_top(query)
                return

    def _find_from_top(self, query: str) -> bool:
        cursor = self.browser.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(query)
