"""The main window's navigation list, page stack and status bar, sized for a 1024-pixel screen (1280 px at 125 %).

The navigation is as wide as its longest title needs, not a fixed 190 px: every pixel it does not need goes to
the page. The stack needs only what the page shown needs. The status bar's labels end in «…» when the bar is
short, and their tooltips hold the whole text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QListWidget, QListWidgetItem, QStackedWidget, QStatusBar, QStyle

from desktop_app.domain.actor import Actor
from desktop_app.gui.widgets.elided_label import ElidedLabel

if TYPE_CHECKING:
    from desktop_app.gui.main_window import PageSpec
    from desktop_app.services.installation import InstallationInfo

ICON_SIZE = QSize(22, 22)
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's «no maximum» for a widget's size
MESSAGE_MARGIN = 8  # around a status bar message and between the bar's widgets
ITEM_PADDING = 24  # the icon's gap, the item's margins and the selection frame, with room to spare


def navigation_list(specs: Sequence[PageSpec], style: QStyle) -> QListWidget:
    """One line per page with its icon; the tooltip names the page's Ctrl+number."""
    navigation = QListWidget()
    navigation.setObjectName("navigation")
    navigation.setIconSize(ICON_SIZE)
    navigation.setTextElideMode(Qt.TextElideMode.ElideNone)
    navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    for number, spec in enumerate(specs, start=1):
        item = QListWidgetItem(style.standardIcon(spec.icon), spec.title)
        item.setData(Qt.ItemDataRole.UserRole, spec.key)
        item.setToolTip(f"{spec.title} (Ctrl+{number})")
        navigation.addItem(item)
    navigation.setFixedWidth(navigation_width(navigation))
    return navigation


def navigation_width(navigation: QListWidget) -> int:
    """Wide enough for the longest title beside its icon in the list's own font."""
    metrics = navigation.fontMetrics()
    titles = [navigation.item(row).text() for row in range(navigation.count())]
    longest = max((metrics.horizontalAdvance(title) for title in titles), default=0)
    return longest + navigation.iconSize().width() + ITEM_PADDING + 2 * navigation.frameWidth()


class PageStack(QStackedWidget):
    """A QStackedWidget needs the largest minimum of all the pages it ever showed: one wide page would keep the
    window wide on every other page. This one needs the minimum of the page shown."""

    def __init__(self) -> None:
        super().__init__()
        layout = self.layout()
        assert layout is not None
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()


def status_labels(bar: QStatusBar, info: InstallationInfo, actor: Actor) -> tuple[QLabel, QLabel, QLabel]:
    """Where the data belong, who works and which period is reported, as permanent widgets of ``bar``."""
    installation = ElidedLabel(f"{info.kind.label}: {info.title}")
    user = ElidedLabel(f"Пользователь: {actor.full_name} ({actor.role.label})")
    period = QLabel(f"Отчётный период: {info.current_period().label}")  # short, and what a report is due for
    for label in (installation, user, period):
        label.setContentsMargins(6, 0, 6, 0)
        bar.addPermanentWidget(label)
    if info.is_demo:
        demo = QLabel("ДЕМО")
        demo.setStyleSheet("color:#ffffff; background:#c0392b; padding:1px 6px; border-radius:3px;")
        demo.setToolTip("Демонстрационная установка: семьи и значения показателей вымышлены.")
        bar.addPermanentWidget(demo)
    bar.messageChanged.connect(lambda text: _make_room(bar, (installation, user), text))
    return installation, user, period


def _make_room(bar: QStatusBar, shrinking: tuple[ElidedLabel, ...], message: str) -> None:
    """Permanent widgets are never covered by a message («Сохранено», «нечего сохранять»): while one is shown,
    the long labels give up as much of their width as it needs, down to their shortest; then they get it back."""
    for label in shrinking:
        label.setMaximumWidth(QWIDGETSIZE_MAX)
    if not message:
        return
    permanent = [widget for widget in bar.findChildren(QLabel) if widget.isVisible() and widget.parent() is bar]
    taken = sum(widget.sizeHint().width() + MESSAGE_MARGIN for widget in permanent)
    missing = bar.fontMetrics().horizontalAdvance(message) + 2 * MESSAGE_MARGIN + taken - bar.width()
    for label in sorted(shrinking, key=lambda label: label.sizeHint().width(), reverse=True):
        if missing <= 0:
            break
        width = label.sizeHint().width()
        kept = max(label.minimumSizeHint().width(), width - missing)
        label.setMaximumWidth(kept)
        missing -= width - kept
