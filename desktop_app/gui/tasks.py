"""Running service calls off the GUI thread and handing the results back to it.

One worker thread only: SQLite wants a single writer, and the program keeps a single connection.
Results and errors come back through a QObject living in the GUI thread, so callbacks may touch
widgets; the worker never does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.domain.errors import UserError

log = logging.getLogger(__name__)

INTERNAL_ERROR_MESSAGE = "Внутренняя ошибка программы. Подробности записаны в журнал программы (папка logs)."


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, Qt queues the call into the GUI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[str], None], parent: QObject) -> None:
        # Owned by its parent in the GUI thread: the worker may drop the last Python reference, and a
        # QObject must never be destroyed from another thread.
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_done(self, result: object) -> None:
        self._on_done(result)

    @Slot(str)
    def _deliver_error(self, message: str) -> None:
        self._on_error(message)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except UserError as exc:
            self._relay.failed.emit(exc.message)
        except Exception:
            log.exception("Background task failed")
            self._relay.failed.emit(INTERNAL_ERROR_MESSAGE)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Runs callables on one background thread; ``pending`` tells whether anything is still running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Run ``work()`` in the background; then ``on_done(result)`` or ``on_error(message)`` in the GUI thread."""
        relay: _Relay

        def finish(result: Any) -> None:
            self._release(relay)
            on_done(result)

        def fail(message: str) -> None:
            self._release(relay)
            on_error(message)

        relay = _Relay(finish, fail, self)
        self._relays.add(relay)
        self._pool.start(_Job(work, relay))

    def _release(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()

    @property
    def pending(self) -> bool:
        return bool(self._relays)

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
