"""Panels that scroll rather than push the window wider than a 1366-pixel office screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout, QScrollArea, QVBoxLayout, QWidget


def scrolling(panel: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def scrolling_with_actions(body: QWidget, actions: QLayout, top: QWidget | None = None) -> QWidget:
    """``body`` scrolls; ``top`` (the message bar) and the ``actions`` row stay put above and below it, so a save
    button is never below the fold on a small monitor and a message is never scrolled out of sight."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    if top is not None:
        layout.addWidget(top)
    layout.addWidget(scrolling(body), 1)
    layout.addLayout(actions)
    return panel
