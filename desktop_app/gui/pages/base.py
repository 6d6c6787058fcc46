"""What every page of the main window offers the shell: a key, a title, refresh() and a busy flag."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.gui.context import AppContext
from desktop_app.gui.widgets.message_bar import MessageBar


class Page(QWidget):
    KEY = ""
    TITLE = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.messages = MessageBar(self)
        self._loading = 0
        self.last_error = ""
        self.loaded_once = False
        self.root_layout = QVBoxLayout(self)
        self.root_layout.addWidget(self.messages)

    def refresh(self) -> None:
        """Reload what the page shows; pages without data need not override it."""
        self.loaded_once = True

    def unsaved_changes(self) -> str:
        """What would be lost if the window closed now, in a few words; empty when nothing."""
        return ""

    @property
    def busy(self) -> bool:
        return self._loading > 0

    def load(self, work, on_done) -> None:  # type: ignore[no-untyped-def]
        """Run ``work`` in the background and pass its result to ``on_done`` in the GUI thread."""
        self._loading += 1

        def done(result: object) -> None:
            self._loading -= 1
            self.loaded_once = True
            self.last_error = ""
            on_done(result)

        def failed(message: str) -> None:
            self._loading -= 1
            self.loaded_once = True
            self.last_error = message
            self.messages.show_error(message)
            self.load_failed(message)

        self.context.runner.run(work, done, failed)

    def load_failed(self, message: str) -> None:
        """After a background job failed and its message is shown: pages that disabled controls restore them."""
