"""A strip at the top of a page that shows one message: an error in red, information in blue."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

_STYLES = {
    "error": "background:#fdecea; color:#8a1c1c; border:1px solid #f5c2c0; padding:6px; border-radius:4px;",
    "info": "background:#e8f1fb; color:#17406b; border:1px solid #bcd6f2; padding:6px; border-radius:4px;",
}


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, "error")

    def show_info(self, message: str) -> None:
        self._show(message, "info")

    def _show(self, message: str, kind: str) -> None:
        self.setStyleSheet(_STYLES[kind])
        self.setProperty("kind", kind)
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.setProperty("kind", "")
        self.setText("")
        self.hide()
