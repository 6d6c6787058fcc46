"""Running service calls off the GUI thread and handing the results back to it.

One worker thread only: SQLite wants a single writer, and the program keeps a single connection.
Results and errors come back through one QObject living in the GUI thread, so callbacks may touch
widgets; the worker never does.

The worker holds no Qt object that could die with it: it only emits the runner's own relay, which lives
as long as the runner. (A relay per job, released by the GUI thread while the worker still held it, let
its wrapper be destroyed in the worker thread — the interpreter crashed now and then.) For the same
reason the cycle collector runs only on the GUI thread (gc_guard.py).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.domain.errors import UserError
from desktop_app.gui.gc_guard import collect_on_gui_thread

log = logging.getLogger(__name__)

INTERNAL_ERROR_MESSAGE = "Внутренняя ошибка программы. Подробности записаны в журнал программы (папка logs)."

Callbacks = tuple[Callable[[Any], None], Callable[[str], None]]


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, Qt queues the call into the GUI thread."""

    done = Signal(int, object)
    failed = Signal(int, str)


def _run_job(work: Callable[[], Any], job: int, relay: _Relay) -> None:
    """In the worker thread."""
    try:
        result = work()
    except UserError as exc:
        relay.failed.emit(job, exc.message)
    except Exception:
        log.exception("Background task failed")
        relay.failed.emit(job, INTERNAL_ERROR_MESSAGE)
    else:
        relay.done.emit(job, result)


class TaskRunner(QObject):
    """Runs callables on one background thread; ``pending`` tells whether anything is still running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        collect_on_gui_thread()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="opeka-db")
        self._futures: set[Future[None]] = set()
        self._callbacks: dict[int, Callbacks] = {}
        self._numbers = itertools.count(1)
        self._closed = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver_done)
        self._relay.failed.connect(self._deliver_error)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
    ) -> None:
        """Run ``work()`` in the background; then ``on_done(result)`` or ``on_error(message)`` in the GUI thread."""
        if self._closed:
            return  # the window is closing: a result would arrive for widgets and a database that are gone
        job = next(self._numbers)
        self._callbacks[job] = (on_done, on_error)
        future = self._pool.submit(_run_job, work, job, self._relay)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)

    @Slot(int, object)
    def _deliver_done(self, job: int, result: object) -> None:
        callbacks = self._callbacks.pop(job, None)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, str)
    def _deliver_error(self, job: int, message: str) -> None:
        callbacks = self._callbacks.pop(job, None)
        if callbacks is not None:
            callbacks[1](message)

    @property
    def pending(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 30_000) -> bool:
        """Wait until the worker has finished what it was given (results still arrive through the event loop)."""
        _done, not_done = futures_wait(list(self._futures), timeout=msecs / 1000)
        return not not_done

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Accept no more work and wait for what is running; results that arrive afterwards are dropped."""
        self._closed = True
        self._callbacks.clear()
        finished = self.wait(msecs)
        self._pool.shutdown(wait=False)
        return finished
