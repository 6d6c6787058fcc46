"""A page for a section that is not built yet: says so plainly and what it will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.gui.context import AppContext
from desktop_app.gui.pages.base import Page


class PlaceholderPage(Page):
    def __init__(
        self, context: AppContext, key: str, title: str, description: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.KEY = key
        self.TITLE = title
        heading = QLabel(f"<h2>{title}</h2>")
        text = QLabel(
            f"<p>Этот раздел ещё не готов: он появится в одной из следующих версий программы.</p><p>{description}</p>"
        )
        text.setWordWrap(True)
        text.setObjectName("placeholderText")
        for label in (heading, text):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.root_layout.addWidget(label)
        self.root_layout.addStretch(1)
        self.loaded_once = True
