"""The main window's place on the screen: inside the screen's free area, remembered for each screen.

District offices run 1280×720 and 1366×768 monitors, often a laptop docked to a larger monitor: a size that
suits one screen is saved for that screen only, and a size larger than the screen (saved on a bigger monitor,
or the default) is shrunk to fit so that the status bar and the buttons at the bottom are never off-screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QSplitter, QStyle, QWidget

from desktop_app.core.settings import Settings

DEFAULT_SIZE = QSize(1280, 800)


def screen_key(screen: QScreen) -> str:
    size = screen.size()
    return f"{screen.name()} {size.width()}x{size.height()}"


def fitted(rect: QRect, available: QRect, title_height: int = 0) -> QRect:
    """``rect`` (the window without its frame) shrunk and moved so that it and its title bar lie in ``available``."""
    room = available.adjusted(0, title_height, 0, 0)
    width = min(rect.width(), room.width())
    height = min(rect.height(), room.height())
    left = min(max(rect.left(), room.left()), room.right() + 1 - width)
    top = min(max(rect.top(), room.top()), room.bottom() + 1 - height)
    return QRect(left, top, width, height)


def _screen(window: QWidget) -> QScreen:
    return window.screen() or QGuiApplication.primaryScreen()


# what a Windows 10/11 window frame takes around a dialog at 100 %: a 31 px title bar and thin borders
FRAME_WIDTH, FRAME_HEIGHT = 16, 40


def open_size(dialog: QWidget, width: int, height: int) -> None:
    """Size a dialog to ``width``×``height``, or smaller on a small screen: a 1280×720 monitor at 125 % leaves
    1024×546 px under a taskbar, and a dialog taller than that hides its buttons below the screen's edge."""
    available = _screen(dialog).availableGeometry()
    dialog.resize(min(width, available.width() - FRAME_WIDTH), min(height, available.height() - FRAME_HEIGHT))


def place(window: QWidget, settings: Settings) -> None:
    """Give ``window`` the size saved for its screen (or the last one, or the default), fitted into the screen."""
    screen = _screen(window)
    saved = settings.window_geometries.get(screen_key(screen)) or settings.window_geometry
    window.resize(DEFAULT_SIZE)
    if saved:
        window.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
    if window.isMaximized() or window.isFullScreen():
        return
    title = window.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    window.setGeometry(fitted(window.geometry(), _screen(window).availableGeometry(), title))


def remember(window: QWidget, settings: Settings) -> None:
    geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    settings.window_geometry = geometry
    settings.window_geometries[screen_key(_screen(window))] = geometry


def keep_on_screen(window: QWidget) -> None:
    """Once shown, the window has a frame: shrink and move it so that the frame too lies in the free area."""
    if window.isMaximized() or window.isFullScreen():
        return
    frame, inner = window.frameGeometry(), window.geometry()
    target = fitted(frame, _screen(window).availableGeometry())
    if target == frame:
        return
    window.setGeometry(
        target.adjusted(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            inner.right() - frame.right(),
            inner.bottom() - frame.bottom(),
        )
    )


def keep_splitter(splitter: QSplitter, name: str, settings: Settings) -> None:
    """Put ``splitter`` where the user left it last time, and remember each move the user makes.

    The settings are written to disk when the main window closes, so a move lasts to the next start."""
    saved = settings.splitters.get(name)
    if saved:
        splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))

    def remember_place(_position: int, _index: int) -> None:
        settings.splitters[name] = bytes(splitter.saveState().toBase64().data()).decode("ascii")

    splitter.splitterMoved.connect(remember_place)
