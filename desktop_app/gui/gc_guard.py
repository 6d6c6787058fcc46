"""Garbage collection only on the GUI thread.

Python's cycle collector runs in whichever thread happens to allocate when a threshold is crossed. If that
is the database worker and the cycle holds a Qt wrapper (a closed window's widgets, a page's lambdas), the
Qt object is destroyed outside its thread and the interpreter can crash. So automatic collection is
switched off and the GUI thread collects on a timer, with the same generation thresholds Python uses.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500
_guard: _GuiThreadCollector | None = None


class _GuiThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect)
        self._timer.start(INTERVAL_MS)

    def collect(self) -> None:
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                gc.collect(generation)
                return


def collect_on_gui_thread() -> None:
    """Install the collector once for the running application (called by every TaskRunner)."""
    global _guard
    application = QCoreApplication.instance()
    if _guard is not None or application is None:
        return
    _guard = _GuiThreadCollector(application)
