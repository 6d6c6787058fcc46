"""The chosen program above the measures list: its title and its act, period and reporting, one line each.

On a 1280×720 monitor at 125 % the title and the act took six wrapped lines and left the list one row; each line
now ends in «…» when it is cut, and the whole text is in its tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.gui.widgets.elided_label import ElidedLabel


class ProgramHeading(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel()
        self.title.setObjectName("programTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.details = ElidedLabel()
        self.details.setObjectName("programDetails")
        self.details.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.details)

    def show_program(self, title: str, details: str) -> None:
        self.title.setText(title)
        self.details.setText(details)

    def text(self) -> str:
        """Both lines whole, as the tooltips give them."""
        return "\n".join(part for part in (self.title.text(), self.details.text()) if part)
