"""Panels that scroll rather than push the window wider than a 1366-pixel office screen."""

from __future__ import annotations

from PySide6.QtWidgets import QScrollArea, QWidget


def scrolling(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area
